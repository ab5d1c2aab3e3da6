#pragma once

#include "model/AuditEntry.h"
#include "common/RecordTableModel.h"
#include "workspace/CaseTab.h"

class QLabel;
class QTableView;

namespace rd::ui {

// This case's entries of the audit trail: who did what, when, with the chain hashes.
class CaseAuditTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseAuditTab)
public:
    CaseAuditTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    RecordTableModel<audit::AuditEntry> *model() const { return m_model; }

private:
    QLabel *m_note;
    QTableView *m_table;
    RecordTableModel<audit::AuditEntry> *m_model;
};

// The columns the audit views share (this tab and the supervisors' audit trail).
std::vector<Column<audit::AuditEntry>> auditColumns();

} // namespace rd::ui
