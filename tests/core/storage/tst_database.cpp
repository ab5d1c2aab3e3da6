#include "DebianTools.h"
#include "TestSupport.h"

#include "storage/Migrations.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QProcess>
#include <QThread>

using namespace rd;

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void createsSchemaAndPragmas();
    void reopenKeepsDataAndVersion();
    void refusesGarbageFile();
    void refusesDamagedPages();
    void integrityCheckFindsWhatOpeningSkips();
    void aStatementJournalMaySpill();
    void refusesNewerSchema();
    void mustExistRefusesMissingFile();
    void connectionPerThread();
    void reconnectNeverReplacesAConnectionInATransaction();
    void locationParsing_data();
    void locationParsing();
    void splitsStatementsKeepingTriggers();
    void splitsDollarQuotedBodies();
    void failedMigrationLeavesNoSchema();
    // Team mode only (RD_TEST_BACKEND=postgres).
    void appRoleMayNotChangeTheTrail();
    void appRoleMayNotMigrate();
    void connectionFailuresAreOneSentence();
    void tlsVerifyFullWithPrivateCa();
};

// What only an SQLite file has (pragmas, pages, a path on disk).
#define SQLITE_ONLY()                                                                                                  \
    if (test::onPostgres())                                                                                            \
    QSKIP("an SQLite file property")
#define POSTGRES_ONLY()                                                                                                \
    if (!test::onPostgres())                                                                                           \
    QSKIP("team mode only: runs as tst_database_pg")

void TestDatabase::createsSchemaAndPragmas()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QCOMPARE(ws.database->schemaVersion(), storage::latestSchemaVersion());
    QVERIFY(storage::latestSchemaVersion() >= 1);
    for (const char *table : {"accounts", "code_sets", "codes", "devices", "device_events", "login_attempts",
                              "security_events", "incidents", "operators"})
        QCOMPARE(ws.count(QString::fromLatin1(table)), 0);
    if (test::onPostgres())
        return;
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2); // FULL
    // A new database file is private from its first byte.
    QCOMPARE(int(QFileInfo(ws.dbPath).permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)), 0);
}

void TestDatabase::reopenKeepsDataAndVersion()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(storage::exec(ws.connection(),
                          QStringLiteral("INSERT INTO accounts (id, created_at) VALUES (?, ?)"), {QStringLiteral("a1"), 1}).ok());
    ws.database.reset();
    auto loc = storage::DatabaseLocation::parse(ws.dbPath);
    auto again = storage::Database::open(loc.value());
    QVERIFY(again.ok());
    QCOMPARE(again.value()->schemaVersion(), storage::latestSchemaVersion());
    QSqlQuery q(again.value()->connection().value());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), storage::latestSchemaVersion()); // no migration ran twice
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM accounts")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("a1"));
}

void TestDatabase::refusesGarbageFile()
{
    SQLITE_ONLY();
    test::Workspace ws;
    QVERIFY(test::writeFile(ws.dbPath, QByteArray(8192, 'x')));
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    QVERIFY2(db.error().message.contains(ws.dbPath), qPrintable(db.error().message));
    QVERIFY2(db.error().message.contains(QStringLiteral("not")), qPrintable(db.error().message));
}

namespace {

// n accounts in one transaction; padding makes each handle that many characters longer.
bool addAccounts(const QSqlDatabase &conn, int n, int padding)
{
    if (!storage::exec(conn, QStringLiteral("BEGIN")).ok())
        return false;
    for (int i = 0; i < n; ++i)
        if (!storage::exec(conn, QStringLiteral("INSERT INTO accounts (id, handle, created_at) VALUES (?, ?, ?)"),
                           {QStringLiteral("acct-%1").arg(i), QStringLiteral("handle-%1").arg(i) + QString(padding, u'x'), i})
                 .ok())
            return false;
    return storage::exec(conn, QStringLiteral("COMMIT")).ok();
}

} // namespace

