#pragma once

#include "storage/DatabaseLocation.h"

#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace rd::storage {

// Everything that differs between SQLite and PostgreSQL lives here and nowhere else.
class SqlDialect final {
public:
    explicit SqlDialect(Backend backend) : m_backend(backend) {}
    // The dialect of an open connection (by its Qt driver).
    static SqlDialect of(const QSqlDatabase &db);

    Backend backend() const { return m_backend; }
    QString driverName() const;
    // Fills {{BLOB}}, {{INT64}}, {{REAL}}, {{AUTO_ID}}, {{WITHOUT_ROWID}} placeholders in SQL text and keeps
    // only this backend's "-- sqlite-only" / "-- postgres-only" sections.
    QString expand(QString sql) const;
    // Statements that open a transaction holding the one write lock of the database before
    // anything is read, so that appends to the audit chain are serialized across processes
    // (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock, which needs no
    // privilege the application role lacks).
    QStringList beginSerializedWrite() const;
    // One row, one column, non-zero when the table named by the one parameter exists.
    QString tableExistsQuery() const;
    // One row, one column: whether this connection may change the schema (PostgreSQL: only the
    // schema's owner; the application role may not).
    QString mayMigrateQuery() const;
    // Statements run after the migrations, in their transaction (PostgreSQL: the application
    // role's rights: ordinary ones everywhere, append-only on the audit trail).
    QStringList afterMigration() const;

    // Telling other desks that something changed (the live desk, SPEC §12.1). PostgreSQL: run
    // inside every write transaction, so the notice is delivered at commit and only then;
    // SQLite has no notices (changeProbe() is polled instead) and returns an empty string.
    static constexpr const char *kChangeChannel = "recoverydesk_changes";
    QString changeNotice() const;
    // One row, one column that differs after another connection committed a change (SQLite:
    // PRAGMA data_version); empty where changes are announced with changeNotice().
    QString changeProbe() const;

    // Statements around one bulk write (an import): SQLite gets a page cache big enough that an
    // import's pages are not spilled and re-read: at most 64 MiB for the main file and 16 MiB
    // for the temporary tables, whatever the file's size. endBulkWrite() gives the defaults back.
    // PostgreSQL keeps notices to the server for the transaction (run inside it).
    static constexpr qint64 kBulkWriteCacheBytes = (64 + 16) << 20;
    QStringList beginBulkWrite() const;
    QStringList endBulkWrite() const;

    // A column of every ordinary table that a new row gets larger than every row before it
    // (SQLite: rowid), so a transaction can tell the rows it inserted; empty where there is none.
    QString insertionOrder() const;

    // Statements that start a read-only transaction seeing one consistent snapshot.
    QStringList beginSnapshot() const;
    // Statements after rows with their own ids were copied into table (PostgreSQL: the id
    // sequence moves past them, or the next insert would collide).
    QStringList afterCopy(const QString &table) const;

    // Full-text case search. searchText() is what is stored for a text (PostgreSQL: our own
    // tokens, so both backends split words alike), searchCondition() a condition on cases.id with
    // one parameter, searchParameter() that parameter for what the user typed (empty: no search).
    QString searchText(const QString &text) const;
    QString searchCondition() const;
    QString searchParameter(const QString &userText) const;

private:
    Backend m_backend;
};

} // namespace rd::storage
