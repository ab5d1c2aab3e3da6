#include "shell/MainWindow.h"

#include "shell/HelpMenu.h"

#include "AccountBrowser.h"
#include "admin/AdminPages.h"
#include "cases/CaseDesk.h"
#include "workspace/CaseWorkspace.h"
#include "audit/ChangeFeed.h"
#include "shell/StandingCheck.h"
#include "common/Format.h"
#include "shell/ConnectionBanner.h"
#include "shell/IdleLock.h"
#include "shell/LockScreen.h"
#include "supervisor/ApprovalsPanel.h"
#include "supervisor/AuditTrailPanel.h"
#include "supervisor/SlaDashboard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace rd::ui {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kPageKey = QStringLiteral("mainWindow/page");
} // namespace

MainWindow::MainWindow(AppContext context, QWidget *parent)
    : QMainWindow(parent), m_context(std::move(context)), m_stack(new QStackedWidget(this)), m_pages(new QTabWidget(this)),
      m_lockScreen(new LockScreen(m_context, this)), m_idle(new IdleLock(this)),
      m_banner(new ConnectionBanner(m_context.databaseLabel, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    const QString who = m_context.session.displayName.isEmpty() ? m_context.session.username : m_context.session.displayName;
    setWindowTitle(tr("RecoveryDesk — %1 (%2)").arg(who, auth::roleName(m_context.session.role)));
    setWindowIcon(icon(QStringLiteral("recoverydesk")));
    m_pages->setObjectName(QStringLiteral("mainPages"));
    m_pages->setDocumentMode(true);
    buildPages();
    m_stack->addWidget(m_pages);
    m_stack->addWidget(m_lockScreen);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_stack, 1);
    setCentralWidget(central);
    followChanges();

    auto *where = new QLabel(m_context.databaseLabel.isEmpty() ? QString() : tr("Database: %1").arg(m_context.databaseLabel), this);
    where->setObjectName(QStringLiteral("databaseLabel"));
    statusBar()->addPermanentWidget(where);
    createActions();

    connect(m_idle, &IdleLock::idle, this, &MainWindow::lock);
    connect(m_lockScreen, &LockScreen::unlocked, this, &MainWindow::unlock);
    connect(m_lockScreen, &LockScreen::signOutRequested, this, &MainWindow::signOutRequested);

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    showPage(settings.value(kPageKey).toString());
}

void MainWindow::addPage(QWidget *page, const QString &title, const QString &iconName)
{
    const int index = m_pages->addTab(page, icon(iconName), title);
    if (index < 9)
        m_pages->setTabToolTip(index, tr("%1 (Ctrl+%2)").arg(title).arg(index + 1));
}

