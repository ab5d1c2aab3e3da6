#include "common/AppPaths.h"

#include <QCoreApplication>
#include <QStandardPaths>

namespace rd::paths {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(QStringLiteral("recoverydesk.example"));
    QCoreApplication::setApplicationName(QStringLiteral("recoverydesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RD_VERSION));
}

static QString dataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString defaultDatabase()
{
    const QString env = qEnvironmentVariable("RECOVERYDESK_DB");
    return env.isEmpty() ? dataDir() + QStringLiteral("/recoverydesk.sqlite") : env;
}

QString defaultKeyDir()
{
    const QString env = qEnvironmentVariable("RECOVERYDESK_KEY_DIR");
    return env.isEmpty() ? dataDir() + QStringLiteral("/keys") : env;
}

} // namespace rd::paths
