#include "TestSupport.h"

#include "common/Time.h"
#include "importer/Importer.h"
#include "storage/SqlDialect.h"
#include "storage/SqliteLibrary.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace rd;

namespace {

const QStringList kFixtureSecrets = {
    QStringLiteral("73920416"), QStringLiteral("18273645"), QStringLiteral("11235813"), QStringLiteral("7HQ2M"),
    QStringLiteral("7HQ2MKX9TB"), QStringLiteral("T2K8MHW6ZV"), QStringLiteral("4829104738"), QStringLiteral("8291037465"),
    QStringLiteral("lena.fischer@example.net"), QStringLiteral("ravi.k@example.net"), QStringLiteral("2345 6789"),
    QStringLiteral("15123456789"), QStringLiteral("example.net")};

QByteArray fixture()
{
    return test::readFile(test::dataPath(QStringLiteral("import/world.jsonl")));
}

QList<QByteArray> fixtureRecords()
{
    QList<QByteArray> out;
    for (const QByteArray &line : fixture().split('\n')) {
        if (!line.trimmed().isEmpty() && !line.startsWith('#'))
            out.append(line);
    }
    return out;
}

qint64 vmHighWaterKb()
{
    const QByteArray status = test::readFile(QStringLiteral("/proc/self/status"));
    const auto m = QRegularExpression(QStringLiteral("VmHWM:\\s+(\\d+)")).match(QString::fromLatin1(status));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

} // namespace

class TestImporter : public QObject {
    Q_OBJECT
private slots:
    void importsEveryRecordType();
    void reimportChangesNothing();
    void referencesResolveInAnyOrder();
    void badLineRejectsWholeFile_data();
    void badLineRejectsWholeFile();
    void errorsNameLineAndField_data();
    void errorsNameLineAndField();
    void duplicatesCompareByContentNotSpelling();
    void aRepeatedAttemptComparesByItsFields_data();
    void aRepeatedAttemptComparesByItsFields();
    void aRepeatedAttemptOfAnOlderImport();
    void aRepeatedAttemptAfterTheLargestRowid();
    void textBeyondAsciiIsStoredAsWritten();
    void rejectedFileLeavesExistingDataAlone();
    void cancelWritesNothing();
    void onlyAdminsImport();
    void updatedRecordChangesOnlyItsRow();
    void noPlaintextInDatabaseFiles();
    void memoryStaysFlatOnLargeFiles();
    void aSetCannotMoveAccounts();
    void codeUseWaitsForALaterVersionOfItsSet();
    void fileHashIsOfTheRawBytes();
    void acknowledgmentKeepsItsThreeStates();

private:
    Result<importer::ImportStats> import(test::Workspace &ws, const QByteArray &content,
                                         const importer::ImportProgressFn &progress = {})
    {
        const QString path = ws.path(QStringLiteral("in-%1.jsonl").arg(++m_files));
        if (!test::writeFile(path, content))
            return Error::storage(QStringLiteral("cannot write fixture"));
        importer::Importer importer(*ws.database, *ws.keys);
        return importer.importFile(test::sessionAs(auth::Role::Admin), path, progress);
    }
    int m_files = 0;
};

void TestImporter::importsEveryRecordType()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    auto stats = import(ws, fixture());
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QCOMPARE(stats->totalRecords(), 37);
    QCOMPARE(stats->byType.size(), 9);
    QCOMPARE(stats->fileSha256.size(), 32);
    QCOMPARE(ws.count(QStringLiteral("accounts")), 3);
    QCOMPARE(ws.count(QStringLiteral("code_sets")), 4);
    QCOMPARE(ws.count(QStringLiteral("codes")), 27);
    QCOMPARE(ws.count(QStringLiteral("devices")), 2);
    QCOMPARE(ws.count(QStringLiteral("device_events")), 4);
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 16);
    QCOMPARE(ws.count(QStringLiteral("security_events")), 3);
    QCOMPARE(ws.count(QStringLiteral("incidents")), 2);

    QSqlQuery q(ws.connection());
    // A later set supersedes the earlier one at its generated_at.
    QVERIFY(q.exec(QStringLiteral("SELECT superseded_at, superseded_by FROM code_sets WHERE id = 'set-lena-1'")) && q.next());
    QCOMPARE(q.value(0).toLongLong(), QDateTime(QDate(2026, 8, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(q.value(1).toString(), QStringLiteral("set-lena-2"));
    QVERIFY(q.exec(QStringLiteral("SELECT superseded_at FROM code_sets WHERE id = 'set-lena-2'")) && q.next());
    QVERIFY(q.value(0).isNull());
    QVERIFY(q.exec(QStringLiteral("SELECT revoked_at, revoked_reason FROM code_sets WHERE id = 'set-ravi-1'")) && q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral("compromised"));
    // Codes are keyed hashes with lookup tags; imported hashes are kept as given.
    QVERIFY(q.exec(QStringLiteral("SELECT hash, lookup_tag, fits_format FROM codes WHERE set_id = 'set-lena-1' AND idx = 1")) && q.next());
    QCOMPARE(q.value(0).toString().size(), 64);
    QCOMPARE(q.value(1).toString().size(), 16);
    QCOMPARE(q.value(2).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("SELECT hash, lookup_tag FROM codes WHERE set_id = 'set-zoe-1' AND idx = 2")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    QVERIFY(q.value(1).isNull());
    QVERIFY(q.exec(QStringLiteral("SELECT used_at, used_device, used_ip FROM codes WHERE set_id = 'set-lena-1' AND idx = 3")) && q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral("dev-lena-phone"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("198.51.100.7"));
    // Unknown platform reasons are kept verbatim; offsets become UTC.
    QVERIFY(q.exec(QStringLiteral("SELECT reason, device_id FROM login_attempts WHERE id = 'att-ravi-2'")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("carrier_glitch_unknown"));
    QVERIFY(q.exec(QStringLiteral("SELECT phone_verified_at, email_fp, email_enc IS NOT NULL FROM accounts WHERE id = 'acc-lena'")) && q.next());
    QCOMPARE(q.value(0).toLongLong(), QDateTime(QDate(2026, 2, 1), QTime(8, 10), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(q.value(1).toString().size(), 32);
    QCOMPARE(q.value(2).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("SELECT clock_skew_s FROM login_attempts WHERE id = 'att-ravi-1'")) && q.next());
    QCOMPARE(q.value(0).toInt(), -97);
    QVERIFY(q.exec(QStringLiteral("SELECT detail FROM security_events WHERE event = 'flagged_suspicious'")) && q.next());
    QVERIFY(q.value(0).toString().contains(QStringLiteral("velocity")));
}

void TestImporter::reimportChangesNothing()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    const QByteArray before = ws.contentHash();
    auto again = import(ws, fixture());
    QVERIFY(again.ok());
    QCOMPARE(again->totalChanged(), 0);
    QCOMPARE(again->totalRecords(), 37);
    QCOMPARE(ws.contentHash(), before);
}

void TestImporter::referencesResolveInAnyOrder()
{
    QList<QByteArray> records = fixtureRecords();
    for (int variant = 0; variant < 2; ++variant) {
        test::Workspace ws;
        QVERIFY(ws.open());
        if (variant == 1)
            std::reverse(records.begin(), records.end());
        else
            std::sort(records.begin(), records.end(), [](const QByteArray &a, const QByteArray &b) {
                // References first: events and uses before what they refer to.
                return !a.contains("\"type\":\"account\"") && b.contains("\"type\":\"account\"");
            });
        auto stats = import(ws, records.join('\n'));
        QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
        QCOMPARE(stats->totalRecords(), 37);
        QCOMPARE(ws.count(QStringLiteral("codes")), 27);
        QCOMPARE(ws.count(QStringLiteral("login_attempts")), 16);
        QSqlQuery q(ws.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT superseded_by FROM code_sets WHERE id = 'set-lena-1'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("set-lena-2"));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM codes WHERE used_at IS NOT NULL")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }
}

// A record repeated with its keys in another order, other spacing and another spelling of the
// same number is the same record; one value different anywhere (also inside a nested object) is
// a conflict that names both lines.
void TestImporter::duplicatesCompareByContentNotSpelling()
{
    const QByteArray account = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})";
    const QByteArray first =
        R"({"type":"security_event","account":"acc-1","at":"2026-01-02T00:00:00Z","event":"locked","detail":{"by":"system","tries":5,"lat":59.33}})";
    const QByteArray same =
        R"({ "detail" : { "lat" : 59.330, "tries" : 5.0, "by" : "system" }, "event":"locked", "at":"2026-01-02T00:00:00Z", "account":"acc-1", "type":"security_event" })";
    const QByteArray other =
        R"({"type":"security_event","account":"acc-1","at":"2026-01-02T00:00:00Z","event":"locked","detail":{"by":"system","tries":6,"lat":59.33}})";
    {
        test::Workspace ws;
        QVERIFY(ws.open());
        auto stats = import(ws, account + '\n' + first + '\n' + same + '\n');
        QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
        QCOMPARE(ws.count(QStringLiteral("security_events")), 1);
    }
    // Integers beyond 2^53 are compared exactly (no double holds both of these).
    const QByteArray big = R"({"type":"security_event","account":"acc-1","at":"2026-01-03T00:00:00Z","event":"locked","detail":{"n":9007199254740993}})";
    const QByteArray bigOther = QByteArray(big).replace("9007199254740993", "9007199254740992");
    for (const QByteArray &second : {other, bigOther}) {
        const QByteArray firstLine = second == other ? first : big;
        test::Workspace ws;
        QVERIFY(ws.open());
        auto stats = import(ws, account + '\n' + firstLine + '\n' + second + '\n');
        QVERIFY(!stats.ok());
        QVERIFY2(stats.error().message.startsWith(QStringLiteral("line 3: ")) && stats.error().message.endsWith(QStringLiteral("on line 2 with different content")),
                 qPrintable(stats.error().message));
        QCOMPARE(ws.count(QStringLiteral("security_events")), 0);
    }
}

void TestImporter::badLineRejectsWholeFile_data()
{
    QTest::addColumn<int>("position"); // 0 first, 1 middle, 2 last
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 1;
    QTest::newRow("last") << 2;
}

void TestImporter::badLineRejectsWholeFile()
{
    QFETCH(int, position);
    QList<QByteArray> records = fixtureRecords();
    const QByteArray bad = R"({"type":"login_attempt","id":"att-bad","account":"acc-lena","at":"yesterday","method":"password","outcome":"success"})";
    const int index = position == 0 ? 0 : (position == 1 ? int(records.size() / 2) : int(records.size()));
    records.insert(index, bad);
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray before = ws.contentHash();
    auto stats = import(ws, records.join('\n') + '\n');
    QVERIFY(!stats.ok());
    QCOMPARE(stats.error().kind, ErrorKind::BadInput);
    QCOMPARE(stats.error().message,
             QStringLiteral(R"(line %1: field "at": expected an RFC 3339 timestamp, got "yesterday")").arg(index + 1));
    QCOMPARE(ws.contentHash(), before);
    for (const char *table : {"accounts", "code_sets", "codes", "login_attempts", "incidents"})
        QCOMPARE(ws.count(QString::fromLatin1(table)), 0);
}

void TestImporter::errorsNameLineAndField_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("expected");
    const int line = 40; // the fixture has 39 lines; the extra record is line 40
    QTest::newRow("unknown account") << QByteArray(R"({"type":"login_attempt","id":"x","account":"nobody","at":"2026-01-01T00:00:00Z","method":"sms","outcome":"success"})")
                                     << QStringLiteral(R"(line %1: field "account": account "nobody" is neither in the database nor in this file)").arg(line);
    QTest::newRow("unknown set") << QByteArray(R"({"type":"code_used","set":"set-x","index":1,"at":"2026-01-01T00:00:00Z"})")
                                 << QStringLiteral(R"(line %1: field "set": code set "set-x" is neither in the database nor in this file)").arg(line);
    QTest::newRow("unknown code index") << QByteArray(R"({"type":"code_used","set":"set-ravi-1","index":9,"at":"2026-01-01T00:00:00Z"})")
                                        << QStringLiteral(R"(line %1: field "index": code set "set-ravi-1" has no code with index 9)").arg(line);
    QTest::newRow("unknown device") << QByteArray(R"({"type":"device_event","device":"dev-x","at":"2026-01-01T00:00:00Z","event":"trusted"})")
                                    << QStringLiteral(R"(line %1: field "device": device "dev-x" is neither in the database nor in this file)").arg(line);
    QTest::newRow("conflicting duplicate") << QByteArray(R"({"type":"incident","id":"inc-1","kind":"auth_outage","start":"2026-11-19T19:00:00Z","end":"2026-11-19T21:00:00Z"})")
                                           << QStringLiteral("line %1: the incident \"inc-1\" appears already on line").arg(line);
    QTest::newRow("truncated json") << QByteArray(R"({"type":"account","id":"acc-new",)")
                                    << QStringLiteral("line %1: not valid JSON").arg(line);
    QTest::newRow("acknowledgment a number")
        << QByteArray(R"({"type":"code_set","id":"s-n","account":"acc-lena","generated_at":"2026-01-01T00:00:00Z","acknowledged_at":5,"codes":[]})")
        << QStringLiteral(R"(line %1: field "acknowledged_at": expected an RFC 3339 timestamp or null, got 5)").arg(line);
    QTest::newRow("acknowledgment a word")
        << QByteArray(R"({"type":"code_set","id":"s-w","account":"acc-lena","generated_at":"2026-01-01T00:00:00Z","acknowledged_at":"never","codes":[]})")
        << QStringLiteral(R"(line %1: field "acknowledged_at": expected an RFC 3339 timestamp or null, got "never")").arg(line);
    QTest::newRow("unknown type") << QByteArray(R"({"type":"payment","id":"p"})")
                                  << QStringLiteral(R"(line %1: field "type": expected one of)").arg(line);
}

void TestImporter::errorsNameLineAndField()
{
    QFETCH(QByteArray, extra);
    QFETCH(QString, expected);
    QByteArray content = fixture();
    QCOMPARE(content.count('\n'), 39);
    content += extra + '\n';
    test::Workspace ws;
    QVERIFY(ws.open());
    auto stats = import(ws, content);
    QVERIFY(!stats.ok());
    QCOMPARE(stats.error().kind, ErrorKind::BadInput);
    QVERIFY2(stats.error().message.startsWith(expected), qPrintable(stats.error().message));
    QCOMPARE(ws.count(QStringLiteral("accounts")), 0);
}

// A login_attempt with an id already in the file is the same attempt when its fields are (spelling,
// key order, unknown fields and explicit nulls aside) and refused, naming both lines, when not:
// whether the first one was written at once, waited for its account (defined later in the file),
// or both waited. SQLite tells this import's rows from older ones by their row instead of
// indexing every key (ImportStore::tellsAttemptsApart); both backends give the same answers.
void TestImporter::aRepeatedAttemptComparesByItsFields_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addColumn<int>("changed");   // login attempts written, when accepted
    const QByteArray known = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n";
    const QByteArray late = R"({"type":"account","id":"acc-late","created_at":"2026-01-01T00:00:00Z"})" "\n";
    auto attempt = [](const char *account, const char *outcome, const QByteArray &extra = {}) {
        return QByteArray(R"({"type":"login_attempt","id":"att-1","account":")") + account
            + R"(","at":"2026-01-02T00:00:00Z","method":"backup_code","outcome":")" + outcome + '"' + extra + "}\n";
    };
    const QByteArray respelled = R"({ "outcome" : "failure", "at":"2026-01-02T01:00:00+01:00", "method":"backup_code", "account":"acc-1", "id":"att-1", "type":"login_attempt", "reason":null, "future":[1] })" "\n";
    QTest::newRow("same fields, spelled otherwise") << known + attempt("acc-1", "failure") + respelled << QString() << 1;
    QTest::newRow("other fields") << known + attempt("acc-1", "failure") + attempt("acc-1", "success")
                                  << QStringLiteral("line 3: the login attempt \"att-1\" appears already on line 2 with different content") << 0;
    QTest::newRow("other fields after a same one")
        << known + attempt("acc-1", "failure") + respelled + attempt("acc-1", "failure", R"(,"ip":"198.51.100.7")")
        << QStringLiteral("line 4: the login attempt \"att-1\" appears already on line 2 with different content") << 0;
    QTest::newRow("the first waited for its account")
        << known + attempt("acc-late", "failure") + attempt("acc-1", "failure") + late
        << QStringLiteral("line 3: the login attempt \"att-1\" appears already on line 2 with different content") << 0;
    QTest::newRow("the second waits for its account")
        << known + attempt("acc-1", "failure") + attempt("acc-late", "failure") + late
        << QStringLiteral("line 3: the login attempt \"att-1\" appears already on line 2 with different content") << 0;
    QTest::newRow("both waited, same fields") << attempt("acc-late", "failure") + attempt("acc-late", "failure", R"(,"reason":null)") + late
                                              << QString() << 1;
    QTest::newRow("both waited, other fields")
        << attempt("acc-late", "failure") + attempt("acc-late", "success") + late
        << QStringLiteral("line 2: the login attempt \"att-1\" appears already on line 1 with different content") << 0;
    QTest::newRow("the first waited, the second same") << attempt("acc-late", "failure") + late + attempt("acc-late", "failure")
                                                       << QString() << 1;
}

void TestImporter::aRepeatedAttemptComparesByItsFields()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QFETCH(int, changed);
    test::Workspace ws;
    QVERIFY(ws.open());
    auto stats = import(ws, content);
    if (!error.isEmpty()) {
        QVERIFY(!stats.ok());
        QCOMPARE(stats.error().message, error);
        QCOMPARE(ws.count(QStringLiteral("login_attempts")), 0);
        return;
    }
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 1);
    QCOMPARE(stats->byType.value(QStringLiteral("login_attempt")).records, 2);
    QCOMPARE(stats->byType.value(QStringLiteral("login_attempt")).changed, changed);
}

