// `login` / `logout` end to end (SPEC §9), the way a scripted desk and the acceptance use them:
// one password, then commands without one, until the session must end.
#include "CliRunner.h"

#include "crypto/Hash.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <sys/stat.h>

using namespace rd;

class TestCliLogin : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loginSparesThePassword();
    void theDatabaseKeepsOnlyAHash();
    void wrongSessionFileIsRefused();
    void expiredSessionIsRefused();
    void disabledOperatorsSessionIsRefused();
    void logoutEndsIt();
    void unsafeFilesAreNotTrusted();
    void keyDirectoryWithoutRuntimeDir();
    void wrongPasswordsStillLockOut();
    void parallelGuessesGetFiveLooks();
    void aFirstLoginSetsTheOperatorsOwnPassword();

private:
    // A command as username with no password at all: only a session can sign it in.
    test::CliRun bare(const QString &username, const QStringList &args)
    {
        return m_desk->cli(QStringList{QStringLiteral("--as"), username} + args);
    }
    test::CliRun login(const QString &username)
    {
        return m_desk->as(username, {QStringLiteral("--json"), QStringLiteral("login")});
    }
    QString sessionFile(const QString &username);
    QString lastEntry(const QString &username);

    test::Workspace m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
    QTemporaryDir m_runtime;
};

