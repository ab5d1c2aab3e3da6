#include "auth/OperatorService.h"

#include "audit/AuditLog.h"
#include "auth/GrantService.h"
#include "auth/OneTimePassword.h"
#include "auth/PasswordHasher.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "common/TypedText.h"
#include "storage/GrantStore.h"
#include "storage/OperatorStore.h"
#include "storage/SessionStore.h"
#include "storage/Sql.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

namespace rd::auth {

OperatorService::OperatorService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Status OperatorService::validateUsername(const QString &username)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9._-]{1,31}$"));
    if (!re.match(username).hasMatch())
        return Error::badInput(QStringLiteral("The username \"%1\" is not valid; use 2 to 32 lowercase letters, digits, "
                                              "dots, dashes or underscores, starting with a letter.")
                                   .arg(username.left(40)));
    // Names the trail already uses for someone other than an operator: an operator named
    // "system" would read as the installation itself in the audit trail and the case history,
    // and the demo's scripted case workers are the installation's own sessions.
    static const QStringList reserved = {QStringLiteral("system"),   QStringLiteral("platform"), QStringLiteral("user"),
                                         QStringLiteral("support"),  QStringLiteral("root"),     QStringLiteral("recoverydesk"),
                                         QStringLiteral("installation"), QStringLiteral("demo.agent"),
                                         QStringLiteral("demo.supervisor")};
    if (reserved.contains(username))
        return Error::badInput(QStringLiteral("The username \"%1\" is reserved for entries RecoveryDesk writes itself; "
                                              "choose another.")
                                   .arg(username));
    return {};
}

namespace {

// The demo's scripted workers are the installation's own (Session::installation): never a
// person's identity, so nobody enables them or gives them a role.
Status notTheInstallations(const QString &username)
{
    if (username == QLatin1String("demo.agent") || username == QLatin1String("demo.supervisor"))
        return Error::refused(QStringLiteral("\"%1\" is the demo's own scripted worker, not a person's operator; add an "
                                             "operator of your own instead.")
                                  .arg(username));
    return {};
}

} // namespace

