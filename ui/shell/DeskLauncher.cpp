#include "shell/DeskLauncher.h"

#include "shell/ConnectDialog.h"
#include "shell/DesktopSession.h"

#include <QApplication>
#include <QSettings>

namespace rd::ui {

DeskLauncher::DeskLauncher(const Clock &clock, QObject *parent) : QObject(parent), m_clock(clock) {}

DeskLauncher::~DeskLauncher() = default;

void DeskLauncher::start(auth::Desk desk)
{
    if (m_session) {
        m_session->shutDown();
        m_session.reset(); // waits for its database work before the old desk closes
    }
    m_desk = std::move(desk);
    m_session = std::make_unique<DesktopSession>(*m_desk.database, *m_desk.keys, m_clock, m_desk.location);
    connect(m_session.get(), &DesktopSession::connectRequested, this, [this] {
        const QSettings settings;
        const QString last = settings.value(ConnectDialog::settingsKey()).toString();
        showConnect(last.startsWith(QLatin1String("postgres")) ? last : QString(), m_desk.keyDir, false);
    });
    m_session->start();
    emit sessionStarted(m_session.get());
}

void DeskLauncher::connectTo(const QString &url, const QString &keyDir)
{
    showConnect(url, keyDir, true);
}

void DeskLauncher::showConnect(const QString &url, const QString &keyDir, bool connectAtOnce)
{
    // Over the sign-in dialog or the main window when switching; on its own at start-up.
    QWidget *parent = m_session ? QApplication::activeWindow() : nullptr;
    auto *dialog = new ConnectDialog(url, keyDir, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // Queued: the dialog finishes closing before the windows under it go.
        QMetaObject::invokeMethod(this, [this, desk = dialog->desk()] { start(desk); }, Qt::QueuedConnection);
    });
    if (!m_session)
        connect(dialog, &QDialog::rejected, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    dialog->open();
    if (connectAtOnce)
        dialog->connectNow();
}

} // namespace rd::ui
