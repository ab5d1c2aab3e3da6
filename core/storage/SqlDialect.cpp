#include "storage/SqlDialect.h"

namespace rd::storage {

QString SqlDialect::driverName() const
{
    return m_backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::expand(QString sql) const
{
    const bool lite = m_backend == Backend::Sqlite;
    sql.replace(QLatin1String("{{BLOB}}"), lite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
    sql.replace(QLatin1String("{{INT64}}"), lite ? QLatin1String("INTEGER") : QLatin1String("BIGINT"));
    sql.replace(QLatin1String("{{REAL}}"), lite ? QLatin1String("REAL") : QLatin1String("DOUBLE PRECISION"));
    sql.replace(QLatin1String("{{AUTO_ID}}"),
                lite ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT") : QLatin1String("BIGSERIAL PRIMARY KEY"));
    return sql;
}

} // namespace rd::storage
