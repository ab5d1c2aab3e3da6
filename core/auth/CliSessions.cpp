#include "auth/CliSessions.h"

#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "common/RandomSource.h"
#include "common/Time.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"
#include "storage/SessionStore.h"

#include <QJsonObject>

#include <algorithm>

namespace rd::auth {
namespace {

QString tokenHash(QByteArrayView token)
{
    return QString::fromLatin1(crypto::sha256(token).toHex());
}

} // namespace

CliSessions::CliSessions(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                         RandomSource &random)
    : m_database(database), m_keys(keys), m_clock(clock), m_random(random)
{
}

Result<Session> CliSessions::start(const QString &username, const QString &password, crypto::SecretBytes *token,
                                   const QString &newPassword)
{
    auto session = OperatorService(m_database, m_keys, m_clock).signIn(username, password, newPassword);
    if (!session)
        return session.error();
    crypto::SecretBytes fresh(kTokenBytes);
    if (!m_random.fill({fresh.data(), fresh.size()}))
        return Error::storage(QStringLiteral("The system's random source failed; no session was opened."));
    const qint64 now = m_clock.nowMs();
    const QString role = roleName(session->role);
    const QJsonObject details{{QStringLiteral("idle_minutes"), int(kIdleMs / 60000)},
                              {QStringLiteral("ends"), time::formatRfc3339(now + kLifetimeMs)}};
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .write(audit::Actor::of(session.value()), {QStringLiteral("session.start"), username, details},
                            [&](storage::WriteTransaction &, audit::PendingEntry &) {
                                return storage::SessionStore(m_database).insert(tokenHash(fresh.view()), username, role, now);
                            });
    if (!entry)
        return entry.error();
    *token = std::move(fresh);
    return session;
}

Error CliSessions::refuse(const QString &username, const QString &role, const QString &why, const QString &reason,
                          const std::function<Status()> &endIt)
{
    Error refusal(ErrorKind::Refused,
                  QStringLiteral("The CLI session of \"%1\" %2; sign in with the password (or log in again).").arg(username, why),
                  ErrorCode::SessionEnded);
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .write(audit::Actor{username, role},
                            {QStringLiteral("session.refused"), username, {{QStringLiteral("reason"), reason}}},
                            [&](storage::WriteTransaction &, audit::PendingEntry &) { return endIt(); });
    return entry ? refusal : audit::trailFailed(refusal, entry.error());
}

Result<Session> CliSessions::resume(const QString &username, QByteArrayView token)
{
    storage::SessionStore store(m_database);
    const QString hash = tokenHash(token);
    auto found = store.find(hash);
    if (!found)
        return found.error();
    // A token that names no session of this operator says nothing about whom to audit.
    if (!found.value() || found.value()->username != username)
        return Error(ErrorKind::Refused,
                     QStringLiteral("The CLI session file for \"%1\" is not a session of this database; log in again.").arg(username),
                     ErrorCode::SessionEnded);
    const storage::SessionRow &row = *found.value();
    const qint64 now = m_clock.nowMs();
    if (row.endedAt)
        return Error(ErrorKind::Refused,
                     QStringLiteral("The CLI session of \"%1\" has ended (logout or a change to the operator); log in again.").arg(username),
                     ErrorCode::SessionEnded);
    auto endThis = [&]() -> Status {
        auto e = store.end(hash, now);
        return e ? Status{} : Status{e.error()};
    };
    // Disabled or another role: every session of the operator dies now, and stays dead if the
    // change is undone.
    if (row.operatorDisabled || row.operatorRole != row.role) {
        auto endAll = [&]() -> Status {
            auto e = store.endAllOf(username, now);
            return e ? Status{} : Status{e.error()};
        };
        return row.operatorDisabled
                   ? refuse(username, row.role, QStringLiteral("ended: the operator is disabled"), QStringLiteral("disabled"), endAll)
                   : refuse(username, row.role, QStringLiteral("ended: the operator's role changed"),
                            QStringLiteral("role_changed"), endAll);
    }
    if (now < row.createdAt) // this desk's clock is behind the one that started it: no telling its age
        return refuse(username, row.role, QStringLiteral("started later than this computer's clock says it is now"),
                      QStringLiteral("clock"), endThis);
    if (now - row.createdAt >= kLifetimeMs)
        return refuse(username, row.role, QStringLiteral("has reached its 8 hours"), QStringLiteral("lifetime"), endThis);
    if (now - row.lastUsedAt >= kIdleMs)
        return refuse(username, row.role, QStringLiteral("expired after 15 minutes without use"), QStringLiteral("idle"),
                      endThis);
    // A use never moves the last use back (another desk's clock may run ahead of this one).
    auto touched = store.touch(hash, std::max(now, row.lastUsedAt));
    if (!touched)
        return touched.error();
    if (!touched.value()) // ended between the read and now (a logout elsewhere)
        return Error(ErrorKind::Refused, QStringLiteral("The CLI session of \"%1\" has ended; log in again.").arg(username),
                     ErrorCode::SessionEnded);
    auto role = roleFromString(row.role);
    if (!role)
        return Error::storage(QStringLiteral("Operator \"%1\" has an unknown role in the database.").arg(username));
    return Session{username, row.operatorDisplayName, *role};
}

Result<bool> CliSessions::endLive(const QString &username, QByteArrayView token, const QString &action,
                                  const QJsonObject &details)
{
    storage::SessionStore store(m_database);
    const QString hash = tokenHash(token);
    auto found = store.find(hash);
    if (!found)
        return found.error();
    if (!found.value() || found.value()->username != username || found.value()->endedAt)
        return false; // nothing live to end
    const qint64 now = m_clock.nowMs();
    bool ended = false;
    auto entry = audit::AuditLog(m_database, m_keys, m_clock)
                     .write(audit::Actor{username, found.value()->role}, {action, username, details},
                            [&](storage::WriteTransaction &, audit::PendingEntry &) -> Status {
                                auto e = store.end(hash, now);
                                if (!e)
                                    return e.error();
                                ended = e.value();
                                return {};
                            });
    if (!entry)
        return entry.error();
    return ended;
}

Error CliSessions::refuseExposed(const QString &username, QByteArrayView token, const Error &refusal)
{
    auto ended = endLive(username, token, QStringLiteral("session.refused"),
                         {{QStringLiteral("reason"), QStringLiteral("exposed")}});
    return ended ? refusal : audit::trailFailed(refusal, ended.error());
}

Result<bool> CliSessions::end(const QString &username, QByteArrayView token)
{
    return endLive(username, token, QStringLiteral("session.end"), {});
}

} // namespace rd::auth
