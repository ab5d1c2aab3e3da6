#include "storage/PolicyStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

namespace rd::storage {

Result<QHash<QString, QString>> PolicyStore::values()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT key, value FROM policy"));
    if (!q)
        return q.error();
    QHash<QString, QString> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toString());
    return out;
}

Status PolicyStore::set(const QString &key, const QString &value)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("INSERT INTO policy (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                  {key, value});
    if (!q)
        return q.error();
    return {};
}

} // namespace rd::storage
