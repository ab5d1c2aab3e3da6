#include "CliContext.h"

#include "cases/CaseService.h"
#include "cases/Outbox.h"
#include "cases/ResetService.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "storage/CaseStore.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace rd::cli {
namespace {

using Bench = CliContext::Workbench;

QJsonObject caseJson(const cases::CaseRecord &c)
{
    return QJsonObject{{QStringLiteral("id"), c.id},
                       {QStringLiteral("account"), c.accountId},
                       {QStringLiteral("state"), c.state},
                       {QStringLiteral("priority"), c.priority},
                       {QStringLiteral("channel"), c.channel},
                       {QStringLiteral("assignee"), c.assignee.isEmpty() ? QJsonValue() : QJsonValue(c.assignee)},
                       {QStringLiteral("summary"), c.summary},
                       {QStringLiteral("created_at"), time::formatRfc3339(c.createdAt)},
                       {QStringLiteral("first_response_due"), time::formatRfc3339(c.firstResponseDue)},
                       {QStringLiteral("resolution_due"), time::formatRfc3339(c.resolutionDue)},
                       {QStringLiteral("version"), c.version}};
}

int printCase(CliContext &ctx, const Result<cases::CaseRecord> &r)
{
    if (!r)
        return ctx.fail(r.error());
    if (ctx.json)
        ctx.printJson(caseJson(r.value()));
    else
        ctx.out() << "Case " << r->id << " is " << r->state << " (version " << r->version << ")" << Qt::endl;
    return 0;
}

QJsonObject levelJson(const cases::LevelResult &l)
{
    return QJsonObject{{QStringLiteral("level"), cases::levelName(l.level)},
                       {QStringLiteral("standing"), QJsonArray::fromStringList(l.standing)},
                       {QStringLiteral("missing"), QJsonArray::fromStringList(l.missing)}};
}

void printDetails(QTextStream &out, const cases::CaseDetails &d)
{
    const auto &c = d.record;
    out << "Case " << c.id << " — " << c.summary << "\n";
    out << "  account      " << c.accountId << "\n";
    out << "  state        " << c.state << (c.heldState.isEmpty() ? QString() : QStringLiteral(" (was %1)").arg(c.heldState)) << "\n";
    out << "  priority     " << c.priority << ", channel " << c.channel << ", reporter " << (d.maskedReporter.isEmpty() ? QStringLiteral("-") : d.maskedReporter) << "\n";
    out << "  assignee     " << (c.assignee.isEmpty() ? QStringLiteral("(unassigned)") : c.assignee) << "\n";
    out << "  SLA          first response due " << time::formatRfc3339(c.firstResponseDue)
        << (c.firstResponseAt ? QStringLiteral(" (answered %1)").arg(time::formatRfc3339(*c.firstResponseAt)) : QString())
        << ", resolution due " << time::formatRfc3339(c.resolutionDue) << "\n";
    out << "  verification " << cases::levelName(d.level.level);
    if (!d.level.missing.isEmpty())
        out << " — strong still needs: " << d.level.missing.join(QStringLiteral("; "));
    out << "\n";
    if (!d.evidence.isEmpty()) {
        out << "\nEvidence\n";
        for (const auto &e : d.evidence)
            out << "  " << time::formatRfc3339(e.at) << "  " << e.method << " " << e.result << " by " << e.verifier
                << (e.note.isEmpty() ? QString() : QStringLiteral(" — ") + e.note) << "\n";
    }
    if (!d.requests.isEmpty()) {
        out << "\nReset requests\n";
        for (const auto &r : d.requests)
            out << "  " << r.id << "  " << r.kind << "  " << r.state << "  requested by " << r.requestedBy
                << (r.decidedBy.isEmpty() ? QString() : QStringLiteral(", decided by %1").arg(r.decidedBy))
                << (r.decisionReason.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(r.decisionReason))
                << (r.actionId.isEmpty() ? QString() : QStringLiteral(", action %1").arg(r.actionId)) << "\n";
    }
    if (!d.diagnoses.isEmpty()) {
        out << "\nDiagnoses\n";
        for (const auto &x : d.diagnoses)
            out << "  " << x.id << "  " << x.primaryCause << "  (" << time::formatRfc3339(x.at) << ", by " << x.operatorName << ")\n";
    }
    if (!d.notes.isEmpty()) {
        out << "\nNotes\n";
        for (const auto &n : d.notes)
            out << "  " << time::formatRfc3339(n.at) << "  " << n.author << ": " << n.text << "\n";
    }
    out << "\nTimeline (account events and case actions)\n";
    for (const auto &t : d.timeline)
        out << "  " << time::formatRfc3339(t.at) << "  " << QStringLiteral("%1").arg(t.source, -9) << t.text << "\n";
    out.flush();
}

// One subcommand: its options, how many positional arguments, what it does.
struct Sub {
    const char *name;
    const char *description;
    QList<QCommandLineOption> options;
    int positional;
    std::function<int(CliContext &, QCommandLineParser &, const Bench &)> run;
};

QCommandLineOption opt(const char *name, const char *help, const char *value = nullptr)
{
    return value ? QCommandLineOption(QLatin1String(name), QLatin1String(help), QLatin1String(value))
                 : QCommandLineOption(QLatin1String(name), QLatin1String(help));
}

// approve and reject differ only in the verb.
int decide(CliContext &ctx, QCommandLineParser &p, const Bench &b, bool approve)
{
    cases::ResetService resets(*b.database, *b.keys, SystemClock::instance());
    const QString caseId = p.positionalArguments().value(0), request = p.value(QStringLiteral("request")),
                  reason = p.value(QStringLiteral("reason"));
    auto r = approve ? resets.approve(b.session, caseId, request, reason) : resets.reject(b.session, caseId, request, reason);
    if (!r)
        return ctx.fail(r.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("id"), r->id}, {QStringLiteral("state"), r->state}});
    else
        ctx.out() << "Request " << r->id << ' ' << r->state << Qt::endl;
    return 0;
}

