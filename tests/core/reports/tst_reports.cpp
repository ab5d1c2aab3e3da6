// Case report pieces that need no database: contact scrubbing of free text, format names,
// the CSV timeline's escaping and what the HTML/JSON renderers leave out.
#include "reports/Redaction.h"
#include "reports/ReportRenderers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rd;

class TestReports : public QObject {
    Q_OBJECT
private slots:
    void maskContacts_data();
    void maskContacts();
    void formatNames();
    void renderersLeaveOutNotesAndKeepIds();
};

void TestReports::maskContacts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("email") << QStringLiteral("mail jo.doe@example.com today") << QStringLiteral("mail j•••@example.com today");
    QTest::newRow("phone with plus") << QStringLiteral("call +49 151 2345 6789.") << QStringLiteral("call +•••••••••6789.");
    QTest::newRow("national phone") << QStringLiteral("call 0151-2345 6789") << QStringLiteral("call +••••••••6789");
    QTest::newRow("iso date stays") << QStringLiteral("since 2026-11-20 14:00") << QStringLiteral("since 2026-11-20 14:00");
    QTest::newRow("ip stays") << QStringLiteral("from 198.51.100.7, Hamburg") << QStringLiteral("from 198.51.100.7, Hamburg");
    QTest::newRow("ids stay") << QStringLiteral("case C-000042, request R-000003") << QStringLiteral("case C-000042, request R-000003");
    QTest::newRow("short numbers stay") << QStringLiteral("tried 3 times in 15 min") << QStringLiteral("tried 3 times in 15 min");
    QTest::newRow("both") << QStringLiteral("a@b.org or +1 555 0100 999") << QStringLiteral("a•••@b.org or +•••••••0999");
}

void TestReports::maskContacts()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(reports::maskContacts(text), expected);
}

void TestReports::formatNames()
{
    for (const QString &name : reports::formatNames())
        QCOMPARE(reports::formatName(*reports::formatFromName(name)), name);
    QCOMPARE(reports::formatFromName(QStringLiteral("PDF")), reports::ReportFormat::Pdf);
    QVERIFY(!reports::formatFromName(QStringLiteral("docx")));
    // Core cannot draw a PDF (no QtGui); rd_reportpdf does.
    QVERIFY(!reports::builtinRenderer(reports::ReportFormat::Pdf));
    QVERIFY(reports::builtinRenderer(reports::ReportFormat::Json));
}

void TestReports::renderersLeaveOutNotesAndKeepIds()
{
    reports::CaseReport r;
    r.record.id = QStringLiteral("C-000007");
    r.record.accountId = QStringLiteral("acc-x");
    r.record.summary = QStringLiteral("<script>alert(1)</script>");
    r.evidence.append({1000, QStringLiteral("government_id"), QStringLiteral("pass"), QStringLiteral("alice")});
    r.timeline.append({2000, QStringLiteral("note"), QStringLiteral("=HYPERLINK(\"x\"), with comma"), QStringLiteral("C-000007")});
    r.diagnoses.append({QStringLiteral("dx-1"), 1000, 2000, QStringLiteral("alice"), {}, QStringLiteral("ALREADY_USED"),
                        {{QStringLiteral("ALREADY_USED"), QStringLiteral("cause"), QStringLiteral("Used before"), {}, QStringLiteral("Ask"),
                          QStringLiteral("Pick <i>another</i> code")}}});
    r.headSeq = 9;
    r.headHash = QString(64, u'a');

    const QString html = QString::fromUtf8(reports::renderHtml(r));
    QVERIFY(html.contains(QStringLiteral("C-000007")));
    QVERIFY(html.contains(QStringLiteral("ALREADY_USED")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
    QVERIFY(!html.contains(QStringLiteral("<script>")));
    QVERIFY(html.contains(QStringLiteral("For the user: “Pick &lt;i&gt;another&lt;/i&gt; code”")));
    QVERIFY(html.contains(r.headHash));

    const QByteArray csv = reports::renderTimelineCsv(r);
    QVERIFY(csv.startsWith("case,at,source,event,ref\r\n"));
    QVERIFY2(csv.contains("C-000007,1970-01-01T00:00:02Z,note,\"'=HYPERLINK(\"\"x\"\"), with comma\",C-000007\r\n"), csv.constData());

    const QJsonObject json = QJsonDocument::fromJson(reports::renderJson(r)).object();
    QCOMPARE(json.value(QStringLiteral("audit")).toObject().value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInt(), 9);
    const QJsonObject evidence = json.value(QStringLiteral("evidence")).toArray().first().toObject();
    QCOMPARE(evidence.keys().size(), 4);
    QVERIFY(!evidence.contains(QStringLiteral("note")));
    const QJsonObject finding = json.value(QStringLiteral("diagnoses")).toArray().first()[QStringLiteral("findings")].toArray().first().toObject();
    QCOMPARE(finding.value(QStringLiteral("user_line")).toString(), QStringLiteral("Pick <i>another</i> code"));
}

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