// Attempts already in the database from an earlier import: a file may change one (once), and
// two lines of one file that change it differently are refused.
void TestImporter::aRepeatedAttemptOfAnOlderImport()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray account = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n";
    auto attempt = [](const char *outcome) {
        return QByteArray(R"({"type":"login_attempt","id":"att-1","account":"acc-1","at":"2026-01-02T00:00:00Z","method":"totp","outcome":")")
            + outcome + "\"}\n";
    };
    QVERIFY(import(ws, account + attempt("failure")).ok());
    auto again = import(ws, account + attempt("failure"));
    QVERIFY(again.ok());
    QCOMPARE(again->totalChanged(), 0);
    auto twice = import(ws, attempt("success") + attempt("failure"));
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().message, QStringLiteral("line 2: the login attempt \"att-1\" appears already on line 1 with different content"));
    auto changedOnce = import(ws, attempt("success") + attempt("success"));
    QVERIFY2(changedOnce.ok(), qPrintable(changedOnce.ok() ? QString() : changedOnce.error().message));
    QCOMPARE(changedOnce->byType.value(QStringLiteral("login_attempt")).changed, 1);
    QCOMPARE(ws.count(QStringLiteral("login_attempts WHERE outcome = 'success'")), 1);
}

// Values are bound as UTF-8 (BulkStatement converts ASCII itself and everything else through Qt):
// accents, other scripts, characters beyond the BMP and escaped characters come back as written.
// Past rowid 2^63 - 1 SQLite gives new rows random free rowids, so rows can no longer tell this
// import's attempts apart: the import falls back to its key index and still refuses a conflict.
void TestImporter::aRepeatedAttemptAfterTheLargestRowid()
{
    if (test::onPostgres())
        QSKIP("rowids are SQLite's");
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray account = R"({"type":"account","id":"acc-1","created_at":"2026-01-01T00:00:00Z"})" "\n";
    QVERIFY(import(ws, account).ok());
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO login_attempts (rowid, id, account_id, at, method, outcome) "
                                  "VALUES (9223372036854775807, 'att-max', 'acc-1', 1, 'totp', 'success')")));
    auto attempt = [](const char *outcome) {
        return QByteArray(R"({"type":"login_attempt","id":"att-z","account":"acc-1","at":"2026-01-02T00:00:00Z","method":"totp","outcome":")")
            + outcome + "\"}\n";
    };
    auto stats = import(ws, attempt("failure") + attempt("success"));
    QVERIFY(!stats.ok());
    QCOMPARE(stats.error().message, QStringLiteral("line 2: the login attempt \"att-z\" appears already on line 1 with different content"));
}

