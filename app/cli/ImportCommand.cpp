#include "CliContext.h"
#include "Terminal.h"

#include "importer/Feed.h"
#include "importer/Importer.h"
#include "storage/Database.h"

#include <QFileInfo>
#include <QJsonObject>

namespace rd::cli {

QJsonObject importStatsJson(const QString &file, const importer::ImportStats &stats)
{
    QJsonObject byType;
    for (auto it = stats.byType.cbegin(); it != stats.byType.cend(); ++it)
        byType.insert(it.key(), QJsonObject{{QStringLiteral("records"), it->records}, {QStringLiteral("changed"), it->changed}});
    return QJsonObject{{QStringLiteral("file"), file},
                       {QStringLiteral("sha256"), QString::fromLatin1(stats.fileSha256.toHex())},
                       {QStringLiteral("lines"), stats.lines},
                       {QStringLiteral("records"), stats.totalRecords()},
                       {QStringLiteral("changed"), stats.totalChanged()},
                       {QStringLiteral("by_type"), byType}};
}

void printImportStats(CliContext &ctx, const QString &file, const importer::ImportStats &stats)
{
    if (ctx.json) {
        ctx.printJson(importStatsJson(file, stats));
        return;
    }
    ctx.out() << "Imported " << QFileInfo(file).fileName() << ": " << stats.totalRecords() << " records from "
              << stats.lines << " lines, " << stats.totalChanged() << " rows changed"
              << (stats.totalChanged() == 0 ? " (already up to date)" : "") << "\n";
    for (auto it = stats.byType.cbegin(); it != stats.byType.cend(); ++it)
        ctx.out() << QStringLiteral("  %1 %2 records, %3 changed\n").arg(it.key(), -17).arg(it->records, 8).arg(it->changed, 8);
    ctx.out() << "  SHA-256 " << stats.fileSha256.toHex() << "\n";
    ctx.out().flush();
}

importer::ImportProgressFn progressPrinter(CliContext &ctx, const QString &label)
{
    return [&ctx, label](const importer::ImportProgress &p) {
        const int percent = p.bytesTotal > 0 ? int(p.bytesDone * 100 / p.bytesTotal) : 100;
        ctx.err() << QStringLiteral("\r%1: pass %2, %3% (%4 lines)").arg(label).arg(p.pass).arg(percent, 3).arg(p.lines);
        ctx.err().flush();
        return true;
    };
}

int runImport(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "import FILE.jsonl [--progress]: import a platform export (JSON Lines, SPEC §4) atomically; admins only.\n"
        "import --follow FILE|- [--progress] [--feed NAME] [--batch-records N] [--batch-ms N]: the live feed: follow a "
        "growing file (like tail -F), a named pipe or standard input, committing small batches; a line that cannot be "
        "imported is quarantined and the feed goes on. SIGTERM ends it after the current batch; a file is resumed where "
        "it stopped. With --json, one status line per batch on stdout."));
    const QCommandLineOption progress(QStringLiteral("progress"), QStringLiteral("Show progress on stderr."));
    const QCommandLineOption follow(QStringLiteral("follow"), QStringLiteral("Follow FILE (or - for standard input) as a live feed."));
    const QCommandLineOption feedName(QStringLiteral("feed"), QStringLiteral("The feed's name (default: the file's absolute path, or stdin)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption batchRecords(QStringLiteral("batch-records"), QStringLiteral("A batch closes at N lines (default 20000; a live feed closes by time first, a backlog by count)."),
                                          QStringLiteral("N"));
    const QCommandLineOption batchMs(QStringLiteral("batch-ms"), QStringLiteral("...or N ms after its first line (default 200)."),
                                     QStringLiteral("N"));
    parser.addOptions({progress, follow, feedName, batchRecords, batchMs});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The .jsonl file, or - with --follow."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    const QString file = parser.positionalArguments().first();
    if (parser.isSet(follow)) {
        importer::FeedOptions options;
        options.name = parser.value(feedName).trimmed();
        bool ok = true;
        if (parser.isSet(batchRecords))
            options.maxRecords = parser.value(batchRecords).toInt(&ok);
        if (!ok || options.maxRecords < 1 || options.maxRecords > 100000)
            return ctx.usage(QStringLiteral("--batch-records takes a number from 1 to 100000."));
        if (parser.isSet(batchMs))
            options.maxDelayMs = parser.value(batchMs).toInt(&ok);
        if (!ok || options.maxDelayMs < 0 || options.maxDelayMs > 60000)
            return ctx.usage(QStringLiteral("--batch-ms takes a number of milliseconds from 0 to 60000."));
        return runFollow(ctx, file, options, parser.isSet(progress));
    }
    for (const QCommandLineOption *only : {&feedName, &batchRecords, &batchMs}) {
        if (parser.isSet(*only))
            return ctx.usage(QStringLiteral("--%1 is for --follow.").arg(only->names().first()));
    }
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    importer::Importer importer(*bench->database, *bench->keys);
    const bool showProgress = parser.isSet(progress) || stderrIsTerminal();
    auto stats = importer.importFile(bench->session, file,
                                     showProgress ? progressPrinter(ctx, QFileInfo(file).fileName()) : importer::ImportProgressFn{});
    if (showProgress)
        ctx.err() << "\n";
    if (!stats) {
        // Problems inside the file are named with the file; refusals and storage errors speak for themselves.
        if (stats.error().code == ErrorCode::ImportLine)
            return ctx.fail(Error::badInput(QFileInfo(file).fileName() + QStringLiteral(": ") + stats.error().message));
        return ctx.fail(stats.error());
    }
    printImportStats(ctx, file, stats.value());
    return 0;
}

} // namespace rd::cli
