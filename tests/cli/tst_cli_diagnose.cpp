// `recoverydesk-cli diagnose` and `policy` end to end, the way the acceptance runs them.
#include "CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace rd;

namespace {

const QString kBoss = QStringLiteral("boss-password-1");
const QString kAlice = QStringLiteral("alice-password-1");

} // namespace

class TestCliDiagnose : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonReport_data();
    void jsonReport();
    void textReport();
    void badInput_data();
    void badInput();
    void policyChangesTheDiagnosis();
    void nothingLeaks();

private:
    QJsonObject diagnose(const QStringList &args, int expectedExit = 0);
    QString code(const QString &ref) const { return m_codes.value(ref); }

    test::Workspace m_ws;
    std::unique_ptr<test::CliRunner> m_cli;
    QHash<QString, QString> m_codes;
};

void TestCliDiagnose::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("RD_CLI")));
    m_cli = std::make_unique<test::CliRunner>(m_ws);
    auto &cli = *m_cli;
    QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, kBoss).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("alice"),
                  QStringLiteral("--role"), QStringLiteral("agent")}, kBoss, QStringLiteral("alice-given-by-boss")).exitCode, 0);
    QVERIFY(cli.firstSignIn(QStringLiteral("alice"), QStringLiteral("alice-given-by-boss"), kAlice));
    const QString fixture = test::dataPath(QStringLiteral("diagnostics/scenarios.jsonl"));
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), fixture}, kBoss).exitCode, 0);
    for (const QByteArray &line : test::readFile(fixture).split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("code_set"))
            continue;
        for (const QJsonValue &c : o.value(QStringLiteral("codes")).toArray())
            m_codes.insert(QStringLiteral("%1#%2").arg(o.value(QStringLiteral("id")).toString()).arg(c[QStringLiteral("index")].toInt()),
                           c[QStringLiteral("code")].toString());
    }
}

QJsonObject TestCliDiagnose::diagnose(const QStringList &args, int expectedExit)
{
    test::CliRun r = (*m_cli)(QStringList{QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("--json"),
                                          QStringLiteral("diagnose")} + args,
                              kAlice);
    if (r.exitCode != expectedExit)
        qWarning("exit %d: %s", r.exitCode, qPrintable(r.err));
    return r.exitCode == expectedExit ? QJsonDocument::fromJson(r.out.toUtf8()).object() : QJsonObject{{QStringLiteral("failed"), true}};
}

void TestCliDiagnose::jsonReport_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("primary");
    QTest::addColumn<QStringList>("contributing");
    QTest::newRow("superseded") << QStringList{QStringLiteral("--account"), QStringLiteral("led"), QStringLiteral("--code"), QStringLiteral("led-s1#5"),
                                               QStringLiteral("--at"), QStringLiteral("2026-11-20T12:00:00Z")}
                                << QStringLiteral("SUPERSEDED") << QStringList{};
    QTest::newRow("attempt supplies time and reason")
        << QStringList{QStringLiteral("--account"), QStringLiteral("lock"), QStringLiteral("--code"), QStringLiteral("lock-s2#1"),
                       QStringLiteral("--attempt"), QStringLiteral("lock-try")}
        << QStringLiteral("LOCKED_OUT") << QStringList{QStringLiteral("ALREADY_USED")};
    QTest::newRow("device option") << QStringList{QStringLiteral("--account"), QStringLiteral("dev"), QStringLiteral("--code"),
                                                  QStringLiteral("dev-s2#2"), QStringLiteral("--device"), QStringLiteral("dev-laptop"),
                                                  QStringLiteral("--at"), QStringLiteral("2026-11-20T12:00:00Z")}
                                   << QStringLiteral("VALID_UNUSED") << QStringList{QStringLiteral("UNTRUSTED_DEVICE")};
    QTest::newRow("base32 lowercase") << QStringList{QStringLiteral("--account"), QStringLiteral("b16"), QStringLiteral("--code"),
                                                     QStringLiteral("b16-s2#2:lower"), QStringLiteral("--at"), QStringLiteral("2026-11-20T12:00:00Z")}
                                      << QStringLiteral("VALID_UNUSED") << QStringList{};
}

void TestCliDiagnose::jsonReport()
{
    QFETCH(QStringList, args);
    QFETCH(QString, primary);
    QFETCH(QStringList, contributing);
    const int codeAt = int(args.indexOf(QStringLiteral("--code"))) + 1;
    QString typed = code(args[codeAt].section(u':', 0, 0));
    if (args[codeAt].endsWith(QLatin1String(":lower")))
        typed = typed.toLower().insert(8, u'-');
    args[codeAt] = typed;
    const QJsonObject report = diagnose(args);
    QCOMPARE(report.value(QStringLiteral("primary_cause")).toString(), primary);
    QCOMPARE(report.value(QStringLiteral("account")).toString(), args[1]);
    QVERIFY(report.value(QStringLiteral("at")).toString().endsWith(u'Z'));
    const QJsonArray findings = report.value(QStringLiteral("findings")).toArray();
    QCOMPARE(findings.size(), 24);
    QStringList held;
    for (const QJsonValue &f : findings) {
        const QJsonObject o = f.toObject();
        // The five keys of SPEC §6, and the line for the user where a check holds and has one.
        const bool holds = o.value(QStringLiteral("verdict")).toString() == QLatin1String("cause")
            || o.value(QStringLiteral("verdict")).toString() == QLatin1String("contributing");
        QCOMPARE(o.keys().size(), o.contains(QStringLiteral("user_line")) ? 6 : 5);
        QVERIFY(holds || !o.contains(QStringLiteral("user_line")));
        if (o.value(QStringLiteral("verdict")).toString() == QLatin1String("cause"))
            QVERIFY(!o.value(QStringLiteral("user_line")).toString().isEmpty());
        QVERIFY(o.value(QStringLiteral("evidence")).isArray());
        if (o.value(QStringLiteral("verdict")).toString() == QLatin1String("contributing"))
            held << o.value(QStringLiteral("check")).toString();
    }
    for (const QString &c : contributing)
        QVERIFY2(held.contains(c), qPrintable(held.join(u' ')));
}

