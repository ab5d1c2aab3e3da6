#pragma once

#include "auth/GrantService.h"
#include "common/Result.h"
#include "model/Role.h"

#include <QString>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::cases {

// The installed delivery key, as the admin's page shows it.
struct DeliveryKeyInfo {
    bool installed = false;
    QString fileName;
    qint64 changedAtMs = 0;
    QString sha256; // hex, of the PEM file
};

struct OutboxExport {
    int actions = 0;
    QString signaturePath;
};

// The platform's side of executed resets: the delivery key it seals to, and the signed
// export of platform actions it applies.
class Outbox final {
public:
    Outbox(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    // Admins: installs the platform's RSA public key (>= 2048 bits) as delivery.pub.pem.
    // Waits for a second person unless the desk has none (auth::GrantService).
    Result<auth::GrantOutcome> setDeliveryKey(const auth::Session &session, const QString &pemPath);
    // Admins: whether a delivery key is installed, and its fingerprint.
    Result<DeliveryKeyInfo> deliveryKey(const auth::Session &session);
    // Supervisors and admins: JSONL of actions after sinceActionId (all when empty) + FILE.sig.
    Result<OutboxExport> exportTo(const auth::Session &session, const QString &path, const QString &sinceActionId);

private:
    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::cases
