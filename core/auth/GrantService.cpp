#include "auth/GrantService.h"

#include "audit/AuditLog.h"
#include "auth/OneTimePassword.h"
#include "common/Clock.h"
#include "common/PrivateFile.h"
#include "crypto/Hash.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "storage/Database.h"
#include "storage/GrantStore.h"
#include "storage/OperatorStore.h"
#include "storage/SessionStore.h"

#include <QFile>
#include <QJsonObject>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rd::auth {

namespace {

bool needsFourEyes(Role role)
{
    return role == Role::Supervisor || role == Role::Admin;
}

QJsonObject describe(const storage::GrantRow &g)
{
    QJsonObject d{{QStringLiteral("grant"), g.id}, {QStringLiteral("kind"), g.kind}};
    if (!g.role.isEmpty())
        d.insert(QStringLiteral("role"), g.role);
    if (!g.keySha256.isEmpty())
        d.insert(QStringLiteral("sha256"), g.keySha256);
    return d;
}

// The grant, refused unless it exists and still waits.
Result<std::optional<storage::GrantRow>> pendingGrant(storage::GrantStore &store, const QString &id)
{
    auto g = store.find(id);
    if (!g)
        return g.error();
    if (!g.value())
        return Error::badInput(QStringLiteral("There is no grant \"%1\".").arg(id.left(64)));
    if (g.value()->state != QLatin1String("pending"))
        return Error::refused(QStringLiteral("Grant %1 is %2, not pending.").arg(id, g.value()->state));
    return g;
}

bool isOperatorGrant(const QString &kind)
{
    return kind.startsWith(QLatin1String("operator."));
}

} // namespace

GrantService::GrantService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : GrantService(database, keys, clock, crypto::systemRandom())
{
}

GrantService::GrantService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, RandomSource &random)
    : m_database(database), m_keys(keys), m_clock(clock), m_random(random)
{
}

Result<GrantOutcome> GrantService::grantRole(const Session &actor, const QString &kind, const QString &username, Role role,
                                             const QString &displayName)
{
    if (!needsFourEyes(role))
        return Error::badInput(QStringLiteral("Only supervisor and admin grants wait for a second person."));
    storage::GrantRow g;
    g.kind = kind;
    g.username = username;
    g.role = roleName(role);
    g.displayName = displayName;
    // The requester's part, made and hashed before the write (the hash takes a quarter second).
    auto part = otp::newPart(m_random);
    if (!part)
        return part.error();
    auto partHash = otp::hashPart(part.value());
    if (!partHash)
        return partHash.error();
    auto outcome = requestOrApply(actor, g, Permission::ManageOperators, partHash.value());
    if (outcome)
        outcome->oneTimePassword = part.value();
    return outcome;
}

Result<GrantOutcome> GrantService::setDeliveryKey(const Session &actor, const QByteArray &pem)
{
    storage::GrantRow g;
    g.kind = QStringLiteral("delivery_key.set");
    g.keyPem = QString::fromLatin1(pem);
    g.keySha256 = QString::fromLatin1(crypto::sha256(pem).toHex());
    return requestOrApply(actor, g, Permission::ManageDeliveryKey);
}

Result<GrantOutcome> GrantService::requestOrApply(const Session &actor, storage::GrantRow grant, Permission permission,
                                                  const QString &partHash)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, permission, grant.kind, grant.username); !s)
        return s.error();
    GrantOutcome outcome;
    auto entry = auditLog.write(
        audit::Actor::of(actor), {grant.kind, grant.username, {}},
        [&](storage::WriteTransaction &, audit::PendingEntry &pending) -> Status {
            storage::GrantStore store(m_database);
            // Inside the write: a second person added a moment ago counts.
            auto others = store.otherPrivileged(actor.username);
            if (!others)
                return others.error();
            const qint64 now = m_clock.nowMs();
            auto id = store.nextId();
            if (!id)
                return id.error();
            grant.id = id.value();
            grant.requestedBy = actor.username;
            grant.requestedAt = now;
            pending.details = describe(grant);
            if (others->isEmpty()) {
                // No second person on this desk: it takes effect now, and says so for good.
                grant.state = QStringLiteral("confirmed");
                grant.decidedBy = actor.username;
                grant.decidedAt = now;
                outcome.alone = true;
                pending.details.insert(QStringLiteral("four_eyes"), false);
                if (auto s = store.insert(grant); !s)
                    return s;
                // Nobody else to hold a part: the requester's part is the whole one-time password.
                return apply(grant, {}, true, partHash.isEmpty() ? QString() : otp::verifier({partHash}));
            }
            outcome.pending = true;
            outcome.grantId = grant.id;
            pending.action = QStringLiteral("grant.request");
            // The requester's part waits with the grant (its hash only); the confirmation adds
            // the second part, which only the confirmer sees.
            grant.passwordHash = partHash;
            return store.insert(grant);
        });
    if (!entry)
        return entry.error();
    return outcome;
}

