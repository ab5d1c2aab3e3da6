#include "auth/DatabaseMove.h"

#include "audit/AuditLog.h"
#include "storage/Database.h"
#include "storage/DatabaseCopy.h"

#include <QJsonObject>

namespace rd::auth {

DatabaseMove::DatabaseMove(storage::Database &source, const crypto::KeyStore &keys, const Clock &clock)
    : m_source(source), m_keys(keys), m_clock(clock)
{
}

Status DatabaseMove::copyTo(const Session &session, storage::Database &target,
                            const std::function<bool(const QString &, qint64)> &progress)
{
    audit::AuditLog auditLog(m_source, m_keys, m_clock);
    if (auto s = auditLog.require(session, Permission::CopyDatabase, QStringLiteral("database.copy")); !s)
        return s;
    // A target that cannot take the copy is refused before anything is recorded.
    if (auto s = storage::checkCopyTarget(m_source, target); !s)
        return s;
    const QString to = target.location().describe();
    auto entry = auditLog.append(audit::Actor::of(session), QStringLiteral("database.copy"), {}, QJsonObject{{QStringLiteral("to"), to}});
    if (!entry)
        return entry.error();
    const Status copied = storage::copyDatabase(m_source, target, progress);
    if (!copied) {
        // The trail says the copy was started; it must also say that it did not happen.
        auto failed = auditLog.append(audit::Actor::of(session), QStringLiteral("database.copy_failed"), {},
                                      QJsonObject{{QStringLiteral("to"), to}, {QStringLiteral("reason"), copied.error().message}});
        if (!failed) {
            QString message = copied.error().message;
            message.chop(message.endsWith(u'.') ? 1 : 0);
            return Error::storage(message + QStringLiteral(", and the failure could not be recorded either: ") + failed.error().message);
        }
    }
    return copied;
}

} // namespace rd::auth
