#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "model/Role.h"

#include <QString>

#include <functional>

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::auth {

// `copy --to` (SPEC §12.1): a whole desk into an empty database of either kind, audited.
class DatabaseMove final {
public:
    DatabaseMove(storage::Database &source, const crypto::KeyStore &keys, const Clock &clock);

    // Admins. The source's trail records the copy (with the target's address, never a password)
    // before the snapshot is taken, so the copy carries the entry that says where it came from.
    Status copyTo(const Session &session, storage::Database &target,
                  const std::function<bool(const QString &table, qint64 rows)> &progress = {});

private:
    storage::Database &m_source;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
};

} // namespace rd::auth
