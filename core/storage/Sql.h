#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace rd::storage {

// A storage error that says what was being done and what the driver answered; a damaged SQLite
// file is ErrorCode::Damaged whatever was being done.
Error sqlError(const QString &doing, const QSqlQuery &query);
Error sqlError(const QString &doing, const QSqlDatabase &db);

// The error for a server that went away while doing something (ErrorCode::ConnectionLost).
Error lostConnection(const QString &doing);
// The error for a damaged database file (ErrorCode::Damaged), with SQLite's own words.
Error damagedDatabase(const QString &detail);
// SQLite's primary result codes for damage (sqlite3.h is not included outside storage).
inline constexpr int kSqliteCorrupt = 11;
inline constexpr int kSqliteNotADatabase = 26;

// Prepares sql, binds values positionally and executes it. SQL is always parameterized.
Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, std::initializer_list<QVariant> values = {});
// The same with values gathered at run time (a WHERE clause built from a filter).
Result<QSqlQuery> execList(const QSqlDatabase &db, const QString &sql, const QVariantList &values);
// Executes an already prepared query with the given values.
Status run(QSqlQuery &query, std::initializer_list<QVariant> values, const QString &doing);

// A plain transaction that rolls back unless committed. Only for schema migrations at open:
// every change of data goes through audit::AuditLog::write, which takes a WriteTransaction.
class Transaction final {
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Status begin();
    Status commit();
    void rollback();

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

class SqlDialect;

// A transaction that takes the write lock before reading (BEGIN IMMEDIATE on SQLite), for
// changes that also append to the audit chain. Rolls back unless committed.
class WriteTransaction final {
public:
    WriteTransaction(QSqlDatabase db, const SqlDialect &dialect) : m_db(std::move(db)), m_dialect(dialect) {}
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    Status begin();
    Status commit();
    void rollback();
    QSqlDatabase &db() { return m_db; }

private:
    QSqlDatabase m_db;
    const SqlDialect &m_dialect;
    bool m_open = false;
};

// Marks a connection as inside a transaction (or no longer). Database::connection() never
// replaces such a connection, even a dead one: a statement of the transaction must fail rather
// than run, committed on its own, on a fresh connection.
void markInTransaction(const QSqlDatabase &db, bool inside);
bool isInTransaction(const QSqlDatabase &db);

// NULL-aware conversions between optionals and QVariant.
QVariant nullableInt64(bool present, qint64 value);
QVariant nullableText(const QString &value);
QVariant nullableTime(const std::optional<qint64> &value);
std::optional<qint64> optionalInt64(const QVariant &value);

} // namespace rd::storage
