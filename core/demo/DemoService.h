#pragma once

#include "model/Role.h"
#include "common/Result.h"
#include "demo/DemoWorld.h"
#include "importer/Importer.h"

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::demo {

// Fills a database with the demo world through the normal importer (admins only), so the
// demo data is exactly what a platform export would give.
class DemoService final {
public:
    DemoService(storage::Database &database, const crypto::KeyStore &keys);
    Result<importer::ImportStats> populate(const auth::Session &session, const DemoOptions &options,
                                           const importer::ImportProgressFn &progress = {});

private:
    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
};

} // namespace rd::demo
