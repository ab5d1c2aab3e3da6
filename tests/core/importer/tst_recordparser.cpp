#include "importer/PlainLine.h"
#include "importer/RecordParser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace rd::importer;

class TestRecordParser : public QObject {
    Q_OBJECT
private slots:
    void validRecords_data();
    void validRecords();
    void errors_data();
    void errors();
    void defaultsAndConversions();
    void canonicalFormIgnoresKeyOrder();
    void securityDetailKeepsOnlyKnownKeys();
    void plainLoginAttemptsReadAsTheFullParserReadsThem();
};

void TestRecordParser::validRecords_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("variant");
    QTest::newRow("account") << QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z"})") << 0;
    QTest::newRow("code_set") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"12345678"}]})") << 1;
    QTest::newRow("code_used") << QByteArray(R"({"type":"code_used","set":"s","index":1,"at":"2026-01-01T00:00:00Z"})") << 2;
    QTest::newRow("code_set_revoked") << QByteArray(R"({"type":"code_set_revoked","set":"s","at":"2026-01-01T00:00:00Z","reason":"compromised"})") << 3;
    QTest::newRow("device") << QByteArray(R"({"type":"device","id":"d","account":"a","first_seen":"2026-01-01T00:00:00Z"})") << 4;
    QTest::newRow("device_event") << QByteArray(R"({"type":"device_event","device":"d","at":"2026-01-01T00:00:00Z","event":"trusted"})") << 5;
    QTest::newRow("login_attempt") << QByteArray(R"({"type":"login_attempt","id":"l","account":"a","at":"2026-01-01T00:00:00Z","method":"backup_code","outcome":"failure","reason":"brand_new_reason","lat":-33.9,"lon":151.2,"clock_skew_s":-45})") << 6;
    QTest::newRow("security_event") << QByteArray(R"({"type":"security_event","account":"a","at":"2026-01-01T00:00:00Z","event":"locked","detail":{"by":"risk"}})") << 7;
    QTest::newRow("incident") << QByteArray(R"({"type":"incident","id":"i","kind":"auth_outage","start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z","components":["backup_codes"]})") << 8;
    QTest::newRow("unknown fields kept out") << QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z","future_field":1})") << 0;
}

void TestRecordParser::validRecords()
{
    QFETCH(QByteArray, line);
    QFETCH(int, variant);
    Record record;
    QString error;
    QVERIFY2(RecordParser().parse(line, &record, &error), qPrintable(error));
    QCOMPARE(int(record.index()), variant);
}

