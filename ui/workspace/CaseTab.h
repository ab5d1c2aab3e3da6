#pragma once

#include "AppContext.h"
#include "model/AccountTypes.h"
#include "cases/CaseService.h"
#include "common/Background.h"

#include <QWidget>

namespace rd::ui {

// One tab of the case workspace. The workspace hands every tab the case (after each
// change) and the account's profile (when the case's account changes); a tab that changed
// the case says so and the workspace reloads it. A tab's database work runs in m_work, whose
// pending result is dropped when another case is shown.
class CaseTab : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseTab)
public:
    CaseTab(const AppContext &context, QWidget *parent) : QWidget(parent), m_context(context) {}

    virtual void setCase(const cases::CaseDetails &details)
    {
        if (details.record.id != m_case.record.id) {
            m_work.cancel();
            clearInputs();
        }
        m_case = details;
    }
    virtual void setAccount(const accounts::AccountProfile &profile) { Q_UNUSED(profile); }
    // The account shown may have new platform data (the live desk: a feed or an import committed):
    // a tab that shows it reads it again in place, keeping the selection, the scroll position and
    // whatever the agent typed.
    virtual void followAccount() {}
    // Forgets what the operator typed but did not submit (another case, or the lock).
    virtual void clearInputs() {}

signals:
    void changed();
    void statusMessage(const QString &message);
    // Asks the workspace to bring the tab with this objectName forward (a next step elsewhere).
    void showTabRequested(const QString &name);

protected:
    const AppContext &m_context;
    cases::CaseDetails m_case;
    AsyncLane m_work{this};
};

} // namespace rd::ui