Status GrantService::apply(const storage::GrantRow &g, const QString &confirmedBy, bool alone, const QString &oneTimeVerifier)
{
    storage::GrantStore store(m_database);
    storage::OperatorStore operators(m_database);
    if (g.kind == QLatin1String("delivery_key.set")) {
        PrivateFile out(m_keys.deliveryKeyPath());
        if (auto s = out.open(); !s)
            return s;
        const QByteArray pem = g.keyPem.toLatin1();
        out.write(pem);
        if (auto s = store.pinDeliveryKey(QString::fromLatin1(crypto::sha256(pem).toHex()), m_clock.nowMs(), g.requestedBy, confirmedBy); !s)
            return s;
        // Last: when the file cannot be put in place, the pin and the entry roll back with it.
        return out.commit();
    }
    auto existing = operators.find(g.username);
    if (!existing)
        return existing.error();
    if (g.kind == QLatin1String("operator.add")) {
        if (existing.value())
            return Error::badInput(QStringLiteral("An operator named \"%1\" exists already; choose another name.").arg(g.username));
        storage::OperatorRow row;
        row.username = g.username;
        row.displayName = g.displayName.isEmpty() ? g.username : g.displayName;
        row.role = g.role;
        row.passwordHash = oneTimeVerifier;
        row.mustChangePassword = true; // a one-time password: the operator chooses their own
        row.createdAt = m_clock.nowMs();
        row.grantedAlone = alone;
        if (row.passwordHash.isEmpty())
            return Error::storage(QStringLiteral("Grant %1 has no one-time password for %2.").arg(g.id, g.username));
        return operators.insert(row);
    }
    if (!existing.value())
        return Error::badInput(QStringLiteral("There is no operator \"%1\".").arg(g.username));
    Status changed;
    if (g.kind == QLatin1String("operator.role"))
        changed = store.setRole(g.username, g.role, alone);
    else if (g.kind == QLatin1String("operator.enable"))
        changed = store.enable(g.username, alone);
    else
        return Error::storage(QStringLiteral("Grant %1 has an unknown kind %2.").arg(g.id, g.kind));
    if (!changed || oneTimeVerifier.isEmpty())
        return changed;
    // Whoever knew the password before (the admin who added an agent they now promote) no
    // longer does; sessions signed in with it end.
    auto replaced = operators.setPassword(g.username, oneTimeVerifier, true);
    if (!replaced)
        return replaced.error();
    auto ended = storage::SessionStore(m_database).endAllOf(g.username, m_clock.nowMs());
    return ended ? Status{} : Status{ended.error()};
}

Result<QList<PendingGrant>> GrantService::pending(const Session &actor)
{
    if (auto s = audit::AuditLog(m_database, m_keys, m_clock).require(actor, Permission::ConfirmGrant, QStringLiteral("grant.list")); !s)
        return s.error();
    auto rows = storage::GrantStore(m_database).pending();
    if (!rows)
        return rows.error();
    QList<PendingGrant> out;
    for (const storage::GrantRow &g : rows.value())
        out.append({g.id, g.kind, g.username, g.role, g.keySha256, g.requestedBy, g.requestedAt});
    return out;
}

