// operator grants / confirm / decline: four eyes on who may approve (issue 16), and how a
// command that asked for a grant says what became of it.
#include "CliContext.h"

#include "auth/GrantService.h"
#include "common/Clock.h"
#include "common/SecretText.h"
#include "common/Time.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::cli {

int printGrant(CliContext &ctx, const auth::GrantOutcome &outcome, const QString &subject, const QString &role, const QString &done,
               const QString &then)
{
    const SecretText &secret = outcome.oneTimePassword;
    if (ctx.json) {
        QJsonObject o{{QStringLiteral("state"), outcome.pending ? QStringLiteral("pending") : QStringLiteral("done")},
                      {QStringLiteral("four_eyes"), !outcome.alone}};
        if (!secret.isEmpty()) {
            o.insert(QStringLiteral("one_time_password"), secret.text());
            o.insert(QStringLiteral("one_time_password_part"), outcome.pending ? QStringLiteral("first") : QStringLiteral("whole"));
        }
        if (!subject.isEmpty())
            o.insert(QStringLiteral("username"), subject);
        if (!role.isEmpty())
            o.insert(QStringLiteral("role"), role);
        if (outcome.pending)
            o.insert(QStringLiteral("grant"), outcome.grantId);
        ctx.printJson(o);
        return 0;
    }
    if (outcome.pending)
        ctx.out() << "Grant " << outcome.grantId << " waits for a second person: another admin or a supervisor runs "
                  << "`recoverydesk-cli --as NAME operator confirm " << outcome.grantId << "` (or decline)." << Qt::endl;
    else if (outcome.alone)
        ctx.out() << done << ", at once: this desk has no second admin or supervisor to confirm it. The audit trail marks "
                  << "it, and approvals by operators granted this way are marked too." << Qt::endl;
    else
        ctx.out() << done << Qt::endl;
    if (!outcome.pending && !then.isEmpty())
        ctx.out() << then << Qt::endl;
    if (!secret.isEmpty() && outcome.pending)
        ctx.out() << "First part of " << subject << "'s one-time password (shown once; hand it to " << subject
                  << " in person): " << secret.text() << Qt::endl
                  << "Whoever confirms " << outcome.grantId << " receives the second part; " << subject
                  << " types both, first part first, at their next sign-in and then chooses their own password. Once it is "
                  << "confirmed, any password " << subject << " has now stops working." << Qt::endl;
    else if (!secret.isEmpty())
        ctx.out() << "One-time password for " << subject << " (shown once; hand it over in person): " << secret.text() << Qt::endl
                  << "It only lets " << subject << " choose their own password at their next sign-in." << Qt::endl;
    return 0;
}

namespace {

// A confirmed operator grant prints the one-time password, once: the confirmer hands it over.
int printConfirmed(CliContext &ctx, const QString &id, const Result<auth::GrantDecision> &decision)
{
    if (!decision)
        return ctx.fail(decision.error());
    const SecretText &secret = decision->oneTimePassword;
    if (ctx.json) {
        QJsonObject o{{QStringLiteral("grant"), id},
                      {QStringLiteral("state"), QStringLiteral("confirmed")},
                      {QStringLiteral("kind"), decision->kind},
                      {QStringLiteral("four_eyes"), !decision->alone}};
        if (!decision->role.isEmpty())
            o.insert(QStringLiteral("role"), decision->role);
        if (!secret.isEmpty()) {
            o.insert(QStringLiteral("username"), decision->username);
            o.insert(QStringLiteral("one_time_password"), secret.text());
            o.insert(QStringLiteral("one_time_password_part"), QStringLiteral("second"));
        }
        ctx.printJson(o);
        return 0;
    }
    ctx.out() << "Confirmed " << id << Qt::endl;
    if (!secret.isEmpty())
        ctx.out() << "Second part of " << decision->username << "'s one-time password (shown once; hand it to "
                  << decision->username << " in person, never to the one who asked): " << secret.text() << Qt::endl
                  << decision->username << " types the first part (from the one who asked) and then this one at their next "
                  << "sign-in, and then chooses their own password"
                  << (decision->kind == QLatin1String("operator.add") ? "." : "; the password they had before no longer works.")
                  << Qt::endl;
    return 0;
}

} // namespace

int runGrant(CliContext &ctx, const QString &sub, const QStringList &args)
{
    QCommandLineParser parser;
    const bool list = sub == QLatin1String("grants");
    parser.setApplicationDescription(list ? QStringLiteral("operator grants: grants waiting for a second person (admins and supervisors).")
                                          : QStringLiteral("operator %1 GRANT: %1 another person's pending grant (admins and "
                                                           "supervisors; never your own).")
                                                .arg(sub));
    if (!list)
        parser.addPositionalArgument(QStringLiteral("GRANT"), QStringLiteral("The grant id (G-000001)."));
    if (auto stop = ctx.parseArgs(parser, args, list ? 0 : 1, list ? 0 : 1))
        return *stop;
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    auth::GrantService grants(*bench->database, *bench->keys, SystemClock::instance());
    if (!list) {
        const QString id = parser.positionalArguments().first();
        if (sub == QLatin1String("confirm"))
            return printConfirmed(ctx, id, grants.confirm(bench->session, id));
        if (const Status s = grants.decline(bench->session, id); !s)
            return ctx.fail(s.error());
        if (ctx.json)
            ctx.printJson(QJsonObject{{QStringLiteral("grant"), id}, {QStringLiteral("state"), QStringLiteral("declined")}});
        else
            ctx.out() << "Declined " << id << Qt::endl;
        return 0;
    }
    auto pending = grants.pending(bench->session);
    if (!pending)
        return ctx.fail(pending.error());
    if (ctx.json) {
        QJsonArray array;
        for (const auth::PendingGrant &g : pending.value())
            array.append(QJsonObject{{QStringLiteral("id"), g.id}, {QStringLiteral("kind"), g.kind}, {QStringLiteral("username"), g.username},
                                     {QStringLiteral("role"), g.role}, {QStringLiteral("sha256"), g.keySha256},
                                     {QStringLiteral("requested_by"), g.requestedBy},
                                     {QStringLiteral("requested_at"), time::formatRfc3339(g.requestedAt)}});
        ctx.printJson(array);
        return 0;
    }
    if (pending->isEmpty())
        ctx.out() << "No grant is waiting for a second person." << Qt::endl;
    for (const auth::PendingGrant &g : pending.value())
        ctx.out() << g.id << "  " << g.kind << "  "
                  << (g.kind == QLatin1String("delivery_key.set") ? QStringLiteral("sha256 ") + g.keySha256.left(16) + QStringLiteral("…")
                                                                  : g.username + QStringLiteral(" as ") + g.role)
                  << "  requested by " << g.requestedBy << " at " << time::formatRfc3339(g.requestedAt) << Qt::endl;
    return 0;
}

} // namespace rd::cli
