#include "shell/StandingCheck.h"

#include "auth/OperatorService.h"

namespace rd::ui {

StandingCheck::StandingCheck(const AppContext &context, QObject *parent) : QObject(parent), m_context(context) {}

void StandingCheck::check()
{
    const AppContext context = m_context;
    m_lane.read<Status>(
        [context] { return auth::OperatorService(*context.database, *context.keys, *context.clock).standing(context.session); },
        [this](const Status &standing) {
            // Anything but a revocation (a lost connection, say) is for the banner, not for this.
            if (!standing && standing.error().code == ErrorCode::OperatorRevoked)
                emit revoked(standing.error().message);
        });
}

} // namespace rd::ui
