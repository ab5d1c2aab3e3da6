#include "CliContext.h"

#include "ReportPdf.h"
#include "common/Clock.h"
#include "reports/ReportService.h"

#include <QJsonObject>

#include <cstring>
#include <strings.h>

namespace rd::cli {

bool wantsPdfReport(int argc, char **argv)
{
    // Decided before any QCoreApplication exists: only `report ... --format pdf` needs QtGui.
    bool report = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (std::strcmp(a, "report") == 0)
            report = true;
        else if (report && std::strcmp(a, "--format") == 0 && i + 1 < argc && strcasecmp(argv[i + 1], "pdf") == 0)
            return true;
        else if (report && strcasecmp(a, "--format=pdf") == 0)
            return true;
    }
    return false;
}

int runReport(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("report --case ID --format pdf|html|csv|json --out FILE: the case report "
                                                    "(SPEC §11), personal data masked, never a code; the export is audited "
                                                    "(agents, supervisors)."));
    const QCommandLineOption caseOption(QStringLiteral("case"), QStringLiteral("The case id."), QStringLiteral("ID"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("pdf, html, csv (the timeline) or json."),
                                          QStringLiteral("FORMAT"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
    parser.addOptions({caseOption, formatOption, outOption});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (!parser.isSet(caseOption) || !parser.isSet(formatOption) || !parser.isSet(outOption))
        return ctx.usage(QStringLiteral("report needs --case ID, --format pdf|html|csv|json and --out FILE."));
    const auto format = reports::formatFromName(parser.value(formatOption));
    if (!format)
        return ctx.usage(QStringLiteral("--format takes pdf, html, csv or json."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    reports::ReportService service(*bench->database, *bench->keys, SystemClock::instance());
    auto result = service.exportTo(bench->session, parser.value(caseOption), *format, parser.value(outOption),
                                   reports::pdf::rendererFor(*format));
    if (!result)
        return ctx.fail(result.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("file"), result->path},
                                  {QStringLiteral("format"), reports::formatName(*format)},
                                  {QStringLiteral("bytes"), result->bytes},
                                  {QStringLiteral("head_seq"), result->headSeq},
                                  {QStringLiteral("head_hash"), result->headHash}});
    else
        ctx.out() << "Wrote " << reports::formatName(*format) << " report of case " << parser.value(caseOption) << " to "
                  << result->path << " (" << result->bytes << " bytes; audit head " << result->headSeq << ")" << Qt::endl;
    return 0;
}

} // namespace rd::cli
