#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::auth {

// An open desk: the database (an SQLite file or a team database) and the key directory that
// belongs to it, checked against each other.
struct Desk {
    std::shared_ptr<storage::Database> database;
    std::shared_ptr<const crypto::KeyStore> keys;
    QString location; // for display and settings: the path or the URL, never a password
    QString keyDir;
};

// Opens locationText (a path or postgresql:// URL; an existing database only) and keyDir.
// password: what the desktop asked for a team database (empty: PGPASSWORD or ~/.pgpass).
// Blocking (disk, network, migrations): never on a GUI thread.
Result<Desk> openDesk(const QString &locationText, const QString &keyDir, const QByteArray &password = {});

// Reads the desk's whole database file for damage (storage::Database::checkIntegrity): seconds
// on a large file, never on a GUI thread. Damage is ErrorCode::Damaged.
Status checkDesk(const Desk &desk);

} // namespace rd::auth
