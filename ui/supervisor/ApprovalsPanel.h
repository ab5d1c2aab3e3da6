#pragma once

#include "AppContext.h"
#include "common/Background.h"
#include "model/CaseTypes.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace rd::ui {

template <typename T>
class RecordTableModel;

// Supervisors' queue of reset requests waiting for a decision. Four eyes is visible: a
// supervisor's own requests are listed but cannot be approved or rejected by them.
class ApprovalsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalsPanel)
public:
    explicit ApprovalsPanel(const AppContext &context, QWidget *parent = nullptr);

    RecordTableModel<cases::ApprovalItem> *model() const { return m_model; }

public slots:
    void reload();
    // A change was committed somewhere (the live desk); a hidden page reads when it is shown.
    void followChanges();

signals:
    void openCase(const QString &caseId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showPending(const Result<QList<cases::ApprovalItem>> &pending);
    void decide(bool approve);
    void updateActions();
    const cases::ApprovalItem *selected() const;

    const AppContext &m_context;
    QLabel *m_count;
    QTableView *m_table;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPushButton *m_open;
    QLabel *m_message;
    class GrantsBox *m_grants = nullptr;
    RecordTableModel<cases::ApprovalItem> *m_model;
    AsyncLane m_load{this};
    AsyncLane m_decision{this};
};

} // namespace rd::ui
