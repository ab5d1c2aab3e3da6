#pragma once

#include "auth/DeskConnection.h"

#include <QObject>
#include <QString>

#include <memory>

namespace rd {
class Clock;
}

namespace rd::ui {

class DesktopSession;

// Which database the desktop works on, and switching to another: it owns the open desk and the
// DesktopSession on it. A remembered team database is connected through the ConnectDialog at
// start-up (never on the GUI thread); File ▸ Connect to team database… or the sign-in dialog's
// "Team database…" replace the desk (signing out) once the new one is open.
class DeskLauncher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeskLauncher)
public:
    explicit DeskLauncher(const Clock &clock, QObject *parent = nullptr);
    ~DeskLauncher() override;

    // Starts on a desk that is already open (the SQLite file, opened at start-up).
    void start(auth::Desk desk);
    // Start-up with a team database: the connect dialog connects at once; cancelling quits.
    void connectTo(const QString &url, const QString &keyDir);
    DesktopSession *session() const { return m_session.get(); }
    const auth::Desk &desk() const { return m_desk; }

signals:
    void sessionStarted(rd::ui::DesktopSession *session);

private:
    void showConnect(const QString &url, const QString &keyDir, bool connectAtOnce);

    const Clock &m_clock;
    auth::Desk m_desk;
    std::unique_ptr<DesktopSession> m_session;
};

} // namespace rd::ui
