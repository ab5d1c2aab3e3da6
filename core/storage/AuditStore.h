#pragma once

#include "model/AuditEntry.h"
#include "common/Result.h"

#include <QByteArrayView>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

struct pg_conn;

namespace rd::storage {

class Database;

struct AuditCheckpoint {
    qint64 seq = 0;
    QString hash;
    QString signature; // base64 raw Ed25519
    QString createdAt;
};

// One entry as stored, its text columns as UTF-8 views valid only during the visit (verify reads
// a million of them: no QString, no JSON parse).
struct AuditRowView {
    qint64 seq = 0;
    QByteArrayView at;
    QByteArrayView operatorName;
    QByteArrayView role;
    QByteArrayView action;
    std::optional<QByteArrayView> subject;
    QByteArrayView details;
    QByteArrayView prevHash;
    QByteArrayView hash;
};

// SQL of the audit trail. Only INSERT and SELECT exist here: no code path updates or deletes.
class AuditStore final {
public:
    explicit AuditStore(QSqlDatabase db) : m_db(std::move(db)) {}

    // The newest entry by seq (nullopt for an empty log).
    Result<std::optional<audit::AuditEntry>> last();
    // The newest seq (0 for an empty log).
    Result<qint64> lastSeq();
    // A counter that moves when another connection (in any process) commits: SQLite's
    // data_version, read before the trail so that an idle desk reads nothing. nullopt where
    // changes are announced instead (PostgreSQL NOTIFY, SqlDialect::changeNotice()).
    Result<std::optional<qint64>> changeCounter();
    // Entries after seq in append order, at most limit, with only seq, action and subject read
    // (what the live desk needs to know about a change, never its details).
    Result<QList<audit::AuditEntry>> headsAfter(qint64 seq, int limit);
    Status insert(const audit::AuditEntry &entry);
    Status insertCheckpoint(const AuditCheckpoint &checkpoint);
    Result<QList<AuditCheckpoint>> checkpoints();
    Result<std::optional<audit::AuditEntry>> bySeq(qint64 seq);
    Result<qint64> count();
    // How many entries the filter holds, and (lastId) the largest id among them: with it a later
    // page() reads pages in the newer half from this end of the trail.
    Result<qint64> count(const audit::AuditFilter &filter, qint64 *lastId = nullptr);
    // Entries [offset, offset + limit) of the filtered trail in append order (the audit views).
    // Entries offset.. of the filter in id order. With the count and lastId of count(), a page in
    // the newer half is read from that end, and positions stay those of the count.
    Result<QList<audit::AuditEntry>> page(const audit::AuditFilter &filter, qint64 offset, int limit, qint64 total = -1,
                                          qint64 lastId = -1);
    // Entries in append order (by id), in chunks; the callback returns false to stop.
    Status forEach(const std::function<bool(const audit::AuditEntry &)> &visit, const audit::AuditFilter &filter = {});
    // Every entry in append order as it is stored (the verifier's fast path).
    Status forEachRow(const std::function<bool(const AuditRowView &)> &visit);

private:
    Status forEachRowOfPostgres(pg_conn *conn, const std::function<bool(const AuditRowView &)> &visit);
    QSqlDatabase m_db;
};

} // namespace rd::storage
