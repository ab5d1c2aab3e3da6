// The case queue: filters, full-text search (hostile text is only text), opening a case.
#include "GuiSupport.h"
#include "cases/CaseService.h"

#include "cases/CaseQueuePanel.h"
#include "cases/NewCaseDialog.h"
#include "common/RecordTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>

using namespace rd;

class TestCaseQueue : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void onlyAPersonOpensAView();
    void clickingACaseOpensItInTheWorkspace();
    void filtersNarrowTheQueue();
    void searchFindsNotesAndTreatsHostileTextAsText();
    void newCaseFromTheKeyboard();
    void anOpenCaseIsOfferedFirst();
    void aNoteSavingWhileTheAgentMovesOnIsKept();
    void sortKeyDoesNotMoveWithTheClock();
    void aLongQueueIsReadPageByPage();

private:
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestCaseQueue::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(test::settle());
}

namespace {

// A clock that moves on every time it is read, as the real one does during a long sort.
class TickingClock final : public Clock {
public:
    QDateTime nowUtc() const override { return m_start.addMSecs(++m_reads); }

private:
    QDateTime m_start = QDateTime::currentDateTimeUtc();
    mutable qint64 m_reads = 0;
};

} // namespace

// A sort whose comparisons disagree with each other is undefined behaviour: the queue once
// sorted by the time remaining, read anew at every comparison, and a queue of cases due at the
// same moment corrupted the heap (std::stable_sort ran past its buffer). The key is the due time.
void TestCaseQueue::sortKeyDoesNotMoveWithTheClock()
{
    TickingClock clock;
    ui::AppContext context = m_desk.context(QStringLiteral("alice"), auth::Role::Agent, &clock);
    ui::CaseQueuePanel panel(context);
    QVERIFY(test::settle());
    QVERIFY(panel.model()->rowCount() > 1);
    constexpr int kSlaColumn = 1;
    for (int row = 0; row < panel.model()->rowCount(); ++row) {
        const QModelIndex index = panel.model()->index(row, kSlaColumn);
        const QVariant first = index.data(ui::RecordTableModel<cases::CaseRecord>::SortRole);
        QCOMPARE(index.data(ui::RecordTableModel<cases::CaseRecord>::SortRole), first);
    }
}

// The audit trail records what a person looked at (issue 15): signing in, tabbing into the queue
// and arrowing through it, or showing the Accounts page view nothing; Enter on a case views it
// once, and the live desk's refreshes of the open case add nothing.
void TestCaseQueue::onlyAPersonOpensAView()
{
    auto count = [this](const QString &where) {
        return test::onDatabaseThread([this, where] { return m_desk.ws.count(QStringLiteral("audit_log WHERE ") + where); });
    };
    const QString views = QStringLiteral("action LIKE '%.view'");
    QCOMPARE(count(views), 0); // signing in viewed nothing
    auto *search = test::child<QLineEdit>(m_window.get(), "queueSearch");
    auto *table = test::child<QTableView>(m_window.get(), "queueTable");
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Tab);
    QTRY_VERIFY(table->hasFocus());
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(table, Qt::Key_Down);
    QTest::qWait(600);
    QVERIFY(test::settle());
    QCOMPARE(count(views), 0);
    QVERIFY(test::child<QWidget>(m_window.get(), "workspaceEmpty")->isVisible());

    const QString highlighted = table->model()->index(table->currentIndex().row(), 0).data().toString();
    QTest::keyClick(table, Qt::Key_Return);
    QVERIFY(test::settle());
    QCOMPARE(m_window->caseDesk()->workspace()->caseId(), highlighted);
    QCOMPARE(count(QStringLiteral("action = 'case.view'")), 1);
    QCOMPARE(count(QStringLiteral("action = 'case.view' AND subject = '%1'").arg(highlighted)), 1);
    const qint64 afterOpening = count(views);
    QTest::qWait(2500); // the live desk refreshes the open case
    QVERIFY(test::settle());
    QCOMPARE(count(views), afterOpening);

    // The Accounts page shows no profile until one is picked.
    auto *accounts = test::child<QTableView>(m_window.get(), "accountTable");
    QTRY_VERIFY(accounts->model()->rowCount() > 0);
    QVERIFY(!accounts->currentIndex().isValid());
    QCOMPARE(count(QStringLiteral("action = 'account.view'")), count(QStringLiteral("action = 'account.view' AND subject = '%1'")
                                                                         .arg(m_window->caseDesk()->workspace()->accountId())));
}

