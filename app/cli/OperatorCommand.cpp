#include "CliContext.h"

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "common/Time.h"
#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::cli {
namespace {

int add(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("operator add NAME --role agent|supervisor|admin: add an operator "
                                                    "(admins only; the very first operator may be an admin added "
                                                    "without --as). An agent's first password comes from "
                                                    "RECOVERYDESK_NEW_PASSWORD or a prompt; a supervisor or admin gets a "
                                                    "one-time password in two parts, one for you and one for whoever "
                                                    "confirms the grant."));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("agent, supervisor or admin."), QStringLiteral("ROLE"));
    const QCommandLineOption display(QStringLiteral("display-name"), QStringLiteral("Display name."), QStringLiteral("TEXT"));
    parser.addOptions({role, display});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The new operator's username."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    const QString name = parser.positionalArguments().first();
    const auto parsedRole = auth::roleFromString(parser.value(role));
    if (!parsedRole)
        return ctx.usage(QStringLiteral("--role must be agent, supervisor or admin."));
    if (auto s = auth::OperatorService::validateUsername(name); !s)
        return ctx.fail(s.error());
    auto db = ctx.database();
    if (!db)
        return ctx.fail(db.error());
    auto keys = ctx.keys();
    if (!keys)
        return ctx.fail(keys.error());
    auth::OperatorService operators(*db.value(), *keys.value(), SystemClock::instance());
    auto any = operators.hasOperators();
    if (!any)
        return ctx.fail(any.error());
    Result<auth::GrantOutcome> added = auth::GrantOutcome{};
    if (!any.value() && ctx.asOperator.isEmpty()) {
        if (*parsedRole != auth::Role::Admin)
            return ctx.fail(Error::refused(QStringLiteral("The first operator must be an admin (--role admin).")));
        auto password = ctx.newPassword(name);
        if (!password)
            return ctx.fail(password.error());
        if (auto first = operators.createFirstAdmin(name, parser.value(display), password.value()); !first)
            added = first.error();
    } else {
        ctx.newPasswordIsAnothers = true; // RECOVERYDESK_NEW_PASSWORD is the new operator's
        auto session = ctx.signIn();
        if (!session)
            return ctx.fail(session.error());
        if (auto s = auth::requirePermission(session.value(), auth::Permission::ManageOperators); !s)
            return ctx.fail(s.error());
        // Only an agent's first password comes from the admin; a supervisor or admin gets a
        // one-time password from the grant.
        QString password;
        if (*parsedRole == auth::Role::Agent) {
            auto typed = ctx.newPassword(name);
            if (!typed)
                return ctx.fail(typed.error());
            password = typed.value();
        }
        added = operators.addOperator(session.value(), name, parser.value(display), *parsedRole, password);
    }
    if (!added)
        return ctx.fail(added.error());
    return printGrant(ctx, added.value(), name, auth::roleName(*parsedRole), QStringLiteral("Added %1 %2").arg(auth::roleName(*parsedRole), name),
                      ctx.asOperator.isEmpty() || *parsedRole != auth::Role::Agent
                          ? QString()
                          : QStringLiteral("%1 chooses their own password at their first sign-in.").arg(name));
}

