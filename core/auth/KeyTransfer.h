#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "model/Role.h"

#include <QByteArrayView>
#include <QString>

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::auth {

// Moving the key directory to another desk of the team (SPEC §12.1), audited.
class KeyTransfer final {
public:
    KeyTransfer(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock);

    // Admins: the keys sealed under the passphrase into a new file at path (0600; an existing
    // file is refused, never replaced). The file and its keys.export entry come together.
    Status exportBundle(const Session &session, const QString &path, QByteArrayView passphrase);
    // After `keys import` installed this directory's keys (no sign-in): the entry that says so,
    // as the system, naming the local user and the signing key's fingerprint.
    Status recordImport(const QString &localUser);

private:
    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::auth
