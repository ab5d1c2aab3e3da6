#include "workspace/DiagnosticsTab.h"

#include "common/ErrorText.h"
#include "accounts/AccountService.h"
#include "common/Background.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "cases/CaseService.h"
#include "cases/VerificationLevel.h"
#include "diagnostics/DiagnosticsService.h"
#include "workspace/AnswerCard.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QSignalBlocker>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace rd::ui {

using diagnostics::Finding;
using diagnostics::Verdict;

namespace {

QIcon verdictIcon(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Cause:
        return icon(QStringLiteral("verdict-cause"));
    case Verdict::Contributing:
        return icon(QStringLiteral("verdict-contributing"));
    case Verdict::RuledOut:
        return icon(QStringLiteral("verdict-ruled-out"));
    case Verdict::NotApplicable:
        return icon(QStringLiteral("verdict-not-applicable"));
    }
    return {};
}

QString verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Cause:
        return QObject::tr("Cause");
    case Verdict::Contributing:
        return QObject::tr("Contributing");
    case Verdict::RuledOut:
        return QObject::tr("Ruled out");
    case Verdict::NotApplicable:
        return QObject::tr("Not applicable");
    }
    return {};
}

} // namespace

DiagnosticsTab::DiagnosticsTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_code(new QLineEdit(this)), m_attempt(new QComboBox(this)), m_attach(new QCheckBox(this)),
      m_run(new QPushButton(tr("&Run diagnosis"), this)), m_answer(new AnswerCard(this)),
      m_showAll(new QCheckBox(tr("Show &ruled-out checks"), this)), m_table(new QTableView(this)),
      m_details(new QTextBrowser(this)), m_copy(new QPushButton(tr("Cop&y for the user"), this)),
      m_model(new RecordTableModel<Finding>(
          {
              {tr("Check"), [](const Finding &f) { return diagnostics::checkId(f.check); },
               [](const Finding &f) { return verdictIcon(f.verdict); }},
              {tr("Verdict"), [](const Finding &f) { return verdictText(f.verdict); }},
              {tr("Finding"), [](const Finding &f) { return f.summary; }, {}, {}, [](const Finding &f) { return f.summary; }},
          },
          this))
{
    setObjectName(QStringLiteral("diagnosticsTab"));
    m_code->setObjectName(QStringLiteral("diagCode"));
    m_code->setEchoMode(QLineEdit::Password);
    m_code->setAccessibleName(tr("Backup code as the user read it"));
    m_code->setPlaceholderText(tr("The code exactly as the user reads it (hidden)"));
    m_attempt->setObjectName(QStringLiteral("diagAttempt"));
    m_attempt->setAccessibleName(tr("Failed sign-in"));
    m_attach->setObjectName(QStringLiteral("diagAttach"));
    m_attach->setText(tr("Attach the report to this case"));
    m_attach->setChecked(true);
    m_run->setObjectName(QStringLiteral("diagRun"));
    m_run->setDefault(true);
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_run->setToolTip(tr("Run the diagnosis (Ctrl+Enter)"));
    m_showAll->setObjectName(QStringLiteral("diagShowAll"));
    m_showAll->setToolTip(tr("The checks that did not hold are folded away; show them to see everything that was checked."));
    setUpReadOnlyTable(m_table, QStringLiteral("diagFindings"), tr("Findings"));
    m_table->setModel(m_model);
    m_table->setColumnWidth(0, 190);
    m_table->setColumnWidth(1, 120);
    m_details->setObjectName(QStringLiteral("diagDetails"));
    m_details->setAccessibleName(tr("Evidence and advice"));
    m_copy->setObjectName(QStringLiteral("diagCopy"));
    m_copy->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Code"), m_code);
    form->addRow(tr("Failed sign-&in"), m_attempt);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_attach);
    buttons->addStretch();
    buttons->addWidget(m_copy);
    buttons->addWidget(m_run);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_answer);
    layout->addWidget(m_showAll);
    layout->addWidget(split, 1);

    connect(m_answer, &AnswerCard::nextStep, this, &CaseTab::showTabRequested);
    connect(m_showAll, &QCheckBox::toggled, this, &DiagnosticsTab::foldFindings);

    connect(m_run, &QPushButton::clicked, this, &DiagnosticsTab::run);
    connect(m_code, &QLineEdit::returnPressed, this, &DiagnosticsTab::run);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showFinding(current.row()); });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(userSummary());
        emit statusMessage(tr("The summary for the user is on the clipboard."));
    });
}

