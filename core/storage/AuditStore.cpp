#include "storage/AuditStore.h"

#include "storage/BulkStatement.h"
#include "storage/PgSession.h"

#include "common/CanonicalJson.h"
#include "storage/Sql.h"
#include "storage/SqlDialect.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <charconv>

namespace rd::storage {
namespace {

const QString kColumns = QStringLiteral("seq, at, operator, role, action, subject, details, prev_hash, hash");

// " AND ..." for the conditions that are set (so SQLite can use the at and subject indexes).
QString filterConditions(const audit::AuditFilter &filter, QList<QVariant> &values)
{
    QString where;
    const std::pair<const char *, QString> conditions[] = {{"at >= ?", filter.from},          {"at <= ?", filter.to},
                                                           {"operator = ?", filter.operatorName}, {"action = ?", filter.action},
                                                           {"subject = ?", filter.subject}};
    for (const auto &[condition, value] : conditions) {
        if (!value.isEmpty()) {
            where += QStringLiteral(" AND ") + QLatin1String(condition);
            values << value;
        }
    }
    return where;
}

Result<QSqlQuery> execBound(const QSqlDatabase &db, const QString &sql, const QList<QVariant> &values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return sqlError(QStringLiteral("reading the audit trail"), q);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the audit trail"), q);
    return q;
}

audit::AuditEntry readEntry(const QSqlQuery &q)
{
    audit::AuditEntry e;
    e.seq = q.value(0).toLongLong();
    e.at = q.value(1).toString();
    e.operatorName = q.value(2).toString();
    e.role = q.value(3).toString();
    e.action = q.value(4).toString();
    e.subject = q.value(5).isNull() ? QString() : q.value(5).toString();
    e.storedDetails = q.value(6).toString().toUtf8();
    e.details = QJsonDocument::fromJson(e.storedDetails).object();
    e.prevHash = q.value(7).toString();
    e.hash = q.value(8).toString();
    return e;
}

} // namespace

Result<std::optional<audit::AuditEntry>> AuditStore::last()
{
    auto q = exec(m_db, QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq DESC LIMIT 1").arg(kColumns));
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<audit::AuditEntry>{};
    return std::optional<audit::AuditEntry>(readEntry(q.value()));
}

Result<std::optional<qint64>> AuditStore::changeCounter()
{
    const QString probe = SqlDialect::of(m_db).changeProbe();
    if (probe.isEmpty())
        return std::optional<qint64>{};
    QSqlQuery q(m_db);
    if (!q.exec(probe) || !q.next())
        return sqlError(QStringLiteral("looking for changes"), q);
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<qint64> AuditStore::lastSeq()
{
    auto q = exec(m_db, QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM audit_log"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QList<audit::AuditEntry>> AuditStore::headsAfter(qint64 seq, int limit)
{
    auto q = exec(m_db, QStringLiteral("SELECT seq, action, subject FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"),
                  {seq, limit});
    if (!q)
        return q.error();
    QList<audit::AuditEntry> heads;
    while (q->next()) {
        audit::AuditEntry e;
        e.seq = q->value(0).toLongLong();
        e.action = q->value(1).toString();
        e.subject = q->value(2).toString();
        heads.append(e);
    }
    return heads;
}

Result<std::optional<audit::AuditEntry>> AuditStore::bySeq(qint64 seq)
{
    auto q = exec(m_db, QStringLiteral("SELECT %1 FROM audit_log WHERE seq = ?").arg(kColumns), {seq});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<audit::AuditEntry>{};
    return std::optional<audit::AuditEntry>(readEntry(q.value()));
}

Result<qint64> AuditStore::count()
{
    auto q = exec(m_db, QStringLiteral("SELECT COUNT(*) FROM audit_log"));
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Status AuditStore::insert(const audit::AuditEntry &e)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
                  {e.seq, e.at, e.operatorName, e.role, e.action, nullableText(e.subject),
                   QString::fromUtf8(canonicalJson(e.details)), e.prevHash, e.hash});
    if (!q)
        return q.error();
    return {};
}

Status AuditStore::insertCheckpoint(const AuditCheckpoint &c)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO audit_checkpoints (seq, hash, signature, created_at) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (seq) DO NOTHING"),
                  {c.seq, c.hash, c.signature, c.createdAt});
    if (!q)
        return q.error();
    return {};
}

Result<QList<AuditCheckpoint>> AuditStore::checkpoints()
{
    auto q = exec(m_db, QStringLiteral("SELECT seq, hash, signature, created_at FROM audit_checkpoints ORDER BY seq"));
    if (!q)
        return q.error();
    QList<AuditCheckpoint> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString()});
    return out;
}

Status AuditStore::forEach(const std::function<bool(const audit::AuditEntry &)> &visit, const audit::AuditFilter &filter)
{
    constexpr int kChunk = 5000;
    QList<QVariant> values{0};
    const QString where = QStringLiteral("id > ?") + filterConditions(filter, values);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1, id FROM audit_log WHERE %2 ORDER BY id LIMIT %3").arg(kColumns, where).arg(kChunk)))
        return sqlError(QStringLiteral("reading the audit trail"), q);
    qint64 afterId = 0;
    for (;;) {
        values[0] = afterId;
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values[i]);
        if (!q.exec())
            return sqlError(QStringLiteral("reading the audit trail"), q);
        int n = 0;
        while (q.next()) {
            ++n;
            afterId = q.value(9).toLongLong();
            if (!visit(readEntry(q))) {
                q.finish();
                return {};
            }
        }
        q.finish();
        if (n < kChunk)
            return {};
    }
}

