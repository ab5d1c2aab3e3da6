// End-to-end tests of recoverydesk-cli as a user runs it: real process, real files.
#include "CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace rd;

namespace {

using Run = test::CliRun;

const QString kBossPw = test::CliDesk::passwordOf(QStringLiteral("boss"));
const QString kAlicePw = test::CliDesk::passwordOf(QStringLiteral("alice"));
const QString kSamPw = test::CliDesk::passwordOf(QStringLiteral("sam"));

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void init();
    void versionHelpAndUsage();
    void initIsIdempotentAndKeysArePrivate();
    void importAcceptance();
    void rolesAreEnforced();
    void accountShowMasksContacts();
    void signInFailuresLockTheOperator();
    void storageProblemsExitThree();
    void looseKeyDirectoryIsRefused();
    void missingPasswordIsBadUsage();
    void keysOfAnotherInstallationAreRefused();
    void fieldErrorsNameTheirFlags();
    void hostileInputIsOnlyText();

private:
    Run cli(const QStringList &args, const QString &password = {}, const QString &newPassword = {});
    void setUpOperators();
    std::unique_ptr<test::Workspace> m_ws;
    QList<Run> m_outputs;
};

Run TestCli::cli(const QStringList &args, const QString &password, const QString &newPassword)
{
    Run r = test::CliRunner(*m_ws)(args, password, newPassword);
    m_outputs.append(r);
    return r;
}

void TestCli::init()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("RD_CLI")), "RD_CLI must point at recoverydesk-cli");
    m_ws = std::make_unique<test::Workspace>();
    m_outputs.clear();
}

void TestCli::setUpOperators()
{
    test::CliDesk desk(*m_ws);
    const bool created = desk.create({{"alice", "agent"}, {"sam", "supervisor"}}, false);
    m_outputs += desk.cli.outputs;
    QVERIFY(created);
}

void TestCli::versionHelpAndUsage()
{
    Run v = cli({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("recoverydesk-cli ")));
    Run none = cli({});
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.out.contains(QStringLiteral("Commands:")));
    Run unknown = cli({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.startsWith(QStringLiteral("error: Unknown command \"frobnicate\"")));
    QCOMPARE(unknown.err.count(u'\n'), 1);
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--help")}).exitCode, 0);
    Run badOption = cli({QStringLiteral("import"), QStringLiteral("--bogus"), QStringLiteral("x")});
    QCOMPARE(badOption.exitCode, 2);
    Run badDb = cli({QStringLiteral("--db"), QStringLiteral("postgresql://nobody"), QStringLiteral("--as"), QStringLiteral("x"),
                     QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("a")}, QStringLiteral("pw"));
    QCOMPARE(badDb.exitCode, 2);
    QVERIFY(badDb.err.contains(QStringLiteral("database URL")));
}

void TestCli::initIsIdempotentAndKeysArePrivate()
{
    QCOMPARE(cli({QStringLiteral("init")}).exitCode, 0);
    const QByteArray ledgerKey = test::readFile(m_ws->keyDir + QStringLiteral("/ledger.key"));
    QCOMPARE(ledgerKey.size(), 32);
    Run again = cli({QStringLiteral("--json"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, kBossPw);
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object().value(QStringLiteral("admin")).toString(), QStringLiteral("created"));
    Run third = cli({QStringLiteral("--json"), QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")});
    QCOMPARE(third.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(third.out.toUtf8()).object().value(QStringLiteral("admin")).toString(), QStringLiteral("exists"));
    QCOMPARE(test::readFile(m_ws->keyDir + QStringLiteral("/ledger.key")), ledgerKey);
    QCOMPARE(QFileInfo(m_ws->keyDir).permissions() & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadUser | QFile::WriteUser | QFile::ExeUser), QFileDevice::Permissions());
    for (const char *name : {"ledger.key", "data.key", "signing.key"}) {
        const QFileInfo info(m_ws->keyDir + u'/' + QLatin1String(name));
        QCOMPARE(info.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFileDevice::Permissions());
    }
    // A second admin cannot be created without signing in.
    Run other = cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("mallory")}, {}, QStringLiteral("mallory-pass-1"));
    QCOMPARE(other.exitCode, 1);
}

