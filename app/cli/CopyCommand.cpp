// copy --to URL|PATH (SPEC §12.1): the whole desk into an empty SQLite file or PostgreSQL database.
#include "CliContext.h"

#include "auth/DatabaseMove.h"
#include "common/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

#include <QFile>
#include <QJsonObject>

namespace rd::cli {

int runCopy(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("copy --to URL|PATH: copies every record, id, audit entry and "
                                                    "checkpoint into an empty database (a new SQLite file or a PostgreSQL "
                                                    "database its owner has initialized), which then works with the same "
                                                    "key directory (admins)."));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("The target: a file path or postgresql://user@host:port/db."),
                                QStringLiteral("URL|PATH"));
    const QCommandLineOption progress(QStringLiteral("progress"), QStringLiteral("Report each table on stderr."));
    parser.addOptions({to, progress});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (!parser.isSet(to))
        return ctx.usage(QStringLiteral("copy needs --to URL|PATH."));
    auto location = storage::DatabaseLocation::parse(parser.value(to));
    if (!location)
        return ctx.fail(location.error());
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    if (location->describe() == bench->database->location().describe())
        return ctx.usage(QStringLiteral("--to names the database being copied; give another one."));
    const bool newFile = location->backend == storage::Backend::Sqlite && !QFile::exists(location->sqlitePath);
    auto removeNewFile = [&] {
        if (newFile)
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(location->sqlitePath + QLatin1String(suffix));
    };
    Status copied;
    {
        auto target = storage::Database::open(location.value());
        if (!target) {
            removeNewFile();
            return ctx.fail(target.error());
        }
        auth::DatabaseMove move(*bench->database, *bench->keys, SystemClock::instance());
        const bool report = parser.isSet(progress);
        copied = move.copyTo(bench->session, *target.value(), [&](const QString &table, qint64 rows) {
            if (report)
                ctx.err() << "copy: " << table << " " << rows << Qt::endl;
            return true;
        });
    }
    if (!copied) {
        removeNewFile();
        return ctx.fail(copied.error());
    }
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("to"), location->describe()}});
    else
        ctx.out() << "Copied the desk to " << location->describe() << "; run audit verify there with the same key directory."
                  << Qt::endl;
    return 0;
}

} // namespace rd::cli
