// Requesting a reset from the workspace: refused until verification is strong, then pending;
// the agent sees no approve button and executing waits for the approval.
#include "GuiSupport.h"

#include "common/RecordTableModel.h"
#include "workspace/ResetTab.h"
#include "workspace/VerificationTab.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace rd;

class TestResetTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void requestNeedsStrongVerificationThenWaitsForASupervisor();

private:
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestResetTab::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QVERIFY(test::openCase(*m_window, QStringLiteral("C-000002")));
}

void TestResetTab::requestNeedsStrongVerificationThenWaitsForASupervisor()
{
    auto *workspace = m_window->caseDesk()->workspace();
    QVERIFY(workspace->showTab(QStringLiteral("resetTab")));
    auto *tab = test::child<ui::ResetTab>(m_window.get(), "resetTab");
    auto *request = test::child<QPushButton>(tab, "resetRequest");
    // Watches the request model through every asynchronous reload of the case.
    QAbstractItemModelTester tester(tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!request->isEnabled()); // no evidence yet
    QVERIFY(request->toolTip().contains(QStringLiteral("strong")));

    QVERIFY(workspace->showTab(QStringLiteral("verificationTab")));
    auto *verification = test::child<ui::VerificationTab>(m_window.get(), "verificationTab");
    auto *methods = test::child<QComboBox>(verification, "verifMethod");
    for (const char *method : {"email_otp", "government_id"}) {
        methods->setCurrentIndex(methods->findData(QLatin1String(method)));
        QTest::mouseClick(test::child<QPushButton>(verification, "verifAdd"), Qt::LeftButton);
        QVERIFY(test::settle());
    }

    QVERIFY(workspace->showTab(QStringLiteral("resetTab")));
    QVERIFY(request->isEnabled());
    auto *kind = test::child<QComboBox>(tab, "resetKind");
    kind->setCurrentIndex(kind->findData(QStringLiteral("regenerate_codes")));
    QVERIFY(!test::child<QComboBox>(tab, "resetDevice")->isEnabled());
    QTest::keyClicks(test::child<QLineEdit>(tab, "resetJustification"), QStringLiteral("Printout lost; ID and email OTP checked"));
    QTest::mouseClick(request, Qt::LeftButton);
    QVERIFY(!request->isEnabled()); // requesting on a database thread: no second click meanwhile
    QVERIFY(test::settle());

    QCOMPARE(tab->model()->rowCount(), 1);
    const auto *r = tab->model()->recordAt(0);
    QCOMPARE(r->state, QStringLiteral("pending"));
    QCOMPARE(r->requestedBy, QStringLiteral("alice"));
    QVERIFY(test::child<QLabel>(tab, "resetResult")->text().contains(r->id));
    QVERIFY(test::child<QLabel>(m_window.get(), "caseState")->text().contains(QStringLiteral("Pending approval")));
    QVERIFY(!test::child<QPushButton>(tab, "resetApprove")->isVisible()); // agents do not decide
    QVERIFY(!test::child<QPushButton>(tab, "resetExecute")->isEnabled());  // nothing approved yet
    QVERIFY(test::child<QLabel>(tab, "resetFourEyes")->text().contains(QStringLiteral("another supervisor must approve")));
}

QTEST_MAIN(TestResetTab)
#include "tst_reset_tab.moc"