void TestImporter::textBeyondAsciiIsStoredAsWritten()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QString name = QStringLiteral("Zoë Ångström-Łukasiewicz 山田 \U0001F600");
    const QString city = QStringLiteral("Zürich");
    const QByteArray content = QByteArray(R"({"type":"account","id":"acc-ü","created_at":"2026-01-01T00:00:00Z","display_name":")")
        + name.toUtf8() + "\"}\n"
        + R"({"type":"login_attempt","id":"att-1","account":"acc-ü","at":"2026-01-02T00:00:00Z","method":"totp","outcome":"success","city":"Z\u00fcrich","country":"CH"})" "\n";
    auto stats = import(ws, content);
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QSqlQuery q(ws.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT a.display_name, l.city, l.account_id FROM accounts a JOIN login_attempts l ON l.account_id = a.id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), name);
    QCOMPARE(q.value(1).toString(), city);
    QCOMPARE(q.value(2).toString(), QStringLiteral("acc-ü"));
}

void TestImporter::rejectedFileLeavesExistingDataAlone()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    const QByteArray before = ws.contentHash();
    QByteArray changed = fixture();
    changed.replace("\"handle\":\"lena\"", "\"handle\":\"lena-renamed\"");
    changed += R"({"type":"login_attempt","id":"y","account":"ghost","at":"2026-01-01T00:00:00Z","method":"sms","outcome":"success"})" "\n";
    QVERIFY(!import(ws, changed).ok());
    QCOMPARE(ws.contentHash(), before);
}

