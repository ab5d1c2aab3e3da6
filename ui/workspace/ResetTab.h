#pragma once

#include "cases/ResetService.h"
#include "common/Result.h"
#include "workspace/CaseTab.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Reset requests of the case: request one (needs strong verification), see the four-eyes
// decision, execute an approved one. New codes go sealed to the platform, never on screen.
class ResetTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResetTab)
public:
    ResetTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    void setAccount(const accounts::AccountProfile &profile) override;
    void clearInputs() override;
    RecordTableModel<cases::ResetRequest> *model() const { return m_model; }

private:
    void request();
    void decide(bool approve);
    void execute();
    void showExecuted(const QString &requestId, const Result<cases::ExecutionResult> &done);
    void updateActions();
    const cases::ResetRequest *selected() const;
    void report(const QString &message, bool error);

    QComboBox *m_kind;
    QLineEdit *m_justification;
    QComboBox *m_device;
    QLineEdit *m_contact;
    QPushButton *m_request;
    QTableView *m_table;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPushButton *m_execute;
    QLabel *m_fourEyes;
    QLabel *m_result;
    RecordTableModel<cases::ResetRequest> *m_model;
    bool m_executing = false;
    AsyncLane m_requesting{this}; // request, decisions (m_work) and execution each have a lane:
    AsyncLane m_execution{this};  // one does not drop another's answer
};

} // namespace rd::ui