void TestCaseQueue::clickingACaseOpensItInTheWorkspace()
{
    auto *table = test::child<QTableView>(m_window.get(), "queueTable");
    QVERIFY(table->model()->rowCount() >= 9);
    // A case other than the one the previous test opened.
    const int row = table->model()->index(1, 0).data().toString() == m_window->caseDesk()->workspace()->caseId() ? 2 : 1;
    const QModelIndex second = table->model()->index(row, 0);
    const QString caseId = second.data().toString();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(second).center());
    QCOMPARE(m_window->caseDesk()->workspace()->caseId(), caseId);
    QVERIFY(test::settle());
    auto *title = test::child<QLabel>(m_window.get(), "caseTitle");
    QVERIFY(title->isVisible());
    QVERIFY(title->text().startsWith(caseId));
    QVERIFY(!test::child<QLabel>(m_window.get(), "slaCountdown")->text().isEmpty());
    QVERIFY(test::child<QLabel>(m_window.get(), "caseAccount")->text().startsWith(QStringLiteral("demo-")));
}

void TestCaseQueue::filtersNarrowTheQueue()
{
    auto *filter = test::child<QComboBox>(m_window.get(), "queueFilter");
    auto *queue = m_window->caseDesk()->queue();
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::PendingApproval)));
    QVERIFY(test::settle());
    QVERIFY(queue->model()->rowCount() >= 1);
    for (const auto &c : queue->model()->records())
        QCOMPARE(c.state, cases::state::PendingApproval);
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::Mine)));
    QVERIFY(test::settle());
    QCOMPARE(queue->model()->rowCount(), 0); // alice has taken no case yet
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::Unassigned)));
    QVERIFY(test::settle());
    for (const auto &c : queue->model()->records())
        QVERIFY(c.assignee.isEmpty());
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::All)));
    QVERIFY(test::settle());
    QCOMPARE(queue->model()->rowCount(), 15); // eleven in every state, four callers of round two
}

void TestCaseQueue::searchFindsNotesAndTreatsHostileTextAsText()
{
    auto *search = test::child<QLineEdit>(m_window.get(), "queueSearch");
    auto *queue = m_window->caseDesk()->queue();
    search->clear();
    QTest::keyClicks(search, QStringLiteral("phishing"));
    QTRY_COMPARE(queue->model()->rowCount(), 1);
    QCOMPARE(queue->model()->recordAt(0)->id, QStringLiteral("C-000004")); // "Codes revoked after phishing report"
    // A word only a note holds finds the case through its notes.
    search->clear();
    QTest::keyClicks(search, QStringLiteral("walked"));
    QTRY_COMPARE(queue->model()->rowCount(), 1);
    QVERIFY(!queue->model()->recordAt(0)->summary.contains(QStringLiteral("walked")));
    auto cases = [this] { return test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("cases")); }); };
    const qint64 before = cases();
    for (const QString &hostile : {QStringLiteral("'; drop table cases; --"), QStringLiteral("\"unbalanced"),
                                  QStringLiteral("NEAR(a b) OR *"), QStringLiteral("summary:x AND")}) {
        search->clear();
        QTest::keyClicks(search, hostile);
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(test::settle());
        QCOMPARE(queue->model()->rowCount(), 0);
        QVERIFY(test::child<QLabel>(m_window.get(), "queueCount")->text().contains(QStringLiteral("match")));
    }
    QCOMPARE(cases(), before);
    search->clear();
    QTRY_VERIFY(queue->model()->rowCount() >= 9);
}