void TestDatabase::refusesDamagedPages()
{
    SQLITE_ONLY();
    test::Workspace ws;
    QVERIFY(ws.open());
    // Enough rows for several pages, then a checkpoint so everything is in the main file.
    auto conn = ws.connection();
    QVERIFY(addAccounts(conn, 3000, 0));
    QVERIFY(storage::exec(conn, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
    ws.database.reset();

    QFile file(ws.dbPath);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 pageSize = 4096;
    QVERIFY(file.size() > 8 * pageSize);
    for (qint64 page = 2; page < file.size() / pageSize; page += 3) {
        file.seek(page * pageSize);
        file.write(QByteArray(int(pageSize), char(0xA5)));
    }
    file.close();
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    // Met by the first statements of opening (the file's settings, the schema version).
    QVERIFY2(db.error().message.contains(QStringLiteral("restore it from a backup")), qPrintable(db.error().message));
}

void TestDatabase::integrityCheckFindsWhatOpeningSkips()
{
    SQLITE_ONLY();
    test::Workspace ws;
    QVERIFY(ws.open());
    auto conn = ws.connection();
    QVERIFY(addAccounts(conn, 3000, 0));
    QVERIFY(ws.database->checkIntegrity().ok());
    QVERIFY(ws.database->checkIntegrity(true).ok());
    QVERIFY(storage::exec(conn, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
    auto leaf = storage::exec(conn, QStringLiteral("SELECT MAX(pageno) FROM dbstat WHERE name = 'accounts' AND pagetype = 'leaf'"));
    const qint64 page = leaf.ok() && leaf->next() ? leaf->value(0).toLongLong() : 0;
    leaf = Error{};
    ws.database.reset();
    QVERIFY(page > 2);
    // One leaf of the accounts table overwritten: opening reads none of it.
    QFile file(ws.dbPath);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek((page - 1) * 4096);
    file.write(QByteArray(4096, char(0xA5)));
    file.close();
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    for (bool thorough : {false, true}) {
        const Status checked = db.value()->checkIntegrity(thorough);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, ErrorCode::Damaged);
        QVERIFY2(checked.error().message.contains(QStringLiteral("restore it from a backup")), qPrintable(checked.error().message));
    }
    // A statement that reads the page meets the damage too, as Damaged.
    auto scan = storage::exec(db.value()->connection().value(), QStringLiteral("SELECT SUM(created_at + LENGTH(handle)) FROM accounts"));
    QVERIFY(!scan.ok());
    QCOMPARE(scan.error().code, ErrorCode::Damaged);
}

void TestDatabase::aStatementJournalMaySpill()
{
    SQLITE_ONLY();
    // One statement of a transaction changing megabytes of pages that existed before it: its
    // journal passes the in-memory threshold and goes to a file, which must work (a threshold
    // of 128 KiB or more made SQLite's unix VFS write nothing and report a full disk).
    test::Workspace ws;
    QVERIFY(ws.open());
    auto conn = ws.connection();
    QVERIFY(addAccounts(conn, 20000, 60));
    QVERIFY(storage::exec(conn, QStringLiteral("BEGIN")).ok());
    // Several rows per statement and a constraint that could abort midway: SQLite keeps a
    // statement journal for it.
    auto changed = storage::exec(conn, QStringLiteral("UPDATE accounts SET handle = handle || 'y', created_at = created_at + 1"));
    QVERIFY2(changed.ok(), changed.ok() ? "" : qPrintable(changed.error().message));
    QCOMPARE(changed->numRowsAffected(), 20000);
    changed = Error{};
    QVERIFY(storage::exec(conn, QStringLiteral("COMMIT")).ok());
}

void TestDatabase::refusesNewerSchema()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(ws.tamper({QStringLiteral("INSERT INTO schema_version (version) VALUES (9999)")}));
    ws.database.reset();
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY(!db.ok());
    QVERIFY2(db.error().message.contains(QStringLiteral("newer")), qPrintable(db.error().message));
}

void TestDatabase::mustExistRefusesMissingFile()
{
    SQLITE_ONLY();
    test::Workspace ws;
    storage::Database::Options options;
    options.mode = storage::Database::OpenMode::MustExist;
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value(), options);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    // Typed, for each surface to word (the CLI names `init` and --db, the desktop its dialog).
    QCOMPARE(db.error().code, ErrorCode::MissingValue);
    QCOMPARE(db.error().field, QStringLiteral("database"));
    QVERIFY(db.error().message.contains(ws.dbPath));
    QVERIFY(!db.error().message.contains(QStringLiteral("--")));
    QVERIFY(!QFile::exists(ws.dbPath));
}

void TestDatabase::connectionPerThread()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QString mainName = ws.connection().connectionName();
    QString otherName;
    qint64 otherCount = -1;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        auto conn = ws.database->connection();
        if (!conn)
            return;
        otherName = conn->connectionName();
        {
            QSqlQuery q(conn.value());
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM operators")) && q.next())
                otherCount = q.value(0).toLongLong();
        }
        conn = Error{};
        ws.database->releaseConnection();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QVERIFY(!otherName.isEmpty());
    QVERIFY(otherName != mainName);
    QCOMPARE(otherCount, 0);
}

