#pragma once

#include "AppContext.h"
#include "common/Background.h"

#include <QObject>

namespace rd::ui {

// Whether the signed-in operator still stands as they signed in: checked on a database thread
// when a change arrives. A disabled operator, a role change or a one-time password ends the
// window's session (revoked), instead of leaving a window whose every action is refused.
class StandingCheck final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StandingCheck)
public:
    StandingCheck(const AppContext &context, QObject *parent = nullptr);

    void check();

signals:
    void revoked(const QString &why);

private:
    const AppContext &m_context;
    AsyncLane m_lane{this};
};

} // namespace rd::ui
