#pragma once

#include "AppContext.h"

#include <QMainWindow>
#include <QPointer>

class QStackedWidget;
class QTabWidget;

namespace rd::ui {

class AccountBrowser;
class ApprovalsPanel;
class CaseDesk;
class ConnectionBanner;
class IdleLock;
class LockScreen;

// Composes the panels the signed-in role works with, the lock screen and the menus.
// It holds no data and talks to no service itself.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(AppContext context, QWidget *parent = nullptr);

    AccountBrowser *accountBrowser() const { return m_accounts; }
    CaseDesk *caseDesk() const { return m_caseDesk; }
    ApprovalsPanel *approvals() const { return m_approvals; }
    ConnectionBanner *connectionBanner() const { return m_banner; }
    QTabWidget *pages() const { return m_pages; }
    IdleLock *idleLock() const { return m_idle; }
    bool isLocked() const;
    // Shows the page whose objectName is name; false when this role has no such page.
    bool showPage(const QString &name);

public slots:
    void lock();

signals:
    void signOutRequested();
    void connectRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void addPage(QWidget *page, const QString &title, const QString &iconName);
    void createActions();
    void followChanges();
    void showChanges();
    void unlock();

    AppContext m_context;
    QStackedWidget *m_stack;
    QTabWidget *m_pages;
    LockScreen *m_lockScreen;
    IdleLock *m_idle;
    AccountBrowser *m_accounts = nullptr;
    QList<QPointer<QWidget>> m_hiddenWhileLocked;
    CaseDesk *m_caseDesk = nullptr;
    ApprovalsPanel *m_approvals = nullptr;
    ConnectionBanner *m_banner;
    bool m_changedWhileLocked = false; // shown at unlock: nothing is read behind the lock
};

} // namespace rd::ui
