// The CLI against a hostile local user and planted text (issue 16 findings 8 and 13): terminal
// control characters never reach stdout, typed text refuses them, a backup code can stay out of
// the process list, and the process keeps its secrets out of core files.
#include "CliRunner.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <sys/stat.h>
#include <sys/wait.h>

#include <csignal>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

using namespace rd;

namespace {

// What the program on the pseudo-terminal master wrote, until `until` shows, the program ends
// (reaped here) or 20 s pass.
QByteArray readTerminal(int master, pid_t child, const char *until)
{
    QByteArray seen;
    QDeadlineTimer deadline(20000);
    while (!seen.contains(until) && !deadline.hasExpired()) {
        char buffer[256];
        pollfd p{master, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            const ssize_t n = ::read(master, buffer, sizeof buffer);
            if (n > 0)
                seen.append(buffer, n);
        }
        int status = 0;
        if (!seen.contains(until) && ::waitpid(child, &status, WNOHANG) == child)
            break;
    }
    return seen;
}

} // namespace

class TestCliHostile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void typedControlCharactersAreRefused();
    void plantedControlCharactersNeverReachTheTerminal();
    void codeFromStandardInput();
    void noCoreFileAndNoPtrace();
    void ctrlCAtThePromptGivesTheEchoBack();
    void aFirstSignInAtATerminalNeverTakesAnotherOperatorsPassword();
    void outputsAreNeverWrittenThroughALink();
    void filesArePrivate();
    void aDeletedExportCheckpointFailsVerify();

private:
    test::CliRun as(const QString &user, const QStringList &args) { return m_desk->as(user, args); }
    static bool hasControl(const QString &s)
    {
        for (const QChar c : s)
            if ((c.unicode() < 0x20 && c != u'\n' && c != u'\t') || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
                return true;
        return false;
    }

    test::Workspace m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
    QString m_case;
};

void TestCliHostile::initTestCase()
{
    m_desk = std::make_unique<test::CliDesk>(m_ws);
    QVERIFY(m_desk->create({{"alice", "agent"}, {"sam", "supervisor"}}, true));
    auto opened = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("open"),
                                               QStringLiteral("--account"), QStringLiteral("acc-lena"), QStringLiteral("--channel"),
                                               QStringLiteral("phone"), QStringLiteral("--summary"), QStringLiteral("Code rejected")});
    QCOMPARE(opened.exitCode, 0);
    m_case = QJsonDocument::fromJson(opened.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    QVERIFY(!m_case.isEmpty());
}

void TestCliHostile::typedControlCharactersAreRefused()
{
    const QString title = QStringLiteral("evil \x1b]0;pwned\x07 text");
    auto summary = as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"),
                                                QStringLiteral("acc-lena"), QStringLiteral("--channel"), QStringLiteral("phone"),
                                                QStringLiteral("--summary"), title});
    QCOMPARE(summary.exitCode, 2);
    QVERIFY2(summary.err.contains(QStringLiteral("summary")), qPrintable(summary.err));
    QVERIFY(!hasControl(summary.err));
    QVERIFY(!summary.err.contains(QStringLiteral("pwned"))); // the error names the character, never echoes the text
    for (const QString &text : {QStringLiteral("\x1b[2J\x1b[Hall clear"), QStringLiteral("line\roverwritten"), QStringLiteral("csi \u009b31m")}) {
        auto note = as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("note"), m_case, QStringLiteral("--text"), text});
        QCOMPARE(note.exitCode, 2);
        QVERIFY2(note.err.contains(QStringLiteral("control character")), qPrintable(note.err));
        QVERIFY(!hasControl(note.err));
    }
    // Line breaks and tabs are text.
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("note"), m_case, QStringLiteral("--text"),
                                          QStringLiteral("two\nlines\tand a tab")})
                 .exitCode,
             0);
}

