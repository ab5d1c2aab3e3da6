#include "storage/PgSession.h"

#include "storage/Sql.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <vector>

namespace rd::storage {

pg_conn *pgConnectionOf(const QSqlDatabase &db)
{
    // Qt documents the handle of its PostgreSQL driver as a QVariant holding "PGconn*"; Qt 6
    // names the type by its struct. Debian's driver and this program link the same libpq.
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

Error pgFailure(pg_conn *conn, const char *doing)
{
    if (PQstatus(conn) != CONNECTION_OK)
        return lostConnection(QLatin1String(doing));
    return Error::storage(QStringLiteral("Database error while %1: %2")
                              .arg(QLatin1String(doing), QString::fromUtf8(PQerrorMessage(conn)).trimmed()));
}

Status pgTakeOver(pg_conn *conn, bool inTransaction, const char *doing)
{
    bool copying = false;
    while (PGresult *r = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(r);
        copying = status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH;
        PQclear(r);
        if (copying)
            break;
    }
    if (PQstatus(conn) != CONNECTION_OK)
        return pgFailure(conn, doing);
    // Idle means in the transaction, or in its failed state (a failed statement rolls back to
    // its savepoint), or, where none is asked for, outside one.
    const PGTransactionStatusType state = PQtransactionStatus(conn);
    const bool idle = state == PQTRANS_INTRANS || state == PQTRANS_INERROR || (!inTransaction && state == PQTRANS_IDLE);
    if (copying || !idle)
        return Error::storage(QStringLiteral("Database error while %1: the connection is not between statements.").arg(QLatin1String(doing)));
    return {};
}

Status pgEachRow(pg_conn *conn, const char *sql, std::initializer_list<QByteArray> params, const PgRowVisitor &visit,
                 const char *doing)
{
    if (auto s = pgTakeOver(conn, false, doing); !s)
        return s;
    std::vector<const char *> values;
    for (const QByteArray &p : params)
        values.push_back(p.isNull() ? nullptr : p.constData());
    PGresult *r = PQexecParams(conn, sql, int(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return pgFailure(conn, doing);
    }
    const int columns = PQnfields(r);
    std::vector<QByteArrayView> row(static_cast<std::size_t>(columns));
    for (int i = 0, n = PQntuples(r); i < n; ++i) {
        for (int c = 0; c < columns; ++c)
            row[std::size_t(c)] = PQgetisnull(r, i, c) ? QByteArrayView() : QByteArrayView(PQgetvalue(r, i, c), PQgetlength(r, i, c));
        if (!visit(row.data(), columns))
            break;
    }
    PQclear(r);
    return {};
}

} // namespace rd::storage
