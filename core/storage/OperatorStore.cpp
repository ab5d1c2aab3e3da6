#include "storage/OperatorStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlQuery>

namespace rd::storage {
namespace {

const QString kColumns = QStringLiteral(
    "username, display_name, role, password_hash, disabled, failed_count, locked_until, created_at");

OperatorRow readRow(const QSqlQuery &q)
{
    OperatorRow r;
    r.username = q.value(0).toString();
    r.displayName = q.value(1).toString();
    r.role = q.value(2).toString();
    r.passwordHash = q.value(3).toString();
    r.disabled = q.value(4).toInt() != 0;
    r.failedCount = q.value(5).toInt();
    if (!q.value(6).isNull())
        r.lockedUntil = q.value(6).toLongLong();
    r.createdAt = q.value(7).toLongLong();
    return r;
}

} // namespace

Result<int> OperatorStore::count()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT COUNT(*) FROM operators"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toInt() : 0;
}

Result<std::optional<OperatorRow>> OperatorStore::find(const QString &username)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT %1 FROM operators WHERE username = ?").arg(kColumns), {username});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<OperatorRow>{};
    return std::optional<OperatorRow>(readRow(q.value()));
}

Result<QList<OperatorRow>> OperatorStore::list()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT %1 FROM operators ORDER BY username").arg(kColumns));
    if (!q)
        return q.error();
    QList<OperatorRow> rows;
    while (q->next())
        rows.append(readRow(q.value()));
    return rows;
}

Status OperatorStore::insert(const OperatorRow &row)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto existing = find(row.username);
    if (!existing)
        return existing.error();
    if (existing.value())
        return Error::badInput(QStringLiteral("An operator named \"%1\" exists already; choose another name.").arg(row.username));
    auto q = exec(db.value(),
                  QStringLiteral("INSERT INTO operators (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
                  {row.username, row.displayName, row.role, row.passwordHash, int(row.disabled), row.failedCount,
                   nullableInt64(row.lockedUntil.has_value(), row.lockedUntil.value_or(0)), row.createdAt});
    if (!q)
        return q.error();
    return {};
}

Result<bool> OperatorStore::setDisabled(const QString &username, bool disabled)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE operators SET disabled = ? WHERE username = ?"),
                  {int(disabled), username});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<int> OperatorStore::claimGuess(const QString &username, qint64 now, int maxFailures, qint64 lockMs)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // G: this guess's number; a lock that has run out starts a new window at 1. SET reads the old row.
    const QString expired = QStringLiteral("(locked_until IS NOT NULL AND locked_until <= ?)");
    const QString guess = QStringLiteral("(CASE WHEN %1 THEN 1 ELSE failed_count + 1 END)").arg(expired);
    auto q = exec(db.value(),
                  QStringLiteral("UPDATE operators SET failed_count = %1, "
                                 "locked_until = CASE WHEN %1 >= ? THEN ? WHEN %2 THEN NULL ELSE locked_until END "
                                 "WHERE username = ? AND disabled = 0 AND (locked_until IS NULL OR locked_until <= ?) "
                                 "RETURNING failed_count")
                      .arg(guess, expired),
                  {now, now, maxFailures, now + lockMs, now, username, now});
    if (!q)
        return q.error();
    const int claimed = q->next() ? q->value(0).toInt() : 0;
    q->finish();
    return claimed;
}

Status OperatorStore::setFailures(const QString &username, int failedCount, std::optional<qint64> lockedUntil)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("UPDATE operators SET failed_count = ?, locked_until = ? WHERE username = ?"),
                  {failedCount, nullableInt64(lockedUntil.has_value(), lockedUntil.value_or(0)), username});
    if (!q)
        return q.error();
    return {};
}

} // namespace rd::storage