void TestCliDiagnose::textReport()
{
    test::CliRun r = (*m_cli)({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("diagnose"), QStringLiteral("--account"),
                               QStringLiteral("led"), QStringLiteral("--code"), code(QStringLiteral("led-s2#1")), QStringLiteral("--at"),
                               QStringLiteral("2026-11-20T12:00:00Z")},
                              kAlice);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("Primary cause: ALREADY_USED")));
    QVERIFY(r.out.contains(QStringLiteral("198.51.100.1")));
    QVERIFY(r.out.contains(QStringLiteral("Uppsala, SE")));
    QVERIFY(r.out.contains(QStringLiteral("Stored as dx-")));
}

void TestCliDiagnose::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("message");
    const QStringList base{QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("led"), QStringLiteral("--code"),
                           QStringLiteral("12345678")};
    QTest::newRow("unknown account") << QStringList{QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("ghost"),
                                                    QStringLiteral("--code"), QStringLiteral("1")}
                                     << QStringLiteral("alice") << 2 << QStringLiteral("no account \"ghost\"");
    QTest::newRow("bad time") << base + QStringList{QStringLiteral("--at"), QStringLiteral("yesterday")} << QStringLiteral("alice") << 2
                              << QStringLiteral("--at takes an RFC 3339");
    QTest::newRow("other account's attempt") << base + QStringList{QStringLiteral("--attempt"), QStringLiteral("dev-new")}
                                             << QStringLiteral("alice") << 2 << QStringLiteral("no login attempt \"dev-new\"");
    QTest::newRow("no code") << QStringList{QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("led")}
                             << QStringLiteral("alice") << 2 << QStringLiteral("--code");
    QTest::newRow("no such case") << base + QStringList{QStringLiteral("--case"), QStringLiteral("case-9")} << QStringLiteral("alice") << 2
                                  << QStringLiteral("no case \"case-9\"");
    QTest::newRow("admin") << base << QStringLiteral("boss") << 1 << QStringLiteral("may not run diagnostics");
}

void TestCliDiagnose::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, user);
    QFETCH(int, exit);
    QFETCH(QString, message);
    test::CliRun r = (*m_cli)(QStringList{QStringLiteral("--as"), user} + args, user == QLatin1String("boss") ? kBoss : kAlice);
    QCOMPARE(r.exitCode, exit);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.err.count(u'\n'), 1);
    QVERIFY(r.out.isEmpty());
}

void TestCliDiagnose::policyChangesTheDiagnosis()
{
    const QStringList args{QStringLiteral("--account"), QStringLiteral("syn"), QStringLiteral("--code"), code(QStringLiteral("syn-s3#2")),
                           QStringLiteral("--at"), QStringLiteral("2026-11-20T12:05:00Z")};
    QCOMPARE(diagnose(args).value(QStringLiteral("primary_cause")).toString(), QStringLiteral("VALID_UNUSED"));
    auto &cli = *m_cli;
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("sync_window_s"),
                  QStringLiteral("600")}, kAlice).exitCode, 1);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("sync_window"),
                  QStringLiteral("600")}, kBoss).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("sync_window_s"),
                  QStringLiteral("-5")}, kBoss).exitCode, 2);
    test::CliRun set = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("policy"),
                            QStringLiteral("set"), QStringLiteral("sync_window_s"), QStringLiteral("600")}, kBoss);
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(set.out.toUtf8()).object().value(QStringLiteral("sync_window_s")).toInt(), 600);
    QCOMPARE(diagnose(args).value(QStringLiteral("primary_cause")).toString(), QStringLiteral("SYNC_LAG"));
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("sync_window_s"),
                  QStringLiteral("120")}, kBoss).exitCode, 0);
    test::CliRun show = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("policy"), QStringLiteral("show")}, kAlice);
    QCOMPARE(show.exitCode, 0);
    QVERIFY(show.out.contains(QStringLiteral("sync_window_s")));
}

void TestCliDiagnose::nothingLeaks()
{
    // Every stdout and stderr of this test, and the database files, hold no stored code.
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.count(QStringLiteral("diagnoses")) >= 5);
    QVERIFY(m_ws.checkpoint());
    const QStringList codes = m_codes.values();
    const QStringList found = m_ws.plaintextFound(codes);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    for (const test::CliRun &r : std::as_const(m_cli->outputs))
        for (const QString &c : codes)
            QVERIFY2(!r.out.contains(c) && !r.err.contains(c), qPrintable(QStringLiteral("output holds a code")));
}

QTEST_GUILESS_MAIN(TestCliDiagnose)
#include "tst_cli_diagnose.moc"