void TestImporter::cancelWritesNothing()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QByteArray big = fixture();
    for (int i = 0; i < 5000; ++i)
        big += QStringLiteral(R"({"type":"login_attempt","id":"bulk-%1","account":"acc-lena","at":"2026-10-01T00:00:00Z","method":"password","outcome":"success"})")
                   .arg(i).toUtf8() + '\n';
    int calls = 0;
    auto stats = import(ws, big, [&](const importer::ImportProgress &p) {
        ++calls;
        return p.lines < 2000;
    });
    QVERIFY(!stats.ok());
    QCOMPARE(stats.error().kind, ErrorKind::Refused);
    QVERIFY(stats.error().message.contains(QStringLiteral("nothing was written")));
    QVERIFY(calls >= 2);
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 0);
    QCOMPARE(ws.count(QStringLiteral("accounts")), 0);
}

void TestImporter::onlyAdminsImport()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QString path = ws.path(QStringLiteral("world.jsonl"));
    QVERIFY(test::writeFile(path, fixture()));
    importer::Importer importer(*ws.database, *ws.keys);
    for (auth::Role role : {auth::Role::Agent, auth::Role::Supervisor}) {
        auto stats = importer.importFile(test::sessionAs(role), path);
        QVERIFY(!stats.ok());
        QCOMPARE(stats.error().kind, ErrorKind::Refused);
        QVERIFY(stats.error().message.contains(QStringLiteral("may not import")));
    }
    QCOMPARE(ws.count(QStringLiteral("accounts")), 0);
}

