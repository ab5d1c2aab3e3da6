#pragma once

#include "auth/GrantService.h"
#include "model/Role.h"
#include "common/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
struct OperatorRow;
}

namespace rd::auth {

struct OperatorInfo {
    QString username;
    QString displayName;
    Role role = Role::Agent;
    bool disabled = false;
    std::optional<qint64> lockedUntil; // set while locked after failed sign-ins
    qint64 createdAt = 0;
    bool passwordNotOwnYet = false; // still the password somebody else chose: their first sign-in is due
};

// Operators and sign-in (SPEC §7): 5 failed sign-ins lock an operator for 15 minutes.
class OperatorService final {
public:
    static constexpr int kMaxFailures = 5;
    static constexpr qint64 kLockMs = 15 * 60 * 1000;
    // How long a sign-in waits for a guess slot while other sign-ins as the same operator hold all.
    static constexpr int kBusyWaitMs = 20 * 1000;
    static constexpr int kMinPasswordLength = 10;

    // Every change, failed sign-in and lock is appended to the audit trail (signed with keys).
    OperatorService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    // A password somebody else chose (an admin adding the operator, or the one-time password a
    // second person received with a supervisor or admin grant) only lets its holder choose their
    // own: without `newPassword` such a sign-in is refused with PasswordChangeRequired. With
    // `newPassword` the operator's password becomes it (audited as operator.password; their CLI
    // sessions end), whether or not a change was due.
    Result<Session> signIn(const QString &username, const QString &password, const QString &newPassword = {});
    Result<bool> hasOperators();
    // The very first operator, an admin, needs no session; refused once any operator exists.
    Status createFirstAdmin(const QString &username, const QString &displayName, const QString &password);
    // An agent is added at once, with `password` as the one that opens their first sign-in. A
    // supervisor or admin waits for a second person unless the desk has none (GrantService),
    // and gets a one-time password instead (`password` is not used): the outcome says which.
    Result<GrantOutcome> addOperator(const Session &actor, const QString &username, const QString &displayName, Role role,
                                     const QString &password);
    // Raising to supervisor or admin waits for a second person; lowering to agent is at once.
    Result<GrantOutcome> setRole(const Session &actor, const QString &username, Role role);
    // Re-enabling a supervisor or admin waits for a second person; an agent is enabled at once.
    Result<GrantOutcome> enable(const Session &actor, const QString &username);
    Result<QList<OperatorInfo>> list(const Session &actor);
    // Whether the session still stands: refused with OperatorRevoked when its operator was
    // disabled, given another role or a one-time password, or changed their password since
    // signing in (the desktop checks this when a change arrives, and ends such a window). Reads
    // only the operator's own row.
    Status standing(const Session &session);
    Status disable(const Session &actor, const QString &username);

    static Status validateUsername(const QString &username);
    // Session::passwordStamp of a stored password hash.
    static QString passwordStamp(const QString &storedHash);
    static Status validatePassword(const QString &password);

private:
    // The new password's stored hash.
    Result<QString> replaceOwnPassword(const storage::OperatorRow &op, const QString &current, const QString &chosen);
    // Checks a new operator; hashes `password` unless it is null (a supervisor or admin whose
    // password the grant makes).
    Result<storage::OperatorRow> prepare(const QString &username, const QString &displayName, Role role, const QString *password);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::auth
