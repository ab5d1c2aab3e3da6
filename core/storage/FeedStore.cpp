#include "storage/FeedStore.h"

#include "storage/Sql.h"

namespace rd::storage {
namespace {

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

} // namespace

Result<std::optional<importer::FeedPosition>> FeedStore::position(const QString &feed)
{
    auto q = exec(m_db, QStringLiteral("SELECT file_id, byte_offset, line FROM feed_positions WHERE feed = ?"), {feed});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<importer::FeedPosition>{};
    importer::FeedPosition p{q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toLongLong()};
    q->finish();
    return std::optional<importer::FeedPosition>(p);
}

Status FeedStore::savePosition(const QString &feed, const importer::FeedPosition &p, qint64 now)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO feed_positions (feed, file_id, byte_offset, line, updated_at) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (feed) DO UPDATE SET file_id = excluded.file_id, byte_offset = excluded.byte_offset, "
                                 "line = excluded.line, updated_at = excluded.updated_at"),
                  {feed, p.fileId, p.offset, p.line, now});
    return q ? Status{} : Status{q.error()};
}

Status FeedStore::quarantine(const importer::QuarantinedLine &l)
{
    auto q = exec(m_db,
                  QStringLiteral("INSERT INTO import_quarantine (feed, line, received_at, record_type, error, excerpt, line_bytes) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                  {l.feed, l.line, l.receivedAt, textOrNull(l.recordType), l.error, textOrNull(l.excerpt), l.lineBytes});
    return q ? Status{} : Status{q.error()};
}

Result<QList<importer::QuarantinedLine>> FeedStore::quarantined(int limit)
{
    auto q = exec(m_db,
                  QStringLiteral("SELECT id, feed, line, received_at, record_type, error, excerpt, line_bytes FROM import_quarantine "
                                 "ORDER BY id DESC LIMIT ?"),
                  {limit});
    if (!q)
        return q.error();
    QList<importer::QuarantinedLine> out;
    while (q->next()) {
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toLongLong(), q->value(3).toLongLong(),
                    q->value(4).toString(), q->value(5).toString(), q->value(6).toString(), q->value(7).toLongLong()});
    }
    return out;
}

Result<qint64> FeedStore::quarantinedCount()
{
    auto q = exec(m_db, QStringLiteral("SELECT COUNT(*) FROM import_quarantine"));
    if (!q)
        return q.error();
    if (!q->next())
        return qint64(0);
    const qint64 n = q->value(0).toLongLong();
    q->finish();
    return n;
}

} // namespace rd::storage
