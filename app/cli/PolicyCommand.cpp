#include "CliContext.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "policy/PolicyService.h"
#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::cli {

int runPolicy(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(1);
    if (rest.isEmpty() || (sub != QLatin1String("show") && sub != QLatin1String("set")))
        return ctx.usage(QStringLiteral("policy needs a subcommand: show, or set KEY VALUE (admins)."));
    rest.first() = args.first() + u' ' + sub;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("policy show | policy set KEY VALUE: the values the diagnostics use."));
    const bool isSet = sub == QLatin1String("set");
    if (auto stop = ctx.parseArgs(parser, rest, isSet ? 2 : 0, isSet ? 2 : 0))
        return *stop;
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    policy::PolicyService service(*bench->database);
    if (isSet) {
        audit::AuditLog auditLog(*bench->database, *bench->keys, SystemClock::instance());
        if (auto s = service.set(bench->session, parser.positionalArguments()[0], parser.positionalArguments()[1], auditLog); !s)
            return ctx.fail(s.error());
    }
    auto values = service.list(bench->session);
    if (!values)
        return ctx.fail(values.error());
    if (ctx.json) {
        QJsonObject o;
        for (const auto &v : values.value())
            o.insert(v.key, v.value.toDouble());
        ctx.printJson(o);
        return 0;
    }
    for (const auto &v : values.value())
        ctx.out() << QStringLiteral("%1 %2 %3\n").arg(v.key, -24).arg(v.value, -8).arg(v.description);
    ctx.out().flush();
    return 0;
}

} // namespace rd::cli