void TestCli::importAcceptance()
{
    setUpOperators();
    const QString fixture = test::dataPath(QStringLiteral("import/world.jsonl"));
    Run first = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("import"), fixture}, kBossPw);
    QCOMPARE(first.exitCode, 0);
    const QJsonObject stats = QJsonDocument::fromJson(first.out.toUtf8()).object();
    QCOMPARE(stats.value(QStringLiteral("records")).toInt(), 37);
    QVERIFY(stats.value(QStringLiteral("changed")).toInt() >= 37);
    QCOMPARE(stats.value(QStringLiteral("sha256")).toString().size(), 64);

    QVERIFY(m_ws->open());
    const QByteArray before = m_ws->contentHash();
    Run second = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("import"), fixture}, kBossPw);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(second.out.toUtf8()).object().value(QStringLiteral("changed")).toInt(), 0);
    QCOMPARE(m_ws->contentHash(), before);

    // One malformed timestamp in the middle: exit 2, line and field named, nothing written.
    QList<QByteArray> lines = test::readFile(fixture).split('\n');
    QByteArray extra;
    for (int i = 0; i < 10; ++i)
        extra += QStringLiteral(R"({"type":"login_attempt","id":"new-%1","account":"acc-lena","at":"2026-11-21T10:00:00Z","method":"password","outcome":"success"})")
                     .arg(i).toUtf8() + '\n';
    lines.insert(20, R"({"type":"login_attempt","id":"new-bad","account":"acc-lena","at":"2026-13-45T10:00:00Z","method":"password","outcome":"success"})");
    const QString bad = m_ws->path(QStringLiteral("bad.jsonl"));
    QVERIFY(test::writeFile(bad, extra + lines.join('\n')));
    Run rejected = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), bad}, kBossPw);
    QCOMPARE(rejected.exitCode, 2);
    QVERIFY2(rejected.err.contains(QStringLiteral(R"(line 31: field "at": expected an RFC 3339 timestamp, got "2026-13-45T10:00:00Z")")),
             qPrintable(rejected.err));
    QCOMPARE(rejected.err.count(u'\n'), 1);
    QCOMPARE(m_ws->contentHash(), before);
    QCOMPARE(m_ws->count(QStringLiteral("login_attempts")), 16);

    // Nothing the platform exported in clear is in the database files or any output.
    QFile::remove(bad);
    m_ws->database.reset();
    const QStringList secrets = {QStringLiteral("73920416"), QStringLiteral("11235813"), QStringLiteral("7HQ2MKX9TB"),
                                 QStringLiteral("4829104738"), QStringLiteral("lena.fischer@example.net"),
                                 QStringLiteral("ravi.k@example.net"), QStringLiteral("15123456789")};
    const QStringList found = m_ws->plaintextFound(secrets);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    for (const Run &r : std::as_const(m_outputs))
        for (const QString &s : secrets)
            QVERIFY(!r.out.contains(s) && !r.err.contains(s));
}

void TestCli::rolesAreEnforced()
{
    setUpOperators();
    const QString fixture = test::dataPath(QStringLiteral("import/world.jsonl"));
    Run agentImport = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("import"), fixture}, kAlicePw);
    QCOMPARE(agentImport.exitCode, 1);
    QVERIFY2(agentImport.err.contains(QStringLiteral("may not import platform data")), qPrintable(agentImport.err));
    Run supervisorDemo = cli({QStringLiteral("--as"), QStringLiteral("sam"), QStringLiteral("demo")}, kSamPw);
    QCOMPARE(supervisorDemo.exitCode, 1);
    Run agentAdd = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("operator"), QStringLiteral("add"),
                        QStringLiteral("eve"), QStringLiteral("--role"), QStringLiteral("admin")}, kAlicePw, QStringLiteral("eve-password-1"));
    QCOMPARE(agentAdd.exitCode, 1);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("sam"), QStringLiteral("operator"), QStringLiteral("list")}, kSamPw).exitCode, 1);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), fixture}, kBossPw).exitCode, 0);
    // Admins run the installation but do not read account data.
    Run adminShow = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("account"), QStringLiteral("show"),
                         QStringLiteral("acc-lena")}, kBossPw);
    QCOMPARE(adminShow.exitCode, 1);
    QVERIFY(adminShow.err.contains(QStringLiteral("may not view account data")));
    Run list = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("operator"), QStringLiteral("list")}, kBossPw);
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 3);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("disable"),
                  QStringLiteral("alice")}, kBossPw).exitCode, 0);
    Run disabled = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                        QStringLiteral("acc-lena")}, kAlicePw);
    QCOMPARE(disabled.exitCode, 1);
    // Refused like an unknown operator: the answer does not tell that "alice" exists.
    Run unknown = cli({QStringLiteral("--as"), QStringLiteral("nobody"), QStringLiteral("account"), QStringLiteral("show"),
                       QStringLiteral("acc-lena")}, kAlicePw);
    QCOMPARE(unknown.exitCode, 1);
    QCOMPARE(disabled.err, unknown.err);
    QVERIFY(disabled.err.contains(QStringLiteral("Wrong username or password")));
}

