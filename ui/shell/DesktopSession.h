#pragma once

#include "common/Background.h"

#include <QDialog>
#include <QObject>
#include <QPointer>
#include <QString>

namespace rd {
class Clock;
}
namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::ui {

class MainWindow;

// The desktop's life cycle: first-run admin creation, sign-in, the main window, and back to
// sign-in after signing out. Quits when the sign-in is cancelled or the window closed.
class DesktopSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopSession)
public:
    // databaseLabel: where the database is, shown in the main window's status bar.
    DesktopSession(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock,
                   QString databaseLabel = {}, QObject *parent = nullptr);
    ~DesktopSession() override;

    void start();
    MainWindow *window() const;
    // Closes its dialogs and window without quitting the application (another database is
    // about to take over).
    void shutDown();

signals:
    void windowShown(rd::ui::MainWindow *window);
    // The sign-in dialog's "Team database…" or File ▸ Connect to team database….
    void connectRequested();

private:
    void showSignIn();
    void signOut();

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    QString m_databaseLabel;
    QPointer<MainWindow> m_window;
    QPointer<QDialog> m_dialog; // first admin or sign-in, while shown
    AsyncLane m_work{this};
};

} // namespace rd::ui
