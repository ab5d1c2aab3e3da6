// The supervisors' audit trail: paged entries, filters, verify with progress, signed export,
// and a tampered entry found from the GUI.
#include "GuiSupport.h"

#include "common/PagedTableModel.h"
#include "supervisor/AuditTrailPanel.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableView>

using namespace rd;

class TestAuditWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void entriesArePagedAndFiltered();
    void verifyReportsAnIntactChain();
    void exportWritesTheFileAndItsSignature();
    void verifyFindsAnEditedEntry();

private:
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::AuditTrailPanel *m_panel = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestAuditWindow::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("sam"), auth::Role::Supervisor);
    QVERIFY(m_window->showPage(QStringLiteral("auditPage")));
    m_panel = test::child<ui::AuditTrailPanel>(m_window.get(), "auditPage");
    // Watches the paged model through every asynchronous count and page load.
    m_tester = std::make_unique<QAbstractItemModelTester>(m_panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestAuditWindow::entriesArePagedAndFiltered()
{
    m_panel->reload();
    const qint64 total = test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("audit_log")); });
    QTRY_COMPARE(m_panel->model()->total(), total);
    QTRY_VERIFY(m_panel->model()->isLoaded(0));
    QCOMPARE(m_panel->model()->index(0, 4).data().toString(), QStringLiteral("operator.add"));
    QTest::keyClicks(test::child<QLineEdit>(m_panel, "auditAction"), QStringLiteral("case.open"));
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditApply"), Qt::LeftButton);
    QTRY_COMPARE(m_panel->model()->total(), qint64(15));
    QTRY_VERIFY(m_panel->model()->isLoaded(0));
    for (int row = 0; row < 15; ++row)
        QCOMPARE(m_panel->model()->index(row, 4).data().toString(), QStringLiteral("case.open"));
    test::child<QLineEdit>(m_panel, "auditAction")->clear();
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditApply"), Qt::LeftButton);
}

void TestAuditWindow::verifyReportsAnIntactChain()
{
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditVerify"), Qt::LeftButton);
    auto *result = test::child<QLabel>(m_panel, "auditVerifyResult");
    // The demo desk's trail is shorter than 1,000 entries and was never exported: the chain is
    // whole, and the panel says that no signature anchors it yet rather than "intact".
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("hash chain is unbroken")), 10000);
    QVERIFY(result->text().contains(QStringLiteral("no signed checkpoint exists yet")));
    QVERIFY(!result->text().contains(QStringLiteral("intact")));
    QVERIFY(test::child<QPushButton>(m_panel, "auditVerify")->isEnabled());
}

void TestAuditWindow::exportWritesTheFileAndItsSignature()
{
    const QString path = m_desk.ws.path(QStringLiteral("trail.jsonl"));
    ui::FileDialog::setNextFileName(path);
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditExport"), Qt::LeftButton);
    auto *result = test::child<QLabel>(m_panel, "auditVerifyResult");
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Exported")), 10000);
    QVERIFY(QFile::exists(path));
    QVERIFY(QFile::exists(path + QStringLiteral(".sig")));
    // The export made a signed checkpoint: now the trail is anchored.
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditVerify"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("intact")), 10000);
    QVERIFY2(result->text().contains(QStringLiteral("and 1 signed checkpoints verified")), qPrintable(result->text()));
}

void TestAuditWindow::verifyFindsAnEditedEntry()
{
    QVERIFY(test::onDatabaseThread([this] { return m_desk.ws.tamper({QStringLiteral("UPDATE audit_log SET operator = 'mallory' WHERE seq = 3")}); }));
    QTest::mouseClick(test::child<QPushButton>(m_panel, "auditVerify"), Qt::LeftButton);
    auto *result = test::child<QLabel>(m_panel, "auditVerifyResult");
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Tampering found at entry 3")), 10000);
}

QTEST_MAIN(TestAuditWindow)
#include "tst_audit_window.moc"
