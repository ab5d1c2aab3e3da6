#include "supervisor/ApprovalsPanel.h"

#include "common/ErrorText.h"
#include "cases/ResetService.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"
#include "supervisor/GrantsBox.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::ApprovalItem;

ApprovalsPanel::ApprovalsPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_count(new QLabel(this)), m_table(new QTableView(this)), m_reason(new QLineEdit(this)),
      m_approve(new QPushButton(icon(QStringLiteral("approve")), tr("&Approve"), this)),
      m_reject(new QPushButton(icon(QStringLiteral("reject")), tr("Re&ject"), this)),
      m_open(new QPushButton(tr("&Open case"), this)), m_message(new QLabel(this)), m_model(nullptr)
{
    const QString me = context.session.username;
    const Clock *clock = context.clock;
    auto expired = [clock](const ApprovalItem &a) {
        return a.request.requestedAt + cases::ResetService::kExpiryMs < clock->nowMs();
    };
    m_model = new RecordTableModel<ApprovalItem>(
        {
            {tr("Request"), [](const ApprovalItem &a) { return a.request.id; }},
            {tr("Case"), [](const ApprovalItem &a) { return a.request.caseId; }},
            {tr("Account"), [](const ApprovalItem &a) { return a.accountId; }},
            {tr("Kind"), [](const ApprovalItem &a) { return humanize(a.request.kind); }},
            {tr("Priority"), [](const ApprovalItem &a) { return humanize(a.priority); }},
            {tr("Requested"), [](const ApprovalItem &a) { return tr("%1 by %2").arg(formatTime(a.request.requestedAt), a.request.requestedBy); }},
            {tr("Four eyes"),
             [me, expired](const ApprovalItem &a) {
                 if (expired(a))
                     return tr("Expired after 24 h: the agent must request again");
                 return a.request.requestedBy == me ? tr("Your request: another supervisor decides") : tr("You may decide");
             },
             [me, expired](const ApprovalItem &a) {
                 if (expired(a))
                     return icon(QStringLiteral("sla-breached"));
                 return icon(a.request.requestedBy == me ? QStringLiteral("lock") : QStringLiteral("approve"));
             }},
            {tr("Justification"), [](const ApprovalItem &a) { return a.request.justification; }, {}, {},
             [](const ApprovalItem &a) { return a.request.justification; }},
            {tr("Earlier rejection"),
             [](const ApprovalItem &a) {
                 return a.rejectedId.isEmpty() ? QString() : tr("%1 by %2: %3").arg(a.rejectedId, a.rejectedBy, a.rejectionReason);
             },
             [](const ApprovalItem &a) { return a.rejectedId.isEmpty() ? QIcon() : icon(QStringLiteral("reject")); }, {},
             [](const ApprovalItem &a) {
                 return a.rejectedId.isEmpty() ? QString()
                                               : tr("This case's request %1 was rejected by %2: \"%3\". The agent recorded new "
                                                    "evidence since.")
                                                     .arg(a.rejectedId, a.rejectedBy, a.rejectionReason);
             }},
        },
        this);
    setObjectName(QStringLiteral("approvalsPage"));
    m_count->setObjectName(QStringLiteral("approvalsCount"));
    setUpReadOnlyTable(m_table, QStringLiteral("approvalsTable"), tr("Reset requests waiting for a decision"));
    m_table->setModel(m_model);
    const int widths[] = {90, 80, 110, 170, 80, 230, 260, 260};
    for (int c = 0; c < 8; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("approvals"));
    m_reason->setObjectName(QStringLiteral("approvalReason"));
    m_reason->setAccessibleName(tr("Reason for the decision"));
    m_reason->setPlaceholderText(tr("Reason for approving or rejecting (recorded in the audit trail)"));
    m_approve->setObjectName(QStringLiteral("approvalApprove"));
    m_reject->setObjectName(QStringLiteral("approvalReject"));
    m_open->setObjectName(QStringLiteral("approvalOpenCase"));
    m_message->setObjectName(QStringLiteral("approvalMessage"));
    m_message->setWordWrap(true);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_reason, 1);
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    actions->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_count);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    m_grants = new GrantsBox(m_context, this);
    layout->addWidget(m_grants);
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const ApprovalItem *a = selected())
            emit openCase(a->request.caseId);
    });
    connect(m_table, &QTableView::activated, this, [this] {
        if (const ApprovalItem *a = selected())
            emit openCase(a->request.caseId);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApprovalsPanel::updateActions);
    reload();
}

void ApprovalsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

const ApprovalItem *ApprovalsPanel::selected() const { return m_model->recordAt(m_table->currentIndex().row()); }

void ApprovalsPanel::reload()
{
    if (m_grants)
        m_grants->reload();
    const AppContext context = m_context;
    m_load.read<Result<QList<ApprovalItem>>>(
        [context] { return cases::ResetService(*context.database, *context.keys, *context.clock).pending(context.session); },
        [this](const Result<QList<ApprovalItem>> &pending) {
            showPending(pending);
        });
}

void ApprovalsPanel::followChanges()
{
    if (isVisible())
        m_load.afterPending([this] { reload(); });
}

void ApprovalsPanel::showPending(const Result<QList<ApprovalItem>> &pending)
{
    if (!pending) {
        m_count->setText(errorText(pending.error()));
        return;
    }
    const QString current = selected() ? selected()->request.id : QString();
    keepPlace(m_table, ListEnd::Stay, [&] {
        m_model->setRecords(pending.value());
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (m_model->recordAt(row)->request.id == current || (current.isEmpty() && row == 0))
                m_table->setCurrentIndex(m_model->index(row, 0));
    });
    m_count->setText(tr("<b>%n reset request(s)</b> wait for a decision.", nullptr, int(pending->size())));
    updateActions();
}

void ApprovalsPanel::updateActions()
{
    const ApprovalItem *a = selected();
    const bool own = a && a->request.requestedBy == m_context.session.username;
    const bool expired = a && a->request.requestedAt + cases::ResetService::kExpiryMs < m_context.clock->nowMs();
    const bool deciding = m_decision.busy();
    m_approve->setEnabled(a && !own && !expired && !deciding);
    m_reject->setEnabled(a && !own && !expired && !deciding);
    m_open->setEnabled(a != nullptr);
    m_approve->setToolTip(own ? tr("You requested this reset; another supervisor must decide (four eyes).") : QString());
}

void ApprovalsPanel::decide(bool approve)
{
    const ApprovalItem *a = selected();
    if (!a)
        return;
    const QString caseId = a->request.caseId, requestId = a->request.id;
    const QString reason = m_reason->text().trimmed();
    const AppContext context = m_context;
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);
    m_decision.run<Result<cases::ResetRequest>>(
        [context, caseId, requestId, reason, approve] {
            return cases::ResetService(*context.database, *context.keys, *context.clock).decide(context.session, caseId, requestId, approve, reason);
        },
        [this, caseId, requestId, approve](const Result<cases::ResetRequest> &decided) {
            updateActions();
            if (!decided) {
                m_message->setText(QStringLiteral("<b>%1</b>").arg(errorText(decided.error()).toHtmlEscaped()));
            } else {
                m_message->setText(approve ? tr("Approved %1 of case %2.").arg(requestId, caseId)
                                           : tr("Rejected %1 of case %2.").arg(requestId, caseId));
                m_reason->clear();
            }
            reload();
        });
}

} // namespace rd::ui
