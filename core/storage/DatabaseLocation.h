#pragma once

#include "common/Result.h"

#include <QList>
#include <QPair>
#include <QString>

namespace rd::storage {

enum class Backend { Sqlite, Postgres };

// Where the data lives: an SQLite file (embedded default) or a PostgreSQL database given as
// postgresql://user@host[:port]/dbname[?sslmode=...&sslrootcert=FILE...] (team mode, SPEC §12.1).
// A URL never carries a password: libpq finds it (PGPASSWORD, ~/.pgpass) or the desktop asks.
struct DatabaseLocation {
    Backend backend = Backend::Sqlite;
    QString sqlitePath;
    QString user;
    QString host;
    int port = 5432;
    QString databaseName;
    // libpq connection parameters from the URL's query, in order (only TLS and time-out ones).
    QList<QPair<QString, QString>> parameters;

    static Result<DatabaseLocation> parse(const QString &pathOrUrl);
    // For messages: the file path or the URL (never a password).
    QString describe() const;
};

} // namespace rd::storage
