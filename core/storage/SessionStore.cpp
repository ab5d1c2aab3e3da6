#include "storage/SessionStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlQuery>

namespace rd::storage {

Status SessionStore::insert(const QString &tokenHash, const QString &username, const QString &role, qint64 now)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("INSERT INTO cli_sessions (token_hash, username, role, created_at, last_used_at) "
                                 "VALUES (?, ?, ?, ?, ?)"),
                  {tokenHash, username, role, now, now});
    return q ? Status{} : Status{q.error()};
}

Result<std::optional<SessionRow>> SessionStore::find(const QString &tokenHash)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT s.username, s.role, s.created_at, s.last_used_at, s.ended_at, o.role, o.disabled, o.display_name "
                                 "FROM cli_sessions s JOIN operators o ON o.username = s.username WHERE s.token_hash = ?"),
                  {tokenHash});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<SessionRow>{};
    SessionRow r;
    r.username = q->value(0).toString();
    r.role = q->value(1).toString();
    r.createdAt = q->value(2).toLongLong();
    r.lastUsedAt = q->value(3).toLongLong();
    if (!q->value(4).isNull())
        r.endedAt = q->value(4).toLongLong();
    r.operatorRole = q->value(5).toString();
    r.operatorDisabled = q->value(6).toInt() != 0;
    r.operatorDisplayName = q->value(7).toString();
    q->finish();
    return std::optional<SessionRow>(r);
}

Result<int> SessionStore::update(const QString &sql, std::initializer_list<QVariant> values)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), sql, values);
    if (!q)
        return q.error();
    return q->numRowsAffected();
}

Result<bool> SessionStore::touch(const QString &tokenHash, qint64 now)
{
    auto n = update(QStringLiteral("UPDATE cli_sessions SET last_used_at = ? WHERE token_hash = ? AND ended_at IS NULL"),
                    {now, tokenHash});
    return n ? Result<bool>(n.value() > 0) : Result<bool>(n.error());
}

Result<bool> SessionStore::end(const QString &tokenHash, qint64 now)
{
    auto n = update(QStringLiteral("UPDATE cli_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL"),
                    {now, tokenHash});
    return n ? Result<bool>(n.value() > 0) : Result<bool>(n.error());
}

Result<int> SessionStore::endAllOf(const QString &username, qint64 now)
{
    return update(QStringLiteral("UPDATE cli_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL"), {now, username});
}

} // namespace rd::storage
