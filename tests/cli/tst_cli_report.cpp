// `recoverydesk-cli report` end to end (SPEC §11): a case with two diagnoses, evidence and an
// executed reset, exported in every format; what the reports say and what they never say.
#include "CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include "DebianTools.h"

using namespace rd;

namespace {


// Every plaintext code and code hash of the fixture, in the spellings a careless renderer
// might produce, plus Lena's contacts in clear.
QStringList fixtureSecrets()
{
    QStringList out;
    for (const QByteArray &line : test::readFile(test::dataPath(QStringLiteral("import/world.jsonl"))).split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        for (const QJsonValue &c : o.value(QStringLiteral("codes")).toArray()) {
            for (const char *field : {"code", "hash"}) {
                const QString value = c[QLatin1String(field)].toString();
                if (value.isEmpty())
                    continue;
                out << value << value.toLower() << QString(value).remove(u'-');
            }
        }
    }
    out << QStringLiteral("lena.fischer@example.net") << QStringLiteral("lena.fischer") << QStringLiteral("+49 151 2345 6789")
        << QStringLiteral("4915123456789") << QStringLiteral("151 2345 6789") << QStringLiteral("ravi.k@example.net");
    out.removeDuplicates();
    return out;
}

} // namespace

class TestCliReport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyFormatIsWritten_data();
    void everyFormatIsWritten();
    void pdfTextShowsCaseAndCause();
    void jsonNamesTheChainHead();
    void noReportHoldsASecret();
    void exportsAreAudited();
    void refusalsAndBadInput();

private:
    test::CliRun as(const QString &user, const QStringList &args) { return m_desk->as(user, args); }
    QString reportPath(const QString &format) const { return m_ws.path(QStringLiteral("case-report.") + format); }

    test::Workspace m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
    test::CliRunner *m_cli = nullptr;
    QString m_case;
    QStringList m_causes;
};

void TestCliReport::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("RD_CLI")));
    m_desk = std::make_unique<test::CliDesk>(m_ws);
    m_cli = &m_desk->cli;
    QVERIFY(m_desk->create({{"alice", "agent"}, {"sam", "supervisor"}}, true));

    auto opened = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"),
                                               QStringLiteral("acc-lena"), QStringLiteral("--channel"), QStringLiteral("phone"), QStringLiteral("--summary"),
                                               QStringLiteral("Backup code rejected at sign-in; caller lena.fischer@example.net")});
    QCOMPARE(opened.exitCode, 0);
    m_case = QJsonDocument::fromJson(opened.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    for (const QString &code : {QStringLiteral("P4W8R-ZN3CD"), QStringLiteral("73920416")}) {
        auto d = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                              QStringLiteral("--code"), code, QStringLiteral("--case"), m_case});
        QCOMPARE(d.exitCode, 0);
        m_causes << QJsonDocument::fromJson(d.out.toUtf8()).object().value(QStringLiteral("primary_cause")).toString();
    }
    QVERIFY2(!m_causes.contains(QString()), qPrintable(m_causes.join(u',')));
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("note"), m_case, QStringLiteral("--text"),
                                          QStringLiteral("Called back on +49 151 2345 6789 as agreed")}).exitCode, 0);
    for (const char *method : {"email_otp", "government_id"})
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("evidence"), m_case, QStringLiteral("--method"), QLatin1String(method),
                                              QStringLiteral("--result"), QStringLiteral("pass"), QStringLiteral("--note"), QStringLiteral("passport L01X00T47")}).exitCode, 0);
    auto requested = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("request-reset"), m_case, QStringLiteral("--kind"),
                                                  QStringLiteral("regenerate_codes"), QStringLiteral("--justification"), QStringLiteral("lost the printout")});
    QCOMPARE(requested.exitCode, 0);
    const QString rid = QJsonDocument::fromJson(requested.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("case"), QStringLiteral("approve"), m_case, QStringLiteral("--request"), rid,
                                        QStringLiteral("--reason"), QStringLiteral("two strong methods")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("execute"), m_case, QStringLiteral("--request"), rid}).exitCode, 0);
}