void TestImporter::updatedRecordChangesOnlyItsRow()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    QByteArray changed = fixture();
    changed.replace("\"status\":\"flagged\"", "\"status\":\"active\"");
    auto stats = import(ws, changed);
    QVERIFY(stats.ok());
    QCOMPARE(stats->totalChanged(), 1);
    QCOMPARE(stats->byType.value(QStringLiteral("account")).changed, 1);
}

void TestImporter::noPlaintextInDatabaseFiles()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QString path = ws.path(QStringLiteral("world.jsonl"));
    QVERIFY(import(ws, fixture()).ok());
    // The scan covers the whole workspace; the import file itself lives elsewhere.
    for (int i = 1; i <= m_files; ++i)
        QFile::remove(ws.path(QStringLiteral("in-%1.jsonl").arg(i)));
    QVERIFY(ws.checkpoint());
    const QStringList found = ws.plaintextFound(kFixtureSecrets);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    // The scan itself works: the account id is stored in clear and is found.
    QVERIFY(!ws.plaintextFound({QStringLiteral("acc-lena")}).isEmpty());
}

void TestImporter::memoryStaysFlatOnLargeFiles()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    auto bulk = [&](int n, const QString &prefix) {
        const QString path = ws.path(prefix + QStringLiteral(".jsonl"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        for (int i = 0; i < n; ++i)
            f.write(QStringLiteral(R"({"type":"login_attempt","id":"%1-%2","account":"acc-lena","at":"2026-10-01T00:00:%3Z","method":"backup_code","outcome":"failure","reason":"code_invalid","device":"dev-lena-phone","ip":"198.51.100.7","country":"DE","city":"Hamburg","lat":53.55,"lon":9.99})"
                                   "\n").arg(prefix).arg(i).arg(i % 60, 2, 10, QLatin1Char('0')).toUtf8());
        return path;
    };
    importer::Importer importer(*ws.database, *ws.keys);
    const QString small = bulk(10000, QStringLiteral("small"));
    const QString large = bulk(100000, QStringLiteral("large"));
    QVERIFY(QFileInfo(large).size() > 20 * 1024 * 1024);
    storage::sqliteMemoryHighWater(true);
    QVERIFY(importer.importFile(test::sessionAs(auth::Role::Admin), small).ok());
    const qint64 afterSmall = vmHighWaterKb();
    const qint64 sqliteSmall = storage::sqliteMemoryHighWater(true) / 1024;
    auto stats = importer.importFile(test::sessionAs(auth::Role::Admin), large);
    QVERIFY(stats.ok());
    const qint64 afterLarge = vmHighWaterKb();
    const qint64 sqliteLarge = storage::sqliteMemoryHighWater() / 1024;
    QCOMPARE(ws.count(QStringLiteral("login_attempts")), 16 + 110000);
    // SQLite's page caches may fill up to their fixed size during an import (SqlDialect's bulk
    // write settings), whatever the file's size; everything else must not grow with the file:
    // ten times the lines (20+ MB more file) may need only a few MB more besides those caches.
    qInfo("peak RSS after 10k lines: %lld kB, after 100k lines: %lld kB; SQLite's own peak %lld kB, %lld kB", afterSmall,
          afterLarge, sqliteSmall, sqliteLarge);
    QVERIFY2(sqliteLarge < (storage::SqlDialect::kBulkWriteCacheBytes >> 10) + 8 * 1024,
             qPrintable(QStringLiteral("SQLite held %1 kB").arg(sqliteLarge)));
    const qint64 ours = (afterLarge - afterSmall) - std::max<qint64>(0, sqliteLarge - sqliteSmall);
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer keeps up to 256 MB of freed memory in quarantine: the peak grows with the
    // bytes freed so far, whatever is alive. The normal build checks the growth; SQLite's own peak
    // above is counted by SQLite and holds here too.
    qInfo("AddressSanitizer build: the growth of %lld kB is not checked", ours);
#else
    QVERIFY2(ours < 16 * 1024, qPrintable(QStringLiteral("grew by %1 kB besides SQLite's caches").arg(ours)));
#endif
}

void TestImporter::aSetCannotMoveAccounts()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    const QByteArray before = ws.contentHash();
    QByteArray moved;
    for (const QByteArray &line : fixtureRecords())
        if (line.contains("\"id\":\"set-lena-2\""))
            moved = QByteArray(line).replace("\"account\":\"acc-lena\"", "\"account\":\"acc-ravi\"");
    QVERIFY(!moved.isEmpty());
    auto stats = import(ws, "\n" + moved + "\n");
    QVERIFY(!stats.ok());
    QVERIFY2(stats.error().message.startsWith(QStringLiteral(R"(line 2: field "account": code set "set-lena-2" belongs to account "acc-lena")")),
             qPrintable(stats.error().message));
    QCOMPARE(ws.contentHash(), before);
}

