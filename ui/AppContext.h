#pragma once

#include "model/Role.h"
#include "common/Clock.h"

#include <QString>

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
    QString databaseLabel = {}; // where the database is, for the status bar ("/path/x.sqlite", "host:port/db")
};

} // namespace rd::ui