Result<GrantDecision> GrantService::confirm(const Session &actor, const QString &grantId)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ConfirmGrant, QStringLiteral("grant.confirm"), grantId); !s)
        return s.error();
    // An operator grant gets its one-time password before the write: its hash takes a quarter of
    // a second that the serialized write should not wait for. (The grant is read again inside.)
    GrantDecision decision;
    QString partHash;
    {
        storage::GrantStore store(m_database);
        auto g = pendingGrant(store, grantId);
        if (!g)
            return g.error();
        if (isOperatorGrant(g.value()->kind)) {
            auto part = otp::newPart(m_random);
            if (!part)
                return part.error();
            auto hash = otp::hashPart(part.value());
            if (!hash)
                return hash.error();
            decision.oneTimePassword = part.value();
            partHash = hash.value();
        }
    }
    auto entry = auditLog.write(audit::Actor::of(actor), {QStringLiteral("grant.confirm"), grantId, {}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &pending) -> Status {
                                    storage::GrantStore store(m_database);
                                    auto g = pendingGrant(store, grantId);
                                    if (!g)
                                        return g.error();
                                    const storage::GrantRow &grant = g.value().value();
                                    if (grant.requestedBy == actor.username)
                                        return Error::refused(QStringLiteral("You asked for grant %1 yourself; another admin or a "
                                                                             "supervisor confirms it (four eyes).")
                                                                  .arg(grantId));
                                    if (grant.username == actor.username)
                                        return Error::refused(QStringLiteral("Grant %1 is for you; another admin or a supervisor "
                                                                             "confirms it (four eyes).")
                                                                  .arg(grantId));
                                    if (isOperatorGrant(grant.kind) && partHash.isEmpty())
                                        return Error::storage(QStringLiteral("Grant %1 changed its kind; confirm it again.").arg(grantId));
                                    // The requester's part first, then the confirmer's. A grant without a
                                    // requester's part would give the confirmer the whole password.
                                    if (isOperatorGrant(grant.kind) && !grant.passwordHash.startsWith(QLatin1String("sha256$")))
                                        return Error::refused(QStringLiteral("Grant %1 was asked for before one-time passwords had "
                                                                             "a part for each person; decline it and ask again.")
                                                                  .arg(grantId));
                                    const QStringList parts{grant.passwordHash, partHash};
                                    pending.details = describe(grant);
                                    pending.details.insert(QStringLiteral("requested_by"), grant.requestedBy);
                                    if (isOperatorGrant(grant.kind)) // that it was set, never the password
                                        pending.details.insert(QStringLiteral("one_time_password"), true);
                                    if (auto s = store.decide(grantId, QStringLiteral("confirmed"), actor.username, m_clock.nowMs()); !s)
                                        return s;
                                    // A confirmer whose own role was granted alone passes that on: the
                                    // four eyes behind this grant still rest on one person.
                                    // So does a requester granted alone: one person could otherwise make
                                    // a puppet admin alone and wash the mark off with it.
                                    storage::OperatorStore operators(m_database);
                                    auto confirmer = operators.find(actor.username);
                                    if (!confirmer)
                                        return confirmer.error();
                                    auto requester = operators.find(grant.requestedBy);
                                    if (!requester)
                                        return requester.error();
                                    const bool alone = (confirmer.value() && confirmer.value()->grantedAlone)
                                        || (requester.value() && requester.value()->grantedAlone);
                                    if (alone)
                                        pending.details.insert(QStringLiteral("four_eyes"), false);
                                    decision.alone = alone;
                                    decision.kind = grant.kind;
                                    decision.username = grant.username;
                                    decision.role = grant.role;
                                    return apply(grant, actor.username, alone,
                                                 isOperatorGrant(grant.kind) ? otp::verifier(parts) : QString());
                                });
    if (!entry)
        return entry.error();
    return decision;
}

Status GrantService::decline(const Session &actor, const QString &grantId)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto s = auditLog.require(actor, Permission::ConfirmGrant, QStringLiteral("grant.decline"), grantId); !s)
        return s;
    auto entry = auditLog.write(audit::Actor::of(actor), {QStringLiteral("grant.decline"), grantId, {}},
                                [&](storage::WriteTransaction &, audit::PendingEntry &pending) -> Status {
                                    storage::GrantStore store(m_database);
                                    auto g = pendingGrant(store, grantId); // the one who asked may withdraw it
                                    if (!g)
                                        return g.error();
                                    pending.details = describe(g.value().value());
                                    return store.decide(grantId, QStringLiteral("declined"), actor.username, m_clock.nowMs());
                                });
    return entry ? Status{} : Status{entry.error()};
}

Result<QStringList> GrantService::grantedAlone()
{
    return storage::GrantStore(m_database).grantedAlone();
}

Result<QByteArray> GrantService::pinnedDeliveryKeyPem(storage::Database &database, const crypto::KeyStore &keys)
{
    const QString path = keys.deliveryKeyPath();
    auto pin = storage::GrantStore(database).pinnedDeliveryKey();
    if (!pin)
        return pin.error();
    if (!pin.value())
        return Error::refused(QStringLiteral("No delivery key is set; an admin must run `recoverydesk-cli delivery-key set FILE.pem` "
                                             "(and another admin or a supervisor confirm it) before new codes can be sealed."));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0)
        return Error::refused(QStringLiteral("The delivery key %1 cannot be read (%2); it must be the plain file its installation "
                                             "wrote. An admin runs `recoverydesk-cli delivery-key set FILE.pem` again.")
                                  .arg(path, qt_error_string(errno)));
    QFile file;
    struct stat st {};
    const bool plain = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && st.st_size <= 64 * 1024;
    QByteArray pem;
    if (plain && file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle))
        pem = file.readAll();
    else
        ::close(fd);
    auto audited = storage::GrantStore(database).pinIsAudited(pin.value().value());
    if (!audited)
        return audited.error();
    if (!plain || !audited.value() || QString::fromLatin1(crypto::sha256(pem).toHex()) != pin.value().value())
        return Error::refused(QStringLiteral("The delivery key %1 is not the one that was installed and confirmed (its fingerprint "
                                             "differs); nothing is sealed to it. An admin runs `recoverydesk-cli delivery-key set "
                                             "FILE.pem` with the platform's key again.")
                                  .arg(path));
    return pem;
}

} // namespace rd::auth
