// recoverydesk-cli: the command-line face of RecoveryDesk (SPEC §9).
#include "CliContext.h"
#include "Terminal.h"
#include "ReportPdf.h"
#include "common/AppPaths.h"
#include "common/ProcessGuard.h"
#include "crypto/SelfTest.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>

using namespace rd;

namespace {

const char *kCommandList =
    "Commands:\n"
    "  init [--admin NAME]                 create database and keys (and the first admin)\n"
    "  operator add NAME --role ROLE       add an operator (agent, supervisor, admin)\n"
    "  operator list | operator disable|enable NAME | operator role NAME --role ROLE\n"
    "  operator grants | operator confirm|decline GRANT   supervisor/admin grants wait for a second person\n"
    "  operator password                   --as chooses a new password of their own\n"
    "  import FILE.jsonl [--progress]      import platform data (JSON Lines)\n"
    "  import --follow FILE|- [--progress] the live feed: a growing file, a named pipe or stdin, in small batches\n"
    "  account show ID                     profile, ledger summary, devices, recent attempts\n"
    "  demo [--accounts N] [--seed S]      fill the database with a deterministic demo world\n"
    "  diagnose --account ID --code CODE [--at TIME] [--device ID] [--ip IP] [--attempt ID] [--case ID]\n"
    "                                      explain why a backup code was rejected\n"
    "  policy show | policy set KEY VALUE  the values the diagnostics use (set: admins)\n"
    "  case open|show|list|assign|note|evidence|request-reset|approve|reject|execute|hold|resume|reopen|resolve|close\n"
    "                                      lockout cases, verification and four-eyes resets (case SUB --help)\n"
    "  delivery-key set FILE.pem           the platform's public key for sealed codes (admins)\n"
    "  outbox export --out FILE [--since ACTION_ID]   platform actions, signed (supervisors, admins)\n"
    "  audit verify [--anchor EXPORT]      check the tamper-evident audit trail (supervisors)\n"
    "  audit export --out FILE [--format jsonl|csv] [--from T] [--to T] [--operator N] [--action A] [--case ID]\n"
    "  audit pubkey                        the installation's public key (PEM), no sign-in\n"
    "  report --case ID --format pdf|html|csv|json --out FILE   the case report, audited\n"
    "  keys export --out FILE | keys import FILE   the key directory as a passphrase-encrypted bundle\n"
    "                                      for another desk of the team (export: admins; import: no sign-in)\n"
    "  copy --to URL|PATH [--progress]     the whole desk into an empty SQLite file or PostgreSQL database (admins)\n"
    "  check [--full]                      read the whole database file for damage (no sign-in)\n"
    "  login | logout                      start / end a CLI session for --as: later commands need no password\n"
    "                                      (ends after 15 minutes without use, 8 hours in all)\n"
    "\n"
    "Run `recoverydesk-cli COMMAND --help` for a command's options.\n"
    "Exit codes: 0 success, 1 refused or problem found, 2 bad usage or input, 3 storage or I/O failure.";

// stderr carries one sentence per error (SPEC §9). Qt's own diagnostics (a driver that could not
// free a statement of a transaction that had already failed, say) are for developers: shown
// with RECOVERYDESK_DEBUG=1, otherwise dropped. Fatal messages still end the process.
void quietQtMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    static const bool debug = qEnvironmentVariableIntValue("RECOVERYDESK_DEBUG") != 0;
    if (debug || type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", qPrintable(cli::escapeControls(qFormatLogMessage(type, context, message))));
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

int main(int argc, char *argv[])
{
    disableCoreDumps(); // a prompted password or a decrypted contact must never reach a core file
    qInstallMessageHandler(quietQtMessages);
    // Only a PDF report needs QtGui; every other command stays a plain headless core program.
    const std::unique_ptr<QCoreApplication> app = cli::wantsPdfReport(argc, argv)
        ? reports::pdf::headlessGuiApplication(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    paths::setApplicationIdentity();
    app->setApplicationName(QStringLiteral("recoverydesk"));
    cli::CliContext ctx;

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RecoveryDesk command line: backup-code lockout cases.\n\n")
                                     + QString::fromLatin1(kCommandList));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file or postgresql:// URL."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption keyDirOption(QStringLiteral("key-dir"), QStringLiteral("Key directory."), QStringLiteral("DIR"));
    const QCommandLineOption asOption(QStringLiteral("as"), QStringLiteral("Operator to act as."), QStringLiteral("USERNAME"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print results as JSON on stdout."));
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    const QCommandLineOption versionOption(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOptions({dbOption, keyDirOption, asOption, jsonOption, helpOption, versionOption});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do (see Commands)."));

    if (!parser.parse(app->arguments()))
        return ctx.usage(cli::chopDot(parser.errorText()) + QStringLiteral("; see recoverydesk-cli --help."));
    if (parser.isSet(versionOption)) {
        ctx.out() << "recoverydesk-cli " << RD_VERSION << Qt::endl;
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(helpOption)) {
        ctx.out() << parser.helpText();
        return 0;
    }
    if (positional.isEmpty()) {
        ctx.out() << parser.helpText();
        return ctx.usage(QStringLiteral("No command given; see the list above."));
    }
    if (auto selfTest = crypto::runSelfTests(); !selfTest)
        return ctx.fail(Error::storage(QStringLiteral("Cryptographic self-test failed (%1); the OpenSSL installation "
                                                      "is not usable.")
                                           .arg(selfTest.error().message)));

    ctx.databasePath = parser.isSet(dbOption) ? parser.value(dbOption) : paths::defaultDatabase();
    ctx.keyDir = parser.isSet(keyDirOption) ? parser.value(keyDirOption) : paths::defaultKeyDir();
    ctx.asOperator = parser.value(asOption);
    ctx.json = parser.isSet(jsonOption);

    const std::map<QString, std::function<int(cli::CliContext &, const QStringList &)>> commands = {
        {QStringLiteral("init"), cli::runInit},       {QStringLiteral("operator"), cli::runOperator},
        {QStringLiteral("import"), cli::runImport},   {QStringLiteral("account"), cli::runAccount},
        {QStringLiteral("demo"), cli::runDemo},       {QStringLiteral("diagnose"), cli::runDiagnose},
        {QStringLiteral("policy"), cli::runPolicy},   {QStringLiteral("audit"), cli::runAudit},
        {QStringLiteral("case"), cli::runCase},       {QStringLiteral("delivery-key"), cli::runDeliveryKey},
        {QStringLiteral("outbox"), cli::runOutbox},   {QStringLiteral("report"), cli::runReport},
        {QStringLiteral("keys"), cli::runKeys},       {QStringLiteral("copy"), cli::runCopy},
        {QStringLiteral("login"), cli::runLogin},     {QStringLiteral("logout"), cli::runLogout},
        {QStringLiteral("check"), cli::runCheck},
    };
    const QString command = positional.first();
    const auto it = commands.find(command);
    if (it == commands.end())
        return ctx.usage(QStringLiteral("Unknown command \"%1\"; see recoverydesk-cli --help for the list.").arg(command.left(40)));
    QStringList args = positional;
    args.first() = QStringLiteral("recoverydesk-cli ") + command;
    return it->second(ctx, args);
}
