#include "storage/PlatformHistoryStore.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <algorithm>

namespace rd::storage {

using namespace accounts;

namespace {

// "account_id = ?" plus the filters that are set, with their values in order.
QString attemptWhere(const AttemptQuery &query, QList<QVariant> &values)
{
    QString where = QStringLiteral("account_id = ?");
    values << query.accountId;
    if (!query.method.isEmpty()) {
        where += QStringLiteral(" AND method = ?");
        values << query.method;
    }
    if (!query.outcome.isEmpty()) {
        where += QStringLiteral(" AND outcome = ?");
        values << query.outcome;
    }
    return where;
}

Result<QSqlQuery> execList(const QSqlDatabase &db, const QString &sql, const QList<QVariant> &values, const QString &doing)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return sqlError(doing, q);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return sqlError(doing, q);
    return q;
}

} // namespace

Result<QList<CodeRow>> PlatformHistoryStore::codes(const QString &accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT c.set_id, c.idx, c.fits_format, c.used_at, c.used_device, c.used_ip FROM codes c "
                                 "JOIN code_sets s ON s.id = c.set_id WHERE s.account_id = ? "
                                 "ORDER BY s.generated_at DESC, s.id, c.idx"),
                  {accountId});
    if (!q)
        return q.error();
    QList<CodeRow> out;
    while (q->next()) {
        CodeRow row;
        row.setId = q->value(0).toString();
        row.index = q->value(1).toInt();
        row.fitsFormat = q->value(2).isNull() || q->value(2).toInt() != 0;
        row.usedAt = optionalInt64(q->value(3));
        row.usedDevice = q->value(4).toString();
        row.usedIp = q->value(5).toString();
        out.append(row);
    }
    return out;
}

Result<QList<DeviceEventRow>> PlatformHistoryStore::deviceEvents(const QString &accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(),
                  QStringLiteral("SELECT d.id, d.label, e.at, e.event, e.actor, e.note FROM device_events e "
                                 "JOIN devices d ON d.id = e.device_id WHERE d.account_id = ? ORDER BY d.id, e.at, e.id"),
                  {accountId});
    if (!q)
        return q.error();
    QList<DeviceEventRow> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toLongLong(), q->value(3).toString(),
                    q->value(4).toString(), q->value(5).toString()});
    return out;
}

Result<qint64> PlatformHistoryStore::attemptCount(const AttemptQuery &query)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    QList<QVariant> values;
    const QString where = attemptWhere(query, values);
    auto q = execList(db.value(), QStringLiteral("SELECT COUNT(*) FROM login_attempts WHERE %1").arg(where), values,
                      QStringLiteral("counting login attempts"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QList<AttemptSummary>> PlatformHistoryStore::attemptPage(const AttemptQuery &query, qint64 offset, int limit, qint64 total)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    offset = std::max<qint64>(0, offset);
    limit = std::max(0, limit);
    if (limit == 0 || (total >= 0 && offset >= total))
        return QList<AttemptSummary>(); // past the end (LIMIT -n would mean "no limit" to SQLite)
    const bool fromEnd = total > 0 && offset > total / 2; // total < 0: not counted yet
    qint64 skip = offset;
    if (fromEnd) {
        const qint64 end = std::min(total, offset + limit);
        skip = total - end;
        limit = int(std::max<qint64>(0, end - offset));
    }
    QList<QVariant> values;
    const QString where = attemptWhere(query, values);
    values << limit << skip;
    const QString order = fromEnd ? QStringLiteral("at DESC, id DESC") : QStringLiteral("at, id");
    auto q = execList(db.value(),
                      QStringLiteral("SELECT id, at, method, outcome, reason, device_id, ip, city, country FROM login_attempts "
                                     "WHERE %1 ORDER BY %2 LIMIT ? OFFSET ?")
                          .arg(where, order),
                      values, QStringLiteral("reading login attempts"));
    if (!q)
        return q.error();
    QList<AttemptSummary> out;
    while (q->next()) {
        AttemptSummary a;
        a.id = q->value(0).toString();
        a.at = q->value(1).toLongLong();
        a.method = q->value(2).toString();
        a.outcome = q->value(3).toString();
        a.reason = q->value(4).toString();
        a.device = q->value(5).toString();
        a.ip = q->value(6).toString();
        const QString city = q->value(7).toString(), country = q->value(8).toString();
        a.place = city.isEmpty() ? country : (country.isEmpty() ? city : city + QStringLiteral(", ") + country);
        out.append(a);
    }
    if (fromEnd)
        std::reverse(out.begin(), out.end());
    return out;
}

Result<QList<AttemptDay>> PlatformHistoryStore::attemptsPerDay(const QString &accountId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    constexpr qint64 kDayMs = 86400000;
    auto q = exec(db.value(),
                  QStringLiteral("SELECT (at / %1) * %1 AS day, method, outcome, COUNT(*) FROM login_attempts "
                                 "WHERE account_id = ? GROUP BY day, method, outcome ORDER BY day")
                      .arg(kDayMs),
                  {accountId});
    if (!q)
        return q.error();
    QList<AttemptDay> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toInt()});
    return out;
}

Result<QList<Incident>> PlatformHistoryStore::incidents()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = exec(db.value(), QStringLiteral("SELECT id, kind, start_at, end_at, components, generators, regions, summary "
                                             "FROM incidents ORDER BY start_at DESC, id"));
    if (!q)
        return q.error();
    QList<Incident> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(), q->value(2).toLongLong(), q->value(3).toLongLong(),
                    q->value(4).toString(), q->value(5).toString(), q->value(6).toString(), q->value(7).toString()});
    return out;
}

} // namespace rd::storage
