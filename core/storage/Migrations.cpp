#include "storage/Migrations.h"

#include "storage/Sql.h"
#include "storage/SqlDialect.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace rd::storage {
namespace {

struct Migration {
    int version;
    QString path;
};

QList<Migration> shippedMigrations()
{
    static const QRegularExpression name(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QList<Migration> out;
    const QStringList files = QDir(QStringLiteral(":/migrations")).entryList(QDir::Files, QDir::Name);
    for (const QString &f : files) {
        const auto m = name.match(f);
        if (m.hasMatch())
            out.append({m.captured(1).toInt(), QStringLiteral(":/migrations/") + f});
    }
    return out;
}

} // namespace

QStringList splitSqlStatements(const QString &text)
{
    QStringList out;
    QString current;
    bool inTrigger = false; // SQLite: CREATE TRIGGER ... BEGIN ... END;
    bool inDollar = false;  // PostgreSQL: a $$-quoted function body
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (!inDollar && (line.isEmpty() || line.startsWith(QLatin1String("--"))))
            continue;
        if (!inDollar && line.compare(QLatin1String("BEGIN"), Qt::CaseInsensitive) == 0 &&
            current.trimmed().startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive))
            inTrigger = true;
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inDollar = !inDollar;
        current += raw + u'\n';
        if (inDollar)
            continue;
        const bool ends = inTrigger ? line.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0 : line.endsWith(u';');
        if (ends) {
            out.append(current.trimmed());
            current.clear();
            inTrigger = false;
        }
    }
    if (!current.trimmed().isEmpty())
        out.append(current.trimmed());
    return out;
}

int latestSchemaVersion()
{
    const auto all = shippedMigrations();
    return all.isEmpty() ? 0 : all.last().version;
}

namespace {

// Statements of a migration are run as they are: PostgreSQL's driver cannot prepare DDL.
Status execDirect(QSqlDatabase &db, const QString &sql, const QString &doing)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return sqlError(doing, q);
    return {};
}

Result<int> storedVersion(QSqlDatabase &db, const SqlDialect &dialect)
{
    auto exists = exec(db, dialect.tableExistsQuery(), {QStringLiteral("schema_version")});
    if (!exists)
        return exists.error();
    if (!exists->next() || exists->value(0).toInt() == 0)
        return 0;
    auto current = exec(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (!current)
        return current.error();
    const int version = current->next() ? current->value(0).toInt() : 0;
    current->finish(); // an open statement would lock the schema against DROP INDEX and the like
    return version;
}

Status mayMigrate(QSqlDatabase &db, const SqlDialect &dialect, int version)
{
    auto may = exec(db, dialect.mayMigrateQuery());
    if (!may)
        return may.error();
    if (may->next() && may->value(0).toInt() != 0)
        return {};
    Error e = Error::storage(QStringLiteral("The database's schema is at version %1 of %2 and this connection may not change "
                                            "it; its owner must create or upgrade it first.")
                                 .arg(version)
                                 .arg(latestSchemaVersion()));
    e.code = ErrorCode::SchemaOutdated;
    e.field = QStringLiteral("database");
    return e;
}

} // namespace

Result<int> migrate(QSqlDatabase &db, const SqlDialect &dialect)
{
    // An up-to-date schema is only read: opening must not wait for another process's write
    // (a long import holds the write lock; readers go on).
    auto current = storedVersion(db, dialect);
    if (!current)
        return current.error();
    if (current.value() == latestSchemaVersion())
        return current.value();
    // All pending migrations in one transaction under the database's write lock: two desks
    // opening a new database at once migrate it once, and a failure leaves no half-made schema.
    WriteTransaction tx(db, dialect);
    if (auto s = tx.begin(); !s)
        return s.error();
    auto stored = storedVersion(db, dialect);
    if (!stored)
        return stored.error();
    int version = stored.value();
    if (version > latestSchemaVersion())
        return Error::storage(QStringLiteral("The database has schema version %1, newer than this RecoveryDesk "
                                             "(%2); upgrade RecoveryDesk before opening it.")
                                  .arg(version)
                                  .arg(latestSchemaVersion()));
    if (version == latestSchemaVersion()) {
        if (auto s = tx.commit(); !s)
            return s.error();
        return version;
    }
    if (auto s = mayMigrate(db, dialect, version); !s)
        return s.error();
    if (auto s = execDirect(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"),
                            QStringLiteral("creating the schema version table"));
        !s)
        return s.error();
    for (const Migration &m : shippedMigrations()) {
        if (m.version <= version)
            continue;
        QFile file(m.path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::storage(QStringLiteral("Migration %1 is missing from this build.").arg(m.path));
        const QString text = dialect.expand(QString::fromUtf8(file.readAll()));
        const QString doing = QStringLiteral("applying schema migration %1").arg(m.version);
        for (const QString &statement : splitSqlStatements(text))
            if (auto s = execDirect(db, statement, doing); !s)
                return s.error();
        if (auto s = exec(db, QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"), {m.version}); !s)
            return s.error();
        version = m.version;
    }
    for (const QString &statement : dialect.afterMigration())
        if (auto s = execDirect(db, statement, QStringLiteral("granting the application role its rights")); !s)
            return s.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return version;
}

} // namespace rd::storage
