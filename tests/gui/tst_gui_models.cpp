// Every model of the desktop passes QAbstractItemModelTester, the paged one included (rows
// filled in from the database threads while the tester watches).
#include "GuiSupport.h"

#include "accounts/AccountService.h"
#include "common/Format.h"
#include "common/PagedTableModel.h"
#include "common/RecordTableModel.h"
#include "workspace/AttemptsChart.h"
#include "workspace/AttemptsTab.h"
#include "workspace/LedgerTab.h"
#include "workspace/DevicesTab.h"
#include "workspace/OverviewTab.h"
#include "workspace/NotesTab.h"
#include "workspace/CaseAuditTab.h"
#include "cases/CaseQueuePanel.h"
#include "supervisor/SlaDashboard.h"
#include "admin/IncidentsPanel.h"
#include "admin/OperatorsPanel.h"
#include "admin/PolicyPanel.h"

#include <QTableView>

using namespace rd;

class TestGuiModels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void workspaceModels();
    void pagedAttemptsFillInAndJumpToTheEnd();
    void supervisorAndAdminModels();
    void recordModelBasics();
    void slaCountsTheFirstResponseToo();
    void attemptPagesPastTheEndAreEmpty();

private:
    template <typename M>
    void check(M *model, bool nonEmpty = true)
    {
        QVERIFY(model);
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (nonEmpty)
            QVERIFY(model->rowCount() > 0);
    }
    test::DemoDesk m_desk;
};

void TestGuiModels::initTestCase() { QVERIFY(m_desk.open()); }

void TestGuiModels::workspaceModels()
{
    auto window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QVERIFY(test::openCase(*window, QStringLiteral("C-000004")));
    check(window->caseDesk()->queue()->model());
    check(window->findChild<ui::OverviewTab *>()->model());
    check(window->findChild<ui::LedgerTab *>()->setModel());
    check(window->findChild<ui::LedgerTab *>()->codeModel());
    check(window->findChild<ui::DevicesTab *>()->deviceModel());
    check(window->findChild<ui::DevicesTab *>()->historyModel(), false);
    check(window->findChild<ui::NotesTab *>()->model());
    check(window->findChild<ui::CaseAuditTab *>()->model());
    auto *chart = window->findChild<ui::AttemptsChart *>();
    QTRY_VERIFY(chart->seriesCount() >= 1);
}

void TestGuiModels::pagedAttemptsFillInAndJumpToTheEnd()
{
    auto window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QVERIFY(test::openCase(*window, QStringLiteral("C-000004")));
    auto *tab = window->findChild<ui::AttemptsTab *>();
    auto *model = tab->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 total = m_desk.ws.count(QStringLiteral("login_attempts WHERE account_id = 'demo-0005'"));
    QTRY_COMPARE(model->total(), total);
    QTRY_VERIFY(model->isLoaded(0));
    const int last = int(total) - 1;
    QVERIFY(!model->isLoaded(last) || total <= 200);
    tab->table()->scrollToBottom();
    model->index(last, 0).data(); // what the view asks for when it paints the last rows
    QTRY_VERIFY(model->isLoaded(last));
    // Rows are in time order across pages.
    QVERIFY(model->recordAt(0)->at <= model->recordAt(last)->at);
}

void TestGuiModels::supervisorAndAdminModels()
{
    auto supervisor = m_desk.window(QStringLiteral("sam"), auth::Role::Supervisor);
    check(supervisor->findChild<ui::SlaDashboard *>()->summaryModel());
    check(supervisor->findChild<ui::SlaDashboard *>()->attentionModel(), false);
    auto admin = m_desk.window(QStringLiteral("boss"), auth::Role::Admin);
    check(admin->findChild<ui::OperatorsPanel *>()->model());
    check(admin->findChild<ui::IncidentsPanel *>()->model());
    check(admin->findChild<ui::PolicyPanel *>()->model());
}

void TestGuiModels::recordModelBasics()
{
    ui::RecordTableModel<int> model({{QStringLiteral("n"), [](const int &n) { return n; }}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords({3, 1, 2});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, 0).data().toInt(), 1);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("n"));
    QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
    model.setRecords({});
    QCOMPARE(model.rowCount(), 0);
}

void TestGuiModels::slaCountsTheFirstResponseToo()
{
    cases::CaseRecord c;
    c.state = cases::state::New;
    c.createdAt = 0;
    c.firstResponseDue = 15 * 60 * 1000;
    c.resolutionDue = 4 * 3600 * 1000;
    auto sla = ui::slaStatus(c, 20 * 60 * 1000); // 20 min in, nobody answered
    QCOMPARE(sla.state, ui::SlaState::Breached);
    QVERIFY(sla.text.startsWith(QStringLiteral("First response breached")));
    c.firstResponseAt = 10 * 60 * 1000;
    sla = ui::slaStatus(c, 20 * 60 * 1000);
    QCOMPARE(sla.state, ui::SlaState::Ok);
    sla = ui::slaStatus(c, 4 * 3600 * 1000 - 30 * 60 * 1000);
    QCOMPARE(sla.state, ui::SlaState::DueSoon);
    c.state = cases::state::Closed;
    QCOMPARE(ui::slaStatus(c, 5 * 3600 * 1000).state, ui::SlaState::Done);
}

void TestGuiModels::attemptPagesPastTheEndAreEmpty()
{
    accounts::AccountService service(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
    const auth::Session agent = test::sessionAs(auth::Role::Agent, QStringLiteral("alice"));
    const accounts::AttemptQuery query{QStringLiteral("demo-0005"), {}, {}};
    const qint64 total = service.attemptCount(agent, query).value();
    QVERIFY(total > 10);
    QCOMPARE(service.attemptPage(agent, query, total, 200, total).value().size(), 0);
    QCOMPARE(service.attemptPage(agent, query, total + 500, 200, total).value().size(), 0);
    QCOMPARE(service.attemptPage(agent, query, total - 3, 200, total).value().size(), 3);
    // An admin may not read account data, and the refusal is audited.
    const qint64 before = m_desk.ws.count(QStringLiteral("audit_log"));
    QVERIFY(!service.attemptPage(test::sessionAs(auth::Role::Admin), query, 0, 10, total));
    QCOMPARE(m_desk.ws.count(QStringLiteral("audit_log")), before + 1);
}

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