void TestCliHostile::plantedControlCharactersNeverReachTheTerminal()
{
    // Text that reached the database around the application (an old version, a hand edit).
    const QString chr = test::onPostgres() ? QStringLiteral("chr") : QStringLiteral("char");
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE cases SET summary = 'planted ' || %1(27) || ']0;pwned' || %1(7) || %1(27) || '[2J' "
                                        "|| %1(13) || 'end' WHERE id = '%2'")
                             .arg(chr, m_case)}));
    m_ws.close();
    for (const QStringList &args : {QStringList{QStringLiteral("case"), QStringLiteral("show"), m_case},
                                    QStringList{QStringLiteral("case"), QStringLiteral("list")},
                                    QStringList{QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("show"), m_case}}) {
        auto shown = as(QStringLiteral("alice"), args);
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.contains(QStringLiteral("planted")), qPrintable(shown.out));
        QVERIFY2(!hasControl(shown.out), qPrintable(args.join(u' ')));
        QVERIFY2(shown.out.contains(QStringLiteral("\\u001b")), qPrintable(shown.out));
    }
    // JSON stays JSON, and carries the same characters.
    auto json = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("show"), m_case});
    QJsonParseError error{};
    const QJsonObject shown = QJsonDocument::fromJson(json.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(QJsonDocument(shown).toJson().contains("\\u001b]0;pwned\\u0007"));
}

void TestCliHostile::codeFromStandardInput()
{
    const QStringList base{QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                           QStringLiteral("--at"), QStringLiteral("2026-11-20T09:00:00Z"), QStringLiteral("--code")};
    auto inArgv = as(QStringLiteral("alice"), base + QStringList{QStringLiteral("7392 0416")});
    QCOMPARE(inArgv.exitCode, 0);
    auto p = m_desk->cli.start(QStringList{QStringLiteral("--as"), QStringLiteral("alice")} + base + QStringList{QStringLiteral("-")},
                               test::CliDesk::passwordOf(QStringLiteral("alice")), {}, test::CliRunner::Stdin::Open);
    QVERIFY(p->waitForStarted());
    p->write("7392 0416\n");
    p->closeWriteChannel();
    QVERIFY(p->waitForFinished(60000));
    QCOMPARE(p->exitCode(), 0);
    QJsonObject fromStdin = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
    QJsonObject fromArgv = QJsonDocument::fromJson(inArgv.out.toUtf8()).object();
    QVERIFY(!fromArgv.isEmpty());
    // The same code was diagnosed, not "-" (each diagnosis has an id of its own).
    QVERIFY(fromStdin.contains(QStringLiteral("primary_cause")));
    QCOMPARE(fromStdin.value(QStringLiteral("primary_cause")), fromArgv.value(QStringLiteral("primary_cause")));
    QCOMPARE(fromStdin.value(QStringLiteral("findings")), fromArgv.value(QStringLiteral("findings")));
    QVERIFY(fromArgv.value(QStringLiteral("primary_cause")).toString() != QLatin1String("FORMAT"));
}

void TestCliHostile::noCoreFileAndNoPtrace()
{
    // A CLI waiting for its code on stdin: look at it from outside, as another process would.
    auto p = m_desk->cli.start({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("diagnose"), QStringLiteral("--account"),
                                QStringLiteral("acc-lena"), QStringLiteral("--code"), QStringLiteral("-")},
                               test::CliDesk::passwordOf(QStringLiteral("alice")), {}, test::CliRunner::Stdin::Open);
    QVERIFY(p->waitForStarted());
    const QString proc = QStringLiteral("/proc/%1/").arg(p->processId());
    auto coreLimit = [&] {
        const QString limits = QString::fromLatin1(test::readFile(proc + QStringLiteral("limits")));
        return limits.section(QStringLiteral("Max core file size"), 1).section(u'\n', 0, 0).simplified();
    };
    // Soft and hard limit 0, once main() has run (a container may start with soft 0 already).
    QTRY_VERIFY2_WITH_TIMEOUT(coreLimit().startsWith(QStringLiteral("0 0 ")), qPrintable(coreLimit()), 10000);
    // Not dumpable: /proc/<pid>/mem and friends belong to root, not to the user.
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(proc + QStringLiteral("mem")).constData(), &st), 0);
    QCOMPARE(st.st_uid, uid_t(0));
    p->write("1\n");
    p->closeWriteChannel();
    QVERIFY(p->waitForFinished(60000));
}