// After a lost server the live desk renews every thread's connection (reconnectAll). One that is
// inside a transaction must stay: otherwise the rest of a change would run, committed statement by
// statement, on a fresh connection, without the audit entry that fails with the old one.
void TestDatabase::reconnectNeverReplacesAConnectionInATransaction()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    auto before = ws.database->connection();
    QVERIFY(before.ok());
    const QSqlDriver *driver = before->driver();
    {
        storage::WriteTransaction tx(before.value(), ws.database->dialect());
        QVERIFY(tx.begin().ok());
        ws.database->reconnectAll();
        auto during = ws.database->connection();
        QVERIFY(during.ok());
        QCOMPARE(during->driver(), driver); // the same connection, still in its transaction
        QVERIFY(storage::isInTransaction(during.value()));
        QVERIFY(tx.commit().ok());
    }
    before = Error{};
    auto after = ws.database->connection(); // outside a transaction: renewed
    QVERIFY(after.ok());
    QVERIFY(!storage::isInTransaction(after.value()));
    QSqlQuery q(after.value());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM operators")) && q.next());
}

void TestDatabase::locationParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("file") << QStringLiteral("/tmp/x.sqlite") << true << false << QString() << 0;
    QTest::newRow("relative") << QStringLiteral("data/x.sqlite") << true << false << QString() << 0;
    QTest::newRow("url") << QStringLiteral("postgresql://rd@db.example:5433/recoverydesk") << true << true
                         << QStringLiteral("db.example") << 5433;
    QTest::newRow("default port") << QStringLiteral("postgres://rd@localhost/rd") << true << true
                                  << QStringLiteral("localhost") << 5432;
    QTest::newRow("ipv6") << QStringLiteral("postgresql://rd@[::1]:5432/rd") << true << true << QStringLiteral("::1") << 5432;
    QTest::newRow("empty") << QString() << false << false << QString() << 0;
    QTest::newRow("no user") << QStringLiteral("postgresql://localhost/rd") << false << false << QString() << 0;
    QTest::newRow("password") << QStringLiteral("postgresql://rd:secret@localhost/rd") << false << false << QString() << 0;
    QTest::newRow("port range") << QStringLiteral("postgresql://rd@localhost:70000/rd") << false << false << QString() << 0;
    QTest::newRow("no db") << QStringLiteral("postgresql://rd@localhost:5432/") << false << false << QString() << 0;
    QTest::newRow("injection") << QStringLiteral("postgresql://rd@localhost/rd;drop") << false << false << QString() << 0;
    QTest::newRow("other scheme") << QStringLiteral("mysql://rd@localhost/rd") << false << false << QString() << 0;
    // Found by fuzz_database_url: the message echoed the line break, so it was two lines.
    QTest::newRow("other scheme, line break") << QStringLiteral("po://rd@l\n:/x") << false << false << QString() << 0;
}

void TestDatabase::locationParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(bool, postgres);
    QFETCH(QString, host);
    QFETCH(int, port);
    auto loc = storage::DatabaseLocation::parse(text);
    QCOMPARE(loc.ok(), ok);
    if (!ok) {
        QCOMPARE(loc.error().kind, ErrorKind::BadInput);
        QVERIFY(!loc.error().message.isEmpty());
        QVERIFY2(!loc.error().message.contains(u'\n'), qPrintable(loc.error().message));
        return;
    }
    QCOMPARE(loc->backend == storage::Backend::Postgres, postgres);
    if (postgres) {
        QCOMPARE(loc->host, host);
        QCOMPARE(loc->port, port);
        QVERIFY(!loc->describe().contains(QStringLiteral("secret")));
        // What describe() shows parses back to the same place (an IPv6 host keeps its brackets).
        auto again = storage::DatabaseLocation::parse(loc->describe());
        QVERIFY2(again.ok(), qPrintable(loc->describe()));
        QCOMPARE(again->host, host);
        QCOMPARE(again->port, port);
    } else {
        QVERIFY(QDir::isAbsolutePath(loc->sqlitePath));
    }
}

