// Hostile and broken input through the real CLI (SPEC §4, §9, §14): every class of malformed
// import file fails with exit 2, one sentence and no row written; a database with overwritten
// pages fails with exit 3, never a crash; search text is only text.
#include "CliRunner.h"

#include <QSqlQuery>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace rd;

namespace {

const QString kBoss = QStringLiteral("boss-password-1");
const QString kAlice = QStringLiteral("alice-password-1");

} // namespace

class TestCliBadInput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void malformedImportWritesNothing_data();
    void malformedImportWritesNothing();
    void hostileSearchIsOnlyText_data();
    void hostileSearchIsOnlyText();
    void corruptDatabaseExitsThree();
    void checkFindsDamageNoCommandReads();

private:
    test::CliRun as(const QString &user, const QStringList &args)
    {
        return (*m_cli)(QStringList{QStringLiteral("--as"), user} + args, user == QLatin1String("boss") ? kBoss : kAlice);
    }

    test::Workspace m_ws;
    std::unique_ptr<test::CliRunner> m_cli;
};

void TestCliBadInput::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("RD_CLI")), "RD_CLI must point at recoverydesk-cli");
    m_cli = std::make_unique<test::CliRunner>(m_ws);
    QCOMPARE((*m_cli)({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, kBoss).exitCode, 0);
    QCOMPARE((*m_cli)({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("add"),
                       QStringLiteral("alice"), QStringLiteral("--role"), QStringLiteral("agent")}, kBoss,
                      QStringLiteral("alice-given-by-boss")).exitCode, 0);
    QVERIFY(m_cli->firstSignIn(QStringLiteral("alice"), QStringLiteral("alice-given-by-boss"), kAlice));
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("import"), test::dataPath(QStringLiteral("import/world.jsonl"))}).exitCode, 0);
    auto opened = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"),
                                               QStringLiteral("acc-lena"), QStringLiteral("--channel"), QStringLiteral("phone"),
                                               QStringLiteral("--summary"), QStringLiteral("Backup code rejected at the airport")});
    QCOMPARE(opened.exitCode, 0);
}

void TestCliBadInput::malformedImportWritesNothing_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("says");
    QTest::newRow("truncated JSON") << "truncated-json.jsonl" << 5 << "not valid JSON";
    QTest::newRow("100,000 nested brackets") << "nested-brackets.jsonl" << 4 << "not valid JSON";
    QTest::newRow("invalid UTF-8") << "invalid-utf8.jsonl" << 4 << "not valid JSON (invalid UTF8 string";
    // A value that is not a plain token is not echoed (it could be a name or an address).
    QTest::newRow("NUL byte") << "nul-bytes.jsonl" << 4 << "field \"id\": expected an id (a non-empty string of at most 128 printable characters), got a value that is not shown";
    QTest::newRow("100 kB id") << "huge-id.jsonl" << 4 << "field \"id\": expected an id";
    QTest::newRow("impossible date") << "impossible-date.jsonl" << 4 << "field \"at\": expected an RFC 3339 timestamp, got \"2026-02-30T10:00:00Z\"";
    QTest::newRow("wrong field type") << "wrong-field-type.jsonl" << 4 << "field \"index\": expected an integer";
    QTest::newRow("acknowledgment a number") << "bad-acknowledgment.jsonl" << 4
                                             << "field \"acknowledged_at\": expected an RFC 3339 timestamp or null, got 5";
    QTest::newRow("unknown record type") << "unknown-record-type.jsonl" << 4 << "field \"type\": expected one of";
    QTest::newRow("unknown reference") << "unknown-reference.jsonl" << 4 << "\"acc-nobody\" is neither in the database nor in this file";
    QTest::newRow("conflicting duplicate") << "duplicate-conflict.jsonl" << 5 << "appears already on line 2 with different content";
}

void TestCliBadInput::malformedImportWritesNothing()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, says);
    QVERIFY(m_ws.open());
    const QByteArray before = m_ws.contentHash();
    const qint64 audit = m_ws.count(QStringLiteral("audit_log"));
    m_ws.close();

    const auto r = as(QStringLiteral("boss"), {QStringLiteral("import"), test::dataPath(QStringLiteral("malformed/") + file)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out.left(300)));
    // One sentence on one line that names the file, the line and what is wrong, and is short
    // enough to read (the 100 kB id is not echoed in full).
    QCOMPARE(r.err.count(u'\n'), 1);
    const QString prefix = QStringLiteral("error: %1: line %2: ").arg(file).arg(line);
    QVERIFY2(r.err.startsWith(prefix), qPrintable(r.err.left(300)));
    QVERIFY2(r.err.contains(says), qPrintable(r.err.left(300)));
    QVERIFY2(r.err.size() < 400, qPrintable(r.err.left(300)));
    QVERIFY(!r.err.contains(QStringLiteral("mal.formed@example.org")));

    // No row of the file, and only the audit entry of the rejected attempt (SPEC §4).
    QVERIFY(m_ws.open());
    QCOMPARE(m_ws.contentHash(), before);
    QCOMPARE(m_ws.count(QStringLiteral("audit_log")), audit + 1);
    auto q = storage::exec(m_ws.connection(), QStringLiteral("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1"));
    QVERIFY(q.ok() && q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("import.rejected"));
    m_ws.close();
}

