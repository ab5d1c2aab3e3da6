#pragma once

#include "common/Result.h"
#include "diagnostics/Finding.h"
#include "workspace/CaseTab.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace rd::ui {

template <typename T>
class RecordTableModel;
class AnswerCard;

// "Why was this code rejected?": the agent types the code the user read out (masked), picks
// the rejected attempt, and reads the findings with their evidence and advice. The report
// is attached to the case; the code is cleared from the field as soon as it has been used.
class DiagnosticsTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosticsTab)
public:
    DiagnosticsTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    void setAccount(const accounts::AccountProfile &profile) override;
    void followAccount() override;
    void clearInputs() override;
    RecordTableModel<diagnostics::Finding> *model() const { return m_model; }
    // The text "Copy for the user" puts on the clipboard.
    QString userSummary() const;

private:
    void run();
    void showReport(const Result<diagnostics::DiagnosisReport> &report, const QString &caseId);
    void showFinding(int row);
    void loadAttempts();
    void fillAttempts(const QList<accounts::AttemptSummary> &page);
    void foldFindings();

    QString m_accountId;
    QLineEdit *m_code;
    QComboBox *m_attempt;
    QCheckBox *m_attach;
    QPushButton *m_run;
    AnswerCard *m_answer;
    QCheckBox *m_showAll;
    QTableView *m_table;
    QTextBrowser *m_details;
    QPushButton *m_copy;
    RecordTableModel<diagnostics::Finding> *m_model;
    diagnostics::DiagnosisReport m_report;
    AsyncLane m_attempts{this}; // the attempt picker of the account shown
    bool m_attemptsFilled = false; // the picker was filled once for this account (and chose for the agent)
};

} // namespace rd::ui
