// Four eyes in the supervisors' approvals queue: the requester cannot approve their own
// request, another supervisor can; the approved request can then be executed.
#include "GuiSupport.h"

#include "cases/CaseService.h"
#include "cases/ResetService.h"
#include "common/RecordTableModel.h"
#include "supervisor/ApprovalsPanel.h"
#include "supervisor/GrantsBox.h"
#include "supervisor/OneTimePasswordDialog.h"
#include "workspace/ResetTab.h"

#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>

using namespace rd;

class TestApprovals : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void requesterCannotApproveAnotherSupervisorCan();
    void theNextApproverSeesTheEarlierRejection();
    void aSecondPersonConfirmsAGrant();

private:
    int rowOf(ui::ApprovalsPanel *panel, const QString &requestId);
    test::DemoDesk m_desk;
    QString m_requestId;
};

void TestApprovals::initTestCase()
{
    QVERIFY(m_desk.open());
    // Sam (a supervisor) works case C-000002 to a pending unlock request.
    const auth::Session sam{QStringLiteral("sam"), QStringLiteral("Sam Supervisor"), auth::Role::Supervisor};
    auto request = test::onDatabaseThread([this, sam]() -> Result<cases::ResetRequest> {
        cases::CaseService cases(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        for (const char *method : {"email_otp", "government_id"})
            if (auto added = cases.addEvidence(sam, QStringLiteral("C-000002"), QLatin1String(method), QStringLiteral("pass"), {}); !added)
                return added.error();
        cases::ResetService resets(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        return resets.request(sam, {QStringLiteral("C-000002"), QStringLiteral("unlock_account"), QStringLiteral("locked after typos"), {}, {}});
    });
    QVERIFY2(request.ok(), request ? "" : qPrintable(request.error().message));
    m_requestId = request->id;
}

int TestApprovals::rowOf(ui::ApprovalsPanel *panel, const QString &requestId)
{
    for (int row = 0; row < panel->model()->rowCount(); ++row)
        if (panel->model()->recordAt(row)->request.id == requestId)
            return row;
    return -1;
}

void TestApprovals::requesterCannotApproveAnotherSupervisorCan()
{
    {
        auto samWindow = m_desk.window(QStringLiteral("sam"), auth::Role::Supervisor);
        QVERIFY(samWindow->showPage(QStringLiteral("approvalsPage")));
        auto *panel = test::child<ui::ApprovalsPanel>(samWindow.get(), "approvalsPage");
        QVERIFY(test::settle());
        const int row = rowOf(panel, m_requestId);
        QVERIFY(row >= 0);
        auto *table = test::child<QTableView>(panel, "approvalsTable");
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(panel->model()->index(row, 0)).center());
        auto *approve = test::child<QPushButton>(panel, "approvalApprove");
        QVERIFY(!approve->isEnabled());
        QVERIFY(approve->toolTip().contains(QStringLiteral("four eyes")));
        QVERIFY(panel->model()->index(row, 6).data().toString().contains(QStringLiteral("another supervisor")));
    }
    {
        auto sueWindow = m_desk.window(QStringLiteral("sue"), auth::Role::Supervisor);
        QVERIFY(sueWindow->showPage(QStringLiteral("approvalsPage")));
        auto *panel = test::child<ui::ApprovalsPanel>(sueWindow.get(), "approvalsPage");
        // Watches the approvals model through the asynchronous reloads (before and after deciding).
        QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::settle());
        const int row = rowOf(panel, m_requestId);
        QVERIFY(row >= 0);
        auto *table = test::child<QTableView>(panel, "approvalsTable");
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(panel->model()->index(row, 0)).center());
        auto *approve = test::child<QPushButton>(panel, "approvalApprove");
        QVERIFY(approve->isEnabled());
        QTest::keyClicks(test::child<QLineEdit>(panel, "approvalReason"), QStringLiteral("Evidence checked"));
        QTest::mouseClick(approve, Qt::LeftButton);
        QVERIFY(!approve->isEnabled()); // deciding on a database thread; no second click meanwhile
        QVERIFY(test::settle());
        // (QTRY: on a team database the live desk may refresh once more after the answer.)
        QTRY_VERIFY(test::child<QLabel>(panel, "approvalMessage")->text().contains(QStringLiteral("Approved ") + m_requestId));
        QTRY_COMPARE(rowOf(panel, m_requestId), -1);
    }
    {
        // The approved request is executed from the case's Reset tab.
        auto samWindow = m_desk.window(QStringLiteral("sam"), auth::Role::Supervisor);
        QVERIFY(test::openCase(*samWindow, QStringLiteral("C-000002")));
        samWindow->caseDesk()->workspace()->showTab(QStringLiteral("resetTab"));
        auto *tab = test::child<ui::ResetTab>(samWindow.get(), "resetTab");
        QTRY_VERIFY(tab->model()->rowCount() > 0);
        QTRY_COMPARE(tab->model()->recordAt(0)->state, QStringLiteral("approved"));
        auto *execute = test::child<QPushButton>(tab, "resetExecute");
        QVERIFY(execute->isEnabled());
        QTest::mouseClick(execute, Qt::LeftButton);
        QVERIFY(!execute->isEnabled()); // sealing runs on a database thread; no second click meanwhile
        QTRY_VERIFY(test::child<QLabel>(tab, "resetResult")->text().contains(QStringLiteral("platform action")));
        QVERIFY(test::settle()); // the case reloads after the execution
        QTRY_COMPARE(tab->model()->recordAt(0)->state, QStringLiteral("executed"));
    }
}

