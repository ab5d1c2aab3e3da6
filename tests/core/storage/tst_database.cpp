#include "TestSupport.h"

#include "storage/Migrations.h"

#include <QSqlQuery>
#include <QThread>

using namespace rd;

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void createsSchemaAndPragmas();
    void reopenKeepsDataAndVersion();
    void refusesGarbageFile();
    void refusesDamagedPages();
    void refusesNewerSchema();
    void mustExistRefusesMissingFile();
    void connectionPerThread();
    void locationParsing_data();
    void locationParsing();
    void splitsStatementsKeepingTriggers();
};

void TestDatabase::createsSchemaAndPragmas()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QCOMPARE(ws.database->schemaVersion(), storage::latestSchemaVersion());
    QVERIFY(storage::latestSchemaVersion() >= 1);
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2); // FULL
    for (const char *table : {"accounts", "code_sets", "codes", "devices", "device_events", "login_attempts",
                              "security_events", "incidents", "operators"})
        QCOMPARE(ws.count(QString::fromLatin1(table)), 0);
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
    test::Workspace ws;
    QVERIFY(test::writeFile(ws.dbPath, QByteArray(8192, 'x')));
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    QVERIFY2(db.error().message.contains(ws.dbPath), qPrintable(db.error().message));
    QVERIFY2(db.error().message.contains(QStringLiteral("not")), qPrintable(db.error().message));
}

void TestDatabase::refusesDamagedPages()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    // Enough rows for several pages, then a checkpoint so everything is in the main file.
    auto conn = ws.connection();
    QVERIFY(storage::exec(conn, QStringLiteral("BEGIN")).ok());
    for (int i = 0; i < 3000; ++i)
        QVERIFY(storage::exec(conn, QStringLiteral("INSERT INTO accounts (id, handle, created_at) VALUES (?, ?, ?)"),
                              {QStringLiteral("acct-%1").arg(i), QStringLiteral("handle-%1").arg(i), i}).ok());
    QVERIFY(storage::exec(conn, QStringLiteral("COMMIT")).ok());
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
    QVERIFY2(db.error().message.contains(QStringLiteral("damaged")) || db.error().message.contains(QStringLiteral("not")),
             qPrintable(db.error().message));
}

void TestDatabase::refusesNewerSchema()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(storage::exec(ws.connection(), QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"), {9999}).ok());
    ws.database.reset();
    auto db = storage::Database::open(storage::DatabaseLocation::parse(ws.dbPath).value());
    QVERIFY(!db.ok());
    QVERIFY2(db.error().message.contains(QStringLiteral("newer")), qPrintable(db.error().message));
}

void TestDatabase::mustExistRefusesMissingFile()
{
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
        QSqlQuery q(conn.value());
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM operators")) && q.next())
            otherCount = q.value(0).toLongLong();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QVERIFY(!otherName.isEmpty());
    QVERIFY(otherName != mainName);
    QCOMPARE(otherCount, 0);
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

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
