#include "shell/DesktopSession.h"

#include "auth/OperatorService.h"
#include "common/Background.h"
#include "shell/FirstAdminDialog.h"
#include "shell/MainWindow.h"
#include "shell/SignInDialog.h"

#include <QApplication>

namespace rd::ui {

DesktopSession::DesktopSession(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                               QString databaseLabel, QObject *parent)
    : QObject(parent), m_database(database), m_keys(keys), m_clock(clock), m_databaseLabel(std::move(databaseLabel))
{
    // Windows come and go (sign-in, main window, sign-in again): quitting is decided here.
    QApplication::setQuitOnLastWindowClosed(false);
}

DesktopSession::~DesktopSession()
{
    shutDown(); // cancels running imports
    // Work still on the database threads must end before the database is closed.
    databasePool()->waitForDone();
}

MainWindow *DesktopSession::window() const { return m_window; }

void DesktopSession::shutDown()
{
    if (m_dialog) {
        m_dialog->disconnect(this);
        m_dialog->disconnect(qApp);
        delete m_dialog;
    }
    if (m_window) {
        m_window->disconnect(this);
        delete m_window;
    }
}

void DesktopSession::start()
{
    storage::Database *database = &m_database;
    const crypto::KeyStore *keys = &m_keys;
    const Clock *clock = &m_clock;
    m_work.read<Result<bool>>([database, keys, clock] { return auth::OperatorService(*database, *keys, *clock).hasOperators(); },
                             [this](const Result<bool> &any) {
                                 if (any && !any.value()) {
                                     auto *first = new FirstAdminDialog(m_database, m_keys, m_clock);
                                     first->setAttribute(Qt::WA_DeleteOnClose);
                                     m_dialog = first;
                                     connect(first, &QDialog::accepted, this, &DesktopSession::showSignIn);
                                     connect(first, &QDialog::rejected, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
                                     first->open();
                                     return;
                                 }
                                 showSignIn(); // a storage error is shown when signing in
                             });
}

void DesktopSession::showSignIn()
{
    auto *signIn = new SignInDialog(m_database, m_keys, m_clock);
    signIn->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = signIn;
    connect(signIn, &SignInDialog::connectRequested, this, &DesktopSession::connectRequested);
    connect(signIn, &QDialog::rejected, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    connect(signIn, &QDialog::accepted, this, [this, signIn] {
        AppContext context{&m_database, &m_keys, signIn->session(), &m_clock, m_databaseLabel};
        m_window = new MainWindow(context);
        m_window->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_window, &MainWindow::signOutRequested, this, &DesktopSession::signOut);
        connect(m_window, &MainWindow::connectRequested, this, &DesktopSession::connectRequested);
        connect(m_window, &QObject::destroyed, this, [] { QCoreApplication::quit(); });
        m_window->show();
        emit windowShown(m_window);
    });
    signIn->open();
}

void DesktopSession::signOut()
{
    if (!m_window)
        return;
    MainWindow *window = m_window;
    window->disconnect(this); // closing it now must not quit the application
    window->close();
    showSignIn();
}

} // namespace rd::ui
