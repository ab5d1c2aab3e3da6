#include "CliContext.h"
#include "Terminal.h"

#include "demo/DemoService.h"
#include "storage/Database.h"

#include <QJsonObject>

namespace rd::cli {

QJsonObject importStatsJson(const QString &file, const importer::ImportStats &stats);
void printImportStats(CliContext &ctx, const QString &file, const importer::ImportStats &stats);
importer::ImportProgressFn progressPrinter(CliContext &ctx, const QString &label);

int runDemo(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("demo [--accounts N] [--seed S]: fill the database with a realistic, "
                                                    "deterministic demo world covering every diagnostic situation "
                                                    "(admins only)."));
    const QCommandLineOption accounts(QStringLiteral("accounts"), QStringLiteral("Number of accounts (default 60)."),
                                      QStringLiteral("N"), QStringLiteral("60"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S"),
                                  QStringLiteral("1"));
    parser.addOptions({accounts, seed});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    demo::DemoOptions options;
    bool ok1 = false, ok2 = false;
    options.accounts = parser.value(accounts).toInt(&ok1);
    options.seed = parser.value(seed).toULongLong(&ok2);
    if (!ok1 || !ok2)
        return ctx.usage(QStringLiteral("--accounts and --seed take whole numbers."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    demo::DemoService service(*bench->database, *bench->keys);
    auto stats = service.populate(bench->session, options,
                                  stderrIsTerminal() ? progressPrinter(ctx, QStringLiteral("demo")) : importer::ImportProgressFn{});
    if (!stats)
        return ctx.fail(stats.error());
    printImportStats(ctx, QStringLiteral("demo world"), stats.value());
    return 0;
}

} // namespace rd::cli
