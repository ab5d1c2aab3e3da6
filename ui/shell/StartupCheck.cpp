#include "shell/StartupCheck.h"

#include "common/Background.h"

#include <QMessageBox>
#include <QSettings>

namespace rd::ui {

QString RunMarker::settingsKey()
{
    return QStringLiteral("session/openWithoutCleanExit");
}

RunMarker::RunMarker(const QString &location)
{
    QSettings settings;
    m_unclean = settings.value(settingsKey()).toString() == location;
    settings.setValue(settingsKey(), location);
    settings.sync(); // on disk now: a crash a second later must still find it
}

RunMarker::~RunMarker()
{
    QSettings settings;
    settings.remove(settingsKey());
}

void checkDeskInBackground(const auth::Desk &desk, QObject *context)
{
    const QString location = desk.location;
    runInBackground<Status>(context, [desk] { return auth::checkDesk(desk); }, [location](const Status &checked) {
        if (checked) {
            qInfo("RecoveryDesk: %s checked after an unclean shutdown; no damage found.", qPrintable(location));
            return;
        }
        auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("Database damaged"),
                                    QObject::tr("RecoveryDesk did not close cleanly last time, and reading %1 found "
                                                "damage.")
                                        .arg(location),
                                    QMessageBox::Ok);
        box->setObjectName(QStringLiteral("damageWarning"));
        box->setInformativeText(checked.error().code == ErrorCode::Damaged
                                    ? QObject::tr("Stop working on this database and restore it from a backup; what "
                                                  "you change now may be lost. (%1)")
                                          .arg(checked.error().message)
                                    : checked.error().message);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

} // namespace rd::ui
