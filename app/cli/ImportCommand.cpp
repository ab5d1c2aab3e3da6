#include "CliContext.h"
#include "Terminal.h"

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
    parser.setApplicationDescription(QStringLiteral("import FILE.jsonl [--progress]: import a platform export (JSON "
                                                    "Lines, SPEC §4) atomically; admins only."));
    const QCommandLineOption progress(QStringLiteral("progress"), QStringLiteral("Show progress on stderr."));
    parser.addOption(progress);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The .jsonl file."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    const QString file = parser.positionalArguments().first();
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
