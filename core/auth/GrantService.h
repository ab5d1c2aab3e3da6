#pragma once

#include "common/Result.h"
#include "common/SecretText.h"
#include "model/Role.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace rd {
class Clock;
class RandomSource;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
struct GrantRow;
}

namespace rd::auth {

// What became of a grant that needs four eyes.
struct GrantOutcome {
    bool pending = false; // waits for a second person (grantId names it)
    QString grantId;
    bool alone = false;   // took effect at once: the desk had no second person
    // An operator grant's one-time password as the one who asked receives it: the first of two
    // parts while the grant waits (the confirmer receives the second), the whole of it when the
    // desk had no second person. Empty for agents and the delivery key.
    SecretText oneTimePassword;
};

// What a confirmed grant did.
struct GrantDecision {
    QString kind;
    QString username; // operator grants
    QString role;
    bool alone = false; // the four eyes behind it rest on one person (the confirmer or requester granted alone)
    // A grant that makes someone supervisor or admin replaces their password with a one-time
    // password of two parts (auth/OneTimePassword.h): the one who asked received the first, this
    // is the second, for the confirmer to hand over in person. Only both together open the first
    // sign-in, which only lets its holder choose a password of their own: neither person alone
    // holds the identity.
    SecretText oneTimePassword;
};

struct PendingGrant {
    QString id;
    QString kind;        // operator.add | operator.role | operator.enable | delivery_key.set
    QString username;    // operator grants
    QString role;
    QString keySha256;   // delivery_key.set
    QString requestedBy;
    qint64 requestedAt = 0;
};

// Four eyes on who may approve (SPEC §7, issue 16): granting supervisor or admin and changing
// the delivery key take effect only when a second person confirms, another admin or a
// supervisor, never the one who asked. Only a desk with no such person (the first admin
// alone) grants at once; the grant is then marked (granted_alone, "four_eyes": false) and the
// desk says so wherever four eyes matter.
class GrantService final {
public:
    GrantService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);
    // With the random source of the one-time passwords (tests pass a deterministic one).
    GrantService(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, RandomSource &random);

    // A grant of supervisor or admin (kind operator.add, operator.role or operator.enable). The
    // operator's password becomes a one-time password (GrantOutcome, GrantDecision). Agents need
    // no second person: callers apply those.
    Result<GrantOutcome> grantRole(const Session &actor, const QString &kind, const QString &username, Role role,
                                   const QString &displayName = {});
    // A new delivery key (PEM, already validated).
    Result<GrantOutcome> setDeliveryKey(const Session &actor, const QByteArray &pem);

    Result<QList<PendingGrant>> pending(const Session &actor);
    Result<GrantDecision> confirm(const Session &actor, const QString &grantId);
    Status decline(const Session &actor, const QString &grantId);
    // Enabled admins and supervisors whose role took effect with no second person.
    Result<QStringList> grantedAlone();

    // The delivery key in force: delivery.pub.pem read without following links, owned by this
    // user, and matching the fingerprint its audited installation pinned. Anything else is refused.
    static Result<QByteArray> pinnedDeliveryKeyPem(storage::Database &database, const crypto::KeyStore &keys);

private:
    // oneTimeVerifier: what an operator grant sets as the operator's password (otp::verifier).
    Status apply(const storage::GrantRow &grant, const QString &confirmedBy, bool alone, const QString &oneTimeVerifier = {});
    // partHash: the hash of the requester's part of an operator grant's one-time password.
    Result<GrantOutcome> requestOrApply(const Session &actor, storage::GrantRow grant, Permission permission,
                                        const QString &partHash = {});

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    RandomSource &m_random;
};

} // namespace rd::auth
