// Reading the trail for the audit views: pages for supervisors, one case's entries for agents.
#include "audit/AuditLog.h"

#include "model/Role.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"

namespace rd::audit {

Result<qint64> AuditLog::count(const auth::Session &session, const audit::AuditFilter &filter, qint64 *lastId)
{
    if (auto s = require(session, auth::Permission::ReviewAudit, QStringLiteral("audit.read")); !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return storage::AuditStore(db.value()).count(filter, lastId);
}

Result<QList<AuditEntry>> AuditLog::page(const auth::Session &session, const audit::AuditFilter &filter, qint64 offset,
                                         int limit, qint64 total, qint64 lastId)
{
    if (auto s = require(session, auth::Permission::ReviewAudit, QStringLiteral("audit.read")); !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return storage::AuditStore(db.value()).page(filter, qMax<qint64>(0, offset), qBound(0, limit, 10000), total, lastId);
}

Result<QList<AuditEntry>> AuditLog::caseEntries(const auth::Session &session, const QString &caseId)
{
    // Case workers and auditors: either permission, and the operator's standing read again.
    const auto permission = auth::roleAllows(session.role, auth::Permission::ReviewAudit) ? auth::Permission::ReviewAudit
                                                                                         : auth::Permission::WorkCases;
    if (auto s = require(session, permission, QStringLiteral("audit.read"), caseId); !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    audit::AuditFilter filter;
    filter.subject = caseId;
    return storage::AuditStore(db.value()).page(filter, 0, 10000);
}

} // namespace rd::audit