void DiagnosticsTab::setCase(const cases::CaseDetails &details)
{
    const bool other = details.record.id != m_case.record.id;
    CaseTab::setCase(details);
    if (other) {
        // CaseTab::setCase dropped a diagnosis still running for the case being left.
        m_run->setEnabled(true);
        m_model->setRecords({});
        m_details->clear();
        m_copy->setEnabled(false);
        m_answer->showPrompt(tr("Type the code the user read out, pick the failed sign-in and run the diagnosis."));
    }
}

void DiagnosticsTab::clearInputs() { m_code->clear(); }

void DiagnosticsTab::setAccount(const accounts::AccountProfile &profile)
{
    m_code->clear();
    m_accountId = profile.summary.id;
    m_attempt->clear();
    m_attempt->addItem(tr("No attempt — diagnose as of now"), QString());
    m_attemptsFilled = false;
    loadAttempts();
}

// A failed sign-in the live feed brought joins the picker; the attempt chosen stays chosen and
// the code typed stays typed.
void DiagnosticsTab::followAccount()
{
    if (!m_accountId.isEmpty())
        loadAttempts();
}

void DiagnosticsTab::loadAttempts()
{
    // Counting a big account's attempts takes a while: the picker fills from a database thread.
    storage::Database *database = m_context.database;
    const crypto::KeyStore *keys = m_context.keys;
    const Clock *clock = m_context.clock;
    const auth::Session session = m_context.session;
    // Every failed sign-in, not only backup-code ones: the one the user means may have failed at
    // the password (FIRST_FACTOR) or in the authenticator prompt (WRONG_FACTOR).
    const accounts::AttemptQuery query{m_accountId, QString(), QStringLiteral("failure")};
    m_attempts.read<Result<QList<accounts::AttemptSummary>>>(
        [database, keys, clock, session, query]() -> Result<QList<accounts::AttemptSummary>> {
            constexpr int kShown = 50;
            accounts::AccountService service(*database, *keys, *clock);
            auto total = service.attemptCount(session, query);
            if (!total)
                return total.error();
            return service.attemptPage(session, query, qMax<qint64>(0, total.value() - kShown), kShown, total.value());
        },
        [this, accountId = m_accountId](const Result<QList<accounts::AttemptSummary>> &page) {
            if (page && accountId == m_accountId)
                fillAttempts(page.value());
        });
}

void DiagnosticsTab::fillAttempts(const QList<accounts::AttemptSummary> &page)
{
    // The first fill chooses the newest failed sign-in (usually the one the user calls about);
    // a later one keeps what is chosen, "no attempt" included.
    const bool first = !m_attemptsFilled;
    m_attemptsFilled = true;
    const QString chosen = m_attempt->currentData().toString();
    const QString chosenText = m_attempt->currentText();
    QStringList ids;
    for (auto it = page.crbegin(); it != page.crend(); ++it)
        ids << it->id;
    if (!first && !chosen.isEmpty() && !ids.contains(chosen))
        ids << chosen; // kept at the end (below): the same list needs no rebuild
    QStringList shown;
    for (int i = 1; i < m_attempt->count(); ++i)
        shown << m_attempt->itemData(i).toString();
    if (ids == shown)
        return;
    const QSignalBlocker quiet(m_attempt);
    while (m_attempt->count() > 1)
        m_attempt->removeItem(1);
    for (auto it = page.crbegin(); it != page.crend(); ++it) {
        const QString reason = methodText(it->method) + QStringLiteral(": ") + (it->reason.isEmpty() ? tr("no reason given") : reasonText(it->reason));
        m_attempt->addItem(tr("%1 UTC · %2 · %3 · %4").arg(formatTime(it->at), reason, it->device.isEmpty() ? tr("unknown device") : it->device, it->id),
                           it->id);
    }
    // The attempt chosen stays, even when newer ones pushed it out of the newest fifty.
    if (!first && !chosen.isEmpty() && m_attempt->findData(chosen) < 0)
        m_attempt->addItem(chosenText, chosen);
    if (first && !page.isEmpty())
        m_attempt->setCurrentIndex(1);
    else
        m_attempt->setCurrentIndex(std::max(0, m_attempt->findData(chosen)));
}

