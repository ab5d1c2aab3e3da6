#include "CliContext.h"

#include "CliErrors.h"

#include "Terminal.h"
#include "auth/CliSessions.h"
#include "auth/OperatorService.h"
#include "auth/SessionFile.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "crypto/Random.h"
#include "crypto/SecretBytes.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"
#include "storage/KeyCheck.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace rd::cli {

CliContext::CliContext() : m_stdout(std::make_unique<EscapingOutput>(stdout)), m_out(m_stdout.get()), m_err(stderr) {}

CliContext::~CliContext() = default;

Result<storage::Database *> CliContext::database(bool create)
{
    if (m_database)
        return m_database.get();
    auto location = storage::DatabaseLocation::parse(databasePath);
    if (!location)
        return location.error();
    storage::Database::Options options;
    options.mode = create ? storage::Database::OpenMode::CreateIfMissing : storage::Database::OpenMode::MustExist;
    auto db = storage::Database::open(location.value(), options);
    if (!db)
        return db.error();
    m_database = db.value();
    return m_database.get();
}

Result<const crypto::KeyStore *> CliContext::keys(bool checkAgainstDatabase)
{
    if (!m_keys) {
        auto opened = crypto::KeyStore::open(keyDir);
        if (!opened)
            return opened.error();
        m_keys = std::make_unique<crypto::KeyStore>(std::move(opened.value()));
    }
    if (checkAgainstDatabase && !m_keysChecked) {
        auto db = database();
        if (!db)
            return db.error();
        if (auto s = storage::checkKeysMatch(*db.value(), *m_keys); !s)
            return s.error();
        m_keysChecked = true;
    }
    return m_keys.get();
}

QString CliContext::databaseId() const
{
    auto location = storage::DatabaseLocation::parse(databasePath);
    if (!location || location->backend != storage::Backend::Sqlite)
        return location ? location->describe() : databasePath;
    const QFileInfo file(location->sqlitePath);
    const QString canonical = file.canonicalFilePath();
    return canonical.isEmpty() ? file.absoluteFilePath() : canonical;
}

Result<QString> CliContext::password(const std::optional<Error> &instead)
{
    QString password = qEnvironmentVariable("RECOVERYDESK_PASSWORD");
    if (!password.isEmpty())
        return password;
    // A service (recoverydesk-feed@.service) gets it as a systemd credential: a file only the
    // service can read, never in its environment (which /proc shows to the same user).
    if (const QString dir = qEnvironmentVariable("CREDENTIALS_DIRECTORY"); !dir.isEmpty()) {
        QFile credential(dir + QStringLiteral("/recoverydesk-password"));
        if (credential.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
            QByteArray bytes = credential.read(4096);
            while (bytes.endsWith('\n') || bytes.endsWith('\r'))
                bytes.chop(1);
            password = QString::fromUtf8(bytes);
            crypto::cleanse(bytes);
            if (!password.isEmpty())
                return password;
        }
    }
    if (instead && stderrIsTerminal()) // say why a password is asked for again
        m_err << escapeControls(cliMessage(*instead)) << Qt::endl;
    const auto typed = readSecret(escapeControls(QStringLiteral("Password for %1: ").arg(asOperator)));
    if (!typed) {
        if (instead) // no way to ask: the session's refusal is the answer
            return *instead;
        return Error::badInput(QStringLiteral("No password for \"%1\": set RECOVERYDESK_PASSWORD or run in a terminal.")
                                   .arg(asOperator));
    }
    return *typed;
}

Result<auth::Session> CliContext::signIn()
{
    if (asOperator.isEmpty())
        return Error::badInput(QStringLiteral("This command needs an operator: pass --as USERNAME before the command."));
    auto db = database();
    if (!db)
        return db.error();
    auto k = keys();
    if (!k)
        return k.error();
    // A live CLI session (SPEC §9) spares the password hash; without one, the password as always.
    const auth::SessionFile file(keyDir, databaseId(), asOperator);
    auth::CliSessions sessions(*db.value(), *k.value(), SystemClock::instance(), crypto::systemRandom());
    std::optional<Error> sessionRefused;
    crypto::SecretBytes exposed;
    auto token = file.read(&exposed);
    if (!token) {
        if (token.error().code != ErrorCode::SessionEnded)
            return token.error();
        sessionRefused = exposed.isEmpty() ? token.error() : sessions.refuseExposed(asOperator, exposed.view(), token.error());
        if (sessionRefused->code != ErrorCode::SessionEnded) // the audit trail failed: say so, stop
            return *sessionRefused;
    } else if (token.value()) {
        auto resumed = sessions.resume(asOperator, token.value()->view());
        if (resumed || resumed.error().code != ErrorCode::SessionEnded)
            return resumed;
        sessionRefused = resumed.error();
    }
    // A refused file is of no further use (its session ended, or it never was one): it goes.
    // Failing to remove it changes nothing (the next command is refused the same way).
    if (sessionRefused) {
        if (auto removed = file.remove(); !removed)
            m_err << escapeControls(cliMessage(removed.error())) << Qt::endl;
    }
    auto secret = password(sessionRefused);
    if (!secret)
        return secret.error();
    auth::OperatorService operators(*db.value(), *k.value(), SystemClock::instance());
    auto session = operators.signIn(asOperator, secret.value());
    if (session || session.error().code != ErrorCode::PasswordChangeRequired)
        return session;
    // A password someone else chose: the operator chooses their own now, then the command runs.
    auto own = ownPassword(session.error());
    if (!own)
        return own.error();
    return operators.signIn(asOperator, secret.value(), own.value());
}

