#include "workspace/ResetTab.h"

#include "common/Background.h"
#include "common/ErrorText.h"
#include "cases/ResetService.h"
#include "common/Format.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using cases::ResetRequest;

namespace {

QIcon requestIcon(const QString &state)
{
    if (state == QLatin1String("approved") || state == QLatin1String("executed"))
        return icon(QStringLiteral("verdict-ruled-out"));
    if (state == QLatin1String("rejected") || state == QLatin1String("expired"))
        return icon(QStringLiteral("verdict-cause"));
    return icon(QStringLiteral("sla-due-soon"));
}

QString decision(const ResetRequest &r)
{
    if (r.state == QLatin1String("expired"))
        return QObject::tr("Expired: nobody decided within 24 h; request again");
    if (r.decidedBy.isEmpty())
        return QObject::tr("Waiting for a supervisor other than %1").arg(r.requestedBy);
    return QObject::tr("%1 by %2 at %3: %4").arg(humanize(r.state == QLatin1String("executed") ? QStringLiteral("approved") : r.state),
                                                  r.decidedBy, formatTime(r.decidedAt), r.decisionReason);
}

} // namespace

ResetTab::ResetTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_kind(new QComboBox(this)), m_justification(new QLineEdit(this)), m_device(new QComboBox(this)),
      m_contact(new QLineEdit(this)), m_request(new QPushButton(tr("Re&quest reset"), this)), m_table(new QTableView(this)),
      m_reason(new QLineEdit(this)), m_approve(new QPushButton(icon(QStringLiteral("approve")), tr("&Approve"), this)),
      m_reject(new QPushButton(icon(QStringLiteral("reject")), tr("Re&ject"), this)),
      m_execute(new QPushButton(tr("E&xecute"), this)), m_fourEyes(new QLabel(this)), m_result(new QLabel(this)),
      m_model(new RecordTableModel<ResetRequest>(
          {
              {tr("Request"), [](const ResetRequest &r) { return r.id; }},
              {tr("Kind"), [](const ResetRequest &r) { return humanize(r.kind); }},
              {tr("State"), [](const ResetRequest &r) { return humanize(r.state); },
               [](const ResetRequest &r) { return requestIcon(r.state); }},
              {tr("Requested"), [](const ResetRequest &r) { return tr("%1 by %2").arg(formatTime(r.requestedAt), r.requestedBy); }},
              {tr("Decision"), [](const ResetRequest &r) { return decision(r); }, {}, {},
               [](const ResetRequest &r) { return decision(r); }},
              {tr("Executed"),
               [](const ResetRequest &r) {
                   return r.executedAt ? tr("%1 by %2 (action %3)").arg(formatTime(r.executedAt), r.executedBy, r.actionId) : QString();
               }},
          },
          this))
{
    setObjectName(QStringLiteral("resetTab"));
    m_kind->setObjectName(QStringLiteral("resetKind"));
    m_kind->setAccessibleName(tr("Kind of reset"));
    for (const QString &k : cases::resetKinds())
        m_kind->addItem(humanize(k), k);
    m_justification->setObjectName(QStringLiteral("resetJustification"));
    m_justification->setAccessibleName(tr("Justification"));
    m_justification->setPlaceholderText(tr("Why this reset is needed and how identity was verified"));
    m_device->setObjectName(QStringLiteral("resetDevice"));
    m_device->setAccessibleName(tr("Device"));
    m_contact->setObjectName(QStringLiteral("resetContact"));
    m_contact->setAccessibleName(tr("New recovery contact"));
    m_contact->setPlaceholderText(tr("New email or phone (sealed for the platform, stored encrypted)"));
    m_request->setObjectName(QStringLiteral("resetRequest"));
    setUpReadOnlyTable(m_table, QStringLiteral("resetTable"), tr("Reset requests"));
    m_table->setModel(m_model);
    const int widths[] = {90, 150, 100, 230, 400};
    for (int c = 0; c < 5; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_reason->setObjectName(QStringLiteral("resetReason"));
    m_reason->setAccessibleName(tr("Reason for the decision"));
    m_reason->setPlaceholderText(tr("Reason for approving or rejecting"));
    m_approve->setObjectName(QStringLiteral("resetApprove"));
    m_reject->setObjectName(QStringLiteral("resetReject"));
    m_execute->setObjectName(QStringLiteral("resetExecute"));
    m_fourEyes->setObjectName(QStringLiteral("resetFourEyes"));
    m_fourEyes->setWordWrap(true);
    m_result->setObjectName(QStringLiteral("resetResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *requestBox = new QGroupBox(tr("Request a reset"), this);
    auto *form = new QFormLayout(requestBox);
    form->addRow(tr("&Kind"), m_kind);
    form->addRow(tr("&Justification"), m_justification);
    form->addRow(tr("De&vice"), m_device);
    form->addRow(tr("New &contact"), m_contact);
    auto *requestRow = new QHBoxLayout;
    requestRow->addStretch();
    requestRow->addWidget(m_request);
    form->addRow(requestRow);
    auto *actions = new QHBoxLayout;
    actions->addStretch();
    actions->addWidget(m_reason, 3);
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    actions->addWidget(m_execute);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(requestBox);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_fourEyes);
    layout->addLayout(actions);
    layout->addWidget(m_result);

    const bool supervisor = auth::roleAllows(m_context.session.role, auth::Permission::DecideReset);
    m_reason->setVisible(supervisor);
    m_approve->setVisible(supervisor);
    m_reject->setVisible(supervisor);
    auto kindChanged = [this] {
        const QString kind = m_kind->currentData().toString();
        m_device->setEnabled(kind == QLatin1String("revoke_device_trust"));
        m_contact->setEnabled(kind == QLatin1String("replace_recovery_contact"));
    };
    connect(m_kind, &QComboBox::currentIndexChanged, this, kindChanged);
    kindChanged();
    connect(m_request, &QPushButton::clicked, this, &ResetTab::request);
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_execute, &QPushButton::clicked, this, &ResetTab::execute);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ResetTab::updateActions);
}

