#pragma once

#include "AppContext.h"
#include "common/Background.h"

#include <QWidget>

class QLabel;
class QStackedWidget;
class QTabWidget;

namespace rd::ui {

class CaseHeader;
class CaseTab;

// The open case: a header (account, state, priority, assignee, SLA countdown) over one tab
// per concern, each its own widget class.
class CaseWorkspace final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaseWorkspace)
public:
    explicit CaseWorkspace(const AppContext &context, QWidget *parent = nullptr);

    // The case asked for; isLoading() until it is shown (or failed to load).
    QString caseId() const { return m_caseId; }
    QString accountId() const { return m_accountId; }
    bool isLoading() const { return m_load.busy(); }
    QTabWidget *tabs() const { return m_tabs; }
    // Selects the tab whose objectName is name.
    bool showTab(const QString &name);
    void clearInputs();

public slots:
    void openCase(const QString &caseId);
    void reload();
    // Shows what teammates changed in the open case (the live desk): the same as reload, but
    // nothing is announced, and an opening on its way is never cut short.
    void followChanges();

signals:
    void caseChanged(const QString &caseId);
    void statusMessage(const QString &message);

private:
    void addTab(CaseTab *tab, const QString &title);
    void refresh(bool reloadAccount);
    struct Loaded;
    void showLoaded(const Loaded &loaded);

    const AppContext &m_context;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QWidget *m_body;
    CaseHeader *m_header;
    QTabWidget *m_tabs;
    QList<CaseTab *> m_caseTabs;
    QString m_caseId;
    QString m_accountId;
    AsyncLane m_load{this};
    bool m_accountPending = false; // an opening's account read not yet shown
};

} // namespace rd::ui