// A password prompt hides what is typed; Ctrl-C there must not leave the terminal silent.
void TestCliHostile::ctrlCAtThePromptGivesTheEchoBack()
{
    const QByteArray cli = QFile::encodeName(qEnvironmentVariable("RD_CLI"));
    const QByteArray db = QFile::encodeName(m_ws.dbPath);
    const QByteArray keys = QFile::encodeName(m_ws.keyDir);
    int master = -1;
    const pid_t child = ::forkpty(&master, nullptr, nullptr, nullptr);
    QVERIFY(child >= 0);
    if (child == 0) {
        ::setenv("RECOVERYDESK_DB", db.constData(), 1);
        ::setenv("RECOVERYDESK_KEY_DIR", keys.constData(), 1);
        ::unsetenv("RECOVERYDESK_PASSWORD");
        ::execl(cli.constData(), cli.constData(), "--as", "alice", "case", "list", static_cast<char *>(nullptr));
        ::_exit(127);
    }
    // Wait for the prompt: then echo is off.
    const QByteArray seen = readTerminal(master, child, "Password for");
    QVERIFY2(seen.contains("Password for"), seen.constData());
    termios during{};
    QCOMPARE(::tcgetattr(master, &during), 0);
    QVERIFY(!(during.c_lflag & ECHO));
    QCOMPARE(::kill(child, SIGINT), 0);
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
    termios after{};
    QCOMPARE(::tcgetattr(master, &after), 0);
    QVERIFY(after.c_lflag & ECHO);
    ::close(master);
}

// `operator add` reads RECOVERYDESK_NEW_PASSWORD as the new operator's password. When the one who
// runs it must first choose their own (a first sign-in), a terminal asks for it: the variable
// must never become the runner's own password (the new operator would then know it).
void TestCliHostile::aFirstSignInAtATerminalNeverTakesAnotherOperatorsPassword()
{
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("tess"),
                          QStringLiteral("--role"), QStringLiteral("agent")},
                         test::CliDesk::passwordOf(QStringLiteral("boss")), QStringLiteral("tess-given-by-boss"))
                 .exitCode,
             0);
    const QByteArray cli = QFile::encodeName(qEnvironmentVariable("RD_CLI"));
    const QByteArray db = QFile::encodeName(m_ws.dbPath);
    const QByteArray keys = QFile::encodeName(m_ws.keyDir);
    int master = -1;
    const pid_t child = ::forkpty(&master, nullptr, nullptr, nullptr);
    QVERIFY(child >= 0);
    if (child == 0) {
        ::setenv("RECOVERYDESK_DB", db.constData(), 1);
        ::setenv("RECOVERYDESK_KEY_DIR", keys.constData(), 1);
        ::setenv("RECOVERYDESK_PASSWORD", "tess-given-by-boss", 1);
        ::setenv("RECOVERYDESK_NEW_PASSWORD", "for-xena-first-1", 1);
        ::execl(cli.constData(), cli.constData(), "--as", "tess", "operator", "add", "xena", "--role", "agent",
                static_cast<char *>(nullptr));
        ::_exit(127);
    }
    const QByteArray seen = readTerminal(master, child, "New password for tess"); // not finishing without asking
    QVERIFY2(seen.contains("New password for tess"), seen.constData());
    ::kill(child, SIGINT);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(master);
    // tess's password is still the one boss gave (and must still be replaced), never xena's.
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("tess"), QStringLiteral("case"), QStringLiteral("list")},
                         QStringLiteral("for-xena-first-1"))
                 .exitCode,
             1);
    const test::CliRun stillGiven = m_desk->cli({QStringLiteral("--as"), QStringLiteral("tess"), QStringLiteral("case"), QStringLiteral("list")},
                                                QStringLiteral("tess-given-by-boss"));
    QVERIFY2(stillGiven.err.contains(QStringLiteral("chosen by someone else")), qPrintable(stillGiven.err));
}

