#pragma once

#include "common/Result.h"

#include <QString>

namespace rd::storage {

enum class Backend { Sqlite, Postgres };

// Where the data lives: an SQLite file (embedded default) or a PostgreSQL database
// given as postgresql://user@host:port/dbname (team mode).
struct DatabaseLocation {
    Backend backend = Backend::Sqlite;
    QString sqlitePath;
    QString user;
    QString host;
    int port = 5432;
    QString databaseName;

    static Result<DatabaseLocation> parse(const QString &pathOrUrl);
    // For messages: the file path or the URL (never a password).
    QString describe() const;
};

} // namespace rd::storage
