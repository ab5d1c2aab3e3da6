#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace rd::storage {

class Database;

// A grant of power that waits for a second person (migration 9): supervisor or admin for an
// operator, or a new delivery key.
struct GrantRow {
    QString id;           // G-000001
    QString kind;         // operator.add | operator.role | operator.enable | delivery_key.set
    QString username;     // operator grants
    QString role;
    QString displayName;  // operator.add
    QString passwordHash; // operator.add: hashed before the request, never the password
    QString keyPem;       // delivery_key.set
    QString keySha256;
    QString requestedBy;
    qint64 requestedAt = 0;
    QString state = QStringLiteral("pending"); // pending | confirmed | declined
    QString decidedBy;
    std::optional<qint64> decidedAt;
};

// SQL for pending_grants, the delivery key pins and who may be a second person. Runs on the
// calling thread's connection, inside the caller's write where it changes anything.
class GrantStore final {
public:
    explicit GrantStore(Database &database) : m_database(database) {}

    Result<QString> nextId();
    Status insert(const GrantRow &row);
    Result<std::optional<GrantRow>> find(const QString &id);
    Result<QList<GrantRow>> pending();
    // Also drops the grant's copy of a new operator's password hash: only the operator row keeps it.
    Status decide(const QString &id, const QString &state, const QString &by, qint64 at);
    // Enabled admins and supervisors other than `username`: who could be a second person.
    Result<QStringList> otherPrivileged(const QString &username);
    // Enabled admins and supervisors whose role took effect with no second person.
    Result<QStringList> grantedAlone();
    // The granted_alone mark is only ever set, never cleared: lowering someone and raising them
    // again, or a confirmation, cannot wash it out.
    Status setRole(const QString &username, const QString &role, bool grantedAlone);
    Status enable(const QString &username, bool grantedAlone);
    Status setGrantedAlone(const QString &username, bool grantedAlone);

    // The delivery key in force: the SHA-256 of its PEM, or nothing when none was pinned.
    Result<std::optional<QString>> pinnedDeliveryKey();
    Status pinDeliveryKey(const QString &sha256, qint64 at, const QString &by, const QString &confirmedBy);
    // Whether the chained audit trail records that key taking effect (a pin row written around
    // the application has no such entry).
    Result<bool> pinIsAudited(const QString &sha256);

private:
    Database &m_database;
};

} // namespace rd::storage