// A hostile local user plants a link where an export is going: refused, its target unchanged.
void TestCliHostile::outputsAreNeverWrittenThroughALink()
{
    QTemporaryDir shared;
    const QString victim = shared.filePath(QStringLiteral("victim.txt"));
    QVERIFY(test::writeFile(victim, "precious"));
    const QList<std::pair<QString, QStringList>> exports = {
        {QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out")}},
        {QStringLiteral("sam"), {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out")}},
        {QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case, QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--out")}},
    };
    int n = 0;
    for (const auto &[user, args] : exports) {
        const QString link = shared.filePath(QStringLiteral("out%1").arg(++n));
        QVERIFY(QFile::link(victim, link));
        auto run = as(user, args + QStringList{link});
        QVERIFY2(run.exitCode != 0, qPrintable(args.join(u' ')));
        QVERIFY2(run.err.contains(QStringLiteral("symbolic link")), qPrintable(run.err));
        QCOMPARE(test::readFile(victim), QByteArray("precious"));
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(!QFile::exists(link + QStringLiteral(".sig")));
    }
}

// Database and exports 0600, new folders 0700, whatever the umask.
void TestCliHostile::filesArePrivate()
{
    QTemporaryDir root;
    const QString exportDir = root.filePath(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(exportDir));
    auto mode = [](const QString &path) {
        struct stat st {};
        return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
    };
    const QStringList files{QStringLiteral("audit.jsonl"), QStringLiteral("outbox.jsonl"), QStringLiteral("report.html")};
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), exportDir + QStringLiteral("/audit.jsonl")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out"), exportDir + QStringLiteral("/outbox.jsonl")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("report"), QStringLiteral("--case"), m_case, QStringLiteral("--format"), QStringLiteral("html"),
                                          QStringLiteral("--out"), exportDir + QStringLiteral("/report.html")})
                 .exitCode,
             0);
    for (const QString &f : files)
        QCOMPARE(mode(exportDir + u'/' + f), 0600);
    QCOMPARE(mode(exportDir + QStringLiteral("/audit.jsonl.sig")), 0600);
    QCOMPARE(mode(exportDir + QStringLiteral("/outbox.jsonl.sig")), 0600);
    if (test::onPostgres())
        return; // the database file is the server's
    // A new desk in folders that do not exist yet.
    test::CliRunner fresh(m_ws);
    fresh.environment.insert(QStringLiteral("RECOVERYDESK_DB"), root.filePath(QStringLiteral("new/desk/db.sqlite")));
    fresh.environment.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), root.filePath(QStringLiteral("new/keys")));
    QCOMPARE(fresh({QStringLiteral("init")}).exitCode, 0);
    QCOMPARE(mode(root.filePath(QStringLiteral("new"))), 0700);
    QCOMPARE(mode(root.filePath(QStringLiteral("new/desk"))), 0700);
    QCOMPARE(mode(root.filePath(QStringLiteral("new/desk/db.sqlite"))), 0600);
}

// The acceptance's words: deleting an export's checkpoint makes `audit verify` fail.
void TestCliHostile::aDeletedExportCheckpointFailsVerify()
{
    QTemporaryDir dir;
    auto exported = as(QStringLiteral("sam"), {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"),
                                               dir.filePath(QStringLiteral("a.jsonl"))});
    QCOMPARE(exported.exitCode, 0);
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    const QJsonObject head = QJsonDocument::fromJson(test::readFile(dir.filePath(QStringLiteral("a.jsonl"))).split('\n').first()).object();
    const qint64 seq = head.value(QStringLiteral("head")).toObject().value(QStringLiteral("seq")).toInteger();
    QVERIFY(seq > 0);
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.tamper({QStringLiteral("DELETE FROM audit_checkpoints WHERE seq = %1").arg(seq)}));
    m_ws.close();
    auto verify = as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(verify.exitCode, 1);
    QVERIFY2(verify.err.contains(QStringLiteral("checkpoint")) || verify.out.contains(QStringLiteral("checkpoint")), qPrintable(verify.err + verify.out));
}

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
