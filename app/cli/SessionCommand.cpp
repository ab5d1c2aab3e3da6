// login / logout (SPEC §9): a scripted desk pays the password hash once per session.
#include "CliContext.h"

#include "auth/CliSessions.h"
#include "auth/SessionFile.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "crypto/SecretBytes.h"

#include <QJsonObject>

namespace rd::cli {
namespace {

struct Sessions {
    auth::CliSessions service;
    auth::SessionFile file;
};

// The database, the keys and where --as's session file lives; nullopt after printing why not.
std::optional<int> open(CliContext &ctx, std::optional<Sessions> *out)
{
    if (ctx.asOperator.isEmpty())
        return ctx.usage(QStringLiteral("Name the operator: pass --as USERNAME before the command."));
    auto db = ctx.database();
    if (!db)
        return ctx.fail(db.error());
    auto keys = ctx.keys();
    if (!keys)
        return ctx.fail(keys.error());
    out->emplace(Sessions{auth::CliSessions(*db.value(), *keys.value(), SystemClock::instance(), crypto::systemRandom()),
                          auth::SessionFile(ctx.keyDir, ctx.databaseId(), ctx.asOperator)});
    return std::nullopt;
}

// An earlier session of the same file ends before a new one replaces it.
void endEarlier(CliContext &ctx, Sessions &s)
{
    auto earlier = s.file.read();
    if (!earlier || !earlier.value())
        return;
    if (auto ended = s.service.end(ctx.asOperator, earlier.value()->view()); !ended)
        ctx.err() << "note: the earlier session could not be ended: " << ended.error().message << Qt::endl;
}

} // namespace

int runLogin(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("login: checks --as's password once (RECOVERYDESK_PASSWORD or a prompt) "
                                                    "and keeps a CLI session for this database, so that later commands "
                                                    "with the same --as need no password. It ends after 15 minutes without "
                                                    "use, after 8 hours, at logout, or when the operator is disabled or "
                                                    "changes role."));
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    std::optional<Sessions> s;
    if (auto stop = open(ctx, &s))
        return *stop;
    if (auto ready = s->file.prepare(); !ready) // before the password is asked for and checked
        return ctx.fail(ready.error());
    auto secret = ctx.password();
    if (!secret)
        return ctx.fail(secret.error());
    crypto::SecretBytes token;
    auto session = s->service.start(ctx.asOperator, secret.value(), &token);
    if (!session && session.error().code == ErrorCode::PasswordChangeRequired) {
        auto own = ctx.ownPassword(session.error()); // a password someone else chose: theirs first
        if (!own)
            return ctx.fail(own.error());
        session = s->service.start(ctx.asOperator, secret.value(), &token, own.value());
    }
    if (!session)
        return ctx.fail(session.error());
    endEarlier(ctx, *s);
    if (auto written = s->file.write(token); !written) {
        // A session nobody can present must not stay live.
        if (auto ended = s->service.end(ctx.asOperator, token.view()); !ended)
            ctx.err() << "note: the new session could not be ended: " << ended.error().message << Qt::endl;
        return ctx.fail(written.error());
    }
    const QString ends = time::formatRfc3339(SystemClock::instance().nowMs() + auth::CliSessions::kLifetimeMs);
    if (ctx.json) {
        ctx.printJson(QJsonObject{{QStringLiteral("operator"), session->username},
                                  {QStringLiteral("role"), auth::roleName(session->role)},
                                  {QStringLiteral("ends_at"), ends},
                                  {QStringLiteral("idle_minutes"), int(auth::CliSessions::kIdleMs / 60000)}});
    } else {
        ctx.out() << "Signed in as " << session->username << " (" << auth::roleName(session->role)
                  << ") on this database until " << ends << "; 15 minutes without a command end the session sooner, "
                  << "and `logout` ends it now." << Qt::endl;
    }
    return 0;
}

int runLogout(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("logout: ends --as's CLI session on this database."));
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    std::optional<Sessions> s;
    if (auto stop = open(ctx, &s))
        return *stop;
    auto token = s->file.read();
    bool ended = false;
    if (token && token.value()) {
        auto e = s->service.end(ctx.asOperator, token.value()->view());
        if (!e)
            return ctx.fail(e.error());
        ended = e.value();
    } else if (!token && token.error().code != ErrorCode::SessionEnded) {
        return ctx.fail(token.error());
    }
    // The file goes even when its session had ended: nothing can resume it.
    if (auto removed = s->file.remove(); !removed)
        return ctx.fail(removed.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("operator"), ctx.asOperator}, {QStringLiteral("ended"), ended}});
    else
        ctx.out() << (ended ? QStringLiteral("Logged out: the CLI session of %1 has ended.")
                            : QStringLiteral("No live CLI session of %1 on this database; nothing to end."))
                                 .arg(ctx.asOperator)
                  << Qt::endl;
    return 0;
}

} // namespace rd::cli
