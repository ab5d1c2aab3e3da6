#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <optional>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace rd::storage {

// One prepared statement run many times in a row (an import's per-record statements). On SQLite
// it talks to the library directly through the connection's handle: QSqlQuery's positional
// binding formats and hashes a placeholder name for every value (a sixth of an import's
// instructions in callgrind, though only 3 % of its time). On other backends it is a QSqlQuery. Values are always bound, never
// spliced into SQL text. It holds a prepared statement of the connection: it must not outlive the
// transaction it was made in (SQLite refuses to close a connection with statements open).
class BulkStatement final {
public:
    explicit BulkStatement(const QSqlDatabase &db);
    ~BulkStatement();
    BulkStatement(const BulkStatement &) = delete;
    BulkStatement &operator=(const BulkStatement &) = delete;

    Status prepare(const QString &sql);
    // Binds the values in order and runs the statement; doing names it in an error (a phrase
    // like "writing a device", turned into text only then).
    Status run(std::initializer_list<QVariant> values, const char *doing);
    // The rows of a query just run, one at a time.
    bool next();
    QVariant value(int column) const;
    // A column of the current row as UTF-8 text, valid until the next next() (nullopt for NULL).
    // On SQLite it is read in place; on other backends converted into a buffer of this statement.
    std::optional<QByteArrayView> utf8(int column);
    // A column of the current row as an integer (0 for NULL), without a QVariant on SQLite.
    qint64 int64(int column) const;
    // Rows a write just run changed.
    qint64 rowsAffected() const;
    // Ends reading the rows (releases the read position).
    void finish();

private:
    Status bindNative(std::initializer_list<QVariant> values, const char *doing);
    Error nativeError(const char *doing) const;

    QSqlDatabase m_db;
    QSqlQuery m_query;
    sqlite3 *m_handle = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_pendingRow = false; // run() stepped onto a first row that next() has not returned yet
    bool m_onRow = false;
    qint64 m_changes = 0;
    std::vector<QByteArray> m_text; // each text parameter's UTF-8, bound in place (SQLITE_STATIC)
    std::vector<QByteArray> m_columns; // utf8()'s buffers where the driver hands out QStrings
};

} // namespace rd::storage