void MainWindow::buildPages()
{
    const auth::Role role = m_context.session.role;
    auto status = [this](const QString &m) { statusBar()->showMessage(m, 8000); };
    if (auth::roleAllows(role, auth::Permission::WorkCases)) {
        m_caseDesk = new CaseDesk(m_context, this);
        connect(m_caseDesk, &CaseDesk::statusMessage, this, status);
        addPage(m_caseDesk, tr("Cases"), QStringLiteral("case"));
    }
    if (auth::roleAllows(role, auth::Permission::DecideReset)) {
        m_approvals = new ApprovalsPanel(m_context, this);
        connect(m_approvals, &ApprovalsPanel::openCase, this, [this](const QString &caseId) {
            m_pages->setCurrentWidget(m_caseDesk);
            m_caseDesk->openCase(caseId);
        });
        addPage(m_approvals, tr("Approvals"), QStringLiteral("approve"));
    }
    if (auth::roleAllows(role, auth::Permission::ReviewAudit))
        addPage(new AuditTrailPanel(m_context, this), tr("Audit trail"), QStringLiteral("shield"));
    if (auth::roleAllows(role, auth::Permission::DecideReset)) {
        auto *sla = new SlaDashboard(m_context, this);
        connect(sla, &SlaDashboard::openCase, this, [this](const QString &caseId) {
            m_pages->setCurrentWidget(m_caseDesk);
            m_caseDesk->openCase(caseId);
        });
        addPage(sla, tr("SLA dashboard"), QStringLiteral("sla-due-soon"));
    }
    if (auth::roleAllows(role, auth::Permission::ViewAccount)) {
        m_accounts = new AccountBrowser(m_context, this);
        connect(m_accounts, &AccountBrowser::statusMessage, this, status);
        if (m_caseDesk)
            connect(m_accounts, &AccountBrowser::openCaseRequested, this, [this](const QString &accountId) {
                m_pages->setCurrentWidget(m_caseDesk);
                m_caseDesk->newCase(accountId);
            });
        addPage(m_accounts, tr("Accounts"), QStringLiteral("account"));
    }
    if (auth::roleAllows(role, auth::Permission::ManageOperators))
        addAdminPages(m_context, this, [this](QWidget *page, const QString &title, const QString &iconName) {
            addPage(page, title, iconName);
        });
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    if (m_caseDesk) {
        QAction *newCase = file->addAction(icon(QStringLiteral("case")), tr("&New case…"), this, [this] {
            m_pages->setCurrentWidget(m_caseDesk);
            m_caseDesk->newCase({});
        });
        newCase->setObjectName(QStringLiteral("actionNewCase"));
        newCase->setShortcut(QKeySequence::New);
        file->addSeparator();
    }
    QAction *lockNow = file->addAction(icon(QStringLiteral("lock")), tr("&Lock"), this, &MainWindow::lock);
    lockNow->setObjectName(QStringLiteral("actionLock"));
    lockNow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *signOut = file->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    signOut->setObjectName(QStringLiteral("actionSignOut"));
    signOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    QAction *team = file->addAction(tr("&Connect to team database…"), this, &MainWindow::connectRequested);
    team->setObjectName(QStringLiteral("actionConnect"));
    team->setStatusTip(tr("Sign out and connect to a team database on a PostgreSQL server"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    if (m_caseDesk) {
        QAction *find = view->addAction(tr("&Search cases"), this, [this] {
            m_pages->setCurrentWidget(m_caseDesk);
            m_caseDesk->focusSearch();
        });
        find->setObjectName(QStringLiteral("actionFindCase"));
        find->setShortcut(QKeySequence::Find);
    }
    QAction *refresh = view->addAction(icon(QStringLiteral("refresh")), tr("&Refresh"), this, [this] {
        QWidget *page = m_pages->currentWidget();
        if (page && page->metaObject()->indexOfSlot("reload()") >= 0) // pages that show stored data
            QMetaObject::invokeMethod(page, "reload");
    });
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    view->addSeparator();
    for (int i = 0; i < m_pages->count() && i < 9; ++i) {
        QAction *go = view->addAction(m_pages->tabText(i), this, [this, i] { m_pages->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    addHelpMenu(this, m_context.databaseLabel);
}

// The live desk: teammates' changes reach the queue, the open case and the approvals page,
// and the banner says when the database cannot be reached.
void MainWindow::followChanges()
{
    auto *feed = new audit::ChangeFeed(*m_context.database, this);
    // A change may be this operator's own disable, role change or one-time password: the window
    // then ends its session rather than let every later action be refused.
    auto *standing = new StandingCheck(m_context, this);
    connect(standing, &StandingCheck::revoked, this, [this](const QString &why) {
        lock();
        m_lockScreen->showRevoked(why);
    });
    connect(feed, &audit::ChangeFeed::changed, this, [this, standing] {
        if (isLocked()) {
            m_changedWhileLocked = true;
            return;
        }
        standing->check();
        showChanges();
    });
    connect(feed, &audit::ChangeFeed::connectionLost, m_banner, &ConnectionBanner::showLost);
    connect(feed, &audit::ChangeFeed::connectionRestored, m_banner, &ConnectionBanner::showRestored);
}

void MainWindow::showChanges()
{
    if (m_caseDesk)
        m_caseDesk->followChanges();
    if (m_approvals)
        m_approvals->followChanges();
    // Any other page shown that follows the desk (the Import page's quarantine) says so with a
    // followChanges() slot: the window need not know it.
    QWidget *shown = m_pages->currentWidget();
    if (shown && shown != m_caseDesk && shown != m_approvals && shown->metaObject()->indexOfSlot("followChanges()") >= 0)
        QMetaObject::invokeMethod(shown, "followChanges");
}

bool MainWindow::showPage(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (int i = 0; i < m_pages->count(); ++i) {
        if (m_pages->widget(i)->objectName() == name) {
            m_pages->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

bool MainWindow::isLocked() const { return m_stack->currentWidget() == m_lockScreen; }

void MainWindow::lock()
{
    if (isLocked())
        return;
    m_idle->setSuspended(true);
    menuBar()->setEnabled(false);
    // Dialogs opened from this window (new case, export, progress) would stay readable and
    // usable over the lock, and a modal one would keep the password field from focus.
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w != this && w->isVisible() && !w->isHidden()) {
            m_hiddenWhileLocked.append(w);
            w->hide();
        }
    }
    if (m_caseDesk)
        m_caseDesk->workspace()->clearInputs();
    m_stack->setCurrentWidget(m_lockScreen);
    m_lockScreen->prepare();
    statusBar()->showMessage(tr("Locked"));
}

void MainWindow::unlock()
{
    m_stack->setCurrentWidget(m_pages);
    menuBar()->setEnabled(true);
    for (const QPointer<QWidget> &w : std::as_const(m_hiddenWhileLocked))
        if (w)
            w->show();
    m_hiddenWhileLocked.clear();
    m_idle->setSuspended(false);
    statusBar()->showMessage(tr("Unlocked"), 3000);
    if (std::exchange(m_changedWhileLocked, false))
        showChanges();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    if (QWidget *page = m_pages->currentWidget())
        settings.setValue(kPageKey, page->objectName());
    QMainWindow::closeEvent(event);
}

} // namespace rd::ui
