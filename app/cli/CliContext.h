#pragma once

#include "model/Role.h"
#include "common/Result.h"

#include <QCommandLineParser>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace rd::crypto {
class KeyStore;
}
namespace rd::importer {
struct FeedOptions;
}
namespace rd::auth {
struct GrantOutcome;
}
namespace rd::storage {
class Database;
}

namespace rd::cli {

class EscapingOutput;

// Global options and the resources a command needs, opened on first use.
class CliContext final {
public:
    CliContext();
    ~CliContext();

    QString databasePath;
    QString keyDir;
    QString asOperator;
    bool json = false;

    // Opens the database (running migrations); it must exist unless create is true.
    Result<storage::Database *> database(bool create = false);
    // The key directory; checked against the database unless only the keys are needed.
    Result<const crypto::KeyStore *> keys(bool checkAgainstDatabase = true);
    // Signs in --as: with a live CLI session (login) if there is one, else with
    // RECOVERYDESK_PASSWORD or a prompt.
    Result<auth::Session> signIn();
    // --as's password: RECOVERYDESK_PASSWORD or a prompt. `instead` is why a session did not do:
    // said before prompting, and the error when there is no way to ask.
    Result<QString> password(const std::optional<Error> &instead = std::nullopt);
    // The database as the CLI session files name it: its absolute path or its URL.
    QString databaseId() const;
    // Signs in and opens the key directory: what every command on account data needs.
    struct Workbench {
        auth::Session session;
        storage::Database *database = nullptr;
        const crypto::KeyStore *keys = nullptr;
    };
    Result<Workbench> workbench();
    // A new operator's password: RECOVERYDESK_NEW_PASSWORD or a prompt, twice.
    Result<QString> newPassword(const QString &username);
    // The same from a prompt only (twice, without echo), never from the environment.
    Result<QString> promptNewPassword(const QString &username);
    // --as's own new password when theirs was chosen by someone else (`why`): RECOVERYDESK_NEW_PASSWORD
    // or, at a terminal, a prompt (twice); otherwise `why` is the answer.
    Result<QString> ownPassword(const Error &why);
    // Set by commands whose RECOVERYDESK_NEW_PASSWORD is another operator's (operator add).
    bool newPasswordIsAnothers = false;

    // Parses a command's own arguments (args[0] is its name). Returns the exit code when
    // the command should stop here (help shown: 0, bad usage: 2), nullopt to go on.
    std::optional<int> parseArgs(QCommandLineParser &parser, const QStringList &args, int minPositional,
                                 int maxPositional);

    // stdout, with control characters escaped (EscapingOutput); stderr is for the CLI's own words.
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    // Prints the error as one sentence on stderr; returns the exit code for it.
    int fail(const Error &error);
    int usage(const QString &message);
    void printJson(const QJsonValue &value);

private:
    std::unique_ptr<EscapingOutput> m_stdout; // m_out writes through it: no control character reaches the terminal
    QTextStream m_out;
    QTextStream m_err;
    std::shared_ptr<storage::Database> m_database;
    std::unique_ptr<crypto::KeyStore> m_keys;
    bool m_keysChecked = false;
};

// "Unknown option 'x'." becomes "Unknown option 'x'" so a hint can follow.
inline QString chopDot(QString text)
{
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

// Command entry points: args[0] is the command name (for its --help), the rest its arguments.
int runInit(CliContext &ctx, const QStringList &args);
int runOperator(CliContext &ctx, const QStringList &args);
int runImport(CliContext &ctx, const QStringList &args);
// `import --follow` (FeedCommand.cpp); options.name empty: the default name.
int runFollow(CliContext &ctx, const QString &path, const importer::FeedOptions &options, bool progress);
int runAccount(CliContext &ctx, const QStringList &args);
int runDemo(CliContext &ctx, const QStringList &args);
int runDiagnose(CliContext &ctx, const QStringList &args);
int runPolicy(CliContext &ctx, const QStringList &args);
int runAudit(CliContext &ctx, const QStringList &args);
int runCase(CliContext &ctx, const QStringList &args);
int runDeliveryKey(CliContext &ctx, const QStringList &args);
int runOutbox(CliContext &ctx, const QStringList &args);
int runReport(CliContext &ctx, const QStringList &args);
int runKeys(CliContext &ctx, const QStringList &args);
int runCopy(CliContext &ctx, const QStringList &args);
int runLogin(CliContext &ctx, const QStringList &args);
int runLogout(CliContext &ctx, const QStringList &args);
int runCheck(CliContext &ctx, const QStringList &args);
// A command that asked for a four-eyes grant: says whether it waits, took effect, or took effect
// alone (GrantCommand.cpp). `done` is the sentence for an applied change.
// `then`: one more sentence once the grant is in effect (not while it waits).
int printGrant(CliContext &ctx, const auth::GrantOutcome &outcome, const QString &subject, const QString &role, const QString &done,
               const QString &then = {});
int runGrant(CliContext &ctx, const QString &sub, const QStringList &args);
// Whether the raw command line asks for a PDF report (which needs a QGuiApplication).
bool wantsPdfReport(int argc, char **argv);

} // namespace rd::cli