void TestDatabase::splitsStatementsKeepingTriggers()
{
    const QString sql = QStringLiteral("-- comment\nCREATE TABLE a (x INTEGER);\n\nCREATE TRIGGER t BEFORE DELETE ON a\n"
                                       "BEGIN\n  SELECT RAISE(ABORT, 'no');\nEND;\nCREATE INDEX i ON a (x);\n");
    const QStringList parts = storage::splitSqlStatements(sql);
    QCOMPARE(parts.size(), 3);
    QVERIFY(parts[1].startsWith(QLatin1String("CREATE TRIGGER")));
    QVERIFY(parts[1].endsWith(QLatin1String("END;")));
}

void TestDatabase::splitsDollarQuotedBodies()
{
    const QString sql = QStringLiteral("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                                       "    RAISE EXCEPTION 'no';\nEND;\n$$;\n"
                                       "CREATE TRIGGER t BEFORE UPDATE ON a\n    FOR EACH ROW EXECUTE FUNCTION f();\n"
                                       "CREATE INDEX i ON a (x);\n");
    const QStringList parts = storage::splitSqlStatements(sql);
    QCOMPARE(parts.size(), 3);
    QVERIFY(parts[0].endsWith(QLatin1String("$$;")));
    QVERIFY(parts[1].startsWith(QLatin1String("CREATE TRIGGER")));
    QVERIFY(parts[1].endsWith(QLatin1String("f();")));
}