void TestCliReport::everyFormatIsWritten_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("start");
    QTest::newRow("pdf") << QStringLiteral("pdf") << QByteArray("%PDF-");
    QTest::newRow("html") << QStringLiteral("html") << QByteArray("<!DOCTYPE html>");
    QTest::newRow("csv") << QStringLiteral("csv") << QByteArray("case,at,source,event,ref\r\n");
    QTest::newRow("json") << QStringLiteral("json") << QByteArray("{");
}

void TestCliReport::everyFormatIsWritten()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, start);
    // No display, no session: the CLI must bring its own (offscreen) platform for the PDF.
    qunsetenv("DISPLAY");
    qunsetenv("XDG_RUNTIME_DIR");
    qunsetenv("QT_QPA_PLATFORM");
    const test::CliRun r = as(QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case, QStringLiteral("--format"), format,
                                                        QStringLiteral("--out"), reportPath(format)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // stderr is for errors only, even headless
    QVERIFY(r.out.contains(m_case));
    const QByteArray bytes = test::readFile(reportPath(format));
    QVERIFY2(bytes.startsWith(start), bytes.left(40).constData());
    QVERIFY(bytes.size() > 500);
    // Keep a copy beside the test binary for people who want to look at it.
    const QString keep = QCoreApplication::applicationDirPath() + QStringLiteral("/reports");
    QDir().mkpath(keep);
    QFile::remove(keep + QStringLiteral("/case-report.") + format);
    QVERIFY(QFile::copy(reportPath(format), keep + QStringLiteral("/case-report.") + format));
    if (format != QLatin1String("pdf") && format != QLatin1String("csv"))
        QVERIFY(bytes.contains(m_causes.first().toUtf8()));
}