void TestImporter::codeUseWaitsForALaterVersionOfItsSet()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray account = R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z"})";
    QVERIFY(import(ws, account + "\n" + R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"11111111"}]})").ok());
    // The use of index 2 comes first; the line that adds index 2 to the stored set comes after.
    auto stats = import(ws, QByteArray(R"({"type":"code_used","set":"s","index":2,"at":"2026-02-01T00:00:00Z"})") + "\n"
                                + R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"11111111"},{"index":2,"code":"22222222"}]})");
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QCOMPARE(ws.count(QStringLiteral("codes")), 2);
}

void TestImporter::fileHashIsOfTheRawBytes()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    const QByteArray crlf = QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z"})") + "\r\n"
        + R"({"type":"account","id":"b","created_at":"2026-01-01T00:00:00Z"})";
    auto stats = import(ws, crlf);
    QVERIFY(stats.ok());
    QCOMPARE(stats->fileSha256, QCryptographicHash::hash(crlf, QCryptographicHash::Sha256));
}

// SPEC §4 acknowledged_at: absent (not reported), null (never confirmed) and a time (kept even
// when earlier than generated_at) are three states, kept as imported and re-imported idempotently.
void TestImporter::acknowledgmentKeepsItsThreeStates()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    QVERIFY(import(ws, fixture()).ok());
    const QByteArray sets = R"({"type":"code_set","id":"ack-absent","account":"acc-lena","generated_at":"2026-11-01T00:00:00Z","codes":[{"index":1,"code":"40404040"}]}
{"type":"code_set","id":"ack-null","account":"acc-lena","generated_at":"2026-11-02T00:00:00Z","acknowledged_at":null,"codes":[{"index":1,"code":"40404041"}]}
{"type":"code_set","id":"ack-time","account":"acc-lena","generated_at":"2026-11-03T00:00:00Z","acknowledged_at":"2026-11-02T23:59:00+01:00","codes":[{"index":1,"code":"40404042"}]}
)";
    auto first = import(ws, sets);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    auto state = [&](const char *id) {
        auto q = storage::exec(ws.connection(), QStringLiteral("SELECT ack_reported, acknowledged_at FROM code_sets WHERE id = ?"),
                               {QString::fromLatin1(id)});
        if (!q || !q->next())
            return QStringLiteral("missing");
        return QStringLiteral("%1/%2").arg(q->value(0).toInt()).arg(q->value(1).isNull() ? QStringLiteral("null") : q->value(1).toString());
    };
    QCOMPARE(state("ack-absent"), QStringLiteral("0/null"));
    QCOMPARE(state("ack-null"), QStringLiteral("1/null"));
    QCOMPARE(state("ack-time"), QStringLiteral("1/%1").arg(rd::time::parseRfc3339(QStringLiteral("2026-11-02T22:59:00Z")).value()));
    auto again = import(ws, sets);
    QVERIFY(again.ok());
    QCOMPARE(again->totalChanged(), 0);
    // The platform reports the confirmation later: only that set changes.
    QByteArray confirmed = sets;
    confirmed.replace(R"("acknowledged_at":null)", R"("acknowledged_at":"2026-11-04T08:00:00Z")");
    auto later = import(ws, confirmed);
    QVERIFY(later.ok());
    QCOMPARE(later->totalChanged(), 1);
    QCOMPARE(state("ack-null"), QStringLiteral("1/%1").arg(rd::time::parseRfc3339(QStringLiteral("2026-11-04T08:00:00Z")).value()));
}

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