// A failed init leaves nothing half-made: all migrations run in one transaction.
void TestDatabase::failedMigrationLeavesNoSchema()
{
    test::Workspace ws;
    QString location = ws.dbPath;
    if (test::onPostgres()) {
        location = test::PgTestServer::instance().emptyDatabase();
        QVERIFY(test::PgTestServer::instance().superuser(
            {QStringLiteral("CREATE TABLE public.cases (x INTEGER)"), QStringLiteral("ALTER TABLE public.cases OWNER TO recoverydesk_owner")},
            test::PgTestServer::databaseOf(location)));
    } else {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        raw.setDatabaseName(location);
        QVERIFY(raw.open());
        QVERIFY(QSqlQuery(raw).exec(QStringLiteral("CREATE TABLE cases (x INTEGER)")));
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    auto db = storage::Database::open(storage::DatabaseLocation::parse(location).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    // The cases table of migration 4 clashed: migrations 1-3 were rolled back with it.
    if (test::onPostgres()) {
        QVERIFY(!test::PgTestServer::instance().superuser(QStringLiteral("SELECT 1 FROM public.schema_version"),
                                                          test::PgTestServer::databaseOf(location)));
        QVERIFY(!test::PgTestServer::instance().superuser(QStringLiteral("SELECT 1 FROM public.accounts"),
                                                          test::PgTestServer::databaseOf(location)));
    } else {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        raw.setDatabaseName(location);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('schema_version', 'accounts')")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        q.finish();
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

void TestDatabase::appRoleMayNotChangeTheTrail()
{
    POSTGRES_ONLY();
    test::Workspace ws;
    QVERIFY(ws.open());
    SystemClock clock;
    auth::OperatorService operators(*ws.database, *ws.keys, clock);
    QVERIFY(operators.createFirstAdmin(QStringLiteral("boss"), QStringLiteral("Boss"), QStringLiteral("boss-password-1")).ok());
    QVERIFY(ws.count(QStringLiteral("audit_log")) > 0);
    // The server itself refuses these to recoverydesk_app: not the application, the privileges.
    for (const char *sql : {"UPDATE audit_log SET operator = 'mallory'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                            "UPDATE audit_checkpoints SET signature = 'x'", "DELETE FROM audit_checkpoints",
                            "TRUNCATE audit_checkpoints", "INSERT INTO schema_version (version) VALUES (99)",
                            "DROP TABLE audit_log", "CREATE TABLE mine (x INTEGER)", "DELETE FROM installation",
                            "UPDATE installation SET value = 'x'", "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 1)"}) {
        QSqlQuery q(ws.connection());
        QVERIFY2(!q.exec(QString::fromLatin1(sql)), sql);
        QVERIFY2(q.lastError().nativeErrorCode() == QLatin1String("42501"), qPrintable(q.lastError().text())); // insufficient_privilege
    }
    // What it may do: read and append.
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log")));
}

void TestDatabase::appRoleMayNotMigrate()
{
    POSTGRES_ONLY();
    const QString empty = test::PgTestServer::instance().emptyDatabase(QStringLiteral("recoverydesk_app"));
    auto db = storage::Database::open(storage::DatabaseLocation::parse(empty).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    QCOMPARE(db.error().code, ErrorCode::SchemaOutdated);
    QVERIFY2(db.error().message.contains(QStringLiteral("owner")), qPrintable(db.error().message));
}

void TestDatabase::connectionFailuresAreOneSentence()
{
    POSTGRES_ONLY();
    const QString good = test::PgTestServer::instance().freshDatabase();
    const QString port = good.section(u':', 2).section(u'/', 0, 0);
    const QString name = test::PgTestServer::databaseOf(good);
    // Nothing listens on port 1; the role does not exist; the database does not exist.
    const QStringList bad = {QStringLiteral("postgresql://recoverydesk_app@127.0.0.1:1/%1").arg(name),
                             QStringLiteral("postgresql://nobody@127.0.0.1:%1/%2").arg(port, name),
                             QStringLiteral("postgresql://recoverydesk_app@127.0.0.1:%1/missing_db").arg(port)};
    for (const QString &url : bad) {
        auto db = storage::Database::open(storage::DatabaseLocation::parse(url).value());
        QVERIFY2(!db.ok(), qPrintable(url));
        const QString message = db.error().message;
        QCOMPARE(db.error().kind, ErrorKind::Storage);
        QVERIFY2(message.contains(QStringLiteral("127.0.0.1")), qPrintable(message));
        QVERIFY2(!message.contains(u'\n') && !message.contains(QStringLiteral("QPSQL")), qPrintable(message));
        QVERIFY2(message.endsWith(u'.') && message.count(QStringLiteral(". ")) == 0, qPrintable(message));
    }
}

// sslmode=verify-full against the team's private CA connects over TLS; a certificate from
// another CA, or a server reached under a name its certificate does not carry, is refused
// with one sentence.
void TestDatabase::tlsVerifyFullWithPrivateCa()
{
    POSTGRES_ONLY();
    test::PgTestServer &server = test::PgTestServer::instance();
    const QString url = server.freshDatabase();
    auto good = storage::Database::open(
        storage::DatabaseLocation::parse(url + QStringLiteral("?sslmode=verify-full&sslrootcert=") + server.caFile()).value());
    QVERIFY2(good.ok(), qPrintable(good.ok() ? QString() : good.error().message));
    QSqlQuery q(good.value()->connection().value());
    QVERIFY(q.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) && q.next());
    QVERIFY(q.value(0).toBool());
    q.finish();

    QTemporaryDir dir;
    const QString otherCa = dir.filePath(QStringLiteral("other-ca.crt"));
    QProcess openssl;
    openssl.start(test::debianTool(QStringLiteral("openssl")),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=Someone else"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("k")),
                   QStringLiteral("-out"), otherCa});
    QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
    const QString port = url.section(u':', 2).section(u'/', 0, 0);
    const QString name = test::PgTestServer::databaseOf(url);
    const QStringList refused = {url + QStringLiteral("?sslmode=verify-full&sslrootcert=") + otherCa,
                                 QStringLiteral("postgresql://recoverydesk_app@localhost:%1/%2?sslmode=verify-full&sslrootcert=%3")
                                     .arg(port, name, server.caFile())};
    for (const QString &bad : refused) {
        auto db = storage::Database::open(storage::DatabaseLocation::parse(bad).value());
        QVERIFY2(!db.ok(), qPrintable(bad));
        const QString message = db.error().message;
        QCOMPARE(db.error().kind, ErrorKind::Storage);
        QVERIFY2(message.startsWith(QStringLiteral("Cannot connect to the team database %1 on ").arg(name)), qPrintable(message));
        QVERIFY2(!message.contains(u'\n') && message.endsWith(u'.'), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
