// check: reads the whole database file for damage, which opening no longer does (SPEC §13:
// opening costs the same on a file of any size).
#include "CliContext.h"

#include "Terminal.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>

namespace rd::cli {

int runCheck(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("check [--full]: reads every page of the database file and reports damage "
                                                    "(exit 3), e.g. after a crash, a disk error or before a backup. No sign-in "
                                                    "needed; a team database is checked by its server."));
    const QCommandLineOption full(QStringLiteral("full"),
                                  QStringLiteral("Also match every index against its table (slower)."));
    parser.addOption(full);
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    auto db = ctx.database();
    if (!db)
        return ctx.fail(db.error());
    const bool local = db.value()->location().backend == storage::Backend::Sqlite;
    if (local && !ctx.json && stderrIsTerminal())
        ctx.err() << "Reading " << ctx.databaseId() << " ("
                  << QFileInfo(db.value()->location().sqlitePath).size() / (1024 * 1024) << " MB)..." << Qt::endl;
    QElapsedTimer timer;
    timer.start();
    if (auto s = db.value()->checkIntegrity(parser.isSet(full)); !s)
        return ctx.fail(s.error());
    if (ctx.json) {
        ctx.printJson(QJsonObject{{QStringLiteral("database"), ctx.databaseId()},
                                  {QStringLiteral("ok"), true},
                                  {QStringLiteral("checked"), local},
                                  {QStringLiteral("full"), parser.isSet(full)},
                                  {QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0}});
    } else if (local) {
        ctx.out() << "No damage found in " << ctx.databaseId() << " (" << (parser.isSet(full) ? "full" : "quick")
                  << " check, " << QString::number(double(timer.elapsed()) / 1000.0, 'f', 1) << " s)." << Qt::endl;
    } else {
        ctx.out() << ctx.databaseId() << " is a team database: its server checks its own pages (data checksums); "
                  << "nothing to read here." << Qt::endl;
    }
    return 0;
}

} // namespace rd::cli