namespace {

std::optional<QByteArrayView> orNull(QByteArrayView v)
{
    return v.isNull() ? std::nullopt : std::optional<QByteArrayView>(v);
}

qint64 toInt64(QByteArrayView v)
{
    qint64 n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return n;
}

} // namespace

// PostgreSQL: through libpq, whose results are text in place, where QtSql would make a QString of
// every value and the verifier UTF-8 of it again (half of the reading thread's time).
Status AuditStore::forEachRowOfPostgres(pg_conn *conn, const std::function<bool(const AuditRowView &)> &visit)
{
    constexpr int kChunk = 20000;
    const QByteArray sql = QStringLiteral("SELECT %1, id FROM audit_log WHERE id > $1 ORDER BY id LIMIT %2").arg(kColumns).arg(kChunk).toUtf8();
    qint64 afterId = 0;
    AuditRowView row;
    for (;;) {
        int n = 0;
        bool stopped = false;
        auto read = pgEachRow(
            conn, sql.constData(), {QByteArray::number(afterId)},
            [&](const QByteArrayView *c, int) {
                ++n;
                afterId = toInt64(c[9]);
                row.seq = toInt64(c[0]);
                row.at = c[1];
                row.operatorName = c[2];
                row.role = c[3];
                row.action = c[4];
                row.subject = orNull(c[5]);
                row.details = c[6];
                row.prevHash = c[7];
                row.hash = c[8];
                stopped = !visit(row);
                return !stopped;
            },
            "reading the audit trail");
        if (!read || stopped || n < kChunk)
            return read;
    }
}

Status AuditStore::forEachRow(const std::function<bool(const AuditRowView &)> &visit)
{
    if (pg_conn *conn = pgConnectionOf(m_db))
        return forEachRowOfPostgres(conn, visit);
    // In chunks by id, as on PostgreSQL, whose driver would hold a whole result in memory.
    constexpr int kChunk = 20000;
    BulkStatement q(m_db);
    if (auto s = q.prepare(QStringLiteral("SELECT %1, id FROM audit_log WHERE id > ? ORDER BY id LIMIT %2").arg(kColumns).arg(kChunk)); !s)
        return s;
    qint64 afterId = 0;
    AuditRowView row;
    for (;;) {
        if (auto s = q.run({afterId}, "reading the audit trail"); !s)
            return s;
        int n = 0;
        while (q.next()) {
            ++n;
            afterId = q.int64(9);
            row.seq = q.int64(0);
            row.at = q.utf8(1).value_or(QByteArrayView());
            row.operatorName = q.utf8(2).value_or(QByteArrayView());
            row.role = q.utf8(3).value_or(QByteArrayView());
            row.action = q.utf8(4).value_or(QByteArrayView());
            row.subject = q.utf8(5);
            row.details = q.utf8(6).value_or(QByteArrayView());
            row.prevHash = q.utf8(7).value_or(QByteArrayView());
            row.hash = q.utf8(8).value_or(QByteArrayView());
            if (!visit(row)) {
                q.finish();
                return {};
            }
        }
        q.finish();
        if (n < kChunk)
            return {};
    }
}

Result<qint64> AuditStore::count(const audit::AuditFilter &filter, qint64 *lastId)
{
    QList<QVariant> values;
    auto q = execBound(m_db, QStringLiteral("SELECT COUNT(*), MAX(id) FROM audit_log WHERE 1 = 1") + filterConditions(filter, values),
                       values);
    if (!q)
        return q.error();
    if (!q->next())
        return 0;
    if (lastId)
        *lastId = q->value(1).isNull() ? -1 : q->value(1).toLongLong();
    return q->value(0).toLongLong();
}

Result<QList<audit::AuditEntry>> AuditStore::page(const audit::AuditFilter &filter, qint64 offset, int limit, qint64 total,
                                                  qint64 lastId)
{
    QList<QVariant> values;
    QString where = filterConditions(filter, values);
    // Skipping rows costs what is skipped: a page in the newer half is read from the end of what
    // was counted (descending, skipping only the rows after it), so the newest page of a million
    // entries is as quick as the oldest. Entries appended since the count have larger ids and are
    // left out, so every page keeps the position it had when counted. The order shown is by id.
    if (lastId > 0) { // what was counted, in either direction
        where += QStringLiteral(" AND id <= ?");
        values << lastId;
    }
    const bool fromEnd = total > 0 && lastId > 0 && offset > total / 2;
    if (fromEnd) {
        const qint64 take = std::min<qint64>(limit, total - offset);
        if (take <= 0)
            return QList<audit::AuditEntry>{};
        values << take << std::max<qint64>(0, total - offset - limit);
    } else {
        values << limit << offset;
    }
    auto q = execBound(m_db,
                       QStringLiteral("SELECT %1, id FROM audit_log WHERE 1 = 1%2 ORDER BY id %3 LIMIT ? OFFSET ?")
                           .arg(kColumns, where, fromEnd ? QStringLiteral("DESC") : QStringLiteral("ASC")),
                       values);
    if (!q)
        return q.error();
    QList<audit::AuditEntry> out;
    while (q->next())
        out.append(readEntry(q.value()));
    if (fromEnd)
        std::reverse(out.begin(), out.end());
    return out;
}

} // namespace rd::storage