void ResetTab::setCase(const cases::CaseDetails &details)
{
    const bool other = details.record.id != m_case.record.id;
    CaseTab::setCase(details);
    if (other) { // a request or execution still running belongs to the case being left
        m_requesting.cancel();
        m_execution.cancel();
        m_executing = false;
    }
    const QString current = selected() ? selected()->id : QString();
    keepPlace(m_table, ListEnd::Stay, [&] {
        m_model->setRecords(details.requests);
        int row = int(details.requests.size()) - 1;
        for (int i = 0; i < details.requests.size(); ++i)
            if (details.requests[i].id == current)
                row = i;
        if (row >= 0)
            m_table->setCurrentIndex(m_model->index(row, 0));
    });
    if (other)
        m_result->clear();
    m_request->setEnabled(details.level.level == cases::Level::Strong && !m_requesting.busy());
    m_request->setToolTip(details.level.level == cases::Level::Strong
                              ? tr("Request the reset for a supervisor's approval")
                              : tr("Verification must be strong first (see the Verification tab)."));
    updateActions();
}

void ResetTab::setAccount(const accounts::AccountProfile &profile)
{
    m_device->clear();
    for (const auto &d : profile.devices)
        m_device->addItem(tr("%1 — %2 (%3)").arg(d.id, d.label, humanize(d.trust)), d.id);
}

void ResetTab::clearInputs()
{
    m_contact->clear();
    m_justification->clear();
    m_reason->clear();
}

const ResetRequest *ResetTab::selected() const { return m_model->recordAt(m_table->currentIndex().row()); }

void ResetTab::updateActions()
{
    const ResetRequest *r = selected();
    const bool pending = r && r->state == QLatin1String("pending");
    const bool own = r && r->requestedBy == m_context.session.username;
    const bool deciding = m_work.busy(); // a reload meanwhile does not offer a second click
    m_approve->setEnabled(pending && !own && !deciding);
    m_reject->setEnabled(pending && !own && !deciding);
    m_reason->setEnabled(pending && !own);
    m_execute->setEnabled(r && r->state == QLatin1String("approved") && !m_executing);
    if (pending && own)
        m_fourEyes->setText(tr("You requested %1: another supervisor must approve or reject it (four eyes).").arg(r->id));
    else if (pending)
        m_fourEyes->setText(tr("%1 waits for a decision by a supervisor other than %2.").arg(r->id, r->requestedBy));
    else
        m_fourEyes->clear();
}