void TestCaseQueue::newCaseFromTheKeyboard()
{
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    ui::NewCaseDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = test::topLevel<ui::NewCaseDialog>()) != nullptr);
    QTest::keyClicks(test::child<QLineEdit>(dialog, "newCaseAccount"), QStringLiteral("no-such-account"));
    QTest::keyClicks(test::child<QLineEdit>(dialog, "newCaseSummary"), QStringLiteral("Backup code rejected at the airport"));
    QTest::keyClicks(test::child<QLineEdit>(dialog, "newCaseReporter"), QStringLiteral("traveller@example.org"));
    QTest::mouseClick(test::child<QPushButton>(dialog, "newCaseOpen"), Qt::LeftButton);
    QVERIFY(test::settle());
    QVERIFY(test::child<QLabel>(dialog, "newCaseError")->isVisible());
    // What was typed stays for the retry (the caller is still on the line)...
    QCOMPARE(test::child<QLineEdit>(dialog, "newCaseReporter")->text(), QStringLiteral("traveller@example.org"));
    // A summary holding something shaped like a backup code is refused: codes never enter a case.
    test::child<QLineEdit>(dialog, "newCaseAccount")->setText(QStringLiteral("demo-0001"));
    auto *summary = test::child<QLineEdit>(dialog, "newCaseSummary");
    summary->setText(QStringLiteral("User reads 4821 3906, rejected"));
    const qint64 casesBefore = test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("cases")); });
    QTest::mouseClick(test::child<QPushButton>(dialog, "newCaseOpen"), Qt::LeftButton);
    QVERIFY(test::settle());
    auto *error = test::child<QLabel>(dialog, "newCaseError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("shaped like a backup code")), qPrintable(error->text()));
    QVERIFY(!error->text().contains(QStringLiteral("4821")));
    QCOMPARE(test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("cases")); }), casesBefore);
    QVERIFY(test::onDatabaseThread([this] { return m_desk.ws.plaintextFound({QStringLiteral("4821 3906"), QStringLiteral("48213906")}); }).isEmpty());
    summary->setText(QStringLiteral("Backup code rejected at the airport"));
    // ...and leaves with the dialog (which deletes itself on close).
    auto *reporter = test::child<QLineEdit>(dialog, "newCaseReporter");
    QString reporterAtClose = QStringLiteral("not closed");
    connect(dialog, &QDialog::finished, this, [&reporterAtClose, reporter] { reporterAtClose = reporter->text(); });
    QTest::mouseClick(test::child<QPushButton>(dialog, "newCaseOpen"), Qt::LeftButton);
    QTest::keyClick(dialog, Qt::Key_Escape); // too late: the case is being opened, its answer comes first
    QVERIFY(test::settle());
    QVERIFY(reporterAtClose.isEmpty());
    const QString opened = m_window->caseDesk()->workspace()->caseId();
    QVERIFY(opened.startsWith(QStringLiteral("C-")));
    auto *queue = test::child<QTableView>(m_window.get(), "queueTable");
    QCOMPARE(queue->currentIndex().siblingAtColumn(0).data().toString(), opened); // selected once the queue reloaded
    QVERIFY(test::child<QLabel>(m_window.get(), "caseTitle")->text().contains(QStringLiteral("airport")));
    QVERIFY(test::child<QLabel>(m_window.get(), "overviewFacts")->text().contains(QStringLiteral("t•••@example.org")));
    QVERIFY(test::onDatabaseThread([this] { return m_desk.ws.plaintextFound({QStringLiteral("traveller@example.org")}); }).isEmpty());
}

// The caller already has a case open: the dialog says so and offers it as the default, so
// Enter works the existing case instead of opening a duplicate (issue 15).
void TestCaseQueue::anOpenCaseIsOfferedFirst()
{
    auto cases = [this] { return test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("cases")); }); };
    const qint64 before = cases();
    m_window->findChild<QAction *>(QStringLiteral("actionNewCase"))->trigger(); // Ctrl+N
    ui::NewCaseDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = test::topLevel<ui::NewCaseDialog>()) != nullptr);
    auto *existing = test::child<QLabel>(dialog, "newCaseExisting");
    auto *openExisting = test::child<QPushButton>(dialog, "newCaseOpenExisting");
    QTest::keyClicks(test::child<QLineEdit>(dialog, "newCaseAccount"), QStringLiteral("demo-0002"));
    QTRY_VERIFY(existing->isVisible());
    QVERIFY2(existing->text().contains(QStringLiteral("1 open case")) && existing->text().contains(QStringLiteral("C-000002, investigating")),
             qPrintable(existing->text()));
    QVERIFY(openExisting->isDefault());
    QCOMPARE(test::child<QPushButton>(dialog, "newCaseOpen")->text(), QStringLiteral("Open a new case anyway"));
    // An account without an open case: nothing to offer.
    auto *account = test::child<QLineEdit>(dialog, "newCaseAccount");
    account->setText(QStringLiteral("demo-0030"));
    QTRY_VERIFY(!existing->isVisible());
    QVERIFY(!openExisting->isVisible());
    account->setText(QStringLiteral("demo-0002"));
    QTRY_VERIFY(existing->isVisible());
    QTest::keyClick(test::child<QLineEdit>(dialog, "newCaseSummary"), Qt::Key_Return);
    QVERIFY(test::settle());
    QTRY_VERIFY(test::topLevel<ui::NewCaseDialog>() == nullptr);
    QCOMPARE(m_window->caseDesk()->workspace()->caseId(), QStringLiteral("C-000002"));
    QCOMPARE(cases(), before);
}

