// Cases, four-eyes resets, the outbox and the audit trail through the real CLI, the way the
// acceptance of SPEC §7-§9 runs them; and the command x role table of SPEC §9.
#include "CliRunner.h"

#include "crypto/Aead.h"
#include "crypto/RsaOaep.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include "DebianTools.h"

using namespace rd;

namespace {

QString passwordOf(const QString &user) { return test::CliDesk::passwordOf(user); }
const QString kBoss = passwordOf(QStringLiteral("boss"));
const QString kAlice = passwordOf(QStringLiteral("alice"));
const QString kSam = passwordOf(QStringLiteral("sam"));
const QString kSue = passwordOf(QStringLiteral("sue"));

} // namespace

class TestCliCases : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void resetAcceptance();
    void concurrentWritersKeepOneChain();
    void auditTamperIsCaught();
    void roleTable_data();
    void roleTable();

private:
    test::CliRun as(const QString &user, const QStringList &args) { return m_desk->as(user, args); }
    bool openssl(const QStringList &args);

    test::Workspace m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
    test::CliRunner *m_cli = nullptr;
    QString m_case;
};

void TestCliCases::initTestCase()
{
    m_desk = std::make_unique<test::CliDesk>(m_ws);
    m_cli = &m_desk->cli;
    QVERIFY(m_desk->create({{"alice", "agent"}, {"sam", "supervisor"}, {"sue", "supervisor"}}, true));
}