void TestCliLogin::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("RD_CLI")));
    QVERIFY(m_runtime.isValid());
    QVERIFY(QFile::setPermissions(m_runtime.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    m_desk = std::make_unique<test::CliDesk>(m_ws);
    m_desk->cli.environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
    QVERIFY(m_desk->create({{"alice", "agent"}, {"sam", "agent"}, {"sue", "supervisor"}, {"ann", "agent"},
                            {"bob", "agent"}, {"cid", "agent"}, {"dee", "agent"}, {"eve", "agent"}},
                           true));
    QVERIFY(m_ws.open()); // keys exist: this only connects, to look at what the CLI wrote
}

QString TestCliLogin::sessionFile(const QString &username)
{
    // One file per database and operator; the name is a hash of both, so look for the newest.
    QStringList found;
    for (const QString &dir : {m_runtime.filePath(QStringLiteral("recoverydesk")), m_ws.keyDir}) {
        QDirIterator it(dir, {QStringLiteral("cli-session-*")}, QDir::Files | QDir::System | QDir::Hidden);
        while (it.hasNext())
            found.append(it.next());
    }
    const QByteArray name = crypto::sha256((test::onPostgres() ? m_ws.dbPath : QFileInfo(m_ws.dbPath).canonicalFilePath()).toUtf8()
                                           + '\n' + username.toUtf8())
                                .toHex()
                                .left(32);
    for (const QString &f : found)
        if (f.endsWith(QString::fromLatin1(name)))
            return f;
    return {};
}

QString TestCliLogin::lastEntry(const QString &username)
{
    QSqlQuery q(m_ws.connection());
    if (!q.exec(QStringLiteral("SELECT action, details FROM audit_log WHERE operator = '%1' ORDER BY seq DESC LIMIT 1").arg(username))
        || !q.next())
        return {};
    return q.value(0).toString() + u' ' + q.value(1).toString();
}

void TestCliLogin::loginSparesThePassword()
{
    test::CliRun r = login(QStringLiteral("alice"));
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("operator")).toString(), QStringLiteral("alice"));
    QCOMPARE(o.value(QStringLiteral("role")).toString(), QStringLiteral("agent"));
    QCOMPARE(o.value(QStringLiteral("idle_minutes")).toInt(), 15);
    const QString file = sessionFile(QStringLiteral("alice"));
    QVERIFY2(file.startsWith(m_runtime.filePath(QStringLiteral("recoverydesk/"))), qPrintable(file));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    QCOMPARE(::stat(QFile::encodeName(QFileInfo(file).path()).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0700);

    // No password anywhere, yet the command runs as alice and is audited as her.
    r = bare(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"),
                                       QStringLiteral("acc-lena"), QStringLiteral("--code"), QStringLiteral("0000-0000")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(lastEntry(QStringLiteral("alice")).startsWith(QStringLiteral("diagnose")));
    r = bare(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    // Her session is hers: others still need their password, and her role still binds.
    QCOMPARE(bare(QStringLiteral("sam"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 2);
    r = bare(QStringLiteral("alice"), {QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(r.exitCode, 1);
}

void TestCliLogin::theDatabaseKeepsOnlyAHash()
{
    QCOMPARE(login(QStringLiteral("ann")).exitCode, 0);
    const QByteArray hex = test::readFile(sessionFile(QStringLiteral("ann"))).trimmed();
    QCOMPARE(hex.size(), 64);
    {
        QSqlQuery q(m_ws.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM cli_sessions WHERE username = 'ann'")) && q.next());
        QCOMPARE(q.value(0).toString(), QString::fromLatin1(crypto::sha256(QByteArray::fromHex(hex)).toHex()));
    }
    if (!test::onPostgres()) {
        QVERIFY(m_ws.checkpoint());
        // Reading the file while this process has it open would drop SQLite's POSIX locks (a
        // close() releases all of a process's locks on the file), and the next CLI to finish
        // would delete the WAL under this connection: read it closed.
        m_ws.close();
        const QByteArray db = test::readFile(m_ws.dbPath);
        QVERIFY(m_ws.open());
        QVERIFY(!db.contains(hex));
        QVERIFY(!db.contains(QByteArray::fromHex(hex)));
    }
}

void TestCliLogin::wrongSessionFileIsRefused()
{
    QCOMPARE(login(QStringLiteral("bob")).exitCode, 0);
    const QString file = sessionFile(QStringLiteral("bob"));
    QVERIFY(test::writeFile(file, QByteArray(64, 'a') + '\n'));
    test::CliRun r = bare(QStringLiteral("bob"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("not a session of this database")), qPrintable(r.err));
    // With the password the command goes on as always.
    QCOMPARE(m_desk->as(QStringLiteral("bob"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 0);
    // A damaged file is refused the same way, never half-read.
    QCOMPARE(login(QStringLiteral("bob")).exitCode, 0);
    QVERIFY(test::writeFile(file, "0123"));
    r = bare(QStringLiteral("bob"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("damaged")), qPrintable(r.err));
}

void TestCliLogin::expiredSessionIsRefused()
{
    QCOMPARE(login(QStringLiteral("cid")).exitCode, 0);
    QCOMPARE(bare(QStringLiteral("cid"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 0);
    // Sixteen minutes pass without a command.
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE cli_sessions SET last_used_at = last_used_at - 960000, created_at = created_at "
                                        "- 960000 WHERE username = 'cid'")}));
    test::CliRun r = bare(QStringLiteral("cid"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("15 minutes without use")), qPrintable(r.err));
    QCOMPARE(lastEntry(QStringLiteral("cid")), QStringLiteral(R"(session.refused {"reason":"idle"})"));
    QVERIFY(sessionFile(QStringLiteral("cid")).isEmpty()); // an ended session's file goes
    // Used all along, but 8 hours after login it ends all the same.
    QCOMPARE(login(QStringLiteral("cid")).exitCode, 0);
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE cli_sessions SET created_at = created_at - 28800000 WHERE username = 'cid' "
                                        "AND ended_at IS NULL")}));
    r = bare(QStringLiteral("cid"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("8 hours")), qPrintable(r.err));
}

void TestCliLogin::disabledOperatorsSessionIsRefused()
{
    QCOMPARE(login(QStringLiteral("dee")).exitCode, 0);
    QCOMPARE(bare(QStringLiteral("dee"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 0);
    QCOMPARE(m_desk->as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("disable"), QStringLiteral("dee")}).exitCode, 0);
    test::CliRun r = bare(QStringLiteral("dee"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("has ended")) || r.err.contains(QStringLiteral("disabled")), qPrintable(r.err));
    // With a role change, likewise (an admin editing the row by hand counts too).
    QCOMPARE(login(QStringLiteral("sam")).exitCode, 0);
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE operators SET role = 'supervisor' WHERE username = 'sam'")}));
    r = bare(QStringLiteral("sam"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("role changed")), qPrintable(r.err));
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE operators SET role = 'agent' WHERE username = 'sam'")}));
}

void TestCliLogin::logoutEndsIt()
{
    QCOMPARE(login(QStringLiteral("eve")).exitCode, 0);
    test::CliRun r = bare(QStringLiteral("eve"), {QStringLiteral("logout")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Logged out")), qPrintable(r.out));
    QVERIFY(sessionFile(QStringLiteral("eve")).isEmpty());
    QCOMPARE(lastEntry(QStringLiteral("eve")), QStringLiteral("session.end {}"));
    QCOMPARE(bare(QStringLiteral("eve"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 2); // asks for a password
    r = bare(QStringLiteral("eve"), {QStringLiteral("logout")}); // nothing left to end: fine
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("nothing to end")));
}

void TestCliLogin::unsafeFilesAreNotTrusted()
{
    QCOMPARE(login(QStringLiteral("alice")).exitCode, 0);
    const QString file = sessionFile(QStringLiteral("alice"));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    test::CliRun r = bare(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("could be read by others")), qPrintable(r.err));
    QCOMPARE(lastEntry(QStringLiteral("alice")), QStringLiteral(R"(session.refused {"reason":"exposed"})"));
    // Its token may have been copied: the session is over, even with the file made private again.
    QCOMPARE(login(QStringLiteral("alice")).exitCode, 0);
    const QString fresh = sessionFile(QStringLiteral("alice"));
    const QByteArray token = test::readFile(fresh);
    QVERIFY(QFile::setPermissions(fresh, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    QCOMPARE(bare(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 1);
    QVERIFY(!QFile::exists(fresh)); // a refused file goes
    QVERIFY(test::writeFile(fresh, token));
    QVERIFY(QFile::setPermissions(fresh, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    r = bare(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("has ended")), qPrintable(r.err));
    // A link planted where the file belongs is never followed, even to a valid token.
    QCOMPARE(login(QStringLiteral("alice")).exitCode, 0);
    const QString elsewhere = m_ws.path(QStringLiteral("token-copy"));
    QVERIFY(QFile::rename(file, elsewhere));
    QVERIFY(QFile::link(elsewhere, file));
    r = bare(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("link")), qPrintable(r.err));
    QVERIFY(!QFileInfo(file).isSymLink()); // the link went, not what it pointed at
    QVERIFY(QFile::exists(elsewhere));
}

void TestCliLogin::keyDirectoryWithoutRuntimeDir()
{
    // A runtime directory others may enter is passed over, like none at all.
    QTemporaryDir open;
    QVERIFY(QFile::setPermissions(open.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                   | QFileDevice::ReadOther | QFileDevice::ExeOther));
    m_desk->cli.environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), open.path());
    QCOMPARE(login(QStringLiteral("sue")).exitCode, 0);
    QVERIFY2(sessionFile(QStringLiteral("sue")).startsWith(m_ws.keyDir + u'/'), qPrintable(sessionFile(QStringLiteral("sue"))));
    QVERIFY(!QDir(open.filePath(QStringLiteral("recoverydesk"))).exists());
    QCOMPARE(bare(QStringLiteral("sue"), {QStringLiteral("logout")}).exitCode, 0);
    m_desk->cli.environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), QString());
    QCOMPARE(login(QStringLiteral("sue")).exitCode, 0);
    const QString file = sessionFile(QStringLiteral("sue"));
    QVERIFY2(file.startsWith(m_ws.keyDir + u'/'), qPrintable(file));
    QCOMPARE(bare(QStringLiteral("sue"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    QCOMPARE(bare(QStringLiteral("sue"), {QStringLiteral("logout")}).exitCode, 0);
    m_desk->cli.environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
}

void TestCliLogin::wrongPasswordsStillLockOut()
{
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("bob"), QStringLiteral("login")}, QStringLiteral("wrong-password-1")).exitCode, 1);
    test::CliRun r = login(QStringLiteral("bob"));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("locked")), qPrintable(r.err));
    QCOMPARE(lastEntry(QStringLiteral("bob")).section(u' ', 0, 0), QStringLiteral("signin.locked"));
}

// 30 wrong passwords at once: each process takes its guess before the quarter-second hash, so
// only five are ever looked at, and the right password after them is refused while locked.
void TestCliLogin::parallelGuessesGetFiveLooks()
{
    std::vector<std::unique_ptr<QProcess>> burst;
    for (int i = 0; i < 30; ++i)
        burst.push_back(m_desk->cli.start({QStringLiteral("--as"), QStringLiteral("cid"), QStringLiteral("login")},
                                          QStringLiteral("wrong-password-%1").arg(i)));
    int refused = 0;
    for (auto &p : burst) {
        QVERIFY(p->waitForFinished(120000));
        refused += p->exitCode() == 1 ? 1 : 0;
    }
    QCOMPARE(refused, 30);
    QSqlQuery q(m_ws.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT action, COUNT(*) FROM audit_log WHERE operator = 'cid' AND action LIKE 'signin.%' GROUP BY action ORDER BY action")));
    QStringList looked;
    while (q.next())
        looked << q.value(0).toString() + u'=' + q.value(1).toString();
    QVERIFY2(looked.size() == 2, qPrintable(looked.join(u' ')));
    QCOMPARE(looked, (QStringList{QStringLiteral("signin.failed=4"), QStringLiteral("signin.locked=1")}));
    test::CliRun right = login(QStringLiteral("cid"));
    QCOMPARE(right.exitCode, 1);
    QVERIFY(!right.out.contains(QStringLiteral("token")));
}

// A new operator's first `login` sets their own password (RECOVERYDESK_NEW_PASSWORD), ends
// nothing else and starts the session; a password change ends the operator's sessions.
void TestCliLogin::aFirstLoginSetsTheOperatorsOwnPassword()
{
    const QString given = test::CliDesk::firstPasswordOf(QStringLiteral("fay"));
    QCOMPARE(m_desk->as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("fay"),
                                                 QStringLiteral("--role"), QStringLiteral("agent")}).exitCode,
             2); // no RECOVERYDESK_NEW_PASSWORD and no terminal: nothing to give fay
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("fay"),
                          QStringLiteral("--role"), QStringLiteral("agent")},
                         test::CliDesk::passwordOf(QStringLiteral("boss")), given)
                 .exitCode,
             0);
    const QStringList login = {QStringLiteral("--as"), QStringLiteral("fay"), QStringLiteral("--json"), QStringLiteral("login")};
    test::CliRun refused = m_desk->cli(login, given);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("chosen by someone else")), qPrintable(refused.err));
    QVERIFY(sessionFile(QStringLiteral("fay")).isEmpty());
    test::CliRun first = m_desk->cli(login, given, QStringLiteral("fays-own-password"));
    QCOMPARE(first.exitCode, 0);
    QVERIFY(!sessionFile(QStringLiteral("fay")).isEmpty());
    QCOMPARE(bare(QStringLiteral("fay"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 0);
    // Changing the password again (operator password) ends the session the old one started.
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("fay"), QStringLiteral("operator"), QStringLiteral("password")},
                         QStringLiteral("fays-own-password"), QStringLiteral("fays-second-password"))
                 .exitCode,
             0);
    QVERIFY(lastEntry(QStringLiteral("fay")).startsWith(QStringLiteral("operator.password")));
    test::CliRun ended = bare(QStringLiteral("fay"), {QStringLiteral("case"), QStringLiteral("list")});
    QCOMPARE(ended.exitCode, 1);
    QVERIFY2(ended.err.contains(QStringLiteral("ended")), qPrintable(ended.err));
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("fay"), QStringLiteral("case"), QStringLiteral("list")},
                         QStringLiteral("fays-second-password"))
                 .exitCode,
             0);
}

QTEST_GUILESS_MAIN(TestCliLogin)
#include "tst_cli_login.moc"
