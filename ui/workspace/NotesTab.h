#pragma once

#include "workspace/CaseTab.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// The case's notes, newest last, and a box to add one (Ctrl+Enter).
class NotesTab final : public CaseTab {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotesTab)
public:
    NotesTab(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details) override;
    void clearInputs() override;
    RecordTableModel<cases::NoteRecord> *model() const { return m_model; }

private:
    void add();

    QTableView *m_table;
    QPlainTextEdit *m_text;
    QPushButton *m_add;
    QLabel *m_error;
    RecordTableModel<cases::NoteRecord> *m_model;
};

} // namespace rd::ui
