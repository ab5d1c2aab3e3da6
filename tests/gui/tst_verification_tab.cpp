// Recording identity evidence and watching the level meter move (and say what is missing).
#include "GuiSupport.h"

#include "common/RecordTableModel.h"
#include "workspace/VerificationTab.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

using namespace rd;

class TestVerificationTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void evidenceRaisesTheLevel();
    void aLaterFailCancelsAPass();

private:
    void record(const char *method, const char *result, const QString &note = {});
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::VerificationTab *m_tab = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestVerificationTab::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    auto *workspace = test::openCase(*m_window, QStringLiteral("C-000002")); // investigating, no evidence yet
    QVERIFY(workspace);
    QVERIFY(workspace->showTab(QStringLiteral("verificationTab")));
    m_tab = test::child<ui::VerificationTab>(m_window.get(), "verificationTab");
    // Watches the evidence model through every asynchronous reload of the case.
    m_tester = std::make_unique<QAbstractItemModelTester>(m_tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestVerificationTab::record(const char *method, const char *result, const QString &note)
{
    auto *methods = test::child<QComboBox>(m_tab, "verifMethod");
    methods->setCurrentIndex(methods->findData(QLatin1String(method)));
    auto *results = test::child<QComboBox>(m_tab, "verifResult");
    results->setCurrentIndex(results->findData(QLatin1String(result)));
    QTest::keyClicks(test::child<QLineEdit>(m_tab, "verifNote"), note);
    QTest::mouseClick(test::child<QPushButton>(m_tab, "verifAdd"), Qt::LeftButton);
    QVERIFY(test::settle()); // recorded on a database thread, then the case reloads
}

void TestVerificationTab::evidenceRaisesTheLevel()
{
    auto *meter = test::child<QProgressBar>(m_tab, "verifLevel");
    auto *missing = test::child<QLabel>(m_tab, "verifMissing");
    QCOMPARE(m_tab->model()->rowCount(), 0);
    QCOMPARE(meter->value(), 0);
    QCOMPARE(meter->format(), QStringLiteral("None"));
    QVERIFY(missing->text().contains(QStringLiteral("still needs")));

    record("email_otp", "pass", QStringLiteral("code read back correctly"));
    QCOMPARE(m_tab->model()->rowCount(), 1);
    QCOMPARE(meter->value(), 1);
    QCOMPARE(meter->format(), QStringLiteral("Basic"));
    QVERIFY(missing->text().contains(QStringLiteral("still needs")));

    record("government_id", "pass", QStringLiteral("passport on video"));
    QCOMPARE(m_tab->model()->rowCount(), 2);
    QCOMPARE(meter->value(), 2);
    QCOMPARE(meter->format(), QStringLiteral("Strong"));
    QVERIFY(missing->text().contains(QStringLiteral("Government ID")));
}

void TestVerificationTab::aLaterFailCancelsAPass()
{
    record("government_id", "fail");
    auto *meter = test::child<QProgressBar>(m_tab, "verifLevel");
    QCOMPARE(m_tab->model()->rowCount(), 3);
    QVERIFY(meter->value() < 2);
}

QTEST_MAIN(TestVerificationTab)
#include "tst_verification_tab.moc"
