#include "workspace/CaseAuditTab.h"

#include "common/ErrorText.h"
#include "audit/AuditLog.h"
#include "common/RecordTableModel.h"
#include "common/ViewState.h"

#include <QJsonDocument>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace rd::ui {

using audit::AuditEntry;

std::vector<Column<AuditEntry>> auditColumns()
{
    auto details = [](const AuditEntry &e) {
        return e.details.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    };
    return {
        {QObject::tr("Seq"), [](const AuditEntry &e) { return e.seq; }},
        {QObject::tr("Time (UTC)"), [](const AuditEntry &e) { return e.at; }},
        {QObject::tr("Operator"), [](const AuditEntry &e) { return e.operatorName; }},
        {QObject::tr("Role"), [](const AuditEntry &e) { return e.role; }},
        {QObject::tr("Action"), [](const AuditEntry &e) { return e.action; }},
        {QObject::tr("Subject"), [](const AuditEntry &e) { return e.subject; }},
        {QObject::tr("Details"), details, {}, {}, details},
        {QObject::tr("Hash"), [](const AuditEntry &e) { return e.hash.left(16) + QStringLiteral("…"); }, {}, {},
         [](const AuditEntry &e) { return e.hash; }},
    };
}

CaseAuditTab::CaseAuditTab(const AppContext &context, QWidget *parent)
    : CaseTab(context, parent), m_note(new QLabel(this)), m_table(new QTableView(this)),
      m_model(new RecordTableModel<AuditEntry>(auditColumns(), this))
{
    setObjectName(QStringLiteral("caseAuditTab"));
    m_note->setObjectName(QStringLiteral("caseAuditNote"));
    setUpReadOnlyTable(m_table, QStringLiteral("caseAuditTable"), tr("Audit entries of this case"));
    m_table->setModel(m_model);
    const int widths[] = {60, 190, 110, 90, 170, 80, 420};
    for (int c = 0; c < 7; ++c)
        m_table->setColumnWidth(c, widths[c]);
    persistHeader(m_table, QStringLiteral("caseAudit"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
}

void CaseAuditTab::setCase(const cases::CaseDetails &details)
{
    const bool other = details.record.id != m_case.record.id;
    CaseTab::setCase(details);
    if (other) {
        m_model->setRecords({});
        m_note->setText(tr("Reading the audit entries of %1…").arg(details.record.id));
    }
    const AppContext context = m_context;
    const QString caseId = details.record.id;
    m_work.read<Result<QList<audit::AuditEntry>>>(
        [context, caseId] { return audit::AuditLog(*context.database, *context.keys, *context.clock).caseEntries(context.session, caseId); },
        [this](const Result<QList<audit::AuditEntry>> &entries) {
            if (!entries) {
                m_note->setText(errorText(entries.error()));
                m_model->setRecords({});
                return;
            }
            m_note->setText(tr("%n entry(ies) of the tamper-evident audit trail concern this case.", nullptr, int(entries->size())));
            keepPlace(m_table, ListEnd::Follow, [&] { m_model->setRecords(entries.value()); });
        });
}

} // namespace rd::ui
