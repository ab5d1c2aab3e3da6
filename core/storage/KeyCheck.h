#pragma once

#include "common/Result.h"

namespace rd::crypto {
class KeyStore;
}

namespace rd::storage {

class Database;

// Binds a database to its key directory: on first use the keys' fingerprints are stored; later
// a different key directory is refused (exit 3) instead of making every code look unknown.
Status checkKeysMatch(Database &database, const crypto::KeyStore &keys);

} // namespace rd::storage