QList<Sub> subcommands()
{
    auto arg = [](QCommandLineParser &p) { return p.positionalArguments().value(0); };
    auto val = [](QCommandLineParser &p, const char *name) { return p.value(QLatin1String(name)); };
    auto cases = [](const Bench &b) { return cases::CaseService(*b.database, *b.keys, SystemClock::instance()); };
    auto resets = [](const Bench &b) { return cases::ResetService(*b.database, *b.keys, SystemClock::instance()); };
    return {
        {"open", "case open --account ID --channel phone|email|chat|web --summary TEXT [--priority P] [--reporter CONTACT]",
         {opt("account", "Account id.", "ID"), opt("channel", "phone, email, chat or web.", "C"), opt("summary", "What the user reports.", "TEXT"),
          opt("priority", "low, normal (default), high or urgent.", "P"), opt("reporter", "How to reach the reporter (stored encrypted).", "CONTACT")},
         0,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             cases::OpenCase o{val(p, "account"), val(p, "channel"), val(p, "reporter"), val(p, "summary"),
                               p.isSet(QStringLiteral("priority")) ? val(p, "priority") : QStringLiteral("normal")};
             auto r = cases(b).open(b.session, o);
             if (!r)
                 return ctx.fail(r.error());
             if (ctx.json)
                 ctx.printJson(QJsonObject{{QStringLiteral("id"), r->id}});
             else
                 ctx.out() << r->id << Qt::endl;
             return 0;
         }},
        {"show", "case show ID", {}, 1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             auto d = cases(b).show(b.session, arg(p));
             if (!d)
                 return ctx.fail(d.error());
             if (ctx.json) {
                 QJsonObject o = caseJson(d->record);
                 o.insert(QStringLiteral("verification"), levelJson(d->level));
                 QJsonArray requests;
                 for (const auto &r : d->requests)
                     requests.append(QJsonObject{{QStringLiteral("id"), r.id}, {QStringLiteral("kind"), r.kind}, {QStringLiteral("state"), r.state},
                                                 {QStringLiteral("requested_by"), r.requestedBy}, {QStringLiteral("action"), r.actionId}});
                 o.insert(QStringLiteral("requests"), requests);
                 o.insert(QStringLiteral("notes"), int(d->notes.size()));
                 QJsonArray timeline;
                 for (const auto &t : d->timeline)
                     timeline.append(QJsonObject{{QStringLiteral("at"), time::formatRfc3339(t.at)}, {QStringLiteral("source"), t.source},
                                                 {QStringLiteral("text"), t.text}, {QStringLiteral("ref"), t.ref}});
                 o.insert(QStringLiteral("timeline"), timeline);
                 ctx.printJson(o);
             } else {
                 printDetails(ctx.out(), d.value());
             }
             return 0;
         }},
        {"list", "case list [--state S] [--assignee NAME] [--search TEXT]",
         {opt("state", "Only cases in this state.", "S"), opt("assignee", "Only cases of this operator.", "NAME"),
          opt("search", "Words in summaries, notes and resolutions.", "TEXT")},
         0,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             cases::CaseFilter f;
             f.state = val(p, "state");
             f.assignee = val(p, "assignee");
             f.search = val(p, "search").left(256);
             auto list = cases(b).list(b.session, f);
             if (!list)
                 return ctx.fail(list.error());
             QJsonArray array;
             for (const auto &c : list.value()) {
                 if (ctx.json)
                     array.append(caseJson(c));
                 else
                     ctx.out() << QStringLiteral("%1 %2 %3 %4 %5\n").arg(c.id, -9).arg(c.state, -22).arg(c.priority, -7)
                                      .arg(c.assignee.isEmpty() ? QStringLiteral("-") : c.assignee, -12).arg(c.summary.left(60));
             }
             if (ctx.json)
                 ctx.printJson(array);
             ctx.out().flush();
             return 0;
         }},
        {"assign", "case assign ID --to NAME", {opt("to", "Operator to assign.", "NAME")}, 1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).assign(b.session, arg(p), val(p, "to"))); }},
        {"note", "case note ID --text TEXT", {opt("text", "The internal note.", "TEXT")}, 1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).note(b.session, arg(p), val(p, "text"))); }},
        {"evidence", "case evidence ID --method M --result pass|fail [--note TEXT]",
         {opt("method", "email_otp, sms_otp, government_id, knowledge_check, video_call or prior_device_confirmation.", "M"),
          opt("result", "pass or fail.", "R"), opt("note", "Note (no document numbers).", "TEXT")},
         1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             auto level = cases(b).addEvidence(b.session, arg(p), val(p, "method"), val(p, "result"), val(p, "note"));
             if (!level)
                 return ctx.fail(level.error());
             if (ctx.json)
                 ctx.printJson(levelJson(level.value()));
             else
                 ctx.out() << "Verification level: " << cases::levelName(level->level)
                           << (level->missing.isEmpty() ? QString() : QStringLiteral(" (strong still needs: %1)").arg(level->missing.join(QStringLiteral("; "))))
                           << Qt::endl;
             return 0;
         }},
        {"request-reset", "case request-reset ID --kind K --justification TEXT [--device ID] [--contact NEW]",
         {opt("kind", "regenerate_codes, disable_two_factor, revoke_device_trust, unlock_account or replace_recovery_contact.", "K"),
          opt("justification", "Why.", "TEXT"), opt("device", "For revoke_device_trust.", "ID"),
          opt("contact", "For replace_recovery_contact: the new email or phone (sealed, never stored in clear).", "NEW")},
         1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             auto r = resets(b).request(b.session, {arg(p), val(p, "kind"), val(p, "justification"), val(p, "device"), val(p, "contact")});
             if (!r)
                 return ctx.fail(r.error());
             if (ctx.json)
                 ctx.printJson(QJsonObject{{QStringLiteral("id"), r->id}});
             else
                 ctx.out() << r->id << Qt::endl;
             return 0;
         }},
        {"approve", "case approve ID --request RID --reason TEXT", {opt("request", "Request id.", "RID"), opt("reason", "Why.", "TEXT")}, 1,
         [](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return decide(ctx, p, b, true); }},
        {"reject", "case reject ID --request RID --reason TEXT", {opt("request", "Request id.", "RID"), opt("reason", "Why.", "TEXT")}, 1,
         [](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return decide(ctx, p, b, false); }},
        {"execute", "case execute ID --request RID", {opt("request", "Approved request id.", "RID")}, 1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) {
             auto r = resets(b).execute(b.session, arg(p), val(p, "request"));
             if (!r)
                 return ctx.fail(r.error());
             if (ctx.json) {
                 QJsonObject o{{QStringLiteral("action"), r->actionId}, {QStringLiteral("kind"), r->kind},
                               {QStringLiteral("already_executed"), r->alreadyExecuted}};
                 if (!r->newSetId.isEmpty()) {
                     o.insert(QStringLiteral("set"), r->newSetId);
                     o.insert(QStringLiteral("codes"), r->codeCount);
                 }
                 ctx.printJson(o);
             } else if (r->alreadyExecuted) {
                 ctx.out() << "Already executed as action " << r->actionId << "; nothing changed." << Qt::endl;
             } else {
                 ctx.out() << "Executed as platform action " << r->actionId;
                 if (!r->newSetId.isEmpty())
                     ctx.out() << ": new code set " << r->newSetId << " with " << r->codeCount
                               << " codes, sealed for the platform to deliver (no one here sees them)";
                 ctx.out() << Qt::endl;
             }
             return 0;
         }},
        {"hold", "case hold ID", {}, 1, [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).hold(b.session, arg(p))); }},
        {"resume", "case resume ID", {}, 1, [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).resume(b.session, arg(p))); }},
        {"reopen", "case reopen ID", {}, 1, [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).reopen(b.session, arg(p))); }},
        {"resolve", "case resolve ID --resolution TEXT", {opt("resolution", "How it was resolved.", "TEXT")}, 1,
         [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).resolve(b.session, arg(p), val(p, "resolution"))); }},
        {"close", "case close ID", {}, 1, [=](CliContext &ctx, QCommandLineParser &p, const Bench &b) { return printCase(ctx, cases(b).close(b.session, arg(p))); }},
    };
}

} // namespace

