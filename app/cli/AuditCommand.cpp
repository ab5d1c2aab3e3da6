#include "CliContext.h"
#include "Terminal.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "crypto/Ed25519.h"
#include "crypto/KeyStore.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QJsonObject>

namespace rd::cli {
namespace {

int pubkey(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("audit pubkey: print the installation's Ed25519 public key (PEM); no sign-in."));
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    auto keys = ctx.keys(false);
    if (!keys)
        return ctx.fail(keys.error());
    const QByteArray pem = crypto::ed25519PublicKeyPem(keys.value()->signingPublicKey());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("public_key_pem"), QString::fromLatin1(pem)}});
    else
        ctx.out() << pem << Qt::flush;
    return 0;
}

int verify(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("audit verify [--anchor EXPORT]: recompute the chain and check every "
                                                    "checkpoint; with --anchor also that the head of an earlier export is "
                                                    "still there (supervisors)."));
    const QCommandLineOption anchorOption(QStringLiteral("anchor"), QStringLiteral("An earlier JSONL audit export."), QStringLiteral("EXPORT"));
    parser.addOption(anchorOption);
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    std::optional<audit::Anchor> anchor;
    if (parser.isSet(anchorOption)) {
        auto a = audit::Anchor::fromExport(parser.value(anchorOption));
        if (!a)
            return ctx.fail(a.error());
        anchor = a.value();
    }
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    audit::AuditLog log(*bench->database, *bench->keys, SystemClock::instance());
    const bool showProgress = stderrIsTerminal();
    auto result = log.verify(bench->session, anchor, [&](qint64 done, qint64 total) {
        if (showProgress)
            ctx.err() << QStringLiteral("\rverifying: %1 of %2 entries").arg(done).arg(total) << Qt::flush;
        return true;
    });
    if (showProgress)
        ctx.err() << "\r" << Qt::flush;
    if (!result)
        return ctx.fail(result.error());
    const audit::VerifyResult &r = result.value();
    if (ctx.json) {
        QJsonObject o{{QStringLiteral("ok"), r.ok}, {QStringLiteral("entries"), r.entries}, {QStringLiteral("message"), r.message},
                      {QStringLiteral("without_second_person"), r.withoutSecondPerson}};
        if (!r.ok) {
            o.insert(QStringLiteral("broken_at"), r.brokenAt);
            o.insert(QStringLiteral("reason"), r.reason);
        }
        ctx.printJson(o);
    } else if (r.ok) {
        ctx.out() << "OK: " << r.message << Qt::endl;
    }
    if (!r.ok)
        return ctx.fail(Error::refused(QStringLiteral("Audit trail broken at entry %1 (%2): %3").arg(r.brokenAt).arg(r.reason, r.message)));
    return 0;
}

QString stampFromOption(const QString &value, bool *ok)
{
    const auto t = time::parseRfc3339(value);
    *ok = t.has_value();
    return t ? QDateTime::fromMSecsSinceEpoch(*t, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")) : QString();
}

int exportLog(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("audit export --out FILE [--format jsonl|csv] [--from T] [--to T] "
                                                    "[--operator N] [--action A] [--case ID]: signed export (FILE.sig) of "
                                                    "the audit trail (supervisors)."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("jsonl (default) or csv."), QStringLiteral("FORMAT"),
                                    QStringLiteral("jsonl"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("From this time (RFC 3339)."), QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Up to this time (RFC 3339)."), QStringLiteral("T"));
    const QCommandLineOption op(QStringLiteral("operator"), QStringLiteral("Only this operator."), QStringLiteral("N"));
    const QCommandLineOption action(QStringLiteral("action"), QStringLiteral("Only this action."), QStringLiteral("A"));
    const QCommandLineOption caseId(QStringLiteral("case"), QStringLiteral("Only this case (or account) as subject."), QStringLiteral("ID"));
    parser.addOptions({out, format, from, to, op, action, caseId});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (!parser.isSet(out))
        return ctx.usage(QStringLiteral("audit export needs --out FILE."));
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("jsonl") && fmt != QLatin1String("csv"))
        return ctx.usage(QStringLiteral("--format takes jsonl or csv."));
    audit::AuditFilter filter;
    bool ok = true;
    if (parser.isSet(from))
        filter.from = stampFromOption(parser.value(from), &ok);
    if (ok && parser.isSet(to))
        filter.to = stampFromOption(parser.value(to), &ok);
    if (!ok)
        return ctx.usage(QStringLiteral("--from and --to take RFC 3339 times with an offset, e.g. 2026-11-20T00:00:00Z."));
    filter.operatorName = parser.value(op);
    filter.action = parser.value(action);
    filter.subject = parser.value(caseId);
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    audit::AuditLog log(*bench->database, *bench->keys, SystemClock::instance());
    auto result = log.exportTo(bench->session, parser.value(out),
                               fmt == QLatin1String("csv") ? audit::ExportFormat::Csv : audit::ExportFormat::Jsonl, filter);
    if (!result)
        return ctx.fail(result.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("file"), parser.value(out)},
                                  {QStringLiteral("signature"), result->signaturePath},
                                  {QStringLiteral("entries"), result->entries},
                                  {QStringLiteral("head_seq"), result->headSeq},
                                  {QStringLiteral("head_hash"), result->headHash}});
    else
        ctx.out() << "Exported " << result->entries << " entries to " << parser.value(out) << " (signature "
                  << result->signaturePath << "; head " << result->headSeq << ")" << Qt::endl;
    return 0;
}

} // namespace

int runAudit(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(1);
    if (!rest.isEmpty())
        rest.first() = args.first() + u' ' + sub;
    if (sub == QLatin1String("verify"))
        return verify(ctx, rest);
    if (sub == QLatin1String("export"))
        return exportLog(ctx, rest);
    if (sub == QLatin1String("pubkey"))
        return pubkey(ctx, rest);
    return ctx.usage(QStringLiteral("audit needs a subcommand: verify, export or pubkey."));
}

} // namespace rd::cli
