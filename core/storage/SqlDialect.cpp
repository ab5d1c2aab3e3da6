#include "storage/SqlDialect.h"

#include <QRegularExpression>

namespace rd::storage {

QString SqlDialect::driverName() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::expand(QString sql) const
{
    const bool lite = m_backend == Backend::Sqlite;
    // SQLite triggers stand where PostgreSQL uses database privileges (team mode).
    static const QRegularExpression sqliteOnly(QStringLiteral("-- sqlite-only-begin.*?-- sqlite-only-end"),
                                               QRegularExpression::DotMatchesEverythingOption);
    if (!lite)
        sql.remove(sqliteOnly);
    sql.replace(QLatin1String("{{BLOB}}"), lite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
    sql.replace(QLatin1String("{{INT64}}"), lite ? QLatin1String("INTEGER") : QLatin1String("BIGINT"));
    sql.replace(QLatin1String("{{REAL}}"), lite ? QLatin1String("REAL") : QLatin1String("DOUBLE PRECISION"));
    sql.replace(QLatin1String("{{AUTO_ID}}"),
                lite ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT") : QLatin1String("BIGSERIAL PRIMARY KEY"));
    return sql;
}

QStringList SqlDialect::beginSerializedWrite(const QString &table) const
{
    if (m_backend == Backend::Sqlite)
        return {QStringLiteral("BEGIN IMMEDIATE")};
    return {QStringLiteral("BEGIN"), QStringLiteral("LOCK TABLE %1 IN SHARE ROW EXCLUSIVE MODE").arg(table)};
}

} // namespace rd::storage
