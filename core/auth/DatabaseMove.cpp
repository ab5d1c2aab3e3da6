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
    auto entry = auditLog.append(audit::Actor::of(session), QStringLiteral("database.copy"), {},
                                 QJsonObject{{QStringLiteral("to"), target.location().describe()}});
    if (!entry)
        return entry.error();
    return storage::copyDatabase(m_source, target, progress);
}

} // namespace rd::auth
