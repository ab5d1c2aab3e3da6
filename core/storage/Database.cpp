#include "storage/Database.h"

#include "common/PrivateFile.h"
#include "storage/Migrations.h"
#include "storage/Sql.h"
#include "storage/SqliteLibrary.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <cstdlib>
#include <execinfo.h>

namespace rd::storage {
namespace {

QAtomicInt g_instanceCounter;

// libpq parameters of a team database: the URL's own, a connect time-out so that an unreachable
// server is a message rather than a frozen desk, and a name for the server's activity view.
QString postgresOptions(const DatabaseLocation &location)
{
    QStringList options;
    bool timeout = false;
    bool name = false;
    for (const auto &[key, value] : location.parameters) {
        options << key + u'=' + value; // DatabaseLocation lets through no spaces, quotes or ';'
        timeout = timeout || key == QLatin1String("connect_timeout");
        name = name || key == QLatin1String("application_name");
    }
    if (!timeout)
        options << QStringLiteral("connect_timeout=10");
    // A server that vanishes without closing the connection (a cut cable, a crashed host) is
    // noticed within about 25 s, also while a statement waits for its answer.
    options << QStringLiteral("keepalives=1") << QStringLiteral("keepalives_idle=10")
            << QStringLiteral("keepalives_interval=5") << QStringLiteral("keepalives_count=3");
    if (!name)
        options << QStringLiteral("application_name=recoverydesk");
    return options.join(u';');
}

// One sentence naming the server and the cause, from libpq's several lines.
Error connectionError(const DatabaseLocation &location, const QString &driverText)
{
    QString cause = driverText.trimmed().section(u'\n', 0, 0).trimmed();
    const qsizetype failed = cause.indexOf(QLatin1String(" failed: "));
    if (cause.startsWith(QLatin1String("connection to server")) && failed > 0)
        cause = cause.mid(failed + 9).trimmed();
    if (cause.startsWith(QLatin1String("FATAL:")))
        cause = cause.mid(6).trimmed();
    if (cause.endsWith(u'.'))
        cause.chop(1);
    if (cause.contains(QLatin1String("no password supplied")))
        cause = QStringLiteral("the server asks for a password and none was given (PGPASSWORD or ~/.pgpass)");
    if (cause.isEmpty())
        cause = QStringLiteral("the server did not answer");
    // The words come from the server: no control character (an escape sequence) reaches a terminal.
    cause = cause.left(300);
    for (QChar &c : cause)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = u'?';
    Error e = Error::storage(QStringLiteral("Cannot connect to the team database %1 on %2: %3.")
                                 .arg(location.databaseName, location.host, cause));
    e.field = QStringLiteral("database");
    return e;
}

} // namespace

Database::Database(DatabaseLocation location)
    : m_location(std::move(location)), m_dialect(m_location.backend),
      m_prefix(QStringLiteral("rd-%1").arg(g_instanceCounter.fetchAndAddRelaxed(1)))
{
}

Database::~Database()
{
    explicit_bzero(m_password.data(), size_t(m_password.size()));
    QMutexLocker lock(&m_mutex);
    for (const QString &name : std::as_const(m_connectionNames)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseLocation &location, const Options &options)
{
    if (location.backend == Backend::Sqlite) {
        const QFileInfo info(location.sqlitePath);
        if (!info.exists()) {
            if (options.mode == OpenMode::MustExist) {
                Error e = Error::storage(QStringLiteral("No database at %1; create it first or give the right path.")
                                             .arg(location.sqlitePath));
                e.field = QStringLiteral("database");
                e.code = ErrorCode::MissingValue;
                return e;
            }
            // New folders are 0700: the database holds password hashes, notes and the audit trail.
            if (auto made = createPrivateFolders(info.absolutePath()); !made)
                return made.error();
            // Private from its first byte, never through a link planted at the path; SQLite gives
            // its -wal and -shm files the same mode.
            const int fd = ::open(QFile::encodeName(location.sqlitePath).constData(),
                                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd >= 0) {
                ::close(fd);
            } else if (errno != EEXIST || !QFileInfo(location.sqlitePath).isFile() || QFileInfo(location.sqlitePath).isSymLink()) {
                // (EEXIST for a plain file: another process created it a moment ago.)
                return Error::storage(QStringLiteral("Cannot create the database file %1: %2.")
                                          .arg(location.sqlitePath, qt_error_string(errno)));
            }
        } else if (!info.isFile()) {
            return Error::storage(QStringLiteral("%1 is not a database file.").arg(location.sqlitePath));
        }
    }
    std::shared_ptr<Database> database(new Database(location));
    // A copy of its own (not shared with the caller's array), so the wipe reaches every byte.
    database->m_password = QByteArray(options.password.constData(), options.password.size());
    auto conn = database->connection();
    if (!conn)
        return conn.error();
    QSqlDatabase db = conn.value();
    auto version = migrate(db, database->m_dialect);
    if (!version)
        return version.error();
    database->m_schemaVersion = version.value();
    return database;
}

QString Database::connectionName() const
{
    return QStringLiteral("%1-%2").arg(m_prefix).arg(quintptr(QThread::currentThreadId()));
}

void Database::releaseConnection()
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
    QMutexLocker lock(&m_mutex);
    m_connectionNames.removeAll(name);
}

namespace {

std::atomic<QThread *> guardedThread{nullptr};
std::atomic<bool> guardAborts{false};

} // namespace

void Database::guardThread(QThread *thread, GuardMode mode)
{
    guardAborts = mode == GuardMode::Abort;
    guardedThread = thread;
}

Result<QSqlDatabase> Database::connection()
{
    if (QThread *guarded = guardedThread.load(); guarded && QThread::currentThread() == guarded) {
        qWarning("RecoveryDesk: a database call on the GUI thread; it belongs on a database thread "
                 "(ui/common/Background.h)");
        // Where it came from (addr2line -f -C -e <binary> <offset> names the caller).
        void *frames[24];
        ::backtrace_symbols_fd(frames, ::backtrace(frames, 24), 2);
        if (guardAborts)
            std::abort();
    }
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        // Inside a transaction the connection stays, dead or not: its statements must fail
        // rather than run on their own, committed one by one, on a fresh connection.
        if (db.isValid() && isInTransaction(db))
            return db;
        // A team database's connection closes itself when its server goes away (a restart, a
        // network cut): the next call connects again instead of failing for good. So does one
        // older than reconnectAll().
        if (db.isValid() && db.isOpen() && db.driver()->property("rd-generation").toInt() == m_generation.load())
            return db;
        // Otherwise the OS reused a thread id: this name belongs to a finished worker thread's
        // connection, which Qt refuses to hand to another thread. Replace it.
        if (db.isValid())
            db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    return openConnection(name);
}

Result<QSqlDatabase> Database::openConnection(const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), name);
    {
        QMutexLocker lock(&m_mutex);
        if (!m_connectionNames.contains(name))
            m_connectionNames.append(name);
    }
    if (!db.isValid())
        return Error::storage(QStringLiteral("The Qt SQL driver %1 is not installed.").arg(m_dialect.driverName()));
    if (m_location.backend == Backend::Sqlite) {
        configureSqliteLibrary();
        db.setDatabaseName(m_location.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db.setHostName(m_location.host);
        db.setPort(m_location.port);
        db.setUserName(m_location.user);
        db.setDatabaseName(m_location.databaseName);
        db.setConnectOptions(postgresOptions(m_location));
        // Only what the desktop's dialog asked for; otherwise libpq's own PGPASSWORD or ~/.pgpass.
        if (!m_password.isEmpty())
            db.setPassword(QString::fromUtf8(m_password));
    }
    if (!db.open()) {
        if (m_location.backend == Backend::Postgres)
            return connectionError(m_location, db.lastError().databaseText());
        return Error::storage(QStringLiteral("Cannot open the database %1: %2.")
                                  .arg(m_location.describe(), db.lastError().text().trimmed()));
    }
    if (m_location.backend == Backend::Sqlite) {
        // WAL for concurrent readers, FULL sync so a committed approval or audit entry
        // survives power loss, and foreign keys because SQLite leaves them off by default.
        // secure_delete: SQLite fills a new page's unused space with whatever its buffer held,
        // which may be freed heap memory (once, a typed backup code reached the WAL that way
        // under ASan); with it on, new pages are zeroed and deleted content is overwritten.
        const char *pragmas[] = {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
                                 "PRAGMA synchronous = FULL", "PRAGMA temp_store = FILE",
                                 "PRAGMA secure_delete = ON"};
        for (const char *p : pragmas) {
            QSqlQuery q(db);
            if (!q.exec(QString::fromLatin1(p))) {
                Error e = Error::storage(QStringLiteral("The file %1 is not a usable RecoveryDesk database (%2); "
                                                        "restore it from a backup or use another database.")
                                             .arg(m_location.describe(), q.lastError().text().trimmed()));
                e.field = QStringLiteral("database");
                return e;
            }
        }
    }
    db.driver()->setProperty("rd-generation", m_generation.load());
    return db;
}

Status Database::checkIntegrity(bool thorough)
{
    if (m_location.backend != Backend::Sqlite)
        return {};
    auto conn = connection();
    if (!conn)
        return conn.error();
    QSqlQuery q(conn.value());
    q.setForwardOnly(true);
    if (!q.exec(thorough ? QStringLiteral("PRAGMA integrity_check(20)") : QStringLiteral("PRAGMA quick_check(20)")))
        return sqlError(QStringLiteral("checking the database file"), q);
    // Each row is one finding, some of several lines ("*** in database main ***\nPage 59: ...").
    QStringList problems;
    while (q.next()) {
        for (const QString &line : q.value(0).toString().split(u'\n', Qt::SkipEmptyParts)) {
            if (line != QLatin1String("ok") && !line.startsWith(QLatin1String("*** in database")))
                problems.append(line.trimmed().left(200));
        }
    }
    if (problems.isEmpty())
        return {};
    return damagedDatabase(QStringLiteral("integrity check: %1%2")
                               .arg(problems.first(), problems.size() > 1
                                                          ? QStringLiteral(" and %1 more").arg(problems.size() - 1)
                                                          : QString()));
}

} // namespace rd::storage
