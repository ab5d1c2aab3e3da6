// keys export / keys import (SPEC §12.1): the key directory for another desk of the team.
#include "CliContext.h"

#include "Terminal.h"
#include "auth/KeyTransfer.h"
#include "common/Clock.h"
#include "crypto/KeyBundle.h"
#include "crypto/KeyStore.h"
#include "crypto/SecretBytes.h"

#include <QFile>
#include <QJsonObject>

#include <pwd.h>
#include <unistd.h>

namespace rd::cli {
namespace {

// RECOVERYDESK_KEYS_PASSPHRASE or a prompt (twice when a bundle is made).
Result<QByteArray> passphrase(bool twice)
{
    QByteArray env = qgetenv("RECOVERYDESK_KEYS_PASSPHRASE");
    if (!env.isEmpty())
        return env;
    const auto first = readSecret(QStringLiteral("Passphrase of the key bundle: "));
    if (!first)
        return Error::badInput(QStringLiteral("No passphrase: set RECOVERYDESK_KEYS_PASSPHRASE or run in a terminal."));
    if (twice) {
        const auto second = readSecret(QStringLiteral("Repeat the passphrase: "));
        if (!second || *second != *first)
            return Error::badInput(QStringLiteral("The two passphrases differ; nothing was written."));
    }
    return first->toUtf8();
}

QString localUser()
{
    const passwd *pw = ::getpwuid(::getuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString::number(::getuid());
}

int exportKeys(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("keys export --out FILE: the key directory as one bundle encrypted under "
                                                    "a passphrase (RECOVERYDESK_KEYS_PASSPHRASE or a prompt, asked twice), "
                                                    "for another desk of the team (admins)."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The new bundle file (never written over)."), QStringLiteral("FILE"));
    parser.addOption(out);
    if (auto stop = ctx.parseArgs(parser, args, 0, 0))
        return *stop;
    if (!parser.isSet(out))
        return ctx.usage(QStringLiteral("keys export needs --out FILE."));
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    auto phrase = passphrase(true);
    if (!phrase)
        return ctx.fail(phrase.error());
    auth::KeyTransfer transfer(*bench->database, *bench->keys, SystemClock::instance());
    const Status exported = transfer.exportBundle(bench->session, parser.value(out), phrase.value());
    crypto::cleanse(phrase.value());
    if (!exported)
        return ctx.fail(exported.error());
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("out"), parser.value(out)}});
    else
        ctx.out() << "Wrote the key bundle " << parser.value(out) << "; give it and its passphrase to the other desk "
                  << "separately." << Qt::endl;
    return 0;
}

int importKeys(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("keys import FILE: installs a key bundle made by keys export into this "
                                                    "desk's key directory (--key-dir), which must be empty or hold the same "
                                                    "keys. No sign-in; recorded in the audit trail when the database is "
                                                    "reachable."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The bundle."));
    if (auto stop = ctx.parseArgs(parser, args, 1, 1))
        return *stop;
    QFile file(parser.positionalArguments().first());
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(Error::badInput(QStringLiteral("Cannot read the key bundle %1: %2.").arg(file.fileName(), file.errorString())));
    const QByteArray bundle = file.read(2 << 20);
    auto phrase = passphrase(false);
    if (!phrase)
        return ctx.fail(phrase.error());
    auto material = crypto::openKeyBundle(bundle, phrase.value());
    crypto::cleanse(phrase.value());
    if (!material)
        return ctx.fail(material.error());
    if (auto installed = crypto::KeyStore::install(ctx.keyDir, material.value()); !installed)
        return ctx.fail(installed.error());
    ctx.out() << "Installed the team's keys in " << ctx.keyDir << "." << Qt::endl;
    // Recorded where a database is reachable; a desk may install its keys before it can connect.
    auto db = ctx.database();
    if (!db) {
        ctx.err() << "note: not recorded in the audit trail yet (" << db.error().message << ")" << Qt::endl;
        return 0;
    }
    auto keys = ctx.keys();
    if (!keys)
        return ctx.fail(keys.error());
    auth::KeyTransfer transfer(*db.value(), *keys.value(), SystemClock::instance());
    if (auto recorded = transfer.recordImport(localUser()); !recorded)
        return ctx.fail(recorded.error());
    return 0;
}

} // namespace

int runKeys(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(1);
    QStringList rest = args.mid(1);
    if (!rest.isEmpty())
        rest.first() = args.first() + u' ' + sub;
    if (sub == QLatin1String("export"))
        return exportKeys(ctx, rest);
    if (sub == QLatin1String("import"))
        return importKeys(ctx, rest);
    return ctx.usage(QStringLiteral("keys needs export or import; see recoverydesk-cli --help."));
}

} // namespace rd::cli