void TestRecordParser::errors_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad timestamp") << QByteArray(R"({"type":"code_used","set":"s","index":1,"at":"yesterday"})")
                                   << QStringLiteral(R"(field "at": expected an RFC 3339 timestamp, got "yesterday")");
    QTest::newRow("timestamp without offset") << QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00"})")
                                              << QStringLiteral(R"(field "created_at": expected an RFC 3339 timestamp)");
    QTest::newRow("impossible date") << QByteArray(R"({"type":"account","id":"a","created_at":"2026-02-30T00:00:00Z"})")
                                     << QStringLiteral(R"(field "created_at": expected an RFC 3339 timestamp, got "2026-02-30T00:00:00Z")");
    QTest::newRow("missing field") << QByteArray(R"({"type":"device","id":"d","first_seen":"2026-01-01T00:00:00Z"})")
                                   << QStringLiteral(R"(field "account": required but missing)");
    QTest::newRow("wrong type") << QByteArray(R"({"type":"code_used","set":"s","index":"1","at":"2026-01-01T00:00:00Z"})")
                                << QStringLiteral(R"(field "index": expected an integer from 1 to 100000, got "1")");
    QTest::newRow("unknown type") << QByteArray(R"({"type":"user","id":"a"})") << QStringLiteral(R"(field "type": expected one of account)");
    QTest::newRow("no type") << QByteArray(R"({"id":"a"})") << QStringLiteral(R"(field "type": required but missing)");
    QTest::newRow("not an object") << QByteArray(R"([1,2,3])") << QStringLiteral("expected a JSON object");
    QTest::newRow("truncated") << QByteArray(R"({"type":"account","id":"a")") << QStringLiteral("not valid JSON");
    QTest::newRow("deep nesting") << QByteArray(100000, '[') << QStringLiteral("not valid JSON");
    QTest::newRow("invalid utf8") << QByteArray("{\"type\":\"account\",\"id\":\"a\xff\xfe\",\"created_at\":\"2026-01-01T00:00:00Z\"}")
                                  << QStringLiteral("not valid JSON");
    QTest::newRow("nul byte") << QByteArray("{\"type\":\"account\",\"id\":\"a\0b\"}", 26) << QStringLiteral("not valid JSON");
    QTest::newRow("long id") << (QByteArray(R"({"type":"account","id":")") + QByteArray(100000, 'x') + QByteArray(R"(","created_at":"2026-01-01T00:00:00Z"})"))
                             << QStringLiteral(R"(field "id": expected an id (a non-empty string of at most 128 printable characters))");
    QTest::newRow("empty id") << QByteArray(R"({"type":"account","id":"","created_at":"2026-01-01T00:00:00Z"})")
                              << QStringLiteral(R"(field "id": expected an id)");
    QTest::newRow("bad enum") << QByteArray(R"({"type":"login_attempt","id":"l","account":"a","at":"2026-01-01T00:00:00Z","method":"magic","outcome":"success"})")
                              << QStringLiteral(R"(field "method": expected one of password, totp, sms, backup_code, email_link, got "magic")");
    QTest::newRow("latitude") << QByteArray(R"({"type":"login_attempt","id":"l","account":"a","at":"2026-01-01T00:00:00Z","method":"sms","outcome":"success","lat":123})")
                              << QStringLiteral(R"(field "lat": expected a number from -90 to 90, got 123)");
    QTest::newRow("empty codes") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[]})")
                                 << QStringLiteral(R"(field "codes": expected a non-empty array)");
    QTest::newRow("duplicate index") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"1"},{"index":1,"code":"2"}]})")
                                     << QStringLiteral(R"(field "codes[1].index": index 1 appears twice in the set)");
    QTest::newRow("code and hash") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"1","hash":"ab"}]})")
                                   << QStringLiteral(R"(field "codes[0].code": expected exactly one of "code" or "hash")");
    QTest::newRow("bad hash") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"hash":"XYZ"}]})")
                              << QStringLiteral(R"(field "codes[0].hash": expected an rd1 hash)");
    QTest::newRow("bad format") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","format":"hex12","codes":[{"index":1,"code":"1"}]})")
                                << QStringLiteral(R"(field "format": expected one of digits8)");
    QTest::newRow("blank code") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":"  "}]})")
                                << QStringLiteral(R"(field "codes[0].code": expected a non-empty code, got a value that is not shown)");
    // Error messages reach stderr and the audit trail: a code, email or phone is never echoed.
    QTest::newRow("code as number") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"code":48213906}]})")
                                    << QStringLiteral(R"(field "codes[0].code": expected a string of at most 64 printable characters, got a value that is not shown)");
    // A code put in the hash or index field is still a code: never echoed.
    QTest::newRow("code in hash") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"hash":"8472-1937"}]})")
                                  << QStringLiteral(R"(field "codes[0].hash": expected an rd1 hash (64 lowercase hex digits), got a value that is not shown)");
    QTest::newRow("code in index") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":"8472-1937","code":"1"}]})")
                                   << QStringLiteral(R"(field "codes[0].index": expected an integer from 1 to 100000, got a value that is not shown)");
    QTest::newRow("code as long hash") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":[{"index":1,"hash":"SECRETJJJ999"}]})")
                                       << QStringLiteral(R"(field "codes[0].hash": expected an rd1 hash (64 lowercase hex digits), got a value that is not shown)");
    QTest::newRow("codes not objects") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":["48213906"]})")
                                       << QStringLiteral(R"(field "codes[0]": expected an object {index, code})");
    QTest::newRow("codes not an array") << QByteArray(R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T00:00:00Z","codes":{"a":"48213906"}})")
                                        << QStringLiteral(R"(field "codes": expected a non-empty array)");
    QTest::newRow("control character in id") << QByteArray("{\"type\":\"account\",\"id\":\"a\\u001b[31mb\",\"created_at\":\"2026-01-01T00:00:00Z\"}")
                                             << QStringLiteral(R"(field "id": expected an id)");
    QTest::newRow("lone surrogate") << QByteArray("{\"type\":\"device\",\"id\":\"d\",\"account\":\"a\",\"first_seen\":\"2026-01-01T00:00:00Z\",\"label\":\"x\\ud800y\"}")
                                    << QStringLiteral(R"(field "label": expected a string of at most 256 printable characters)");
    QTest::newRow("year past 9999") << QByteArray(R"({"type":"account","id":"a","created_at":"9999-12-31T23:59:59-23:59"})")
                                    << QStringLiteral(R"(field "created_at": expected an RFC 3339 timestamp)");
    QTest::newRow("email too long") << (QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z","email":")") + QByteArray(400, 'e') + QByteArray(R"(@example.org"})"))
                                    << QStringLiteral(R"(field "email": expected a string of at most 320 printable characters, got a value that is not shown)");
    QTest::newRow("incident end before start") << QByteArray(R"({"type":"incident","id":"i","kind":"sms_outage","start":"2026-01-02T00:00:00Z","end":"2026-01-01T00:00:00Z"})")
                                               << QStringLiteral(R"(field "end": expected a time not before "start")");
    QTest::newRow("nested two_factor") << QByteArray(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00Z","two_factor":{"enabled":"yes"}})")
                                       << QStringLiteral(R"(field "two_factor.enabled": expected true or false, got "yes")");
    QTest::newRow("detail not object") << QByteArray(R"({"type":"security_event","account":"a","at":"2026-01-01T00:00:00Z","event":"locked","detail":"x"})")
                                       << QStringLiteral(R"(field "detail": expected an object)");
}