void TestCli::accountShowMasksContacts()
{
    setUpOperators();
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), test::dataPath(QStringLiteral("import/world.jsonl"))}, kBossPw).exitCode, 0);
    Run show = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("--json"), QStringLiteral("account"),
                    QStringLiteral("show"), QStringLiteral("acc-lena")}, kAlicePw);
    QCOMPARE(show.exitCode, 0);
    const QJsonObject p = QJsonDocument::fromJson(show.out.toUtf8()).object();
    QCOMPARE(p.value(QStringLiteral("email")).toString(), QStringLiteral("l•••@example.net"));
    QCOMPARE(p.value(QStringLiteral("phone")).toString(), QStringLiteral("+•••••••••6789"));
    const QJsonArray sets = p.value(QStringLiteral("code_sets")).toArray();
    QCOMPARE(sets.size(), 2);
    QCOMPARE(sets[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    QCOMPARE(sets[1].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("superseded"));
    QCOMPARE(sets[1].toObject().value(QStringLiteral("used")).toInt(), 1);
    QCOMPARE(p.value(QStringLiteral("total_attempts")).toInt(), 13);
    QVERIFY(!show.out.contains(QStringLiteral("lena.fischer")));
    QVERIFY(!show.out.contains(QStringLiteral("73920416")));
    Run text = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                    QStringLiteral("acc-ravi")}, kAlicePw);
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(QStringLiteral("revoked")));
    QVERIFY(text.out.contains(QStringLiteral("compromised")));
    Run missing = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                       QStringLiteral("acc-nobody")}, kAlicePw);
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains(QStringLiteral("no account \"acc-nobody\"")));
}

void TestCli::signInFailuresLockTheOperator()
{
    setUpOperators();
    const QStringList show = {QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                              QStringLiteral("acc-lena")};
    for (int i = 0; i < 5; ++i) {
        Run r = cli(show, QStringLiteral("wrong-password"));
        QCOMPARE(r.exitCode, 1);
    }
    const QDateTime lockedAt = QDateTime::currentDateTimeUtc();
    Run sixth = cli(show, kAlicePw);
    QCOMPARE(sixth.exitCode, 1);
    QVERIFY2(sixth.err.contains(QStringLiteral("locked")), qPrintable(sixth.err));
    QVERIFY(sixth.out.isEmpty());
    // For 15 minutes (SPEC §7), as the admin sees it.
    Run list = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("operator"), QStringLiteral("list")}, kBossPw);
    QCOMPARE(list.exitCode, 0);
    QDateTime until;
    for (const QJsonValue &op : QJsonDocument::fromJson(list.out.toUtf8()).array())
        if (op[QStringLiteral("username")].toString() == QLatin1String("alice"))
            until = QDateTime::fromString(op[QStringLiteral("locked_until")].toString(), Qt::ISODate);
    QVERIFY2(until.isValid(), qPrintable(list.out));
    const qint64 seconds = lockedAt.secsTo(until);
    QVERIFY2(seconds > 14 * 60 && seconds <= 15 * 60, qPrintable(until.toString(Qt::ISODate)));
}

