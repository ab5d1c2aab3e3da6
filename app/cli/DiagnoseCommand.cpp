#include "CliContext.h"
#include "Terminal.h"

#include "common/Clock.h"
#include "common/Time.h"
#include "cases/CaseService.h"
#include "diagnostics/DiagnosticsService.h"
#include "storage/Database.h"

#include <QJsonObject>

namespace rd::cli {
namespace {

QString mark(diagnostics::Verdict v)
{
    switch (v) {
    case diagnostics::Verdict::Cause:
        return QStringLiteral("CAUSE       ");
    case diagnostics::Verdict::Contributing:
        return QStringLiteral("contributing");
    case diagnostics::Verdict::RuledOut:
        return QStringLiteral("ruled out   ");
    case diagnostics::Verdict::NotApplicable:
        return QStringLiteral("n/a         ");
    }
    return {};
}

void printReport(QTextStream &out, const diagnostics::DiagnosisReport &r)
{
    out << "Diagnosis of a backup code for account " << r.account << " at " << time::formatRfc3339(r.at);
    if (!r.attemptId.isEmpty())
        out << " (attempt " << r.attemptId << ")";
    out << "\n";
    if (r.primaryCause) {
        const auto &primary = r.finding(*r.primaryCause);
        out << "\nPrimary cause: " << diagnostics::checkId(*r.primaryCause) << "\n  " << primary.summary << "\n  Next: "
            << primary.advice << "\n";
        if (!primary.userLine.isEmpty())
            out << "  Tell the user: " << primary.userLine << "\n";
    } else {
        out << "\nNo cause found.\n";
    }
    out << "\nFindings:\n";
    for (const auto &f : r.findings) {
        out << "  " << mark(f.verdict) << "  " << QStringLiteral("%1").arg(diagnostics::checkId(f.check), -20) << f.summary << "\n";
        if (!f.holds())
            continue;
        for (const auto &fact : f.evidence)
            out << "      - " << fact.text << (fact.record.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(fact.record)) << "\n";
        if (f.verdict == diagnostics::Verdict::Contributing)
            out << "      Next: " << f.advice << "\n";
    }
    if (!r.id.isEmpty())
        out << "\nStored as " << r.id << "\n";
    out.flush();
}

} // namespace

int runDiagnose(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("diagnose --account ID --code CODE [--at TIME] [--device ID] [--ip IP] "
                                                    "[--attempt ID] [--case ID]: explain why a backup code was rejected."));
    const QCommandLineOption account(QStringLiteral("account"), QStringLiteral("Account id."), QStringLiteral("ID"));
    const QCommandLineOption code(QStringLiteral("code"), QStringLiteral("The code as the user read it; - reads it from standard input "
                                                                       "(without echo on a terminal), so it never sits in the "
                                                                       "process list."),
                                   QStringLiteral("CODE"));
    const QCommandLineOption at(QStringLiteral("at"), QStringLiteral("Attempt time, RFC 3339 (default: the attempt's, else now)."),
                                QStringLiteral("TIME"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("Device id."), QStringLiteral("ID"));
    const QCommandLineOption ip(QStringLiteral("ip"), QStringLiteral("IP address."), QStringLiteral("IP"));
    const QCommandLineOption attempt(QStringLiteral("attempt"), QStringLiteral("Login attempt id (supplies time, device, IP, "
                                                                             "place and the platform's reason)."),
                                     QStringLiteral("ID"));
    const QCommandLineOption caseId(QStringLiteral("case"), QStringLiteral("Attach the report to this case."), QStringLiteral("ID"));
    parser.addOptions({account, code, at, device, ip, attempt, caseId});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (!parser.isSet(account) || !parser.isSet(code))
        return ctx.usage(QStringLiteral("diagnose needs --account ID and --code CODE."));
    diagnostics::DiagnoseRequest request;
    request.accountId = parser.value(account);
    request.code = parser.value(code);
    if (request.code == QLatin1String("-")) {
        auto typed = readSecretFromStdin(QStringLiteral("Backup code as the user read it: "));
        if (!typed)
            return ctx.usage(QStringLiteral("--code - reads the code from standard input, which gave nothing."));
        request.code = *typed;
    }
    request.device = parser.value(device);
    request.ip = parser.value(ip);
    request.attemptId = parser.value(attempt);
    request.caseId = parser.value(caseId);
    if (parser.isSet(at)) {
        const auto t = time::parseRfc3339(parser.value(at));
        if (!t)
            return ctx.usage(QStringLiteral("--at takes an RFC 3339 time with an offset, e.g. 2026-11-20T09:05:00Z."));
        request.at = *t;
    }
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    cases::CaseService cases(*bench->database, *bench->keys, SystemClock::instance());
    diagnostics::DiagnosticsService service(*bench->database, *bench->keys, SystemClock::instance(), &cases);
    auto report = service.diagnose(bench->session, request);
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json)
        ctx.printJson(report->toJson());
    else
        printReport(ctx.out(), report.value());
    return 0;
}

} // namespace rd::cli
