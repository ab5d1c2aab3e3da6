#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace rd::storage {

class Database;

struct OperatorRow {
    QString username;
    QString displayName;
    QString role;
    QString passwordHash;
    bool disabled = false;
    int failedCount = 0;
    std::optional<qint64> lockedUntil;
    qint64 createdAt = 0;
};

// SQL for the operators table.
class OperatorStore final {
public:
    explicit OperatorStore(Database &database) : m_database(database) {}

    Result<int> count();
    Result<std::optional<OperatorRow>> find(const QString &username);
    Result<QList<OperatorRow>> list();
    // Refuses (BadInput) a username that exists already.
    Status insert(const OperatorRow &row);
    Result<bool> setDisabled(const QString &username, bool disabled);
    Status setFailures(const QString &username, int failedCount, std::optional<qint64> lockedUntil);
    // Counts one failed sign-in. Runs inside the caller's write (AuditLog::write), which is
    // serialized, so parallel attempts cannot lose counts. Returns the failures so far and,
    // when this one locked the operator, until when.
    Result<std::pair<int, std::optional<qint64>>> recordFailure(const QString &username, qint64 now, int maxFailures, qint64 lockMs);

private:
    Database &m_database;
};

} // namespace rd::storage