void TestCaseQueue::aNoteSavingWhileTheAgentMovesOnIsKept()
{
    QVERIFY(test::openCase(*m_window, QStringLiteral("C-000002")));
    QVERIFY(m_window->caseDesk()->workspace()->showTab(QStringLiteral("notesTab")));
    auto *notes = test::child<QWidget>(m_window.get(), "notesTab");
    auto *add = test::child<QPushButton>(notes, "noteAdd");
    auto countNotes = [this] {
        return test::onDatabaseThread([this] { return m_desk.ws.count(QStringLiteral("case_notes WHERE case_id = 'C-000002'")); });
    };
    const qint64 before = countNotes();
    QTest::keyClicks(test::child<QPlainTextEdit>(notes, "noteText"), QStringLiteral("Called back; user on the road"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(!add->isEnabled());
    // The agent opens another case before the save answers: the note is still saved, and the
    // button is back for the next case.
    m_window->caseDesk()->openCase(QStringLiteral("C-000003"));
    QVERIFY(test::settle());
    QCOMPARE(m_window->caseDesk()->workspace()->caseId(), QStringLiteral("C-000003"));
    QVERIFY(add->isEnabled());
    QCOMPARE(countNotes(), before + 1);
}

// Runs last: it fills the desk with cases. A queue longer than a page shows its first page and
// the true count, and reads the next page (by key) when the agent scrolls to the end.
void TestCaseQueue::aLongQueueIsReadPageByPage()
{
    const int more = 400;
    const bool opened = test::onDatabaseThread([this, more] {
        cases::CaseService service(*m_desk.ws.database, *m_desk.ws.keys, SystemClock::instance());
        const auth::Session agent{QStringLiteral("alice"), QStringLiteral("Alice"), auth::Role::Agent};
        for (int i = 0; i < more; ++i)
            if (!service.open(agent, {QStringLiteral("demo-0001"), QStringLiteral("chat"), {}, QStringLiteral("Bulk %1").arg(i),
                                      QStringLiteral("low")}))
                return false;
        return true;
    });
    QVERIFY(opened);
    auto *filter = test::child<QComboBox>(m_window.get(), "queueFilter");
    auto *queue = m_window->caseDesk()->queue();
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::Open)));
    queue->reload();
    QVERIFY(test::settle());
    const qint64 total = test::onDatabaseThread(
        [this] { return m_desk.ws.count(QStringLiteral("cases WHERE state NOT IN ('resolved', 'closed')")); });
    QVERIFY(total > more);
    QCOMPARE(queue->model()->rowCount(), 300); // one page
    auto *count = test::child<QLabel>(m_window.get(), "queueCount");
    QVERIFY2(count->text().startsWith(QString::number(total) + QLatin1Char(' ')), qPrintable(count->text()));
    QVERIFY2(count->text().contains(QStringLiteral("scroll for more")), qPrintable(count->text()));
    auto *table = test::child<QTableView>(m_window.get(), "queueTable");
    // Sorting by a column would sort only what was read: off until everything is.
    QVERIFY(!table->isSortingEnabled());
    for (int i = 0; i < 5 && queue->model()->rowCount() < total; ++i) {
        table->scrollToBottom();
        QVERIFY(test::settle());
    }
    QCOMPARE(queue->model()->rowCount(), int(total));
    QSet<QString> ids; // every case once
    for (const auto &c : queue->model()->records())
        ids.insert(c.id);
    QCOMPARE(qint64(ids.size()), total);
    QVERIFY2(!count->text().contains(QStringLiteral("scroll for more")), qPrintable(count->text()));
    QVERIFY(table->isSortingEnabled());
    // All cases, closed ones too: the newest first (a closed case's SLA is not urgent).
    filter->setCurrentIndex(filter->findData(int(ui::CaseQueuePanel::View::All)));
    QVERIFY(test::settle());
    QCOMPARE(queue->model()->rowCount(), 300);
    QVERIFY2(count->text().contains(QStringLiteral("the newest 300")), qPrintable(count->text()));
    QCOMPARE(queue->model()->records().first().summary, QStringLiteral("Bulk %1").arg(more - 1));
}

QTEST_MAIN(TestCaseQueue)
#include "tst_case_queue.moc"
