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
                                                    "without --as). The password comes from "
                                                    "RECOVERYDESK_NEW_PASSWORD or a prompt."));
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
    Status added;
    if (!any.value() && ctx.asOperator.isEmpty()) {
        if (*parsedRole != auth::Role::Admin)
            return ctx.fail(Error::refused(QStringLiteral("The first operator must be an admin (--role admin).")));
        auto password = ctx.newPassword(name);
        if (!password)
            return ctx.fail(password.error());
        added = operators.createFirstAdmin(name, parser.value(display), password.value());
    } else {
        auto session = ctx.signIn();
        if (!session)
            return ctx.fail(session.error());
        if (auto s = auth::requirePermission(session.value(), auth::Permission::ManageOperators); !s)
            return ctx.fail(s.error());
        auto password = ctx.newPassword(name);
        if (!password)
            return ctx.fail(password.error());
        added = operators.addOperator(session.value(), name, parser.value(display), *parsedRole, password.value());
    }
    if (!added)
        return ctx.fail(added.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("username"), name}, {QStringLiteral("role"), auth::roleName(*parsedRole)}});
    else
        ctx.out() << "Added " << auth::roleName(*parsedRole) << " " << name << Qt::endl;
    return 0;
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
                {QStringLiteral("created_at"), time::formatRfc3339(op.createdAt)}});
        }
        ctx.printJson(array);
        return 0;
    }
    ctx.out() << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("USERNAME"), -20).arg(QStringLiteral("ROLE"), -11)
                     .arg(QStringLiteral("STATE"), -30).arg(QStringLiteral("NAME"));
    for (const auth::OperatorInfo &op : all.value()) {
        const QString state = op.disabled ? QStringLiteral("disabled")
            : op.lockedUntil ? QStringLiteral("locked until ") + time::formatRfc3339(*op.lockedUntil)
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
    return ctx.usage(QStringLiteral("operator needs a subcommand: add, list or disable."));
}

} // namespace rd::cli