bool TestCliCases::openssl(const QStringList &args)
{
    const QString exe = test::debianTool(QStringLiteral("openssl"));
    if (exe.isEmpty()) {
        qWarning("openssl is missing: bash tools/rd.sh test installs it");
        return false;
    }
    QProcess p;
    p.start(exe, args);
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

void TestCliCases::resetAcceptance()
{
    const QStringList json{QStringLiteral("--json")};
    auto opened = as(QStringLiteral("alice"), json + QStringList{QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                                             QStringLiteral("--channel"), QStringLiteral("phone"), QStringLiteral("--summary"),
                                                             QStringLiteral("Backup code rejected")});
    QCOMPARE(opened.exitCode, 0);
    m_case = QJsonDocument::fromJson(opened.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    QVERIFY(m_case.startsWith(QStringLiteral("C-")));
    const QStringList request{QStringLiteral("case"), QStringLiteral("request-reset"), m_case, QStringLiteral("--kind"), QStringLiteral("regenerate_codes"),
                              QStringLiteral("--justification"), QStringLiteral("lost printout")};
    QCOMPARE(as(QStringLiteral("alice"), request).exitCode, 1); // no evidence
    auto evidence = [&](const char *method) {
        return as(QStringLiteral("alice"), json + QStringList{QStringLiteral("case"), QStringLiteral("evidence"), m_case, QStringLiteral("--method"),
                                                          QLatin1String(method), QStringLiteral("--result"), QStringLiteral("pass")});
    };
    QCOMPARE(QJsonDocument::fromJson(evidence("email_otp").out.toUtf8()).object().value(QStringLiteral("level")).toString(), QStringLiteral("basic"));
    QCOMPARE(QJsonDocument::fromJson(evidence("knowledge_check").out.toUtf8()).object().value(QStringLiteral("level")).toString(), QStringLiteral("basic"));
    QCOMPARE(as(QStringLiteral("alice"), request).exitCode, 1); // still not strong
    QCOMPARE(QJsonDocument::fromJson(evidence("government_id").out.toUtf8()).object().value(QStringLiteral("level")).toString(), QStringLiteral("strong"));
    auto requested = as(QStringLiteral("alice"), json + request);
    QCOMPARE(requested.exitCode, 0);
    const QString rid = QJsonDocument::fromJson(requested.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    const QStringList approve{QStringLiteral("case"), QStringLiteral("approve"), m_case, QStringLiteral("--request"), rid, QStringLiteral("--reason"), QStringLiteral("ok")};
    QCOMPARE(as(QStringLiteral("alice"), approve).exitCode, 1);
    QCOMPARE(as(QStringLiteral("boss"), approve).exitCode, 1);
    QCOMPARE(as(QStringLiteral("sam"), approve).exitCode, 0);

    const QStringList execute{QStringLiteral("--json"), QStringLiteral("case"), QStringLiteral("execute"), m_case, QStringLiteral("--request"), rid};
    auto executed = as(QStringLiteral("alice"), execute);
    QCOMPARE(executed.exitCode, 0);
    const QJsonObject result = QJsonDocument::fromJson(executed.out.toUtf8()).object();
    QCOMPARE(result.value(QStringLiteral("codes")).toInt(), 10);
    QCOMPARE(result.keys().size(), 5); // action, kind, already_executed, set, codes: never the codes themselves
    auto again = as(QStringLiteral("alice"), execute);
    QCOMPARE(again.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(again.out.toUtf8()).object().value(QStringLiteral("already_executed")).toBool());

    const QString outbox = m_ws.path(QStringLiteral("outbox.jsonl"));
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out"), outbox}).exitCode, 0);
    const QString pub = m_ws.path(QStringLiteral("pub.pem"));
    auto pem = (*m_cli)({QStringLiteral("audit"), QStringLiteral("pubkey")});
    QCOMPARE(pem.exitCode, 0);
    QVERIFY(test::writeFile(pub, pem.out.toUtf8()));
    QVERIFY(openssl({QStringLiteral("pkeyutl"), QStringLiteral("-verify"), QStringLiteral("-pubin"), QStringLiteral("-inkey"), pub,
                     QStringLiteral("-rawin"), QStringLiteral("-in"), outbox, QStringLiteral("-sigfile"), outbox + QStringLiteral(".sig")}));
    const QList<QByteArray> lines = test::readFile(outbox).trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject package = QJsonDocument::fromJson(lines[0]).object().value(QStringLiteral("payload")).toObject().value(QStringLiteral("delivery")).toObject();
    auto key = crypto::rsaOaepSha256Unwrap(test::readFile(test::dataPath(QStringLiteral("crypto/rsa2048-private.pem"))),
                                           QByteArray::fromBase64(package.value(QStringLiteral("wrapped_key")).toString().toLatin1()));
    QVERIFY(key.ok());
    auto plain = crypto::aes256GcmDecrypt(key->view(), {QByteArray::fromBase64(package.value(QStringLiteral("iv")).toString().toLatin1()),
                                                         QByteArray::fromBase64(package.value(QStringLiteral("ciphertext")).toString().toLatin1()),
                                                         QByteArray::fromBase64(package.value(QStringLiteral("tag")).toString().toLatin1())});
    QVERIFY(plain.ok());
    const QJsonArray codes = QJsonDocument::fromJson(plain->view().toByteArray()).object().value(QStringLiteral("codes")).toArray();
    QCOMPARE(codes.size(), 10);
    QStringList secrets;
    for (const QJsonValue &c : codes) {
        QCOMPARE(c.toString().size(), 16);
        secrets << c.toString();
        auto d = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                              QStringLiteral("--code"), c.toString()});
        const QString cause = QJsonDocument::fromJson(d.out.toUtf8()).object().value(QStringLiteral("primary_cause")).toString();
        QVERIFY2(cause == QLatin1String("VALID_UNUSED") || cause == QLatin1String("SYNC_LAG"), qPrintable(cause));
    }
    auto old = as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                            QStringLiteral("--code"), QStringLiteral("P4W8R-ZN3CD")});
    QCOMPARE(QJsonDocument::fromJson(old.out.toUtf8()).object().value(QStringLiteral("primary_cause")).toString(), QStringLiteral("SUPERSEDED"));

    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    const QString exported = m_ws.path(QStringLiteral("audit.jsonl"));
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), exported}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchor"), exported}).exitCode, 0);
    QVERIFY(openssl({QStringLiteral("pkeyutl"), QStringLiteral("-verify"), QStringLiteral("-pubin"), QStringLiteral("-inkey"), pub,
                     QStringLiteral("-rawin"), QStringLiteral("-in"), exported, QStringLiteral("-sigfile"), exported + QStringLiteral(".sig")}));
    secrets << QStringLiteral("lena.fischer@example.net") << QStringLiteral("73920416");
    const QByteArray trail = test::readFile(exported);
    for (const QString &s : std::as_const(secrets))
        QVERIFY(!trail.contains(s.toUtf8()));
    QFile::remove(outbox); // holds the sealed package, not plaintext; the scan covers the database
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.checkpoint());
    m_ws.close();
    const QStringList found = m_ws.plaintextFound(secrets.mid(0, 10));
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u' ')));
    // No operator ever saw a new code: none is in any output of any command.
    for (const test::CliRun &r : std::as_const(m_cli->outputs))
        for (const QString &s : secrets.mid(0, 10))
            QVERIFY(!r.out.contains(s) && !r.err.contains(s));
}