void ResetTab::report(const QString &message, bool error)
{
    m_result->setText(error ? QStringLiteral("<b>%1</b>").arg(message.toHtmlEscaped()) : message);
    if (!error)
        emit statusMessage(message);
}

void ResetTab::request()
{
    cases::ResetRequestInput input;
    input.caseId = m_case.record.id;
    input.kind = m_kind->currentData().toString();
    input.justification = m_justification->text().trimmed();
    if (m_device->isEnabled())
        input.deviceId = m_device->currentData().toString();
    if (m_contact->isEnabled())
        input.contact = m_contact->text().trimmed();
    m_contact->clear();
    m_request->setEnabled(false);
    const AppContext context = m_context;
    m_requesting.run<Result<cases::ResetRequest>>(
        [context, input] { return cases::ResetService(*context.database, *context.keys, *context.clock).request(context.session, input); },
        [this](const Result<cases::ResetRequest> &requested) {
            m_request->setEnabled(m_case.level.level == cases::Level::Strong);
            if (!requested) {
                report(errorText(requested.error()), true);
                return;
            }
            m_justification->clear();
            report(tr("Requested %1 (%2); a supervisor other than you must approve it.").arg(requested->id, humanize(requested->kind)), false);
            emit changed();
        },
        [this, caseId = input.caseId](const Result<cases::ResetRequest> &requested) { // another case is shown now
            emit statusMessage(requested ? tr("Requested %1 for %2.").arg(requested->id, caseId)
                                         : tr("The reset request for %1 failed: %2").arg(caseId, errorText(requested.error())));
        });
}

void ResetTab::decide(bool approve)
{
    const ResetRequest *r = selected();
    if (!r)
        return;
    const QString requestId = r->id;
    const QString caseId = m_case.record.id;
    const QString reason = m_reason->text().trimmed();
    const AppContext context = m_context;
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);
    m_work.run<Result<cases::ResetRequest>>(
        [context, caseId, requestId, reason, approve] {
            return cases::ResetService(*context.database, *context.keys, *context.clock).decide(context.session, caseId, requestId, approve, reason);
        },
        [this, requestId, approve](const Result<cases::ResetRequest> &decided) {
            updateActions();
            if (!decided) {
                report(errorText(decided.error()), true);
                emit changed();
                return;
            }
            m_reason->clear();
            report(approve ? tr("Approved %1.").arg(requestId) : tr("Rejected %1.").arg(requestId), false);
            emit changed();
        });
}

void ResetTab::execute()
{
    const ResetRequest *r = selected();
    if (!r)
        return;
    const QString requestId = r->id;
    // New codes, their sealing to the platform's key (RSA) and the outbox line: on a database
    // thread. The result is shown only if the agent is still on this case.
    m_executing = true;
    updateActions();
    report(tr("Executing %1…").arg(requestId), false);
    const AppContext context = m_context;
    const QString caseId = m_case.record.id;
    m_execution.run<Result<cases::ExecutionResult>>(
        [context, caseId, requestId] {
            return cases::ResetService(*context.database, *context.keys, *context.clock)
                .execute(context.session, caseId, requestId);
        },
        [this, requestId](const Result<cases::ExecutionResult> &done) {
            m_executing = false;
            updateActions();
            showExecuted(requestId, done);
        },
        [this, requestId](const Result<cases::ExecutionResult> &done) { // another case is shown now
            emit statusMessage(done ? tr("Executed %1: platform action %2.").arg(requestId, done->actionId)
                                    : tr("Executing %1 failed: %2").arg(requestId, errorText(done.error())));
        });
}

void ResetTab::showExecuted(const QString &requestId, const Result<cases::ExecutionResult> &done)
{
    if (!done) {
        report(errorText(done.error()), true);
        emit changed();
        return;
    }
    QString text = tr("Executed %1: platform action %2.").arg(requestId, done->actionId);
    if (!done->newSetId.isEmpty())
        text += tr(" New code set %1 with %2 codes, sealed for the platform's delivery to the user; "
                   "the codes are never shown here.")
                    .arg(done->newSetId)
                    .arg(done->codeCount);
    report(text, false);
    emit changed();
}

} // namespace rd::ui
