#pragma once

#include "common/Result.h"
#include "storage/DatabaseLocation.h"
#include "storage/SqlDialect.h"

#include <QByteArray>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;

namespace rd::storage {

// An open RecoveryDesk database. QSqlDatabase connections are thread-bound, so connection()
// hands each thread its own, configured the same way (WAL, foreign keys, synchronous=FULL).
class Database final {
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    struct Options {
        OpenMode mode = OpenMode::CreateIfMissing;
        // Team mode: the password the desktop asked for (kept in memory only, wiped on close).
        // Empty: libpq's own PGPASSWORD or ~/.pgpass, as everywhere else.
        QByteArray password;
    };

    // Opens (or creates) the database and runs pending migrations. Opening costs the same on a
    // file of any size: damage is met (ErrorCode::Damaged) where a statement reads it, and
    // checkIntegrity() looks for it everywhere.
    static Result<std::shared_ptr<Database>> open(const DatabaseLocation &location, const Options &options);
    static Result<std::shared_ptr<Database>> open(const DatabaseLocation &location)
    {
        return open(location, Options{});
    }
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // This thread's connection; opened on first use.
    Result<QSqlDatabase> connection();

    // The desktop's guard against a frozen window: no database work may run on its GUI thread.
    // Once a thread is guarded, every connection() asked for on it is reported with a backtrace
    // (qWarning, or abort() to stop there). The desktop guards its GUI thread in debug builds or
    // with RECOVERYDESK_GUI_THREAD_GUARD=warn|abort; the GUI tests run with abort.
    enum class GuardMode { Warn, Abort };
    static void guardThread(QThread *thread, GuardMode mode = GuardMode::Warn);
    // Closes and forgets this thread's connection. Worker threads call it before they end:
    // Qt ties a connection to the thread that opened it, and the OS reuses thread ids.
    void releaseConnection();
    // The server went away and came back (the live desk noticed): every thread's connection is
    // opened anew at its next use, instead of each failing once on its dead one.
    void reconnectAll() { m_generation.fetch_add(1); }
    // Reads every page of an SQLite file (PRAGMA quick_check; integrity_check when thorough, which
    // also matches every index to its table). Seconds on a large file, so never part of opening:
    // the `check` command runs it, and the desktop after an unclean shutdown, off its GUI thread.
    // A team database's pages are its server's to check (data checksums): nothing to read here.
    // Damage is a Storage error with ErrorCode::Damaged.
    Status checkIntegrity(bool thorough = false);
    const SqlDialect &dialect() const { return m_dialect; }
    const DatabaseLocation &location() const { return m_location; }
    int schemaVersion() const { return m_schemaVersion; }

private:
    explicit Database(DatabaseLocation location);
    QString connectionName() const;
    Result<QSqlDatabase> openConnection(const QString &name);

    DatabaseLocation m_location;
    SqlDialect m_dialect;
    QString m_prefix;
    QByteArray m_password;
    int m_schemaVersion = 0;
    QMutex m_mutex;
    QStringList m_connectionNames;
    std::atomic<int> m_generation{0};
};

} // namespace rd::storage