void TestCliCases::auditTamperIsCaught()
{
    const QString anchor = m_ws.path(QStringLiteral("anchor.jsonl"));
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), anchor}).exitCode, 0);
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE audit_log SET operator = 'mallory' WHERE seq = 7")}));
    m_ws.close();
    auto edited = as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(edited.exitCode, 1);
    QVERIFY2(edited.err.contains(QStringLiteral("entry 7")), qPrintable(edited.err));
    // Undo the edit, then delete the newest entries and every checkpoint: only the anchor tells.
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.tamper({QStringLiteral("UPDATE audit_log SET operator = (SELECT operator FROM audit_log WHERE seq = 6) WHERE seq = 7"),
                         QStringLiteral("DELETE FROM audit_log WHERE seq > 20"), QStringLiteral("DELETE FROM audit_checkpoints")}));
    m_ws.close();
    auto anchored = as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchor"), anchor});
    QCOMPARE(anchored.exitCode, 1);
    QVERIFY2(anchored.err.contains(QStringLiteral("truncated")) || anchored.err.contains(QStringLiteral("edited")), qPrintable(anchored.err));
}

void TestCliCases::concurrentWritersKeepOneChain()
{
    const QString diagnosesOfCase = QStringLiteral("SELECT COUNT(*) FROM diagnoses WHERE case_id = '%1'").arg(m_case);
    QVERIFY(m_ws.open());
    auto before = storage::exec(m_ws.connection(), diagnosesOfCase);
    QVERIFY(before.ok() && before->next());
    const int diagnosesBefore = before->value(0).toInt();
    before->finish();
    m_ws.close();
    // Twelve processes work the same case at once (eight notes, two pieces of evidence, two
    // diagnoses attached to it): none may fail, none may be lost, and the audit chain stays one
    // chain. On PostgreSQL (tst_cli_cases_pg) they are twelve connections to one server.
    QList<QProcess *> running;
    for (int i = 0; i < 12; ++i) {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECOVERYDESK_DB"), m_ws.dbPath);
        env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), m_ws.keyDir);
        env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), i % 2 ? kAlice : kSam);
        p->setProcessEnvironment(env);
        QStringList args{QStringLiteral("--as"), i % 2 ? QStringLiteral("alice") : QStringLiteral("sam")};
        if (i < 8)
            args << QStringLiteral("case") << QStringLiteral("note") << m_case << QStringLiteral("--text")
                 << QStringLiteral("parallel note %1").arg(i);
        else if (i < 10)
            args << QStringLiteral("case") << QStringLiteral("evidence") << m_case << QStringLiteral("--method")
                 << (i == 8 ? QStringLiteral("video_call") : QStringLiteral("knowledge_check")) << QStringLiteral("--result")
                 << QStringLiteral("pass") << QStringLiteral("--note") << QStringLiteral("parallel evidence %1").arg(i);
        else
            args << QStringLiteral("diagnose") << QStringLiteral("--account") << QStringLiteral("acc-lena") << QStringLiteral("--code")
                 << QStringLiteral("0000-000%1").arg(i) << QStringLiteral("--case") << m_case;
        p->start(qEnvironmentVariable("RD_CLI"), args);
        running << p;
    }
    for (QProcess *p : std::as_const(running)) {
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, qPrintable(p->arguments().join(u' ') + QStringLiteral(": ") + QString::fromUtf8(p->readAllStandardError())));
    }
    QVERIFY(m_ws.open());
    const QList<QPair<QString, int>> expected = {
        {QStringLiteral("SELECT COUNT(*) FROM case_notes WHERE text LIKE 'parallel note %'"), 8},
        {QStringLiteral("SELECT COUNT(*) FROM evidence WHERE note LIKE 'parallel evidence %'"), 2},
        {diagnosesOfCase, diagnosesBefore + 2}};
    for (const auto &[sql, count] : expected) {
        auto q = storage::exec(m_ws.connection(), sql);
        QVERIFY(q.ok() && q->next());
        QVERIFY2(q->value(0).toInt() == count, qPrintable(sql));
    }
    m_ws.close();
    const test::CliRun verify = as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(verify.exitCode, 0);
}

