// recoverydesk: the desktop application.
#include "shell/DeskLauncher.h"
#include "shell/StartupCheck.h"
#include "common/ErrorText.h"
#include "common/AppPaths.h"
#include "common/Clock.h"
#include "common/ProcessGuard.h"
#include "crypto/KeyStore.h"
#include "crypto/SelfTest.h"
#include "storage/Database.h"
#include "storage/KeyCheck.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QThread>

using namespace rd;

namespace {

int failStartup(const QString &title, const Error &error)
{
    QMessageBox::critical(nullptr, title, ui::errorText(error));
    return int(error.kind);
}

// --help and --version answer without a display: they are handled before any window system
// is touched (the man page and CI's package check call them from a bare shell).
bool answersWithoutWindow(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

void processOptions(const QCoreApplication &app)
{
    QCommandLineParser options;
    options.setApplicationDescription(QObject::tr("RecoveryDesk: the case manager for backup-code lockouts. "
                                                  "RECOVERYDESK_DB and RECOVERYDESK_KEY_DIR choose the database "
                                                  "and key directory."));
    options.addHelpOption();
    options.addVersionOption();
    options.process(app); // --help and --version print and exit here
}

} // namespace

int main(int argc, char *argv[])
{
    disableCoreDumps();
    if (answersWithoutWindow(argc, argv)) {
        QCoreApplication bare(argc, argv);
        paths::setApplicationIdentity();
        processOptions(bare);
        return 0;
    }
    QApplication app(argc, argv);
    paths::setApplicationIdentity();
    processOptions(app);
    // No application display name: X11 would append it to titles that already say "RecoveryDesk".
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/recoverydesk.svg")));

    if (auto selfTest = crypto::runSelfTests(); !selfTest)
        return failStartup(QObject::tr("Cryptographic self-test failed"), selfTest.error());
    // Without RECOVERYDESK_DB/RECOVERYDESK_KEY_DIR, the database (and keys) used last time.
    QSettings settings;
    const bool fromEnvironment = qEnvironmentVariableIsSet("RECOVERYDESK_DB") || qEnvironmentVariableIsSet("RECOVERYDESK_KEY_DIR");
    QString databasePath = paths::defaultDatabase(), keyDir = paths::defaultKeyDir();
    const QString last = settings.value(QStringLiteral("session/lastDatabase")).toString();
    if (!fromEnvironment && !last.isEmpty() && (last.startsWith(QLatin1String("postgresql://")) || QFileInfo::exists(last))) {
        databasePath = last;
        keyDir = settings.value(QStringLiteral("session/lastKeyDir"), keyDir).toString();
    }
    auto location = storage::DatabaseLocation::parse(databasePath);
    if (!location)
        return failStartup(QObject::tr("Cannot open the database"), location.error());
    // The window never waits for the database: debug builds (or RECOVERYDESK_GUI_THREAD_GUARD=
    // warn|abort) report every database call made on the GUI thread.
    const QByteArray guard = qgetenv("RECOVERYDESK_GUI_THREAD_GUARD");
#ifndef NDEBUG
    const bool guarded = guard != "off";
#else
    const bool guarded = guard == "warn" || guard == "abort";
#endif
    const auto guardMode = guard == "abort" ? storage::Database::GuardMode::Abort : storage::Database::GuardMode::Warn;
    ui::DeskLauncher launcher(SystemClock::instance());
    if (location->backend == storage::Backend::Postgres) {
        // A server may be slow or away: the connect dialog opens it on a database thread, says
        // what failed in one sentence and asks for the password libpq did not find.
        if (guarded)
            storage::Database::guardThread(QThread::currentThread(), guardMode);
        launcher.connectTo(databasePath, keyDir);
        return app.exec();
    }
    storage::Database::Options options;
    options.mode = storage::Database::OpenMode::MustExist;
    auto database = storage::Database::open(location.value(), options);
    if (!database)
        return failStartup(QObject::tr("Cannot open the database"), database.error());
    auto keys = crypto::KeyStore::open(keyDir);
    if (!keys)
        return failStartup(QObject::tr("Cannot open the key directory"), keys.error());

    if (auto match = storage::checkKeysMatch(*database.value(), keys.value()); !match)
        return failStartup(QObject::tr("The key directory does not match the database"), match.error());
    settings.setValue(QStringLiteral("session/lastDatabase"), databasePath);
    settings.setValue(QStringLiteral("session/lastKeyDir"), keyDir);
    if (guarded)
        storage::Database::guardThread(QThread::currentThread(), guardMode);
    // Opening read only what it needed; after a crash the whole file is read in the background.
    const ui::RunMarker marker(location->describe());
    launcher.start(auth::Desk{database.value(), std::make_shared<const crypto::KeyStore>(std::move(keys.value())),
                              location->describe(), keyDir});
    if (marker.previousRunWasUnclean())
        ui::checkDeskInBackground(launcher.desk(), &launcher);
    return app.exec();
}