void DiagnosticsTab::run()
{
    if (m_work.busy())
        return; // Enter in the code field while a diagnosis runs
    if (m_code->text().isEmpty()) {
        m_answer->showPrompt(tr("Type the code the user read out first."));
        m_code->setFocus();
        return;
    }
    diagnostics::DiagnoseRequest request;
    request.accountId = m_accountId;
    request.code = m_code->text();
    request.attemptId = m_attempt->currentData().toString();
    if (m_attach->isChecked())
        request.caseId = m_case.record.id;
    m_code->clear(); // Qt strings cannot be wiped reliably; at least the field does not keep it
    // Hashing every one-edit variant of the code and reading the account's history: on a
    // database thread. A result for a case the agent has left meanwhile is dropped.
    m_run->setEnabled(false);
    m_answer->showPrompt(tr("Running the diagnosis…"));
    const AppContext context = m_context;
    m_work.run<Result<diagnostics::DiagnosisReport>>(
        [context, request] {
            cases::CaseService cases(*context.database, *context.keys, *context.clock);
            return diagnostics::DiagnosticsService(*context.database, *context.keys, *context.clock, &cases)
                .diagnose(context.session, request);
        },
        [this, caseId = request.caseId](const Result<diagnostics::DiagnosisReport> &report) {
            m_run->setEnabled(true);
            showReport(report, caseId);
        });
}

void DiagnosticsTab::showReport(const Result<diagnostics::DiagnosisReport> &report, const QString &caseId)
{
    if (!report) {
        m_answer->showPrompt(QStringLiteral("<b>%1</b>").arg(errorText(report.error()).toHtmlEscaped()));
        return;
    }
    m_report = report.value();
    // The cause first, then what contributes, then the rest in the specification's order.
    QList<Finding> ordered = m_report.findings;
    std::stable_sort(ordered.begin(), ordered.end(), [](const Finding &a, const Finding &b) {
        auto rank = [](const Finding &f) { return f.verdict == Verdict::Cause ? 0 : f.verdict == Verdict::Contributing ? 1 : 2; };
        return rank(a) < rank(b);
    });
    m_model->setRecords(ordered);
    foldFindings();
    m_answer->showReport(m_report, m_case.level.level == cases::Level::Strong);
    m_table->setCurrentIndex(m_model->index(0, 0));
    m_copy->setEnabled(true);
    if (!caseId.isEmpty()) {
        emit statusMessage(tr("Diagnosis %1 attached to case %2.").arg(m_report.id, caseId));
        emit changed();
    }
}

void DiagnosticsTab::showFinding(int row)
{
    const Finding *f = m_model->recordAt(row);
    if (!f) {
        m_details->clear();
        return;
    }
    QString html = QStringLiteral("<h3>%1 — %2</h3><p>%3</p>")
                       .arg(diagnostics::checkId(f->check), verdictText(f->verdict), f->summary.toHtmlEscaped());
    if (!f->evidence.isEmpty()) {
        html += tr("<p><b>Evidence</b></p><ul>");
        for (const auto &fact : f->evidence) {
            QString line = fact.text.toHtmlEscaped();
            if (fact.at)
                line += QStringLiteral(" <i>(%1 UTC)</i>").arg(formatTime(*fact.at));
            if (!fact.record.isEmpty())
                line += QStringLiteral(" — %1").arg(fact.record.toHtmlEscaped());
            html += QStringLiteral("<li>%1</li>").arg(line);
        }
        html += QStringLiteral("</ul>");
    }
    if (!f->advice.isEmpty())
        html += tr("<p><b>Advice</b></p><p>%1</p>").arg(f->advice.toHtmlEscaped());
    if (!f->userLine.isEmpty())
        html += tr("<p><b>Tell the user</b></p><p>%1</p>").arg(f->userLine.toHtmlEscaped());
    m_details->setHtml(html);
}

QString DiagnosticsTab::userSummary() const
{
    return m_answer->userText();
}

void DiagnosticsTab::foldFindings()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Finding *f = m_model->recordAt(row);
        m_table->setRowHidden(row, !m_showAll->isChecked() && f && !f->holds());
    }
}

} // namespace rd::ui
