#include "CliErrors.h"

#include <QHash>

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
        {QStringLiteral("justification"), QStringLiteral("--justification")},
        {QStringLiteral("key_dir"), QStringLiteral("--key-dir DIR or RECOVERYDESK_KEY_DIR")},
        {QStringLiteral("kind"), QStringLiteral("--kind")},
        {QStringLiteral("method"), QStringLiteral("--method")},
        {QStringLiteral("operator"), QStringLiteral("--as")},
        {QStringLiteral("out"), QStringLiteral("--out FILE")},
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

} // namespace

QString cliMessage(const Error &error)
{
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