QString OperatorService::passwordStamp(const QString &storedHash)
{
    return QString::fromLatin1(QCryptographicHash::hash(storedHash.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

Status OperatorService::validatePassword(const QString &password)
{
    if (password.size() < kMinPasswordLength)
        return Error::badInput(QStringLiteral("The password is too short; use at least %1 characters.").arg(kMinPasswordLength));
    if (password.size() > 1024)
        return Error::badInput(QStringLiteral("The password is too long; use at most 1024 characters."));
    return {};
}

Result<Session> OperatorService::signIn(const QString &username, const QString &password, const QString &newPassword)
{
    storage::OperatorStore store(m_database);
    auto found = store.find(username);
    if (!found)
        return found.error();
    // One answer for every refusal (unknown, disabled, locked, wrong), after the same work, so a
    // sign-in form tells nobody which usernames exist or what state they are in.
    const Error wrong = Error::refused(QStringLiteral("Wrong username or password. After %1 failed sign-ins in a row an "
                                                      "operator is locked for %2 minutes.")
                                           .arg(kMaxFailures)
                                           .arg(kLockMs / 60000));
    if (!found.value() || found.value()->disabled) {
        PasswordHasher::burnVerifyTime(password);
        return wrong;
    }
    const storage::OperatorRow &op = *found.value();
    // The guess takes a slot before the hash is checked, so parallel sign-ins cannot look at
    // more than kMaxFailures passwords per lock window. While every slot is taken by a guess
    // still being checked (a script signing in from many processes), wait for one.
    QDeadlineTimer patience(kBusyWaitMs);
    storage::OperatorStore::Guess guess = storage::OperatorStore::Guess::Busy;
    for (;;) {
        auto claimed = store.claimGuess(username, m_clock.nowMs(), kMaxFailures, kLockMs);
        if (!claimed)
            return claimed.error();
        guess = claimed.value();
        if (guess != storage::OperatorStore::Guess::Busy || patience.hasExpired())
            break;
        QThread::msleep(40);
    }
    if (guess == storage::OperatorStore::Guess::Locked) {
        PasswordHasher::burnVerifyTime(password);
        return wrong;
    }
    if (guess == storage::OperatorStore::Guess::Busy) { // the same answer as any refusal: it tells nobody who exists
        PasswordHasher::burnVerifyTime(password);
        return wrong;
    }
    const bool right = otp::isVerifier(op.passwordHash) ? otp::verify(password, op.passwordHash)
                                                        : PasswordHasher::verify(password, op.passwordHash);
    if (!right) {
        // Counted first, then its entry (signin.locked for the one that locked): a failure
        // whose entry cannot be written still counts, and the caller hears about the trail.
        const qint64 verdict = m_clock.nowMs(); // the lock runs from the verdict, not from when the guess began
        auto failures = store.settleFailure(username, verdict, kMaxFailures, kLockMs);
        if (!failures)
            return failures.error();
        const bool locked = failures.value() == kMaxFailures;
        const QJsonObject details = locked ? QJsonObject{{QStringLiteral("until"), time::formatRfc3339(verdict + kLockMs)}}
                                           : QJsonObject{{QStringLiteral("failures"), failures.value()}};
        if (auto a = audit::AuditLog(m_database, m_keys, m_clock)
                         .append(audit::Actor{username, op.role}, locked ? QStringLiteral("signin.locked") : QStringLiteral("signin.failed"),
                                 username, details);
            !a)
            return audit::trailFailed(wrong, a.error());
        return wrong;
    }
    if (auto s = store.settleSuccess(username); !s)
        return s.error();
    const auto role = roleFromString(op.role);
    if (!role)
        return Error::storage(QStringLiteral("Operator \"%1\" has an unknown role in the database.").arg(username));
    if (!newPassword.isEmpty()) {
        auto stored = replaceOwnPassword(op, password, newPassword);
        if (!stored)
            return stored.error();
        Session session{op.username, op.displayName, *role};
        session.passwordStamp = passwordStamp(stored.value());
        return session;
    } else if (op.mustChangePassword) {
        return Error(ErrorKind::Refused,
                     QStringLiteral("The password of \"%1\" was chosen by someone else and only lets you choose your own: "
                                    "sign in with a new password of at least %2 characters.")
                         .arg(username)
                         .arg(kMinPasswordLength),
                     ErrorCode::PasswordChangeRequired, QStringLiteral("new_password"));
    }
    Session session{op.username, op.displayName, *role};
    session.passwordStamp = passwordStamp(op.passwordHash);
    return session;
}

Result<QString> OperatorService::replaceOwnPassword(const storage::OperatorRow &op, const QString &current, const QString &chosen)
{
    if (auto s = validatePassword(chosen); !s)
        return Error::invalidField(QStringLiteral("new_password"), s.error().message);
    if (chosen == current || (otp::isVerifier(op.passwordHash) && otp::reuses(current, chosen)))
        return Error::invalidField(QStringLiteral("new_password"),
                                   QStringLiteral("The new password must differ from the one you signed in with (and hold no "
                                                  "part of a one-time password)."));
    auto hash = PasswordHasher::hash(chosen); // before the write: it takes a quarter of a second
    if (!hash)
        return hash.error();
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .write(audit::Actor{op.username, op.role},
                            {QStringLiteral("operator.password"), op.username,
                             QJsonObject{{QStringLiteral("first"), op.mustChangePassword}}},
                            [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                // Only over the password just checked: a grant that set a one-time
                                // password meanwhile wins, and this sign-in starts again.
                                auto changed = storage::OperatorStore(m_database).setPassword(op.username, hash.value(), false,
                                                                                              op.passwordHash);
                                if (!changed)
                                    return changed.error();
                                if (!changed.value())
                                    return Error::refused(QStringLiteral("The password of \"%1\" was changed meanwhile; sign in "
                                                                         "with the new one.")
                                                              .arg(op.username));
                                auto ended = storage::SessionStore(m_database).endAllOf(op.username, m_clock.nowMs());
                                return ended ? Status{} : Status{ended.error()};
                            });
    if (!entry)
        return entry.error();
    return hash.value();
}

Result<bool> OperatorService::hasOperators()
{
    storage::OperatorStore store(m_database);
    auto n = store.count();
    if (!n)
        return n.error();
    return n.value() > 0;
}

// Checks and hashes before any write starts: the hash takes a quarter of a second, and the
// serialized write should not wait for it.
Result<storage::OperatorRow> OperatorService::prepare(const QString &username, const QString &displayName, Role role,
                                                      const QString *password)
{
    if (auto s = validateUsername(username); !s)
        return s.error();
    // The name shows in window titles, lists and the CLI's tables: one line, no control or
    // format characters (a right-to-left override would make "Sam" read as someone else).
    for (const QChar c : displayName)
        if (isControlCharacter(c.unicode()) || c == u'\n' || c == u'\t' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator
            || c.category() == QChar::Other_Format)
            return Error::invalidField(QStringLiteral("display_name"),
                                       QStringLiteral("A display name is one line of text without control or format characters."));
    storage::OperatorRow row;
    row.username = username;
    row.displayName = displayName.trimmed().isEmpty() ? username : displayName.trimmed().left(128);
    row.role = roleName(role);
    row.createdAt = m_clock.nowMs();
    if (!password) // a supervisor or admin added by an admin: the grant makes a one-time password
        return row;
    if (auto s = validatePassword(*password); !s)
        return s.error();
    auto hash = PasswordHasher::hash(*password);
    if (!hash)
        return hash.error();
    row.passwordHash = hash.value();
    return row;
}

Status OperatorService::createFirstAdmin(const QString &username, const QString &displayName, const QString &password)
{
    Error exists = Error::refused(QStringLiteral("Operators exist already; sign in as an admin to add more."));
    exists.field = QStringLiteral("operator"); // who acts: the CLI's --as
    auto any = hasOperators();
    if (!any)
        return any.error();
    if (any.value())
        return exists;
    auto row = prepare(username, displayName, Role::Admin, &password);
    if (!row)
        return row.error();
    row->grantedAlone = true; // nobody else exists to confirm the first admin
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .write(audit::Actor::system(),
                            {QStringLiteral("operator.add"), username,
                             QJsonObject{{QStringLiteral("role"), QStringLiteral("admin")}, {QStringLiteral("first"), true}}},
                            [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                storage::OperatorStore store(m_database);
                                auto n = store.count(); // again inside the write: two first admins cannot race
                                if (!n)
                                    return n.error();
                                if (n.value() > 0)
                                    return exists;
                                return store.insert(row.value());
                            });
    return entry ? Status{} : Status{entry.error()};
}

Result<GrantOutcome> OperatorService::addOperator(const Session &actor, const QString &username, const QString &displayName,
                                                  Role role, const QString &password)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.add"), username); !s)
        return s.error();
    // A supervisor or admin needs no password from the admin: the grant makes a one-time one.
    auto row = prepare(username, displayName, role, role == Role::Agent ? &password : nullptr);
    if (!row)
        return row.error();
    row->mustChangePassword = true; // the admin chose it: the operator chooses their own at first sign-in
    if (role != Role::Agent) { // supervisor or admin: four eyes (GrantService)
        auto exists = storage::OperatorStore(m_database).find(username);
        if (!exists)
            return exists.error();
        if (exists.value())
            return Error::badInput(QStringLiteral("An operator named \"%1\" exists already; choose another name.").arg(username));
        return GrantService(m_database, m_keys, m_clock).grantRole(actor, QStringLiteral("operator.add"), username, role, row->displayName);
    }
    auto entry = auditLog.write(audit::Actor::of(actor),
                                {QStringLiteral("operator.add"), username, QJsonObject{{QStringLiteral("role"), roleName(role)}}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &) {
                                    return storage::OperatorStore(m_database).insert(row.value());
                                });
    if (!entry)
        return entry.error();
    return GrantOutcome{};
}

namespace {

// Taking power from the last other admin or supervisor would leave the actor alone, and a desk
// with nobody to confirm grants at once: refused, so four eyes cannot be switched off by the one
// person they are meant to check.
Status keepsASecondPerson(storage::Database &database, const Session &actor, const QString &username)
{
    auto found = storage::OperatorStore(database).find(username);
    if (!found)
        return found.error();
    if (!found.value())
        return {};
    const storage::OperatorRow &target = *found.value();
    if (target.disabled || (target.role != QLatin1String("admin") && target.role != QLatin1String("supervisor")))
        return {};
    auto others = storage::GrantStore(database).otherPrivileged(actor.username);
    if (!others)
        return others.error();
    if (others->size() == 1 && others->first() == target.username)
        return Error::refused(QStringLiteral("%1 is the only other admin or supervisor: without them nobody could confirm "
                                             "your grants. Add another one first (they confirm it), then change %1.")
                                  .arg(target.username));
    return {};
}

} // namespace

Result<GrantOutcome> OperatorService::setRole(const Session &actor, const QString &username, Role role)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.role"), username); !s)
        return s.error();
    if (username == actor.username)
        return Error::refused(QStringLiteral("You cannot change your own role; ask another admin."));
    if (auto s = notTheInstallations(username); !s)
        return s.error();
    auto existing = storage::OperatorStore(m_database).find(username);
    if (!existing)
        return existing.error();
    if (!existing.value())
        return Error::badInput(QStringLiteral("There is no operator named \"%1\".").arg(username));
    if (role != Role::Agent)
        return GrantService(m_database, m_keys, m_clock).grantRole(actor, QStringLiteral("operator.role"), username, role);
    // Taking power away needs no second person; the sessions of the old role end.
    auto entry = auditLog.write(audit::Actor::of(actor),
                                {QStringLiteral("operator.role"), username, QJsonObject{{QStringLiteral("role"), roleName(role)}}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                    // Read inside the write: two admins demoting the last two others
                                    // at once cannot both pass.
                                    if (auto s = keepsASecondPerson(m_database, actor, username); !s)
                                        return s;
                                    if (auto s = storage::GrantStore(m_database).setRole(username, roleName(role), false); !s)
                                        return s;
                                    auto ended = storage::SessionStore(m_database).endAllOf(username, m_clock.nowMs());
                                    return ended ? Status{} : Status{ended.error()};
                                });
    if (!entry)
        return entry.error();
    return GrantOutcome{};
}

Result<GrantOutcome> OperatorService::enable(const Session &actor, const QString &username)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.enable"), username); !s)
        return s.error();
    if (auto s = notTheInstallations(username); !s)
        return s.error();
    auto existing = storage::OperatorStore(m_database).find(username);
    if (!existing)
        return existing.error();
    if (!existing.value())
        return Error::badInput(QStringLiteral("There is no operator named \"%1\".").arg(username));
    if (!existing.value()->disabled)
        return Error::badInput(QStringLiteral("Operator \"%1\" is not disabled.").arg(username)).withCode(ErrorCode::AlreadyDone);
    const auto role = roleFromString(existing.value()->role).value_or(Role::Agent);
    if (role != Role::Agent)
        return GrantService(m_database, m_keys, m_clock).grantRole(actor, QStringLiteral("operator.enable"), username, role);
    auto entry = auditLog.write(audit::Actor::of(actor), {QStringLiteral("operator.enable"), username, {}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                    // Still a disabled agent? A promotion meanwhile needs its second person.
                                    auto now = storage::OperatorStore(m_database).find(username);
                                    if (!now)
                                        return now.error();
                                    if (!now.value() || !now.value()->disabled || now.value()->role != QLatin1String("agent"))
                                        return Error::refused(QStringLiteral("Operator \"%1\" changed meanwhile; look again and "
                                                                             "retry.")
                                                                  .arg(username))
                                            .withCode(ErrorCode::Conflict);
                                    return storage::GrantStore(m_database).enable(username, false);
                                });
    if (!entry)
        return entry.error();
    return GrantOutcome{};
}