// role NAME --role R and enable NAME: the same four-eyes outcome as add.
int change(CliContext &ctx, const QStringList &args, bool enable)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(enable ? QStringLiteral("operator enable NAME: let a disabled operator sign in again (admins "
                                                             "only; a supervisor or admin waits for a second person).")
                                            : QStringLiteral("operator role NAME --role agent|supervisor|admin: change an operator's "
                                                             "role (admins only; supervisor or admin waits for a second person)."));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("agent, supervisor or admin."), QStringLiteral("ROLE"));
    if (!enable)
        parser.addOption(role);
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The operator."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    const QString name = parser.positionalArguments().first();
    const auto parsedRole = auth::roleFromString(parser.value(role));
    if (!enable && !parsedRole)
        return ctx.usage(QStringLiteral("--role must be agent, supervisor or admin."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    auth::OperatorService operators(*bench->database, *bench->keys, SystemClock::instance());
    auto done = enable ? operators.enable(bench->session, name) : operators.setRole(bench->session, name, *parsedRole);
    if (!done)
        return ctx.fail(done.error());
    return printGrant(ctx, done.value(), name, enable ? QString() : auth::roleName(*parsedRole),
                      enable ? QStringLiteral("Enabled %1").arg(name) : QStringLiteral("%1 is now %2").arg(name, auth::roleName(*parsedRole)));
}

int list(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("operator list: all operators with role and state (admins only)."));
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    auto session = ctx.signIn();
    if (!session)
        return ctx.fail(session.error());
    auth::OperatorService operators(*ctx.database().value(), *ctx.keys().value(), SystemClock::instance());
    auto all = operators.list(session.value());
    if (!all)
        return ctx.fail(all.error());
    if (ctx.json) {
        QJsonArray array;
        for (const auth::OperatorInfo &op : all.value()) {
            array.append(QJsonObject{
                {QStringLiteral("username"), op.username},
                {QStringLiteral("display_name"), op.displayName},
                {QStringLiteral("role"), auth::roleName(op.role)},
                {QStringLiteral("disabled"), op.disabled},
                {QStringLiteral("locked_until"),
                 op.lockedUntil ? QJsonValue(time::formatRfc3339(*op.lockedUntil)) : QJsonValue()},
                {QStringLiteral("created_at"), time::formatRfc3339(op.createdAt)},
                {QStringLiteral("first_sign_in_due"), op.passwordNotOwnYet}});
        }
        ctx.printJson(array);
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("USERNAME"), -20).arg(QStringLiteral("ROLE"), -11)
                     .arg(QStringLiteral("STATE"), -30).arg(QStringLiteral("NAME"));
    for (const auth::OperatorInfo &op : all.value()) {
        const QString state = op.disabled ? QStringLiteral("disabled")
            : op.lockedUntil          ? QStringLiteral("locked until ") + time::formatRfc3339(*op.lockedUntil)
            : op.passwordNotOwnYet    ? QStringLiteral("first sign-in due")
                                      : QStringLiteral("active");
        ctx.out() << QStringLiteral("%1 %2 %3 %4\n").arg(op.username, -20).arg(auth::roleName(op.role), -11).arg(state, -30)
                         .arg(op.displayName);
    }
    ctx.out().flush();
    return 0;
}

int disable(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("operator disable NAME: stop an operator from signing in (admins only)."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The operator to disable."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    auto session = ctx.signIn();
    if (!session)
        return ctx.fail(session.error());
    auth::OperatorService operators(*ctx.database().value(), *ctx.keys().value(), SystemClock::instance());
    const QString name = parser.positionalArguments().first();
    if (auto s = operators.disable(session.value(), name); !s)
        return ctx.fail(s.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("username"), name}, {QStringLiteral("disabled"), true}});
    else
        ctx.out() << "Disabled " << name << Qt::endl;
    return 0;
}

// operator password: --as chooses a new password of their own.
int password(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("operator password: choose a new password for --as. The current one comes "
                                                    "from RECOVERYDESK_PASSWORD or a prompt, the new one from "
                                                    "RECOVERYDESK_NEW_PASSWORD or a prompt (twice). A password someone else "
                                                    "chose (a new operator's, a one-time password) must be replaced this way, "
                                                    "or at the first sign-in, before anything else. The operator's CLI "
                                                    "sessions end."));
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (ctx.asOperator.isEmpty())
        return ctx.usage(QStringLiteral("operator password needs --as USERNAME before the command."));
    auto db = ctx.database();
    if (!db)
        return ctx.fail(db.error());
    auto keys = ctx.keys();
    if (!keys)
        return ctx.fail(keys.error());
    auto current = ctx.password();
    if (!current)
        return ctx.fail(current.error());
    auto chosen = ctx.newPassword(ctx.asOperator);
    if (!chosen)
        return ctx.fail(chosen.error());
    auth::OperatorService operators(*db.value(), *keys.value(), SystemClock::instance());
    if (auto session = operators.signIn(ctx.asOperator, current.value(), chosen.value()); !session)
        return ctx.fail(session.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("username"), ctx.asOperator}, {QStringLiteral("changed"), true}});
    else
        ctx.out() << "The password of " << ctx.asOperator << " is changed; their CLI sessions have ended." << Qt::endl;
    return 0;
}

} // namespace

int runOperator(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(1);
    if (!rest.isEmpty())
        rest.first() = args.first() + u' ' + sub;
    if (sub == QLatin1String("add"))
        return add(ctx, rest);
    if (sub == QLatin1String("list"))
        return list(ctx, rest);
    if (sub == QLatin1String("disable"))
        return disable(ctx, rest);
    if (sub == QLatin1String("enable") || sub == QLatin1String("role"))
        return change(ctx, rest, sub == QLatin1String("enable"));
    if (sub == QLatin1String("password"))
        return password(ctx, rest);
    if (sub == QLatin1String("grants") || sub == QLatin1String("confirm") || sub == QLatin1String("decline"))
        return runGrant(ctx, sub, rest);
    return ctx.usage(QStringLiteral("operator needs a subcommand: add, list, disable, enable, role, password, grants, confirm or "
                                    "decline."));
}

} // namespace rd::cli
