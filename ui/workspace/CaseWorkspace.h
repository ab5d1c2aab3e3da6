#pragma once

#include "AppContext.h"

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

    QString caseId() const { return m_caseId; }
    QTabWidget *tabs() const { return m_tabs; }
    // Selects the tab whose objectName is name.
    bool showTab(const QString &name);
    void clearInputs();

public slots:
    void openCase(const QString &caseId);
    void reload();

signals:
    void caseChanged(const QString &caseId);
    void statusMessage(const QString &message);

private:
    void addTab(CaseTab *tab, const QString &title);
    void refresh(bool reloadAccount);

    const AppContext &m_context;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QWidget *m_body;
    CaseHeader *m_header;
    QTabWidget *m_tabs;
    QList<CaseTab *> m_caseTabs;
    QString m_caseId;
    QString m_accountId;
};

} // namespace rd::ui