void TestCliBadInput::hostileSearchIsOnlyText_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("found");
    QTest::newRow("SQL injection") << "'; drop table cases; --" << 0;
    QTest::newRow("lone quote (no words: no filter)") << "\"" << 1;
    QTest::newRow("star") << "*" << 0;
    QTest::newRow("NEAR(") << "NEAR(" << 0;
    QTest::newRow("OR") << "OR" << 0;
    QTest::newRow("a OR b") << "airport OR nothing" << 0;
    QTest::newRow("column filter") << "body:airport" << 0;
    QTest::newRow("caret and minus") << "^airport -backup" << 1;
    QTest::newRow("parentheses") << "(airport)" << 1;
    QTest::newRow("unbalanced quote in word") << "air\"port" << 1;
    QTest::newRow("plain words") << "backup airport" << 1;
    QTest::newRow("tabs and newlines") << "backup\tairport\n" << 1;
    QTest::newRow("long text") << QString(5000, u'x') << 0;
}

void TestCliBadInput::hostileSearchIsOnlyText()
{
    QFETCH(QString, search);
    QFETCH(int, found);
    const auto r = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--search"), search});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), found);
    QVERIFY(m_ws.open());
    QCOMPARE(m_ws.count(QStringLiteral("cases")), 1);
    QCOMPARE(m_ws.count(QStringLiteral("case_search")), 1);
    m_ws.close();
}

void TestCliBadInput::corruptDatabaseExitsThree()
{
    if (test::onPostgres())
        QSKIP("an SQLite file property (tst_cli_pg checks an unreachable server instead)");
    // A copy of the real database, settled into the main file, with pages in the middle
    // overwritten; the 100-byte header stays, so SQLite opens it and must find the damage.
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.checkpoint());
    m_ws.close();
    QByteArray bytes = test::readFile(m_ws.dbPath);
    const qsizetype pageSize = 4096;
    QVERIFY(bytes.size() > 8 * pageSize);
    QRandomGenerator rng(7);
    for (qsizetype page = 1; page < bytes.size() / pageSize; page += 3)
        for (qsizetype i = 0; i < pageSize; ++i)
            bytes[page * pageSize + i] = char(rng.bounded(256));
    const QString corrupt = m_ws.path(QStringLiteral("corrupt.sqlite"));
    QVERIFY(test::writeFile(corrupt, bytes));

    for (const QStringList &args : {QStringList{QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-lena")},
                                    QStringList{QStringLiteral("case"), QStringLiteral("list")},
                                    QStringList{QStringLiteral("import"), test::dataPath(QStringLiteral("import/world.jsonl"))},
                                    QStringList{QStringLiteral("check")}}) {
        const auto r = (*m_cli)(QStringList{QStringLiteral("--db"), corrupt, QStringLiteral("--as"), QStringLiteral("boss")} + args, kBoss);
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.contains(QStringLiteral("restore it from a backup")) && r.err.contains(corrupt), qPrintable(r.err));
    }
    auto db = storage::Database::open(storage::DatabaseLocation::parse(corrupt).value());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().kind, ErrorKind::Storage);
    QVERIFY2(db.error().message.contains(QStringLiteral("restore it from a backup")), qPrintable(db.error().message));
}

void TestCliBadInput::checkFindsDamageNoCommandReads()
{
    if (test::onPostgres())
        QSKIP("an SQLite file property");
    // One page of a table the queue never reads (the outbox's root) overwritten: opening no
    // longer reads the whole file, so the queue still works; `check` reads every page.
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.checkpoint());
    qint64 page = 0;
    {
        QSqlQuery q(m_ws.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'")) && q.next());
        page = q.value(0).toLongLong();
    }
    m_ws.close();
    QVERIFY(page > 1);
    QByteArray bytes = test::readFile(m_ws.dbPath);
    const qsizetype pageSize = 4096;
    QRandomGenerator rng(11);
    for (qsizetype i = 0; i < pageSize; ++i)
        bytes[(page - 1) * pageSize + i] = char(rng.bounded(256));
    const QString damaged = m_ws.path(QStringLiteral("damaged.sqlite"));
    QVERIFY(test::writeFile(damaged, bytes));
    auto on = [&](const QStringList &args) {
        return (*m_cli)(QStringList{QStringLiteral("--db"), damaged, QStringLiteral("--as"), QStringLiteral("boss")} + args, kBoss);
    };
    QCOMPARE(on({QStringLiteral("--json"), QStringLiteral("operator"), QStringLiteral("list")}).exitCode, 0);
    for (const QStringList &args : {QStringList{QStringLiteral("check")}, QStringList{QStringLiteral("check"), QStringLiteral("--full")}}) {
        const auto r = on(args);
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.contains(QStringLiteral("damaged")) && r.err.contains(QStringLiteral("restore it from a backup"))
                     && r.err.contains(damaged),
                 qPrintable(r.err));
    }
    // The intact original passes.
    const auto ok = (*m_cli)({QStringLiteral("--json"), QStringLiteral("check")});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY(ok.out.contains(QStringLiteral("\"ok\": true")));
}

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "tst_cli_badinput.moc"