void TestRecordParser::errors()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    Record record;
    QString error;
    QVERIFY(!RecordParser().parse(line, &record, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(QStringLiteral("got: ") + error));
    QVERIFY(!error.contains(QStringLiteral("48213906")));
    QVERIFY(!error.contains(QStringLiteral("8472")) && !error.contains(QStringLiteral("SECRETJJJ")));
    QVERIFY(!error.contains(QChar(0x1b)));
    QVERIFY(!error.contains(QStringLiteral("eeee@example.org")));
    QVERIFY(error.size() < 400);
}

void TestRecordParser::defaultsAndConversions()
{
    Record record;
    QString error;
    QVERIFY(RecordParser().parse(
        R"({"type":"code_set","id":"s","account":"a","generated_at":"2026-01-01T02:00:00+02:00","codes":[{"index":2,"code":"1234 5678"}]})",
        &record, &error));
    const auto &set = std::get<CodeSetRecord>(record);
    QCOMPARE(set.format, QStringLiteral("digits8"));
    QCOMPARE(set.state, QStringLiteral("active"));
    QCOMPARE(set.generatedAt, QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    QVERIFY(RecordParser().parse(R"({"type":"account","id":"a","created_at":"2026-01-01T00:00:00.250Z"})", &record, &error));
    const auto &account = std::get<AccountRecord>(record);
    QCOMPARE(account.status, QStringLiteral("active"));
    QCOMPARE(account.createdAt % 1000, 250);
    QVERIFY(account.email.isNull());
}

void TestRecordParser::securityDetailKeepsOnlyKnownKeys()
{
    Record record;
    QString error;
    QVERIFY(RecordParser().parse(
        R"({"type":"security_event","account":"a","at":"2026-01-01T00:00:00Z","event":"email_changed","detail":{"new":"x@example.org","device":"d1","by":"mail@example.org"}})",
        &record, &error));
    QCOMPARE(std::get<SecurityEventRecord>(record).detail, QStringLiteral(R"({"device":"d1"})"));
}

void TestRecordParser::canonicalFormIgnoresKeyOrder()
{
    Record r;
    QString e;
    QByteArray a, b;
    QVERIFY(RecordParser().parse(R"({"type":"device","id":"d","account":"a","first_seen":"2026-01-01T00:00:00Z"})", &r, &e, &a));
    QVERIFY(RecordParser().parse(R"( {"account":"a", "first_seen":"2026-01-01T00:00:00Z","id":"d","type":"device"})", &r, &e, &b));
    QCOMPARE(a, b);
}

QTEST_GUILESS_MAIN(TestRecordParser)
namespace {

// Everything a login_attempt record holds, for comparing two readings of one line.
QString describe(const Record &record)
{
    const auto *l = std::get_if<LoginAttemptRecord>(&record);
    if (!l)
        return QStringLiteral("another type");
    auto opt = [](const auto &o) { return o ? QString::number(*o, 'g', 17) : QStringLiteral("none"); };
    auto txt = [](const QString &t) { return t.isNull() ? QStringLiteral("null") : u'"' + t + u'"'; };
    return QStringList{txt(l->id), txt(l->account), QString::number(l->at), txt(l->method), txt(l->outcome), txt(l->device),
                       txt(l->ip), txt(l->country), txt(l->city), opt(l->lat), opt(l->lon), txt(l->reason), opt(l->clockSkewS)}
        .join(u'|');
}

} // namespace

// The plain reader (PlainLine.h) skips the JSON document for the import's bulk lines. On every
// line it accepts, parse() must give exactly what the full parser gives (record and canonical
// form); every other line goes to the full parser. Lines are mutations of a real attempt:
// values of every JSON kind, spacing, missing, repeated and unknown keys, escapes, non-ASCII.
void TestRecordParser::plainLoginAttemptsReadAsTheFullParserReadsThem()
{
    const QList<QPair<QByteArray, QByteArray>> base = {
        {"type", "\"login_attempt\""}, {"id", "\"att-0000001\""},      {"account", "\"acct-0839\""},
        {"at", "\"2023-11-14T22:14:55Z\""}, {"method", "\"totp\""},      {"outcome", "\"failure\""},
        {"device", "\"dev-0839\""},       {"ip", "\"198.51.100.90\""},   {"country", "\"SE\""},
        {"city", "\"Stockholm\""},        {"lat", "59.33"},              {"lon", "18.06"},
        {"reason", "\"code_used\""},      {"clock_skew_s", "-45"}};
    const QList<QByteArray> values = {
        "\"\"", "\"x\"", "null", "true", "false", "0", "-0", "1", "-1", "90", "90.0", "-90.0000001", "180", "5e1", "5E+1",
        "1.5e-3", "-0.0", "1e400", "12345678901234567890", "9007199254740993", "316224000", "316224001", "3.5", "01", "1.",
        "+1", ".5", "[]", "{}", "[\"a\"]", "{\"a\":1}", "\"a\\\"b\"", "\"tab\\there\"", "\"\\u0041\"", "\"caf\xc3\xa9\"",
        "\"\x7f\"", "\"line\nbreak\"", "\"2023-11-14T22:14:55+01:00\"", "\"2023-02-30T00:00:00Z\"", "\"2023-11-14T22:14:55.123Z\"",
        "\"yesterday\"", "\"password\"", "\"backup_code\"", "\"email_link\"", "\"success\"", "\"Failure\"",
        "\"" + QByteArray(64, 'i') + "\"", "\"" + QByteArray(65, 'i') + "\"", "\"" + QByteArray(128, 'd') + "\"",
        "\"" + QByteArray(129, 'd') + "\"", "\" spaced \"", "\"login_attempt\"", "\"account\""};
    const QList<QByteArray> spaces = {"", " ", "  ", "\t", "\r\n", "\x0b"};
    QRandomGenerator random(20261206);
    auto pick = [&random](const auto &list) { return list.at(random.bounded(int(list.size()))); };
    auto space = [&] { return random.bounded(12) == 0 ? pick(spaces) : QByteArray(); };
    RecordParser parser;
    int plain = 0, agreedErrors = 0;
    for (int round = 0; round < 20000; ++round) {
        QList<QPair<QByteArray, QByteArray>> fields = base;
        const int mutations = round == 0 ? 0 : 1 + random.bounded(3);
        for (int m = 0; m < mutations; ++m) {
            const int i = random.bounded(int(fields.size()));
            switch (random.bounded(8)) {
            case 0: case 1: case 2: fields[i].second = pick(values); break;
            case 3: fields.removeAt(i); break;
            case 4: fields.append(fields.at(i)); break; // a repeated key
            case 5: fields.append({"future_field", pick(values)}); break;
            case 6: std::swap(fields[i], fields[random.bounded(int(fields.size()))]); break;
            default: fields[i].second = pick(spaces) + fields[i].second + space(); break;
            }
        }
        QByteArray line = space() + "{";
        for (int i = 0; i < fields.size(); ++i)
            line += (i ? "," + space() : QByteArray()) + "\"" + fields[i].first + "\"" + space() + ":" + fields[i].second;
        line += "}";
        if (random.bounded(10) == 0)
            line += pick(spaces);
        LoginAttemptRecord direct;
        QByteArray directCanonical;
        if (readPlainLoginAttempt(line, &direct, &directCanonical))
            ++plain;
        Record fast, full;
        QString fastError, fullError;
        QByteArray fastCanonical, fullCanonical;
        const bool fastOk = parser.parse(line, &fast, &fastError, &fastCanonical);
        const bool fullOk = parser.parseFull(line, &full, &fullError, &fullCanonical);
        QVERIFY2(fastOk == fullOk, line.constData());
        if (!fullOk) {
            QCOMPARE(fastError, fullError);
            ++agreedErrors;
            continue;
        }
        QVERIFY2(describe(fast) == describe(full), qPrintable(QString::fromUtf8(line) + u'\n' + describe(fast) + u'\n' + describe(full)));
        // The plain reader's canonical form (parse() leaves it out) is the full parser's.
        QVERIFY2(fastCanonical.isEmpty() ? directCanonical == fullCanonical : fastCanonical == fullCanonical, line.constData());
    }
    // Both kinds of line were met: the plain reader is used, and the full parser still decides.
    QVERIFY2(plain > 2000, qPrintable(QString::number(plain)));
    QVERIFY2(agreedErrors > 4000, qPrintable(QString::number(agreedErrors)));
    // The benchmark's line is a plain one.
    LoginAttemptRecord l;
    QVERIFY(readPlainLoginAttempt(R"({"type":"login_attempt","id":"att-0000001","account":"acct-0839","at":"2023-11-14T22:14:55Z","method":"totp","outcome":"success","device":"dev-0839","ip":"198.51.100.90","country":"SE","city":"Stockholm","lat":59.33,"lon":18.06})",
                                  &l, nullptr));
    QCOMPARE(l.at, qint64(1700000095000));
}

#include "tst_recordparser.moc"
