#include "storage/OperatorStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlQuery>

namespace rd::storage {
namespace {

const QString kColumns = QStringLiteral(
    "username, display_name, role, password_hash, disabled, failed_count, locked_until, created_at, granted_alone, "
    "must_change_password");

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
    r.grantedAlone = q.value(8).toInt() != 0;
    r.mustChangePassword = q.value(9).toInt() != 0;
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
                  QStringLiteral("INSERT INTO operators (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
                  {row.username, row.displayName, row.role, row.passwordHash, int(row.disabled), row.failedCount,
                   nullableInt64(row.lockedUntil.has_value(), row.lockedUntil.value_or(0)), row.createdAt, int(row.grantedAlone),
                   int(row.mustChangePassword)});
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

Result<bool> OperatorStore::setPassword(const QString &username, const QString &newHash, bool mustChange,
                                       const QString &expectedHash)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString sql = QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = ? WHERE username = ?");
    auto q = expectedHash.isEmpty()
        ? exec(db.value(), sql, {newHash, int(mustChange), username})
        : exec(db.value(), sql + QStringLiteral(" AND password_hash = ?"), {newHash, int(mustChange), username, expectedHash});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<OperatorStore::Guess> OperatorStore::claimGuess(const QString &username, qint64 now, int maxFailures, qint64 lockMs)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // Slots of sign-ins that never answered (killed, paused) are taken back as failed guesses,
    // locking like any other failure: a guess that hangs cannot buy another one.
    const qint64 stale = now - kStaleGuessMs;
    auto reaped = exec(db.value(),
                       QStringLiteral("UPDATE operators SET failed_count = failed_count + guesses_pending, guesses_pending = 0, "
                                      "guess_started_at = NULL, "
                                      "locked_until = CASE WHEN failed_count + guesses_pending >= ? THEN ? ELSE locked_until END "
                                      "WHERE username = ? AND guesses_pending > 0 AND guess_started_at < ?"),
                       {maxFailures, now + lockMs, username, stale});
    if (!reaped)
        return reaped.error();
    // SET and WHERE read the old row. A lock that has run out counts no failures.
    const QString expired = QStringLiteral("(locked_until IS NOT NULL AND locked_until <= ?)");
    const QString failures = QStringLiteral("(CASE WHEN %1 THEN 0 ELSE failed_count END)").arg(expired);
    auto q = exec(db.value(),
                  QStringLiteral("UPDATE operators SET failed_count = %1, locked_until = CASE WHEN %2 THEN NULL ELSE locked_until END, "
                                 "guesses_pending = guesses_pending + 1, guess_started_at = ? "
                                 "WHERE username = ? AND disabled = 0 AND (locked_until IS NULL OR locked_until <= ?) "
                                 "AND %1 + guesses_pending < ? RETURNING failed_count")
                      .arg(failures, expired),
                  {now, now, now, username, now, now, maxFailures});
    if (!q)
        return q.error();
    const bool taken = q->next();
    q->finish();
    if (taken)
        return Guess::Taken;
    auto row = exec(db.value(), QStringLiteral("SELECT locked_until, disabled FROM operators WHERE username = ?"), {username});
    if (!row)
        return row.error();
    Guess answer = Guess::Locked;
    if (row->next() && row->value(1).toInt() == 0 && (row->value(0).isNull() || row->value(0).toLongLong() <= now))
        answer = Guess::Busy; // not locked: every slot holds a guess still being checked
    row->finish();
    return answer;
}

Result<int> OperatorStore::settleFailure(const QString &username, qint64 now, int maxFailures, qint64 lockMs)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("UPDATE operators SET guesses_pending = CASE WHEN guesses_pending > 0 THEN guesses_pending - 1 ELSE 0 END, "
                                 "failed_count = failed_count + 1, "
                                 "locked_until = CASE WHEN failed_count + 1 >= ? THEN ? ELSE locked_until END "
                                 "WHERE username = ? RETURNING failed_count"),
                  {maxFailures, now + lockMs, username});
    if (!q)
        return q.error();
    const int failed = q->next() ? q->value(0).toInt() : 0;
    q->finish();
    return failed;
}

Status OperatorStore::settleSuccess(const QString &username)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("UPDATE operators SET guesses_pending = CASE WHEN guesses_pending > 0 THEN guesses_pending - 1 ELSE 0 END, "
                                 "guess_started_at = CASE WHEN guesses_pending > 1 THEN guess_started_at END, "
                                 "failed_count = 0, locked_until = NULL WHERE username = ?"),
                  {username});
    if (!q)
        return q.error();
    return {};
}

} // namespace rd::storage