// After a rejection and new evidence, the request on the approvals page says who rejected the
// earlier one and why.
void TestApprovals::theNextApproverSeesTheEarlierRejection()
{
    const auth::Session sam{QStringLiteral("sam"), QStringLiteral("Sam Supervisor"), auth::Role::Supervisor};
    const auth::Session sue{QStringLiteral("sue"), QStringLiteral("Sue Supervisor"), auth::Role::Supervisor};
    auto second = test::onDatabaseThread([&]() -> Result<cases::ResetRequest> {
        cases::CaseService cases(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        cases::ResetService resets(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        const QString c = QStringLiteral("C-000003");
        for (const char *method : {"email_otp", "government_id"})
            if (auto added = cases.addEvidence(sam, c, QLatin1String(method), QStringLiteral("pass"), {}); !added)
                return added.error();
        auto first = resets.request(sam, {c, QStringLiteral("unlock_account"), QStringLiteral("locked"), {}, {}});
        if (!first)
            return first.error();
        if (auto r = resets.reject(sue, c, first->id, QStringLiteral("caller hung up before the check")); !r)
            return r.error();
        if (auto added = cases.addEvidence(sam, c, QStringLiteral("video_call"), QStringLiteral("pass"), {}); !added)
            return added.error();
        return resets.request(sam, {c, QStringLiteral("unlock_account"), QStringLiteral("called back"), {}, {}});
    });
    QVERIFY2(second.ok(), second ? "" : qPrintable(second.error().message));
    auto sueWindow = m_desk.window(QStringLiteral("sue"), auth::Role::Supervisor);
    QVERIFY(sueWindow->showPage(QStringLiteral("approvalsPage")));
    auto *panel = test::child<ui::ApprovalsPanel>(sueWindow.get(), "approvalsPage");
    QVERIFY(test::settle());
    const int row = rowOf(panel, second->id);
    QVERIFY(row >= 0);
    QCOMPARE(panel->model()->headerData(8, Qt::Horizontal).toString(), QStringLiteral("Earlier rejection"));
    const QString shown = panel->model()->index(row, 8).data().toString();
    QVERIFY2(shown.contains(QStringLiteral("sue")) && shown.contains(QStringLiteral("caller hung up before the check")), qPrintable(shown));
}

// Four eyes on who may approve, in the desktop: a grant boss asked for waits on the approvals
// page; sue confirms it there, and the page warns that sam's role was granted alone.
void TestApprovals::aSecondPersonConfirmsAGrant()
{
    auto grant = test::onDatabaseThread([&]() -> Result<auth::GrantOutcome> {
        return auth::OperatorService(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance())
            .addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("zed"), QStringLiteral("Zed"),
                         auth::Role::Supervisor, QStringLiteral("zed-password-12"));
    });
    QVERIFY(grant.ok() && grant->pending);
    auto sueWindow = m_desk.window(QStringLiteral("sue"), auth::Role::Supervisor);
    QVERIFY(sueWindow->showPage(QStringLiteral("approvalsPage")));
    auto *box = test::child<ui::GrantsBox>(sueWindow.get(), "grantsBox");
    QVERIFY(test::settle());
    QTRY_COMPARE(box->model()->rowCount(), 1);
    auto *warning = test::child<QLabel>(box, "fourEyesWarning");
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("sam")), qPrintable(warning->text()));
    auto *table = test::child<QTableView>(box, "grantsTable");
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(box->model()->index(0, 0)).center());
    auto *confirm = test::child<QPushButton>(box, "grantConfirm");
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QVERIFY(test::settle());
    QTRY_VERIFY(test::child<QLabel>(box, "grantMessage")->text().contains(QStringLiteral("Confirmed ") + grant->grantId));
    QTRY_COMPARE(box->model()->rowCount(), 0);
    // sue, the confirmer, sees the second part of zed's one-time password once; boss got the
    // first part when he asked. Only both open zed's first sign-in.
    auto *dialog = test::topLevel<ui::OneTimePasswordDialog>();
    QVERIFY(dialog);
    QPointer<QLabel> field = test::child<QLabel>(dialog, "oneTimePassword");
    const QString second = field->text();
    QCOMPARE(second.size(), 19);
    QCOMPARE(field->textInteractionFlags(), Qt::NoTextInteraction); // read out, never copied
    QVERIFY(dialog->windowTitle().contains(QStringLiteral("Second part of zed")));
    const QString first = grant->oneTimePassword.text();
    auto signIns = test::onDatabaseThread([&] {
        auth::OperatorService operators(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        return std::pair(operators.signIn(QStringLiteral("zed"), second).ok(),
                         operators.signIn(QStringLiteral("zed"), first + u' ' + second).error().code);
    });
    QVERIFY(!signIns.first);
    QCOMPARE(signIns.second, ErrorCode::PasswordChangeRequired);
    QTest::mouseClick(test::child<QPushButton>(dialog, "oneTimePasswordDone"), Qt::LeftButton);
    QVERIFY(!field || field->text().isEmpty()); // cleared when it closes
    QTRY_VERIFY(!test::topLevel<ui::OneTimePasswordDialog>());
}

QTEST_MAIN(TestApprovals)
#include "tst_approvals.moc"