Result<QList<OperatorInfo>> OperatorService::list(const Session &actor)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(actor, Permission::ManageOperators, QStringLiteral("operator.list")); !s)
        return s.error();
    storage::OperatorStore store(m_database);
    auto rows = store.list();
    if (!rows)
        return rows.error();
    const qint64 now = m_clock.nowMs();
    QList<OperatorInfo> out;
    for (const storage::OperatorRow &r : rows.value()) {
        OperatorInfo info{r.username, r.displayName, roleFromString(r.role).value_or(Role::Agent), r.disabled, {}, r.createdAt,
                          r.mustChangePassword};
        if (r.lockedUntil && *r.lockedUntil > now)
            info.lockedUntil = r.lockedUntil;
        out.append(info);
    }
    return out;
}

Status OperatorService::standing(const Session &session)
{
    if (session.installation)
        return {};
    auto op = storage::OperatorStore(m_database).find(session.username);
    if (!op)
        return op.error();
    if (!op.value() || op.value()->disabled)
        return Error(ErrorKind::Refused, QStringLiteral("An admin disabled operator \"%1\".").arg(session.username),
                     ErrorCode::OperatorRevoked);
    if (op.value()->role != roleName(session.role))
        return Error(ErrorKind::Refused,
                     QStringLiteral("Operator \"%1\" is %2 now, not %3.").arg(session.username, op.value()->role, roleName(session.role)),
                     ErrorCode::OperatorRevoked);
    if (op.value()->mustChangePassword)
        return Error(ErrorKind::Refused, QStringLiteral("Operator \"%1\" was given a one-time password.").arg(session.username),
                     ErrorCode::OperatorRevoked);
    if (!session.passwordStamp.isEmpty() && session.passwordStamp != passwordStamp(op.value()->passwordHash))
        return Error(ErrorKind::Refused, QStringLiteral("The password of \"%1\" was changed.").arg(session.username),
                     ErrorCode::OperatorRevoked);
    return {};
}

Status OperatorService::disable(const Session &actor, const QString &username)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.disable"), username); !s)
        return s;
    if (username == actor.username)
        return Error::refused(QStringLiteral("You cannot disable your own operator; ask another admin."));
    auto entry = auditLog.write(audit::Actor::of(actor), {QStringLiteral("operator.disable"), username, {}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                    if (auto s = keepsASecondPerson(m_database, actor, username); !s)
                                        return s;
                                    auto changed = storage::OperatorStore(m_database).setDisabled(username, true);
                                    if (!changed)
                                        return changed.error();
                                    if (!changed.value())
                                        return Error::badInput(QStringLiteral("There is no operator named \"%1\".").arg(username));
                                    // Their CLI sessions die with the account (SPEC §9).
                                    auto ended = storage::SessionStore(m_database).endAllOf(username, m_clock.nowMs());
                                    return ended ? Status{} : Status{ended.error()};
                                });
    return entry ? Status{} : Status{entry.error()};
}

} // namespace rd::auth
