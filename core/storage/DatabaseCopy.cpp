#include "storage/DatabaseCopy.h"

#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/SqlDialect.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>

namespace rd::storage {
namespace {

// Rows per INSERT: far below both backends' limits on parameters, few enough round trips.
constexpr int kBatchRows = 200;

Result<QStringList> columnsOf(QSqlDatabase &db, const QString &table)
{
    if (table == QLatin1String("case_search"))
        return QStringList{QStringLiteral("case_id"), QStringLiteral("body")}; // FTS5 on SQLite: not a plain table
    const QSqlRecord record = db.record(table);
    if (record.isEmpty())
        return Error::storage(QStringLiteral("The database has no table %1.").arg(table));
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns << record.fieldName(i).toLower();
    columns.sort();
    return columns;
}

// The columns to copy: the target's own (this build's schema), which the source must have too;
// names reach the SQL quoted by each side's driver, never as the other database spelled them.
Result<QStringList> sharedColumns(QSqlDatabase &in, QSqlDatabase &out, const QString &table)
{
    auto source = columnsOf(in, table);
    if (!source)
        return source.error();
    auto target = columnsOf(out, table);
    if (!target)
        return target.error();
    if (source.value() != target.value())
        return Error::storage(QStringLiteral("The source's table %1 does not have this RecoveryDesk's columns; open it with this "
                                             "version first.")
                                  .arg(table));
    return target.value();
}

QString quoted(const QSqlDatabase &db, const QStringList &columns)
{
    QStringList out;
    for (const QString &c : columns)
        out << db.driver()->escapeIdentifier(c, QSqlDriver::FieldName);
    return out.join(u',');
}

Status refuseNonEmpty(Database &target, QSqlDatabase &conn)
{
    for (const QString &table : copiedTables()) {
        auto q = exec(conn, QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM %1 LIMIT 1) AS probe").arg(table));
        if (!q)
            return q.error();
        if (q->next() && q->value(0).toLongLong() > 0) {
            Error e(ErrorKind::Refused,
                    QStringLiteral("The target %1 already holds data (table %2); copy only into an empty database.")
                        .arg(target.location().describe(), table),
                    ErrorCode::Conflict, QStringLiteral("target"));
            return e;
        }
    }
    return {};
}

Status flush(QSqlDatabase &db, const QString &table, const QStringList &columns, QList<QVariantList> &rows)
{
    if (rows.isEmpty())
        return {};
    const QString one = u'(' + QStringList(columns.size(), QStringLiteral("?")).join(u',') + u')';
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                       .arg(table, quoted(db, columns), QStringList(rows.size(), one).join(u','))))
        return sqlError(QStringLiteral("preparing the copy of %1").arg(table), q);
    for (const QVariantList &row : std::as_const(rows))
        for (const QVariant &v : row)
            q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("copying %1").arg(table), q);
    rows.clear();
    return {};
}

} // namespace

const QStringList &copiedTables()
{
    static const QStringList tables = {
        QStringLiteral("accounts"),       QStringLiteral("code_sets"),     QStringLiteral("codes"),
        QStringLiteral("devices"),        QStringLiteral("device_events"), QStringLiteral("login_attempts"),
        QStringLiteral("security_events"), QStringLiteral("incidents"),    QStringLiteral("operators"),
        QStringLiteral("policy"),         QStringLiteral("diagnoses"),     QStringLiteral("audit_log"),
        QStringLiteral("audit_checkpoints"), QStringLiteral("cases"),      QStringLiteral("case_notes"),
        QStringLiteral("case_events"),    QStringLiteral("evidence"),      QStringLiteral("reset_requests"),
        QStringLiteral("outbox"),         QStringLiteral("case_search"),   QStringLiteral("installation"),
        // Four eyes travels too: decided and waiting grants, and the delivery key's pins (without
        // them a copied desk would refuse every reset: the key in use is pinned nowhere).
        QStringLiteral("pending_grants"), QStringLiteral("delivery_keys")};
    return tables;
}

Status checkCopyTarget(Database &source, Database &target)
{
    if (source.schemaVersion() != target.schemaVersion())
        return Error::storage(QStringLiteral("The source (schema %1) and the target (schema %2) differ; open both with "
                                             "this RecoveryDesk first.")
                                  .arg(source.schemaVersion())
                                  .arg(target.schemaVersion()));
    auto conn = target.connection();
    if (!conn)
        return conn.error();
    return refuseNonEmpty(target, conn.value());
}

Status copyDatabase(Database &source, Database &target, const std::function<bool(const QString &, qint64)> &progress)
{
    if (auto s = checkCopyTarget(source, target); !s)
        return s;
    auto src = source.connection();
    if (!src)
        return src.error();
    auto dst = target.connection();
    if (!dst)
        return dst.error();
    QSqlDatabase &in = src.value();
    QSqlDatabase &out = dst.value();
    const SqlDialect &from = source.dialect();
    const SqlDialect &to = target.dialect();
    // One consistent picture of the source while desks may keep working on it.
    markInTransaction(in, true);
    for (const QString &sql : from.beginSnapshot()) {
        QSqlQuery begin(in); // transaction control is not prepared: PostgreSQL's driver cannot
        if (!begin.exec(sql))
            return sqlError(QStringLiteral("starting to read the source"), begin);
    }
    struct EndSnapshot {
        QSqlDatabase db;
        ~EndSnapshot()
        {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            markInTransaction(db, false);
        }
    } endSnapshot{in};
    WriteTransaction tx(out, to);
    if (auto s = tx.begin(); !s)
        return s;
    // Again under the target's write lock: nobody wrote to it since the check.
    if (auto s = refuseNonEmpty(target, out); !s)
        return s;
    for (const QString &table : copiedTables()) {
        auto columns = sharedColumns(in, out, table);
        if (!columns)
            return columns.error();
        QSqlQuery read(in);
        read.setForwardOnly(true);
        if (!read.exec(QStringLiteral("SELECT %1 FROM %2").arg(quoted(in, columns.value()), table)))
            return sqlError(QStringLiteral("reading %1").arg(table), read);
        const int bodyColumn = table == QLatin1String("case_search") ? int(columns->indexOf(QStringLiteral("body"))) : -1;
        QList<QVariantList> batch;
        qint64 rows = 0;
        while (read.next()) {
            QVariantList row;
            row.reserve(columns->size());
            for (int i = 0; i < columns->size(); ++i)
                row << (i == bodyColumn ? QVariant(to.searchText(read.value(i).toString())) : read.value(i));
            batch << row;
            ++rows;
            if (batch.size() == kBatchRows) {
                if (auto s = flush(out, table, columns.value(), batch); !s)
                    return s;
                if (progress && !progress(table, rows))
                    return Error(ErrorKind::Refused, QStringLiteral("The copy was cancelled; the target was left empty."),
                                 ErrorCode::Cancelled);
            }
        }
        if (read.lastError().isValid())
            return sqlError(QStringLiteral("reading %1").arg(table), read);
        if (auto s = flush(out, table, columns.value(), batch); !s)
            return s;
        for (const QString &sql : to.afterCopy(table))
            if (auto s = exec(out, sql); !s)
                return s.error();
        if (progress && !progress(table, rows))
            return Error(ErrorKind::Refused, QStringLiteral("The copy was cancelled; the target was left empty."), ErrorCode::Cancelled);
    }
    return tx.commit();
}

} // namespace rd::storage
