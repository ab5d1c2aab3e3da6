#include "importer/RecordParser.h"

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
#include "tst_recordparser.moc"
