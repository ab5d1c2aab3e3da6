#include "CliErrors.h"

#include <QHash>
#include <QList>

namespace rd::cli {

namespace {

// Where each model field comes from on the command line.
const QHash<QString, QString> &flags()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("accounts"), QStringLiteral("--accounts")},
        {QStringLiteral("channel"), QStringLiteral("--channel")},
        {QStringLiteral("code"), QStringLiteral("--code")},
        {QStringLiteral("contact"), QStringLiteral("--contact")},
        {QStringLiteral("database"), QStringLiteral("--db or RECOVERYDESK_DB")},
        {QStringLiteral("device"), QStringLiteral("--device")},
        {QStringLiteral("display_name"), QStringLiteral("--display-name")},
        {QStringLiteral("justification"), QStringLiteral("--justification")},
        {QStringLiteral("key_dir"), QStringLiteral("--key-dir DIR or RECOVERYDESK_KEY_DIR")},
        {QStringLiteral("kind"), QStringLiteral("--kind")},
        {QStringLiteral("method"), QStringLiteral("--method")},
        {QStringLiteral("new_password"), QStringLiteral("RECOVERYDESK_NEW_PASSWORD or a prompt")},
        {QStringLiteral("operator"), QStringLiteral("--as")},
        {QStringLiteral("out"), QStringLiteral("--out FILE")},
        {QStringLiteral("passphrase"), QStringLiteral("RECOVERYDESK_KEYS_PASSPHRASE")},
        {QStringLiteral("priority"), QStringLiteral("--priority")},
        {QStringLiteral("reason"), QStringLiteral("--reason")},
        {QStringLiteral("resolution"), QStringLiteral("--resolution")},
        {QStringLiteral("result"), QStringLiteral("--result")},
        {QStringLiteral("state"), QStringLiteral("--state")},
        {QStringLiteral("summary"), QStringLiteral("--summary")},
        {QStringLiteral("text"), QStringLiteral("--text")},
    };
    return map;
}

// Where a core sentence says how to fix something in general words, the command line says it
// with its own flags: the same sentences the CLI printed before core stopped naming flags.
// (tst_cli pins them word for word.)
struct Phrase {
    const char *field;
    const char *core;
    const char *cli;
};

const QList<Phrase> &phrases()
{
    static const QList<Phrase> all{
        {"database", "create it first or give the right path", "run `recoverydesk-cli init` first or pass --db with the right path"},
        {"database", "restore it from a backup or use another database", "restore it from a backup or point --db elsewhere"},
        {"key_dir", "No key directory was given.", "No key directory was given; pass --key-dir DIR or set RECOVERYDESK_KEY_DIR."},
        {"key_dir", "use the keys this database was created with",
         "point --key-dir or RECOVERYDESK_KEY_DIR at the keys this database was created with"},
        {"accounts", "The number of accounts must be", "--accounts must be"},
        {"device", "A device is given only for a revoke_device_trust reset.", "--device applies only to --kind revoke_device_trust."},
        {"device", "revoke_device_trust needs the id of the device to revoke.", "revoke_device_trust needs --device ID."},
        {"contact", "A new contact is given only for a replace_recovery_contact reset.",
         "--contact applies only to --kind replace_recovery_contact."},
        {"contact", "replace_recovery_contact needs the new email address or a phone number",
         "replace_recovery_contact needs --contact with an email address or a phone number"},
        {"operator", "sign in as an admin to add more", "sign in as an admin (--as) to add more"},
        {"database", "its owner must create or upgrade it first",
         "run `recoverydesk-cli init` connected as its owner (recoverydesk_owner) first"},
    };
    return all;
}

} // namespace

QString cliMessage(const Error &error)
{
    for (const Phrase &p : phrases()) {
        if (error.field == QLatin1String(p.field) && error.message.contains(QLatin1String(p.core)))
            return QString(error.message).replace(QLatin1String(p.core), QLatin1String(p.cli));
    }
    const QString flag = flags().value(error.field);
    if (flag.isEmpty())
        return error.message;
    if (error.code == ErrorCode::InvalidValue && !error.choices.isEmpty()) {
        const QString options = error.choices.size() == 2
                                    ? QStringLiteral("%1 or %2").arg(error.choices.at(0), error.choices.at(1))
                                    : QStringLiteral("one of %1").arg(error.choices.join(QStringLiteral(", ")));
        return QStringLiteral("%1 takes %2.").arg(flag, options);
    }
    // "Give a summary of 1 to 2000 characters." -> "... characters (--summary)."
    QString message = error.message;
    if (error.field == QLatin1String("database") && error.code == ErrorCode::MissingValue) {
        if (message.endsWith(u'.'))
            message.chop(1);
        return QStringLiteral("%1 (`recoverydesk-cli init` creates it; --db or RECOVERYDESK_DB names another).").arg(message);
    }
    if (message.endsWith(u'.'))
        message.chop(1);
    return QStringLiteral("%1 (%2).").arg(message, flag);
}

} // namespace rd::cli