int runCase(CliContext &ctx, const QStringList &args)
{
    const QString name = args.value(1);
    const QList<Sub> subs = subcommands();
    for (const Sub &sub : subs) {
        if (name != QLatin1String(sub.name))
            continue;
        QStringList rest = args.mid(1);
        rest.first() = args.first() + u' ' + name;
        QCommandLineParser parser;
        parser.setApplicationDescription(QLatin1String(sub.description));
        parser.addOptions(sub.options);
        if (sub.positional)
            parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Case id."));
        if (auto stop = ctx.parseArgs(parser, rest, sub.positional, sub.positional))
            return *stop;
        auto bench = ctx.workbench();
        if (!bench)
            return ctx.fail(bench.error());
        return sub.run(ctx, parser, bench.value());
    }
    QStringList names;
    for (const Sub &sub : subs)
        names << QLatin1String(sub.name);
    return ctx.usage(QStringLiteral("case needs a subcommand: %1.").arg(names.join(QStringLiteral(", "))));
}

int runDeliveryKey(CliContext &ctx, const QStringList &args)
{
    if (args.value(1) != QLatin1String("set"))
        return ctx.usage(QStringLiteral("delivery-key needs: set FILE.pem."));
    QStringList rest = args.mid(1);
    rest.first() = args.first() + QStringLiteral(" set");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("delivery-key set FILE.pem: install the platform's RSA public key (admins)."));
    parser.addPositionalArgument(QStringLiteral("FILE.pem"), QStringLiteral("The platform's public key."));
    if (auto stop = ctx.parseArgs(parser, rest, 1, 1))
        return *stop;
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    auto set = cases::Outbox(*bench->database, *bench->keys, SystemClock::instance()).setDeliveryKey(bench->session, parser.positionalArguments().first());
    if (!set)
        return ctx.fail(set.error());
    return printGrant(ctx, set.value(), {}, {}, QStringLiteral("Delivery key installed"));
}

