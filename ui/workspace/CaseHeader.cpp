#include "workspace/CaseHeader.h"

#include "common/ErrorText.h"
#include "cases/CaseService.h"
#include "common/Dialogs.h"
#include "common/Format.h"
#include "workspace/ReportExportDialog.h"

#include <QFrame>
#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

namespace rd::ui {

namespace {

QLabel *fieldLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLabel *valueLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CaseHeader::CaseHeader(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_title(valueLabel(QStringLiteral("caseTitle"), this)),
      m_account(valueLabel(QStringLiteral("caseAccount"), this)), m_state(valueLabel(QStringLiteral("caseState"), this)),
      m_priority(valueLabel(QStringLiteral("casePriority"), this)), m_assignee(valueLabel(QStringLiteral("caseAssignee"), this)),
      m_slaIcon(new QLabel(this)), m_sla(valueLabel(QStringLiteral("slaCountdown"), this)),
      m_assign(new QPushButton(tr("Assign to &me"), this)), m_hold(new QPushButton(tr("&Hold"), this)),
      m_resolve(new QPushButton(tr("Re&solve…"), this)), m_close(new QPushButton(tr("Clos&e case"), this)),
      m_reopen(new QPushButton(tr("Re&open"), this)),
      m_export(new QPushButton(icon(QStringLiteral("export")), tr("E&xport report…"), this)), m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("caseHeader"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText); // summaries and imported handles are data, never markup
    m_account->setTextFormat(Qt::PlainText);
    m_assignee->setTextFormat(Qt::PlainText);
    m_assign->setObjectName(QStringLiteral("caseAssignToMe"));
    m_hold->setObjectName(QStringLiteral("caseHold"));
    m_resolve->setObjectName(QStringLiteral("caseResolve"));
    m_close->setObjectName(QStringLiteral("caseClose"));
    m_reopen->setObjectName(QStringLiteral("caseReopen"));
    m_export->setObjectName(QStringLiteral("caseExport"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Export a case report: PDF, HTML, CSV or JSON (Ctrl+E)"));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(10, 8, 10, 4);
    grid->addWidget(m_title, 0, 0, 1, 8);
    grid->addWidget(fieldLabel(tr("Account"), this), 1, 0);
    grid->addWidget(m_account, 1, 1);
    grid->addWidget(fieldLabel(tr("State"), this), 1, 2);
    grid->addWidget(m_state, 1, 3);
    grid->addWidget(fieldLabel(tr("Priority"), this), 1, 4);
    grid->addWidget(m_priority, 1, 5);
    grid->addWidget(fieldLabel(tr("Assignee"), this), 2, 0);
    grid->addWidget(m_assignee, 2, 1);
    grid->addWidget(fieldLabel(tr("SLA"), this), 2, 2);
    auto *sla = new QHBoxLayout;
    sla->addWidget(m_slaIcon);
    sla->addWidget(m_sla, 1);
    grid->addLayout(sla, 2, 3, 1, 3);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_export);
    buttons->addSpacing(12);
    for (QPushButton *b : {m_assign, m_hold, m_resolve, m_close, m_reopen})
        buttons->addWidget(b);
    grid->addLayout(buttons, 3, 0, 1, 8);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);
    grid->setColumnStretch(5, 1);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    grid->addWidget(line, 4, 0, 1, 8);

    m_tick->setInterval(30 * 1000);
    connect(m_tick, &QTimer::timeout, this, &CaseHeader::updateSla);
    m_tick->start();

    connect(m_assign, &QPushButton::clicked, this, [this] {
        run(tr("Assigned to you"), [](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) {
            return s.assign(me, r.id, me.username, r.version);
        });
    });
    connect(m_hold, &QPushButton::clicked, this, [this] {
        if (m_record.state == cases::state::OnHold)
            run(tr("Resumed"), [](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) { return s.resume(me, r.id, r.version); });
        else
            run(tr("Put on hold"), [](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) { return s.hold(me, r.id, r.version); });
    });
    connect(m_resolve, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString resolution = QInputDialog::getMultiLineText(this, tr("Resolve case %1").arg(m_record.id),
                                                                  tr("How was the lockout resolved?"), {}, &ok);
        if (!ok)
            return;
        run(tr("Resolved"), [resolution](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) {
            return s.resolve(me, r.id, resolution, r.version);
        });
    });
    connect(m_close, &QPushButton::clicked, this, [this] {
        if (MessageBox::question(this, tr("Close case"), tr("Close case %1? A closed case can be reopened.").arg(m_record.id))
            != QMessageBox::Yes)
            return;
        run(tr("Closed"), [](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) { return s.close(me, r.id, r.version); });
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        auto *dialog = new ReportExportDialog(m_context, m_record.id, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ReportExportDialog::exported, this, [this](const QString &path) {
            emit statusMessage(tr("Report written to %1.").arg(path));
            emit changed(); // the export is in the case's audit entries
        });
        dialog->open();
    });
    connect(m_reopen, &QPushButton::clicked, this, [this] {
        run(tr("Reopened"), [](cases::CaseService &s, const auth::Session &me, const cases::CaseRecord &r) { return s.reopen(me, r.id, r.version); });
    });
}

void CaseHeader::setCase(const cases::CaseDetails &details)
{
    if (details.record.id != m_record.id)
        m_work.cancel(); // an action's answer about the case being left
    m_record = details.record;
    m_title->setText(tr("%1 · %2").arg(m_record.id, m_record.summary));
    m_state->setText(QStringLiteral("<b>%1</b>").arg(humanize(m_record.state)));
    m_priority->setText(humanize(m_record.priority));
    m_assignee->setText(m_record.assignee.isEmpty() ? tr("Unassigned") : m_record.assignee);
    updateSla();
    updateButtons();
}

void CaseHeader::setAccount(const accounts::AccountProfile &profile)
{
    const auto &s = profile.summary;
    m_account->setText(tr("%1 · @%2 · %3").arg(s.id, s.handle, humanize(s.status)));
    m_account->setToolTip(tr("%1\nEmail %2, phone %3").arg(s.displayName, profile.maskedEmail, profile.maskedPhone));
}

void CaseHeader::updateSla()
{
    if (m_record.id.isEmpty())
        return;
    const SlaStatus sla = slaStatus(m_record, m_context.clock->nowMs());
    m_slaIcon->setPixmap(sla.icon.pixmap(16, 16));
    m_sla->setText(tr("%1 (resolution due %2 UTC)").arg(sla.text, formatTime(m_record.resolutionDue)));
}

void CaseHeader::updateButtons()
{
    const QString &st = m_record.state;
    const bool finished = st == cases::state::Resolved || st == cases::state::Closed;
    m_assign->setEnabled(!finished && m_record.assignee != m_context.session.username);
    m_hold->setText(st == cases::state::OnHold ? tr("Res&ume") : tr("&Hold"));
    m_hold->setEnabled(!finished);
    m_resolve->setEnabled(!finished && st != cases::state::OnHold);
    m_close->setEnabled(st == cases::state::Resolved || st == cases::state::Rejected || st == cases::state::ResetDone);
    m_reopen->setEnabled(finished);
    if (m_work.busy()) // an action is running: a reload meanwhile does not offer a second click
        setActionsEnabled(false);
}

void CaseHeader::run(const QString &what, CaseAction action)
{
    const AppContext context = m_context;
    const cases::CaseRecord record = m_record;
    setActionsEnabled(false);
    m_work.run<Result<cases::CaseRecord>>(
        [context, record, action] {
            cases::CaseService service(*context.database, *context.keys, *context.clock);
            return action(service, context.session, record);
        },
        [this, what, caseId = record.id](const Result<cases::CaseRecord> &result) {
            updateButtons();
            if (!result) {
                if (isVisible()) // not over the lock screen: the status bar keeps it then
                    MessageBox::warning(this, tr("Case %1").arg(caseId), errorText(result.error()));
                else
                    emit statusMessage(tr("Case %1: %2").arg(caseId, errorText(result.error())));
                emit changed(); // a stale version means someone else changed it: show theirs
                return;
            }
            emit statusMessage(tr("%1: %2.").arg(caseId, what));
            emit changed();
        },
        [this, what, caseId = record.id](const Result<cases::CaseRecord> &result) { // another case is shown now
            emit statusMessage(result ? tr("%1: %2.").arg(caseId, what) : tr("Case %1: %2").arg(caseId, errorText(result.error())));
        });
}

void CaseHeader::setActionsEnabled(bool enabled)
{
    for (QPushButton *button : {m_assign, m_hold, m_resolve, m_close, m_reopen})
        button->setEnabled(enabled);
}

} // namespace rd::ui
