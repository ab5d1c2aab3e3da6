// Running a diagnosis from the case workspace: masked entry, the primary cause, evidence
// and advice, the summary for the user, and the report attached to the case.
#include "GuiSupport.h"

#include "common/RecordTableModel.h"
#include "diagnostics/Finding.h"
#include "workspace/AnswerCard.h"
#include "workspace/DiagnosticsTab.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableView>
#include <QTextBrowser>

using namespace rd;

class TestDiagnosticsTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void diagnosisShowsThePrimaryCauseAndIsAttached();
    void modelPassesTheTester();
    void thePickerOffersEveryFailedSignInInWords();
    void theOverviewAnswersWithTheAttachedDiagnosis();
    void theCardSendsNobodyToAPointlessReset();

private:
    test::DemoDesk m_desk;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::DiagnosticsTab *m_tab = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestDiagnosticsTab::initTestCase()
{
    QVERIFY(m_desk.open());
    m_window = m_desk.window(QStringLiteral("alice"), auth::Role::Agent);
    auto *workspace = test::openCase(*m_window, QStringLiteral("C-000004"));
    QVERIFY(workspace);
    QVERIFY(workspace->showTab(QStringLiteral("diagnosticsTab")));
    m_tab = test::child<ui::DiagnosticsTab>(m_window.get(), "diagnosticsTab");
    QVERIFY(m_tab && m_tab->isVisible());
    // Watches the findings model from before the first diagnosis to the end.
    m_tester = std::make_unique<QAbstractItemModelTester>(m_tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestDiagnosticsTab::diagnosisShowsThePrimaryCauseAndIsAttached()
{
    auto *code = test::child<QLineEdit>(m_tab, "diagCode");
    QCOMPARE(code->echoMode(), QLineEdit::Password);
    auto *attempt = test::child<QComboBox>(m_tab, "diagAttempt");
    QTRY_VERIFY(attempt->count() >= 2); // "no attempt" and the account's rejected backup-code attempts
    QVERIFY(attempt->currentData().toString().startsWith(QStringLiteral("demo-0005-a")));
    QVERIFY(test::child<QCheckBox>(m_tab, "diagAttach")->isChecked());
    const int before = int(m_window->caseDesk()->workspace()->findChild<QLabel *>(QStringLiteral("overviewFacts"))->text().count(QStringLiteral("FORMAT")));

    // Eight digits for an account whose codes are ten digits or base32: a FORMAT problem.
    QTest::keyClicks(code, QStringLiteral("4821 3906"));
    QTest::mouseClick(test::child<QPushButton>(m_tab, "diagRun"), Qt::LeftButton);
    auto *primary = test::child<QLabel>(m_tab, "answerHeadline");
    // It runs on a database thread; the button waits for it.
    QVERIFY(!test::child<QPushButton>(m_tab, "diagRun")->isEnabled());
    // The answer in words first; the check id only on hover.
    QTRY_VERIFY2(primary->toolTip() == QStringLiteral("Primary cause: FORMAT"), qPrintable(primary->toolTip()));
    QVERIFY2(primary->text().contains(QStringLiteral("does not look like this account's backup codes")), qPrintable(primary->text()));
    QVERIFY(!primary->text().contains(QStringLiteral("FORMAT")));
    // demo-0005's sets are all replaced or revoked: the card names the blocker and the way out.
    QVERIFY(test::child<QLabel>(m_tab, "answerBlocker")->isVisible());
    QVERIFY(test::child<QLabel>(m_tab, "answerBlocker")->text().contains(QStringLiteral("No active code set")));
    QVERIFY(test::child<QLabel>(m_tab, "answerUserLine")->text().contains(QStringLiteral("Tell the user")));
    QVERIFY(test::settle()); // the case reloads with the attached diagnosis
    QVERIFY(code->text().isEmpty()); // the code does not linger in the field
    QCOMPARE(m_tab->model()->rowCount(), diagnostics::kCheckCount);
    auto *findings = test::child<QTableView>(m_tab, "diagFindings");
    // The cause on top and selected, its evidence and advice shown; what did not hold is folded.
    QCOMPARE(findings->currentIndex().row(), 0);
    QCOMPARE(m_tab->model()->index(0, 0).data().toString(), QStringLiteral("FORMAT"));
    QVERIFY(!m_tab->model()->index(0, 0).data(Qt::DecorationRole).isNull());
    int shown = 0;
    for (int row = 0; row < m_tab->model()->rowCount(); ++row)
        shown += findings->isRowHidden(row) ? 0 : 1;
    QVERIFY(shown >= 1 && shown < 6);
    test::child<QCheckBox>(m_tab, "diagShowAll")->click();
    for (int row = 0; row < m_tab->model()->rowCount(); ++row)
        QVERIFY(!findings->isRowHidden(row));
    auto *details = test::child<QTextBrowser>(m_tab, "diagDetails");
    QVERIFY(details->toPlainText().contains(QStringLiteral("Evidence")));
    QVERIFY(details->toPlainText().contains(QStringLiteral("Advice")));
    QVERIFY(details->toPlainText().contains(QStringLiteral("Tell the user")));
    QVERIFY(!details->toPlainText().contains(QStringLiteral("48213906")));
    QVERIFY(!primary->text().contains(QStringLiteral("4821")));

    QTest::mouseClick(test::child<QPushButton>(m_tab, "diagCopy"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), m_tab->userSummary());
    // The words for the person on the phone, not the agent's advice.
    QVERIFY2(m_tab->userSummary().contains(QStringLiteral("your")), qPrintable(m_tab->userSummary()));
    // The next step is where new codes start: C-000004's identity is verified (strong), so the
    // reset request.
    auto *next = test::child<QPushButton>(m_tab, "answerNextStep");
    QVERIFY(next->isVisible());
    QVERIFY(next->text().startsWith(QStringLiteral("Request new codes")));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(m_window->caseDesk()->workspace()->tabs()->currentWidget()->objectName(), QStringLiteral("resetTab"));
    QVERIFY(m_window->caseDesk()->workspace()->showTab(QStringLiteral("diagnosticsTab")));
    QVERIFY(!m_tab->userSummary().contains(QStringLiteral("Ask the user")));

    // Attached: the case's overview lists the diagnosis with its cause.
    auto *facts = m_window->caseDesk()->workspace()->findChild<QLabel *>(QStringLiteral("overviewFacts"));
    QCOMPARE(int(facts->text().count(QStringLiteral("FORMAT"))), before + 1);
    QVERIFY(test::onDatabaseThread([this] { return m_desk.ws.plaintextFound({QStringLiteral("48213906")}); }).isEmpty());
}

void TestDiagnosticsTab::modelPassesTheTester()
{
    QVERIFY(m_tester); // it has seen every change since initTestCase
    QVERIFY(m_tab->model()->rowCount() > 0);
}

// The call is about a code typed into the authenticator prompt (demo-0022, case C-000013): the
// picker offers that failed sign-in too, newest first and preselected, in words, not raw values.
void TestDiagnosticsTab::thePickerOffersEveryFailedSignInInWords()
{
    auto *workspace = test::openCase(*m_window, QStringLiteral("C-000013"));
    QVERIFY(workspace);
    QVERIFY(workspace->showTab(QStringLiteral("diagnosticsTab")));
    auto *attempt = test::child<QComboBox>(m_tab, "diagAttempt");
    QTRY_VERIFY(attempt->count() >= 2);
    const QString newest = test::onDatabaseThread([this] {
        QSqlQuery q(m_desk.ws.connection());
        q.exec(QStringLiteral("SELECT id FROM login_attempts WHERE account_id = 'demo-0022' AND outcome = 'failure' ORDER BY at DESC, id DESC LIMIT 1"));
        return q.next() ? q.value(0).toString() : QString();
    });
    QCOMPARE(attempt->currentData().toString(), newest);
    QVERIFY2(attempt->currentText().contains(QStringLiteral("Authenticator app: Authenticator code wrong")), qPrintable(attempt->currentText()));
    for (int i = 0; i < attempt->count(); ++i)
        QVERIFY2(!attempt->itemText(i).contains(u'_'), qPrintable(attempt->itemText(i)));
    // The demo caller's diagnosis is on the case: the code was typed into the wrong field.
    auto *facts = workspace->findChild<QLabel *>(QStringLiteral("overviewFacts"));
    QVERIFY(facts->text().contains(QStringLiteral("WRONG_FACTOR")));
}

// The case's Overview opens on the answer of its latest diagnosis (demo caller C-000015: codes
// replaced by a set the user never saw), with the user's words and the way to new codes.
void TestDiagnosticsTab::theOverviewAnswersWithTheAttachedDiagnosis()
{
    auto *workspace = test::openCase(*m_window, QStringLiteral("C-000015"));
    QVERIFY(workspace);
    QVERIFY(workspace->showTab(QStringLiteral("overviewTab")));
    auto *overview = test::child<QWidget>(m_window.get(), "overviewTab");
    auto *headline = test::child<QLabel>(overview, "answerHeadline");
    QVERIFY2(headline->text().contains(QStringLiteral("whose codes the user had not seen")), qPrintable(headline->text()));
    QCOMPARE(headline->toolTip(), QStringLiteral("Primary cause: UNSEEN_REGENERATION"));
    QVERIFY2(headline->text().contains(QStringLiteral("as of 2026-11-20 10:45:00 UTC")), qPrintable(headline->text())); // the attempt's time
    QVERIFY(test::child<QLabel>(overview, "answerUserLine")->text().contains(QStringLiteral("not your mistake")));
    QVERIFY(test::child<QLabel>(overview, "answerAlso")->text().contains(QStringLiteral("replaced on")));
    auto *next = test::child<QPushButton>(overview, "answerNextStep");
    QVERIFY(next->isVisible());
    QVERIFY(next->text().startsWith(QStringLiteral("Verify identity"))); // nothing verified on this case yet
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(workspace->tabs()->currentWidget()->objectName(), QStringLiteral("verificationTab"));

    QVERIFY(test::openCase(*m_window, QStringLiteral("C-000001"))); // nothing diagnosed yet
    QVERIFY(workspace->showTab(QStringLiteral("overviewTab")));
    QVERIFY(headline->text().contains(QStringLiteral("No diagnosis yet")));
    QVERIFY(!next->isVisible());
}

// With two-step sign-in off, backup codes do not apply: no "new codes are needed", no reset
// button, even though no set is active. New codes do not lift a risk flag either.
void TestDiagnosticsTab::theCardSendsNobodyToAPointlessReset()
{
    ui::AnswerCard card;
    card.show();
    diagnostics::DiagnosisReport report;
    for (int i = 0; i < diagnostics::kCheckCount; ++i) {
        diagnostics::Finding f;
        f.check = diagnostics::Check(i);
        report.findings.append(f);
    }
    report.blocker = diagnostics::Blocker::NoActiveSet;
    auto cause = [&](diagnostics::Check check) {
        for (diagnostics::Finding &f : report.findings)
            f.verdict = f.check == check ? diagnostics::Verdict::Cause : diagnostics::Verdict::RuledOut;
        report.findings[int(check)].summary = QStringLiteral("the cause");
        report.findings[int(check)].userLine = QStringLiteral("the user's words.");
        report.primaryCause = check;
        card.showReport(report, false);
    };
    auto *blocker = test::child<QLabel>(&card, "answerBlocker");
    auto *next = test::child<QPushButton>(&card, "answerNextStep");
    cause(diagnostics::Check::TwoFactorOff);
    QVERIFY(!blocker->isVisible());
    QVERIFY(!next->isVisible());
    QCOMPARE(card.userText(), QStringLiteral("the user's words."));
    cause(diagnostics::Check::SuspiciousFlag);
    QVERIFY(blocker->isVisible()); // the sets are gone all the same
    cause(diagnostics::Check::Revoked);
    QVERIFY(next->isVisible());
    QCOMPARE(card.userText(), QStringLiteral("the user's words.")); // its own line promises the codes: said once
}

QTEST_MAIN(TestDiagnosticsTab)
#include "tst_diagnostics_tab.moc"