int runOutbox(CliContext &ctx, const QStringList &args)
{
    if (args.value(1) != QLatin1String("export"))
        return ctx.usage(QStringLiteral("outbox needs: export --out FILE [--since ACTION_ID]."));
    QStringList rest = args.mid(1);
    rest.first() = args.first() + QStringLiteral(" export");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("outbox export --out FILE [--since ACTION_ID]: platform actions as signed JSONL."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
    const QCommandLineOption since(QStringLiteral("since"), QStringLiteral("Only actions after this one."), QStringLiteral("ACTION_ID"));
    parser.addOptions({out, since});
    if (auto stop = ctx.parseArgs(parser, rest, 0, 0))
        return *stop;
    if (!parser.isSet(out))
        return ctx.usage(QStringLiteral("outbox export needs --out FILE."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    auto r = cases::Outbox(*bench->database, *bench->keys, SystemClock::instance()).exportTo(bench->session, parser.value(out), parser.value(since));
    if (!r)
        return ctx.fail(r.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("file"), parser.value(out)}, {QStringLiteral("actions"), r->actions},
                                  {QStringLiteral("signature"), r->signaturePath}});
    else
        ctx.out() << "Exported " << r->actions << " platform actions to " << parser.value(out) << " (signature " << r->signaturePath << ")" << Qt::endl;
    return 0;
}

} // namespace rd::cli
