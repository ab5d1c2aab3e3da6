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

#include <QLabel>
#include <QLineEdit>
#include <QSqlQuery>
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
    void adminPagesSpeakWords();
    void cleanup() { m_testers.clear(); }

private:
    // A tester attached before the window loads anything, living until the test function ends:
    // it sees every asynchronous reset and insert the model goes through.
    void watch(QAbstractItemModel *model)
    {
        QVERIFY(model);
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    test::DemoDesk m_desk;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestGuiModels::initTestCase() { QVERIFY(m_desk.open()); }

void TestGuiModels::workspaceModels()
{
    auto window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    const QList<QAbstractItemModel *> filled{window->caseDesk()->queue()->model(),
                                             window->findChild<ui::OverviewTab *>()->model(),
                                             window->findChild<ui::LedgerTab *>()->setModel(),
                                             window->findChild<ui::LedgerTab *>()->codeModel(),
                                             window->findChild<ui::DevicesTab *>()->deviceModel(),
                                             window->findChild<ui::NotesTab *>()->model(),
                                             window->findChild<ui::CaseAuditTab *>()->model()};
    for (QAbstractItemModel *model : filled)
        watch(model);
    watch(window->findChild<ui::DevicesTab *>()->historyModel());
    QVERIFY(test::openCase(*window, QStringLiteral("C-000004")));
    // Each tab fills its models by its own asynchronous reads, some started only by another's
    // result (the ledger's codes follow the set it selects), so wait for each.
    for (int i = 0; i < filled.size(); ++i)
        QTRY_VERIFY2(filled[i]->rowCount() > 0, qPrintable(QStringLiteral("model %1 (%2)").arg(i).arg(QLatin1String(filled[i]->metaObject()->className()))));
    auto *chart = window->findChild<ui::AttemptsChart *>();
    QTRY_VERIFY(chart->seriesCount() >= 1);
}

void TestGuiModels::pagedAttemptsFillInAndJumpToTheEnd()
{
    auto window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    watch(window->findChild<ui::AttemptsTab *>()->model());
    QVERIFY(test::openCase(*window, QStringLiteral("C-000004")));
    auto *tab = window->findChild<ui::AttemptsTab *>();
    auto *model = tab->model();
    const qint64 total = test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("login_attempts WHERE account_id = 'demo-0005'")); });
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
    watch(supervisor->findChild<ui::SlaDashboard *>()->summaryModel());
    watch(supervisor->findChild<ui::SlaDashboard *>()->attentionModel());
    QVERIFY(supervisor->showPage(QStringLiteral("slaPage")));
    auto admin = m_desk.window(QStringLiteral("boss"), auth::Role::Admin);
    const QList<QAbstractItemModel *> adminModels{admin->findChild<ui::OperatorsPanel *>()->model(),
                                                  admin->findChild<ui::IncidentsPanel *>()->model(),
                                                  admin->findChild<ui::PolicyPanel *>()->model()};
    for (QAbstractItemModel *model : adminModels)
        watch(model);
    for (const char *page : {"operatorsPage", "incidentsPage", "policyPage"})
        QVERIFY(admin->showPage(QLatin1String(page)));
    QVERIFY(test::settle());
    // The dashboard's counts are the database's: one row per priority, adding up to the open cases.
    auto *summary = supervisor->findChild<ui::SlaDashboard *>()->summaryModel();
    QTRY_COMPARE(summary->rowCount(), 4);
    int open = 0;
    for (const auto &row : summary->records())
        open += row.open;
    const qint64 expected = test::onDatabaseThread(
        [this] { return m_desk.ws.count(QStringLiteral("cases WHERE state NOT IN ('resolved', 'closed')")); });
    QVERIFY(expected > 0);
    QCOMPARE(qint64(open), expected);
    for (QAbstractItemModel *model : adminModels)
        QVERIFY2(model->rowCount() > 0, model->metaObject()->className());
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
    // Straight to the service, from a database thread as the widgets do.
    struct Seen {
        qint64 total = 0;
        qsizetype atEnd = -1, pastEnd = -1, lastThree = -1;
        bool adminRefused = false;
        qint64 auditBefore = 0, auditAfter = 0;
    };
    const Seen seen = test::onDatabaseThread([this] {
        accounts::AccountService service(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        const auth::Session agent = test::sessionAs(auth::Role::Agent, QStringLiteral("alice"));
        const accounts::AttemptQuery query{QStringLiteral("demo-0005"), {}, {}};
        Seen s;
        s.total = service.attemptCount(agent, query).value();
        s.atEnd = service.attemptPage(agent, query, s.total, 200, s.total).value().size();
        s.pastEnd = service.attemptPage(agent, query, s.total + 500, 200, s.total).value().size();
        s.lastThree = service.attemptPage(agent, query, s.total - 3, 200, s.total).value().size();
        s.auditBefore = m_desk.ws.count(QStringLiteral("audit_log"));
        s.adminRefused = !service.attemptPage(test::sessionAs(auth::Role::Admin), query, 0, 10, s.total);
        s.auditAfter = m_desk.ws.count(QStringLiteral("audit_log"));
        return s;
    });
    QVERIFY(seen.total > 10);
    QCOMPARE(seen.atEnd, 0);
    QCOMPARE(seen.pastEnd, 0);
    QCOMPARE(seen.lastThree, 3);
    // An admin may not read account data, and the refusal is audited.
    QVERIFY(seen.adminRefused);
    QCOMPARE(seen.auditAfter, seen.auditBefore + 1);
}