void TestCliReport::pdfTextShowsCaseAndCause()
{
    const QString pdftotext = test::debianTool(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is missing: bash tools/rd.sh test installs it");
    QProcess p;
    p.start(pdftotext, {QStringLiteral("-layout"), reportPath(QStringLiteral("pdf")), QStringLiteral("-")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY(text.contains(m_case));
    for (const QString &cause : std::as_const(m_causes))
        QVERIFY2(text.contains(cause), qPrintable(cause));
    QVERIFY(text.contains(QStringLiteral("l•••@example.net")));
    QVERIFY(text.contains(QStringLiteral("Page 1 of")));
    QVERIFY(text.contains(QStringLiteral("government id")));
    QVERIFY(text.contains(QStringLiteral("executed")));
}

void TestCliReport::jsonNamesTheChainHead()
{
    const QJsonObject report = QJsonDocument::fromJson(test::readFile(reportPath(QStringLiteral("json")))).object();
    QCOMPARE(report.value(QStringLiteral("case")).toObject().value(QStringLiteral("id")).toString(), m_case);
    QCOMPARE(report.value(QStringLiteral("account")).toObject().value(QStringLiteral("email")).toString(), QStringLiteral("l•••@example.net"));
    QCOMPARE(report.value(QStringLiteral("account")).toObject().value(QStringLiteral("phone")).toString(), QStringLiteral("+•••••••••6789"));
    const QJsonArray diagnoses = report.value(QStringLiteral("diagnoses")).toArray();
    QCOMPARE(diagnoses.size(), 2);
    QCOMPARE(diagnoses[0].toObject().value(QStringLiteral("primary_cause")).toString(), m_causes[0]);
    QCOMPARE(diagnoses[0].toObject().value(QStringLiteral("findings")).toArray().size(), 24); // the twenty-four checks of SPEC §6
    const QJsonArray evidence = report.value(QStringLiteral("evidence")).toArray();
    QCOMPARE(evidence.size(), 2);
    QCOMPARE(evidence[0].toObject().keys(), (QStringList{QStringLiteral("at"), QStringLiteral("method"), QStringLiteral("result"), QStringLiteral("verifier")}));
    const QJsonObject request = report.value(QStringLiteral("reset_requests")).toArray().first().toObject();
    QCOMPARE(request.value(QStringLiteral("state")).toString(), QStringLiteral("executed"));
    QCOMPARE(request.value(QStringLiteral("decided_by")).toString(), QStringLiteral("sam"));
    const QJsonObject audit = report.value(QStringLiteral("audit")).toObject();
    const QJsonArray entries = audit.value(QStringLiteral("entries")).toArray();
    const QJsonObject last = entries.last().toObject();
    QCOMPARE(last.value(QStringLiteral("action")).toString(), QStringLiteral("report.export"));
    QCOMPARE(last.value(QStringLiteral("details")).toObject().value(QStringLiteral("format")).toString(), QStringLiteral("json"));
    QCOMPARE(audit.value(QStringLiteral("head")).toObject().value(QStringLiteral("hash")).toString(), last.value(QStringLiteral("hash")).toString());
    QCOMPARE(audit.value(QStringLiteral("head")).toObject().value(QStringLiteral("hash")).toString().size(), 64);
    QStringList actions;
    for (const QJsonValue &e : entries)
        actions << e[QStringLiteral("action")].toString();
    for (const char *a : {"case.open", "case.diagnosis", "case.evidence", "reset.request", "reset.approve", "reset.execute"})
        QVERIFY2(actions.contains(QLatin1String(a)), a);
    // The note's phone number was masked in the timeline too.
    QVERIFY(test::readFile(reportPath(QStringLiteral("csv"))).contains("+•••••••••6789 as agreed"));
}

void TestCliReport::noReportHoldsASecret()
{
    const QStringList secrets = fixtureSecrets() << QStringLiteral("L01X00T47");
    QVERIFY(secrets.size() > 40);
    QStringList texts;
    for (const char *format : {"pdf", "html", "csv", "json"})
        texts << QString::fromUtf8(test::readFile(reportPath(QLatin1String(format))));
    const QString pdftotext = test::debianTool(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is missing: bash tools/rd.sh test installs it");
    {
        QProcess p;
        p.start(pdftotext, {reportPath(QStringLiteral("pdf")), QStringLiteral("-")});
        QVERIFY(p.waitForFinished(60000));
        texts << QString::fromUtf8(p.readAllStandardOutput());
    }
    for (const QString &text : std::as_const(texts))
        for (const QString &secret : secrets)
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(secret));
    // Nor did any command print one.
    for (const test::CliRun &r : std::as_const(m_cli->outputs))
        for (const QString &secret : secrets)
            QVERIFY2(!r.out.contains(secret) && !r.err.contains(secret), qPrintable(secret));
}

void TestCliReport::exportsAreAudited()
{
    QVERIFY(m_ws.open());
    auto q = storage::exec(m_ws.connection(), QStringLiteral("SELECT COUNT(*), MAX(operator) FROM audit_log WHERE action = 'report.export' AND subject = ?"),
                           {m_case});
    QVERIFY(q.ok() && q->next());
    QCOMPARE(q->value(0).toInt(), 4);
    QCOMPARE(q->value(1).toString(), QStringLiteral("alice"));
    q->finish();
    m_ws.close();
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
}

void TestCliReport::refusalsAndBadInput()
{
    const QString out = m_ws.path(QStringLiteral("refused.html"));
    const QStringList base{QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--out"), out};
    auto admin = as(QStringLiteral("boss"), base + QStringList{QStringLiteral("--case"), m_case});
    QCOMPARE(admin.exitCode, 1);
    QVERIFY2(admin.err.contains(QStringLiteral("may not")), qPrintable(admin.err));
    QVERIFY(!QFile::exists(out));
    QCOMPARE(as(QStringLiteral("sam"), base + QStringList{QStringLiteral("--case"), m_case}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), base + QStringList{QStringLiteral("--case"), QStringLiteral("C-999999")}).exitCode, 2);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case, QStringLiteral("--format"), QStringLiteral("docx"),
                                          QStringLiteral("--out"), out}).exitCode, 2);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case}).exitCode, 2);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case, QStringLiteral("--format"), QStringLiteral("json"),
                                          QStringLiteral("--out"), QStringLiteral("/nonexistent-dir/r.json")}).exitCode, 3);
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