void TestCliCases::roleTable_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("allowed"); // roles, comma separated
    const QString c = QStringLiteral("C-000001");
    auto row = [](const char *name, QStringList args, const char *allowed) { QTest::newRow(name) << args << QString::fromLatin1(allowed); };
    row("account show", {QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-lena")}, "alice,sam");
    row("diagnose", {QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"), QStringLiteral("--code"), QStringLiteral("1")}, "alice,sam");
    row("case open", {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"), QStringLiteral("acc-zoe"), QStringLiteral("--channel"),
                      QStringLiteral("chat"), QStringLiteral("--summary"), QStringLiteral("s")}, "alice,sam");
    for (const char *sub : {"show", "hold", "resume", "reopen", "close"})
        row(qPrintable(QStringLiteral("case %1").arg(QLatin1String(sub))), {QStringLiteral("case"), QLatin1String(sub), c}, "alice,sam");
    row("case list", {QStringLiteral("case"), QStringLiteral("list")}, "alice,sam");
    row("case assign", {QStringLiteral("case"), QStringLiteral("assign"), c, QStringLiteral("--to"), QStringLiteral("alice")}, "alice,sam");
    row("case note", {QStringLiteral("case"), QStringLiteral("note"), c, QStringLiteral("--text"), QStringLiteral("n")}, "alice,sam");
    row("case evidence", {QStringLiteral("case"), QStringLiteral("evidence"), c, QStringLiteral("--method"), QStringLiteral("video_call"),
                          QStringLiteral("--result"), QStringLiteral("fail")}, "alice,sam");
    row("case request-reset", {QStringLiteral("case"), QStringLiteral("request-reset"), c, QStringLiteral("--kind"), QStringLiteral("unlock_account"),
                               QStringLiteral("--justification"), QStringLiteral("j")}, "alice,sam");
    row("case execute", {QStringLiteral("case"), QStringLiteral("execute"), c, QStringLiteral("--request"), QStringLiteral("R-999999")}, "alice,sam");
    row("case resolve", {QStringLiteral("case"), QStringLiteral("resolve"), c, QStringLiteral("--resolution"), QStringLiteral("r")}, "alice,sam");
    row("case approve", {QStringLiteral("case"), QStringLiteral("approve"), c, QStringLiteral("--request"), QStringLiteral("R-999999"),
                         QStringLiteral("--reason"), QStringLiteral("r")}, "sam");
    row("case reject", {QStringLiteral("case"), QStringLiteral("reject"), c, QStringLiteral("--request"), QStringLiteral("R-999999"),
                        QStringLiteral("--reason"), QStringLiteral("r")}, "sam");
    row("audit verify", {QStringLiteral("audit"), QStringLiteral("verify")}, "sam");
    row("audit export", {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("/dev/null/x")}, "sam");
    row("import", {QStringLiteral("import"), QStringLiteral("/nonexistent.jsonl")}, "boss");
    row("demo", {QStringLiteral("demo"), QStringLiteral("--accounts"), QStringLiteral("1")}, "boss");
    row("operator list", {QStringLiteral("operator"), QStringLiteral("list")}, "boss");
    row("operator disable", {QStringLiteral("operator"), QStringLiteral("disable"), QStringLiteral("nobody")}, "boss");
    row("delivery-key set", {QStringLiteral("delivery-key"), QStringLiteral("set"), QStringLiteral("/nonexistent.pem")}, "boss");
    row("policy set", {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("sync_window_s"), QStringLiteral("120")}, "boss");
    row("outbox export", {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("/dev/null/x")}, "sam,boss");
}

void TestCliCases::roleTable()
{
    QFETCH(QStringList, args);
    QFETCH(QString, allowed);
    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("sam"), QStringLiteral("boss")}) {
        QVERIFY(m_ws.open());
        auto before = storage::exec(m_ws.connection(), QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'denied'"));
        QVERIFY(before.ok() && before->next());
        const int denied = before->value(0).toInt();
        before->finish();
        m_ws.close();
        const test::CliRun r = as(user, args);
        QVERIFY(m_ws.open());
        if (allowed.split(u',').contains(user)) {
            QVERIFY2(r.exitCode != 1 || !r.err.contains(QStringLiteral("may not")), qPrintable(user + QStringLiteral(": ") + r.err));
        } else {
            QVERIFY2(r.exitCode == 1 && r.err.contains(QStringLiteral("may not")), qPrintable(user + QStringLiteral(": ") + r.err));
            auto after = storage::exec(m_ws.connection(), QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'denied'"));
            QVERIFY(after.ok() && after->next());
            QCOMPARE(after->value(0).toInt(), denied + 1);
        }
    }
}

QTEST_GUILESS_MAIN(TestCliCases)
#include "tst_cli_cases.moc"
