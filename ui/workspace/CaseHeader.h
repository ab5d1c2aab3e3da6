#pragma once

#include "AppContext.h"
#include "model/AccountTypes.h"
#include "cases/CaseService.h"
#include "common/Background.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace rd::ui {

// What an agent needs at a glance about the open case, with the case-level actions
// (assign to me, hold/resume, resolve, close, reopen). The SLA countdown ticks by itself.
class CaseHeader final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseHeader)
public:
    explicit CaseHeader(const AppContext &context, QWidget *parent = nullptr);

    void setCase(const cases::CaseDetails &details);
    void setAccount(const accounts::AccountProfile &profile);

signals:
    void changed();
    void statusMessage(const QString &message);

private:
    void updateSla();
    void updateButtons();
    // A case action, run on a database thread with the operator and the case as shown.
    using CaseAction = std::function<Result<cases::CaseRecord>(cases::CaseService &, const auth::Session &, const cases::CaseRecord &)>;
    void run(const QString &what, CaseAction action);
    void setActionsEnabled(bool enabled);

    const AppContext &m_context;
    cases::CaseRecord m_record;
    QLabel *m_title;
    QLabel *m_account;
    QLabel *m_state;
    QLabel *m_priority;
    QLabel *m_assignee;
    QLabel *m_slaIcon;
    QLabel *m_sla;
    QPushButton *m_assign;
    QPushButton *m_hold;
    QPushButton *m_resolve;
    QPushButton *m_close;
    QPushButton *m_reopen;
    QPushButton *m_export;
    QTimer *m_tick;
    AsyncLane m_work{this};
};

} // namespace rd::ui
