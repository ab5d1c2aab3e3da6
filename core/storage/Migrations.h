#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace rd::storage {

class SqlDialect;

// Splits migration text into statements (a CREATE TRIGGER ... END; block stays whole).
QStringList splitSqlStatements(const QString &text);

// Brings the schema to the newest version shipped in :/migrations, one transaction per
// migration (a failing migration leaves the previous version intact). Returns the version.
Result<int> migrate(QSqlDatabase &db, const SqlDialect &dialect);

// The newest schema version this build knows.
int latestSchemaVersion();

} // namespace rd::storage
