#include "auth/OperatorService.h"

#include "audit/AuditLog.h"
#include "auth/PasswordHasher.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "storage/OperatorStore.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace rd::auth {

Status requirePermission(const Session &session, Permission permission)
{
    if (roleAllows(session.role, permission))
        return {};
    const QString name = roleName(session.role);
    const QString article = session.role == Role::Supervisor ? QStringLiteral("a") : QStringLiteral("an");
    return Error::refused(QStringLiteral("Operator \"%1\" is %2 %3 and may not %4.")
                              .arg(session.username, article, name, permissionDescription(permission)));
}

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
    return {};
}

Status OperatorService::validatePassword(const QString &password)
{
    if (password.size() < kMinPasswordLength)
        return Error::badInput(QStringLiteral("The password is too short; use at least %1 characters.").arg(kMinPasswordLength));
    if (password.size() > 1024)
        return Error::badInput(QStringLiteral("The password is too long; use at most 1024 characters."));
    return {};
}

Result<Session> OperatorService::signIn(const QString &username, const QString &password)
{
    storage::OperatorStore store(m_database);
    auto found = store.find(username);
    if (!found)
        return found.error();
    const Error wrong = Error::refused(QStringLiteral("Wrong username or password."));
    if (!found.value()) {
        PasswordHasher::burnVerifyTime(password);
        return wrong;
    }
    const storage::OperatorRow &op = *found.value();
    const qint64 now = m_clock.nowMs();
    if (op.disabled)
        return Error::refused(QStringLiteral("Operator \"%1\" is disabled; ask an admin.").arg(username));
    if (op.lockedUntil && *op.lockedUntil > now)
        return Error::refused(QStringLiteral("Operator \"%1\" is locked after %2 failed sign-ins until %3; try again "
                                             "then or ask an admin.")
                                  .arg(username)
                                  .arg(kMaxFailures)
                                  .arg(time::formatRfc3339(*op.lockedUntil)));
    if (!PasswordHasher::verify(password, op.passwordHash)) {
        auto counted = store.recordFailure(username, now, kMaxFailures, kLockMs);
        if (!counted)
            return counted.error();
        const int failures = counted->first;
        audit::AuditLog auditLog(m_database, m_keys, m_clock);
        const audit::Actor actor{username, op.role};
        if (counted->second) {
            (void)auditLog.append(actor, QStringLiteral("signin.locked"), username,
                                  QJsonObject{{QStringLiteral("until"), time::formatRfc3339(now + kLockMs)}});
            return Error::refused(QStringLiteral("Wrong username or password; operator \"%1\" is now locked for 15 "
                                                 "minutes after %2 failed sign-ins.")
                                      .arg(username)
                                      .arg(kMaxFailures));
        }
        (void)auditLog.append(actor, QStringLiteral("signin.failed"), username, QJsonObject{{QStringLiteral("failures"), failures}});
        return wrong;
    }
    if (op.failedCount != 0 || op.lockedUntil) {
        if (auto s = store.setFailures(username, 0, std::nullopt); !s)
            return s.error();
    }
    const auto role = roleFromString(op.role);
    if (!role)
        return Error::storage(QStringLiteral("Operator \"%1\" has an unknown role in the database.").arg(username));
    return Session{op.username, op.displayName, *role};
}

Result<bool> OperatorService::hasOperators()
{
    storage::OperatorStore store(m_database);
    auto n = store.count();
    if (!n)
        return n.error();
    return n.value() > 0;
}

Status OperatorService::insert(const QString &username, const QString &displayName, Role role, const QString &password)
{
    if (auto s = validateUsername(username); !s)
        return s;
    if (auto s = validatePassword(password); !s)
        return s;
    auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hash.error();
    storage::OperatorRow row;
    row.username = username;
    row.displayName = displayName.trimmed().isEmpty() ? username : displayName.trimmed().left(128);
    row.role = roleName(role);
    row.passwordHash = hash.value();
    row.createdAt = m_clock.nowMs();
    storage::OperatorStore store(m_database);
    return store.insert(row);
}

Status OperatorService::createFirstAdmin(const QString &username, const QString &displayName, const QString &password)
{
    auto any = hasOperators();
    if (!any)
        return any.error();
    if (any.value())
        return Error::refused(QStringLiteral("Operators exist already; sign in as an admin (--as) to add more."));
    if (auto s = insert(username, displayName, Role::Admin, password); !s)
        return s;
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .append(audit::Actor::system(), QStringLiteral("operator.add"), username,
                             QJsonObject{{QStringLiteral("role"), QStringLiteral("admin")}, {QStringLiteral("first"), true}});
    return entry ? Status{} : Status{entry.error()};
}

Status OperatorService::addOperator(const Session &actor, const QString &username, const QString &displayName, Role role,
                                    const QString &password)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.add"), username); !s)
        return s;
    if (auto s = insert(username, displayName, role, password); !s)
        return s;
    auto entry = auditLog.append(audit::Actor::of(actor), QStringLiteral("operator.add"), username,
                                 QJsonObject{{QStringLiteral("role"), roleName(role)}});
    return entry ? Status{} : Status{entry.error()};
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
        OperatorInfo info{r.username, r.displayName, roleFromString(r.role).value_or(Role::Agent), r.disabled, {}, r.createdAt};
        if (r.lockedUntil && *r.lockedUntil > now)
            info.lockedUntil = r.lockedUntil;
        out.append(info);
    }
    return out;
}

Status OperatorService::disable(const Session &actor, const QString &username)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ManageOperators, QStringLiteral("operator.disable"), username); !s)
        return s;
    if (username == actor.username)
        return Error::refused(QStringLiteral("You cannot disable your own operator; ask another admin."));
    storage::OperatorStore store(m_database);
    auto changed = store.setDisabled(username, true);
    if (!changed)
        return changed.error();
    if (!changed.value())
        return Error::badInput(QStringLiteral("There is no operator named \"%1\".").arg(username));
    auto entry = auditLog.append(audit::Actor::of(actor), QStringLiteral("operator.disable"), username);
    return entry ? Status{} : Status{entry.error()};
}

} // namespace rd::auth