Result<QString> CliContext::ownPassword(const Error &why)
{
    const QString env = newPasswordIsAnothers ? QString() : qEnvironmentVariable("RECOVERYDESK_NEW_PASSWORD");
    if (!env.isEmpty())
        return env;
    if (!stderrIsTerminal()) {
        if (!newPasswordIsAnothers)
            return why;
        Error first = why;
        first.field.clear();
        first.message = QStringLiteral("The password of \"%1\" was chosen by someone else: choose your own first with "
                                       "`recoverydesk-cli --as %1 operator password` (RECOVERYDESK_NEW_PASSWORD is the new "
                                       "operator's password here).")
                            .arg(asOperator);
        return first;
    }
    m_err << escapeControls(cliMessage(why)) << Qt::endl;
    // Never RECOVERYDESK_NEW_PASSWORD when it holds another operator's password: asked for here.
    return newPasswordIsAnothers ? promptNewPassword(asOperator) : newPassword(asOperator);
}

Result<CliContext::Workbench> CliContext::workbench()
{
    auto session = signIn();
    if (!session)
        return session.error();
    auto k = keys();
    if (!k)
        return k.error();
    return Workbench{session.value(), m_database.get(), k.value()};
}

Result<QString> CliContext::newPassword(const QString &username)
{
    const QString env = qEnvironmentVariable("RECOVERYDESK_NEW_PASSWORD");
    if (!env.isEmpty())
        return env;
    return promptNewPassword(username);
}

Result<QString> CliContext::promptNewPassword(const QString &username)
{
    const auto first = readSecret(QStringLiteral("New password for %1: ").arg(username));
    if (!first)
        return Error::badInput(username == asOperator
                                   ? QStringLiteral("No new password for \"%1\": run in a terminal, or first run "
                                                    "`recoverydesk-cli --as %1 operator password` with RECOVERYDESK_NEW_PASSWORD.")
                                         .arg(username)
                                   : QStringLiteral("No password for the new operator \"%1\": set RECOVERYDESK_NEW_PASSWORD "
                                                    "or run in a terminal.")
                                         .arg(username));
    const auto second = readSecret(QStringLiteral("Repeat the password: "));
    if (!second || *second != *first)
        return Error::badInput(QStringLiteral("The two passwords differ; nothing was changed."));
    return *first;
}

std::optional<int> CliContext::parseArgs(QCommandLineParser &parser, const QStringList &args, int minPositional,
                                         int maxPositional)
{
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this command's help."));
    parser.addOption(help);
    if (!parser.parse(args))
        return usage(chopDot(parser.errorText()) + QStringLiteral("; see %1 --help.").arg(args.first()));
    if (parser.isSet(help)) {
        m_out << parser.helpText();
        m_out.flush();
        return 0;
    }
    const qsizetype n = parser.positionalArguments().size();
    if (n < minPositional || n > maxPositional)
        return usage(QStringLiteral("Wrong number of arguments; see %1 --help.").arg(args.first()));
    return std::nullopt;
}

int CliContext::fail(const Error &error)
{
    m_out.flush();
    m_err << "error: ";
    if (error.code == ErrorCode::Damaged) // core's sentence does not know which file: say it
        m_err << databaseId() << ": ";
    m_err << escapeControls(cliMessage(error)) << Qt::endl; // it may quote a value someone typed
    return int(error.kind);
}

int CliContext::usage(const QString &message)
{
    return fail(Error::badInput(message));
}

void CliContext::printJson(const QJsonValue &value)
{
    QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << doc.toJson(QJsonDocument::Indented);
    m_out.flush();
}

} // namespace rd::cli