void TestCli::storageProblemsExitThree()
{
    if (test::onPostgres()) {
        // Nothing listens on port 1: one line naming the server, exit 3.
        Run down = cli({QStringLiteral("--db"), QStringLiteral("postgresql://recoverydesk_app@127.0.0.1:1/desk"), QStringLiteral("--as"),
                        QStringLiteral("x"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("a")},
                       QStringLiteral("pw"));
        QCOMPARE(down.exitCode, 3);
        QVERIFY2(down.err.startsWith(QStringLiteral("error: Cannot connect to the team database desk on 127.0.0.1: ")), qPrintable(down.err));
        QCOMPARE(down.err.count(u'\n'), 1);
        // A password in the URL is refused before anything is tried (exit 2), and not echoed.
        Run withPassword = cli({QStringLiteral("--db"), QStringLiteral("postgresql://recoverydesk_app:hunter2@127.0.0.1:1/desk"),
                                QStringLiteral("init")});
        QCOMPARE(withPassword.exitCode, 2);
        QVERIFY2(withPassword.err.contains(QStringLiteral("password")) && !withPassword.err.contains(QStringLiteral("hunter2")),
                 qPrintable(withPassword.err));
        return;
    }
    Run noDb = cli({QStringLiteral("--as"), QStringLiteral("x"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("a")},
                   QStringLiteral("pw"));
    QCOMPARE(noDb.exitCode, 3);
    // Word for word: core speaks of "the database", the command line of init and --db.
    QCOMPARE(noDb.err, QStringLiteral("error: No database at %1; run `recoverydesk-cli init` first or pass --db with the "
                                      "right path.\n").arg(m_ws->dbPath));
    QVERIFY(test::writeFile(m_ws->dbPath, QByteArray(16384, '\x5a')));
    Run corrupt = cli({QStringLiteral("--as"), QStringLiteral("x"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("a")},
                      QStringLiteral("pw"));
    QCOMPARE(corrupt.exitCode, 3);
    QVERIFY2(corrupt.err.contains(m_ws->dbPath), qPrintable(corrupt.err));
    QCOMPARE(corrupt.err.count(u'\n'), 1);
}

void TestCli::looseKeyDirectoryIsRefused()
{
    setUpOperators();
    QVERIFY(QFile::setPermissions(m_ws->keyDir + QStringLiteral("/data.key"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    Run r = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                 QStringLiteral("acc-lena")}, kAlicePw);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("chmod")), qPrintable(r.err));
}

void TestCli::keysOfAnotherInstallationAreRefused()
{
    setUpOperators();
    const QString otherKeys = m_ws->path(QStringLiteral("other-keys"));
    QCOMPARE(cli({QStringLiteral("--db"), m_ws->path(QStringLiteral("other.sqlite")), QStringLiteral("--key-dir"), otherKeys,
                  QStringLiteral("init")}).exitCode, 0);
    Run r = cli({QStringLiteral("--key-dir"), otherKeys, QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"),
                 QStringLiteral("show"), QStringLiteral("acc-lena")}, kAlicePw);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(QStringLiteral("does not belong to the database")), qPrintable(r.err));
    QVERIFY2(r.err.endsWith(QStringLiteral("; point --key-dir or RECOVERYDESK_KEY_DIR at the keys this database was created with.\n")),
             qPrintable(r.err));
}

void TestCli::fieldErrorsNameTheirFlags()
{
    setUpOperators();
    Run demo = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("demo"), QStringLiteral("--accounts"),
                    QStringLiteral("5")}, kBossPw);
    QCOMPARE(demo.exitCode, 2);
    QCOMPARE(demo.err, QStringLiteral("error: --accounts must be between 30 and 100000.\n"));
    Run open = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("case"), QStringLiteral("open"),
                    QStringLiteral("--account"), QStringLiteral("acc-lena"), QStringLiteral("--channel"), QStringLiteral("pigeon"),
                    QStringLiteral("--summary"), QStringLiteral("x")}, kAlicePw);
    QCOMPARE(open.exitCode, 2);
    QCOMPARE(open.err, QStringLiteral("error: --channel takes one of phone, email, chat, web.\n"));
    Run summary = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("case"), QStringLiteral("open"),
                       QStringLiteral("--account"), QStringLiteral("acc-lena"), QStringLiteral("--channel"), QStringLiteral("phone"),
                       QStringLiteral("--summary"), QStringLiteral(" ")}, kAlicePw);
    QCOMPARE(summary.exitCode, 2);
    QCOMPARE(summary.err, QStringLiteral("error: Give a summary of 1 to 2000 characters (--summary).\n"));
    // The reset request's inputs, checked before the case is looked up.
    const QStringList reset{QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("case"), QStringLiteral("request-reset"),
                            QStringLiteral("C-000001"), QStringLiteral("--justification"), QStringLiteral("lost")};
    const QList<std::pair<QStringList, QString>> inputs{
        {{QStringLiteral("--kind"), QStringLiteral("regenerate_codes"), QStringLiteral("--device"), QStringLiteral("d1")},
         QStringLiteral("--device applies only to --kind revoke_device_trust.")},
        {{QStringLiteral("--kind"), QStringLiteral("revoke_device_trust")}, QStringLiteral("revoke_device_trust needs --device ID.")},
        {{QStringLiteral("--kind"), QStringLiteral("unlock_account"), QStringLiteral("--contact"), QStringLiteral("a@b.example")},
         QStringLiteral("--contact applies only to --kind replace_recovery_contact.")},
        {{QStringLiteral("--kind"), QStringLiteral("replace_recovery_contact"), QStringLiteral("--contact"), QStringLiteral("nope")},
         QStringLiteral("replace_recovery_contact needs --contact with an email address or a phone number in international "
                        "form (+46...).")},
    };
    for (const auto &[extra, expected] : inputs) {
        Run r = cli(reset + extra, kAlicePw);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("error: ") + expected + u'\n');
    }
}

void TestCli::missingPasswordIsBadUsage()
{
    setUpOperators();
    Run r = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("x")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("RECOVERYDESK_PASSWORD")));
    Run noAs = cli({QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("x")}, kAlicePw);
    QCOMPARE(noAs.exitCode, 2);
    QVERIFY(noAs.err.contains(QStringLiteral("--as")));
}

void TestCli::hostileInputIsOnlyText()
{
    setUpOperators();
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), test::dataPath(QStringLiteral("import/world.jsonl"))}, kBossPw).exitCode, 0);
    Run r = cli({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("account"), QStringLiteral("show"),
                 QStringLiteral("'; drop table accounts; --")}, kAlicePw);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(m_ws->open());
    QCOMPARE(m_ws->count(QStringLiteral("accounts")), 3);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
