#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QSqlDatabase>

#include <functional>

struct pg_conn;

namespace rd::storage {

// libpq on the connection Qt's PostgreSQL driver holds, for the few bulk paths QtSql makes slow
// (an import's COPY, reading the whole audit trail). Used between Qt's statements only.

// The connection of a PostgreSQL QSqlDatabase; null for another backend.
pg_conn *pgConnectionOf(const QSqlDatabase &db);

// Drops what Qt's driver left unread of its last statement (it reads forward-only results
// lazily, and would drop them itself before its next statement), then checks that the
// connection is between statements. inTransaction: a transaction must be open (or failed).
Status pgTakeOver(pg_conn *conn, bool inTransaction, const char *doing);

// The error for a libpq call that failed while doing something (a lost connection is
// ErrorCode::ConnectionLost).
Error pgFailure(pg_conn *conn, const char *doing);

// Runs a query with text parameters and hands each row's text columns to visit, as views valid
// during the call (null columns as null views); stops when visit returns false.
using PgRowVisitor = std::function<bool(const QByteArrayView *columns, int count)>;
Status pgEachRow(pg_conn *conn, const char *sql, std::initializer_list<QByteArray> params, const PgRowVisitor &visit,
                 const char *doing);

} // namespace rd::storage
