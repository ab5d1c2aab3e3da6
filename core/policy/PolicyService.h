#pragma once

#include "model/Policy.h"
#include "model/Role.h"
#include "common/Result.h"

#include <QList>
#include <QString>

namespace rd::audit {
class AuditLog;
}
namespace rd::storage {
class Database;
}

namespace rd::policy {

// Reads and changes the policy table. Anyone signed in may read; only admins change.
class PolicyService final {
public:
    explicit PolicyService(storage::Database &database) : m_database(database) {}

    // The current values (defaults where the table has none). Needs no session: services use it.
    Result<Policy> current();
    Result<QList<PolicyValue>> list(const auth::Session &session);
    // Admins only; the change (or the refusal) is appended to the audit trail.
    Status set(const auth::Session &session, const QString &key, const QString &value, audit::AuditLog &auditLog);

private:
    storage::Database &m_database;
};

} // namespace rd::policy
