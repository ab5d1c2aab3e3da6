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
    bool grantedAlone = false; // supervisor/admin that took effect with no second person (migration 9)
    // The password was chosen by someone else (an admin adding them, or a one-time password a
    // second person received): it only lets its holder choose their own (migration 11).
    bool mustChangePassword = false;
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
    // Replaces the password hash when it is still `expectedHash` (an empty one: whatever it is);
    // false when it changed meanwhile or there is no such operator.
    Result<bool> setPassword(const QString &username, const QString &newHash, bool mustChange,
                             const QString &expectedHash = {});
    // Sign-in guesses: a guess takes a slot before the password hash is checked, and only while
    // the failures so far plus the guesses in flight stay below maxFailures: one statement, so
    // parallel sign-ins can never look at more passwords than a lock window allows. A lock that
    // has run out opens a new window; slots of a sign-in that never answered within kStaleGuessMs
    // are counted as failed guesses (and may lock until now + lockMs).
    enum class Guess { Taken, Locked, Busy };
    static constexpr qint64 kStaleGuessMs = 60 * 1000;
    Result<Guess> claimGuess(const QString &username, qint64 now, int maxFailures, qint64 lockMs);
    // The guess was wrong: frees its slot and counts it. The failures so far; the guess that
    // reaches maxFailures locks the operator until now + lockMs.
    Result<int> settleFailure(const QString &username, qint64 now, int maxFailures, qint64 lockMs);
    // The guess was right: frees its slot and clears the failures and any lock (the row is as
    // it was before the guess when no other guess is in flight).
    Status settleSuccess(const QString &username);

private:
    Database &m_database;
};

} // namespace rd::storage
