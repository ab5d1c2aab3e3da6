#pragma once

#include "auth/Role.h"
#include "common/Clock.h"

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::ui {

// What every panel needs: the open database, the keys and who is signed in.
struct AppContext {
    storage::Database *database = nullptr;
    const crypto::KeyStore *keys = nullptr;
    auth::Session session;
    const Clock *clock = &SystemClock::instance();
};

} // namespace rd::ui
