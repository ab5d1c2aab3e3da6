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
    // Takes one of the maxFailures guesses a lock window allows, before the password is checked:
    // one statement, so parallel sign-ins can never take more. The guess counts as failed until
    // a success clears the count. The guess that takes the last one locks the operator until
    // now + lockMs; a lock that has run out opens a new window. Returns which guess this is
    // (1..maxFailures), or 0 when none is left (locked, or the operator does not exist).
    Result<int> claimGuess(const QString &username, qint64 now, int maxFailures, qint64 lockMs);

private:
    Database &m_database;
};

} // namespace rd::storage