// Admin pages show settings and incidents in words with units, never snake_case keys or raw
// JSON lists; a setting applied from the page reaches the policy table (issue 15).
void TestGuiModels::adminPagesSpeakWords()
{
    auto admin = m_desk.window(QStringLiteral("boss"), auth::Role::Admin);
    QVERIFY(admin->showPage(QStringLiteral("policyPage")));
    auto *policy = admin->findChild<ui::PolicyPanel *>()->model();
    QTRY_VERIFY(policy->rowCount() > 5);
    QCOMPARE(policy->index(0, 0).data().toString(), QStringLiteral("Failures that lock an account"));
    QVERIFY(policy->index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("lockout_streak")));
    QCOMPARE(policy->index(0, 1).data().toString(), QStringLiteral("5 failures"));
    for (int row = 0; row < policy->rowCount(); ++row)
        QVERIFY2(!policy->index(row, 0).data().toString().contains(u'_'), qPrintable(policy->index(row, 0).data().toString()));
    auto *panel = admin->findChild<ui::PolicyPanel *>();
    auto *table = test::child<QTableView>(panel, "policyTable");
    table->setCurrentIndex(table->model()->index(0, 0));
    auto *value = panel->findChild<QLineEdit *>();
    value->setText(QStringLiteral("6"));
    QTest::keyClick(value, Qt::Key_Return);
    QVERIFY(test::settle());
    QTRY_VERIFY(test::child<QLabel>(panel, "policyMessage")->text().contains(QStringLiteral("Failures that lock an account is now 6 failures")));
    QCOMPARE(test::onDatabaseThread([this] {
                 QSqlQuery q(m_desk.ws.connection());
                 q.exec(QStringLiteral("SELECT value FROM policy WHERE key = 'lockout_streak'"));
                 return q.next() ? q.value(0).toString() : QString();
             }),
             QStringLiteral("6"));

    QVERIFY(admin->showPage(QStringLiteral("incidentsPage")));
    auto *incidents = admin->findChild<ui::IncidentsPanel *>()->model();
    QTRY_VERIFY(incidents->rowCount() >= 5);
    for (int row = 0; row < incidents->rowCount(); ++row) {
        for (int column : {1, 5}) { // kind, components
            const QString text = incidents->index(row, column).data().toString();
            QVERIFY2(!text.contains(u'_') && !text.contains(u'[') && !text.contains(QStringLiteral("Api")), qPrintable(text));
        }
    }
}

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
