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
    bool inTrigger = false;
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("--")))
            continue;
        if (current.isEmpty() && line.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive))
            inTrigger = true;
        current += raw + u'\n';
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

Result<int> migrate(QSqlDatabase &db, const SqlDialect &dialect)
{
    auto created = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    if (!created)
        return created.error();
    auto current = exec(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (!current)
        return current.error();
    int version = current->next() ? current->value(0).toInt() : 0;
    current->finish(); // an open statement would lock the schema against DROP INDEX and the like
    if (version > latestSchemaVersion())
        return Error::storage(QStringLiteral("The database has schema version %1, newer than this RecoveryDesk "
                                             "(%2); upgrade RecoveryDesk before opening it.")
                                  .arg(version)
                                  .arg(latestSchemaVersion()));
    for (const Migration &m : shippedMigrations()) {
        if (m.version <= version)
            continue;
        QFile file(m.path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::storage(QStringLiteral("Migration %1 is missing from this build.").arg(m.path));
        const QString text = dialect.expand(QString::fromUtf8(file.readAll()));
        Transaction tx(db);
        if (auto s = tx.begin(); !s)
            return s.error();
        for (const QString &statement : splitSqlStatements(text)) {
            QSqlQuery q(db);
            if (!q.exec(statement))
                return sqlError(QStringLiteral("applying schema migration %1").arg(m.version), q);
        }
        if (auto s = exec(db, QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"), {m.version}); !s)
            return s.error();
        if (auto s = tx.commit(); !s)
            return s.error();
        version = m.version;
    }
    return version;
}

} // namespace rd::storage
