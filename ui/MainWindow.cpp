#include "MainWindow.h"

#include "AccountBrowser.h"
#include "auth/Role.h"
#include "storage/Database.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace rd::ui {

MainWindow::MainWindow(AppContext context, QWidget *parent) : QMainWindow(parent), m_context(std::move(context))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("RecoveryDesk — %1 (%2)").arg(m_context.session.displayName, auth::roleName(m_context.session.role)));
    if (auth::roleAllows(m_context.session.role, auth::Permission::ViewAccount)) {
        m_accounts = new AccountBrowser(m_context, this);
        connect(m_accounts, &AccountBrowser::statusMessage, statusBar(), [this](const QString &m) {
            statusBar()->showMessage(m, 5000);
        });
        setCentralWidget(m_accounts);
    } else {
        auto *note = new QLabel(tr("Admins manage operators, imports and policy and do not see account data.\n"
                                   "Sign in as an agent or supervisor to work lockout cases."),
                                this);
        note->setObjectName(QStringLiteral("adminNote"));
        note->setAlignment(Qt::AlignCenter);
        setCentralWidget(note);
    }
    statusBar()->addPermanentWidget(new QLabel(m_context.database->location().describe(), this));
    createActions();
    resize(1280, 800);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    if (m_accounts) {
        QMenu *view = menuBar()->addMenu(tr("&View"));
        QAction *find = view->addAction(tr("&Find account"), m_accounts, &AccountBrowser::focusSearch);
        find->setObjectName(QStringLiteral("actionFindAccount"));
        find->setShortcut(QKeySequence::Find);
        QAction *refresh = view->addAction(tr("&Refresh"), m_accounts, &AccountBrowser::reload);
        refresh->setObjectName(QStringLiteral("actionRefresh"));
        refresh->setShortcut(QKeySequence::Refresh);
    }
}

} // namespace rd::ui
