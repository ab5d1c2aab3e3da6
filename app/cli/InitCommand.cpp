#include "CliContext.h"

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "storage/Database.h"
#include "storage/OperatorStore.h"

#include <QJsonObject>

namespace rd::cli {

int runInit(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("init [--admin NAME]: create the database and the key directory "
                                                    "(idempotent); --admin also creates the first admin, whose "
                                                    "password comes from RECOVERYDESK_NEW_PASSWORD or a prompt."));
    const QCommandLineOption admin(QStringLiteral("admin"), QStringLiteral("Create the first admin."), QStringLiteral("NAME"));
    const QCommandLineOption display(QStringLiteral("display-name"), QStringLiteral("The admin's display name."),
                                     QStringLiteral("TEXT"));
    parser.addOptions({admin, display});
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;

    if (auto s = crypto::KeyStore::initialize(ctx.keyDir); !s)
        return ctx.fail(s.error());
    auto db = ctx.database(true);
    if (!db)
        return ctx.fail(db.error());
    auto keys = ctx.keys();
    if (!keys)
        return ctx.fail(keys.error());

    QString adminState = QStringLiteral("none");
    if (parser.isSet(admin)) {
        const QString name = parser.value(admin);
        storage::OperatorStore store(*db.value());
        auto existing = store.find(name);
        if (!existing)
            return ctx.fail(existing.error());
        if (existing.value() && existing.value()->role == QLatin1String("admin")) {
            adminState = QStringLiteral("exists");
        } else {
            if (auto s = auth::OperatorService::validateUsername(name); !s)
                return ctx.fail(s.error());
            auth::OperatorService operators(*db.value(), *keys.value(), SystemClock::instance());
            auto any = operators.hasOperators();
            if (!any)
                return ctx.fail(any.error());
            if (any.value())
                return ctx.fail(Error::refused(QStringLiteral("Operators exist already; an admin adds more with "
                                                              "`recoverydesk-cli --as ADMIN operator add`.")));
            auto password = ctx.newPassword(name);
            if (!password)
                return ctx.fail(password.error());
            if (auto s = operators.createFirstAdmin(name, parser.value(display), password.value()); !s)
                return ctx.fail(s.error());
            adminState = QStringLiteral("created");
        }
    }
    if (ctx.json) {
        ctx.printJson(QJsonObject{{QStringLiteral("database"), ctx.databasePath},
                                  {QStringLiteral("key_dir"), ctx.keyDir},
                                  {QStringLiteral("schema_version"), db.value()->schemaVersion()},
                                  {QStringLiteral("admin"), adminState}});
    } else {
        ctx.out() << "Database ready: " << db.value()->location().describe() << " (schema "
                  << db.value()->schemaVersion() << ")\n";
        ctx.out() << "Keys ready: " << ctx.keyDir << "\n";
        if (adminState == QLatin1String("created"))
            ctx.out() << "Created admin " << parser.value(admin) << "\n";
        else if (adminState == QLatin1String("exists"))
            ctx.out() << "Admin " << parser.value(admin) << " exists already\n";
        ctx.out().flush();
    }
    return 0;
}

} // namespace rd::cli
