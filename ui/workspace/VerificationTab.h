#pragma once

#include "workspace/CaseTab.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Identity verification: the evidence recorded so far (methods and results, never document
// numbers), a form to record more, and a level meter that says what strong still needs.
class VerificationTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VerificationTab)
public:
    VerificationTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    void clearInputs() override;
    RecordTableModel<cases::EvidenceRecord> *model() const { return m_model; }

private:
    void record();
    void showLevel(const cases::LevelResult &level);

    QProgressBar *m_level;
    QLabel *m_missing;
    QTableView *m_table;
    QComboBox *m_method;
    QComboBox *m_result;
    QLineEdit *m_note;
    QPushButton *m_add;
    QLabel *m_error;
    RecordTableModel<cases::EvidenceRecord> *m_model;
};

} // namespace rd::ui
