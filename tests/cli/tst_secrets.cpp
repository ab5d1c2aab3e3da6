// No secret in clear anywhere (SPEC §14): after a working day through the real CLI (import,
// a rejected import, diagnoses of every imported code, resets that generate codes and replace
// a contact, outbox and audit exports), the database, its WAL, every export and every line any
// command printed are scanned for every imported and generated code and every email and phone.
#include "CliRunner.h"

#include "crypto/Aead.h"
#include "crypto/RsaOaep.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace rd;

namespace {

const QString kBoss = QStringLiteral("boss-password-1");
const QString kAlice = QStringLiteral("alice-password-1");
const QString kSam = QStringLiteral("sam-password-12");
const QString kNewContact = QStringLiteral("new.contact.4711@example.org");

// Every code, email and phone the fixtures hold in clear.
QStringList fixtureSecrets(const QStringList &files)
{
    QStringList secrets;
    for (const QString &file : files) {
        for (const QByteArray &line : test::readFile(file).split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            for (const char *field : {"email", "phone"})
                if (o.value(QLatin1String(field)).isString())
                    secrets << o.value(QLatin1String(field)).toString();
            for (const QJsonValue &c : o.value(QStringLiteral("codes")).toArray())
                if (c[QStringLiteral("code")].isString())
                    secrets << c[QStringLiteral("code")].toString();
        }
    }
    secrets.removeDuplicates();
    return secrets;
}

QByteArray unseal(const QJsonObject &package)
{
    auto key = crypto::rsaOaepSha256Unwrap(test::readFile(test::dataPath(QStringLiteral("crypto/rsa2048-private.pem"))),
                                           QByteArray::fromBase64(package.value(QStringLiteral("wrapped_key")).toString().toLatin1()));
    if (!key)
        return {};
    auto plain = crypto::aes256GcmDecrypt(key->view(), {QByteArray::fromBase64(package.value(QStringLiteral("iv")).toString().toLatin1()),
                                                         QByteArray::fromBase64(package.value(QStringLiteral("ciphertext")).toString().toLatin1()),
                                                         QByteArray::fromBase64(package.value(QStringLiteral("tag")).toString().toLatin1())});
    return plain ? plain->view().toByteArray() : QByteArray();
}

} // namespace

class TestSecrets : public QObject {
    Q_OBJECT
private slots:
    void noSecretInClearAnywhere();

private:
    test::CliRun as(const QString &user, const QStringList &args)
    {
        const QString pw = user == QLatin1String("boss") ? kBoss : user == QLatin1String("sam") ? kSam : kAlice;
        return (*m_cli)(QStringList{QStringLiteral("--as"), user} + args, pw);
    }
    QString reset(const QString &account, const QStringList &kind);

    test::Workspace m_ws;
    std::unique_ptr<test::CliRunner> m_cli;
};

// Opens a case, makes it strong, requests the reset, has it approved and executes it.
QString TestSecrets::reset(const QString &account, const QStringList &kind)
{
    const QStringList json{QStringLiteral("--json")};
    auto opened = as(QStringLiteral("alice"), json + QStringList{QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"), account,
                                                             QStringLiteral("--channel"), QStringLiteral("phone"), QStringLiteral("--summary"),
                                                             QStringLiteral("Locked out")});
    const QString caseId = QJsonDocument::fromJson(opened.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    for (const char *method : {"email_otp", "government_id"})
        if (as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("evidence"), caseId, QStringLiteral("--method"), QLatin1String(method),
                                         QStringLiteral("--result"), QStringLiteral("pass")}).exitCode != 0)
            return {};
    auto requested = as(QStringLiteral("alice"), json + QStringList{QStringLiteral("case"), QStringLiteral("request-reset"), caseId}
                                                     + kind + QStringList{QStringLiteral("--justification"), QStringLiteral("lost access")});
    const QString rid = QJsonDocument::fromJson(requested.out.toUtf8()).object().value(QStringLiteral("id")).toString();
    if (as(QStringLiteral("sam"), {QStringLiteral("case"), QStringLiteral("approve"), caseId, QStringLiteral("--request"), rid,
                                   QStringLiteral("--reason"), QStringLiteral("ok")}).exitCode != 0
        || as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("execute"), caseId, QStringLiteral("--request"), rid}).exitCode != 0)
        return {};
    return caseId;
}

void TestSecrets::noSecretInClearAnywhere()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("RD_CLI")), "RD_CLI must point at recoverydesk-cli");
    m_cli = std::make_unique<test::CliRunner>(m_ws);
    auto &cli = *m_cli;
    QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, kBoss).exitCode, 0);
    for (const auto &[user, role, pw] : {std::tuple{"alice", "agent", kAlice}, std::tuple{"sam", "supervisor", kSam}}) {
        const test::CliRun added = cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("operator"),
                                        QStringLiteral("add"), QLatin1String(user), QStringLiteral("--role"), QLatin1String(role)},
                                       kBoss, QStringLiteral("given-by-boss"));
        QCOMPARE(added.exitCode, 0);
        const QString oneTime = test::CliDesk::oneTimePasswordOf(added); // sam's: boss is alone, so it is whole
        QVERIFY(cli.firstSignIn(QLatin1String(user), oneTime.isEmpty() ? QStringLiteral("given-by-boss") : oneTime, pw));
    }
    // This connection stays open, so the WAL the CLI writes is not checkpointed away before the scan.
    QVERIFY(m_ws.open());

    const QString world = test::dataPath(QStringLiteral("import/world.jsonl"));
    const QString rejected = test::dataPath(QStringLiteral("malformed/duplicate-conflict.jsonl"));
    QStringList secrets = fixtureSecrets({world, rejected});
    QVERIFY(secrets.size() >= 25);
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("import"), world}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("import"), rejected}).exitCode, 2);
    auto key = as(QStringLiteral("boss"), {QStringLiteral("--json"), QStringLiteral("delivery-key"), QStringLiteral("set"),
                                           test::dataPath(QStringLiteral("crypto/rsa2048-public.pem"))});
    QCOMPARE(key.exitCode, 0);
    // Four eyes: sam confirms the key boss asked for.
    const QString grant = QJsonDocument::fromJson(key.out.toUtf8()).object().value(QStringLiteral("grant")).toString();
    QVERIFY(!grant.isEmpty());
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("operator"), QStringLiteral("confirm"), grant}).exitCode, 0);

    // Agents type codes into diagnose, attached to a case, in the spellings users read them.
    const QString caseId = reset(QStringLiteral("acc-lena"), {QStringLiteral("--kind"), QStringLiteral("regenerate_codes")});
    QVERIFY(!caseId.isEmpty());
    for (const QString &s : std::as_const(secrets)) {
        if (s.contains(u'@') || s.startsWith(u'+'))
            continue;
        const QString spaced = s.left(4) + u' ' + s.mid(4);
        QVERIFY(as(QStringLiteral("alice"), {QStringLiteral("diagnose"), QStringLiteral("--account"), QStringLiteral("acc-lena"), QStringLiteral("--code"),
                                             spaced, QStringLiteral("--case"), caseId}).exitCode == 0);
    }
    QVERIFY(!reset(QStringLiteral("acc-ravi"), {QStringLiteral("--kind"), QStringLiteral("replace_recovery_contact"), QStringLiteral("--contact"), kNewContact}).isEmpty());
    secrets << kNewContact;

    const QString outbox = m_ws.path(QStringLiteral("outbox.jsonl"));
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out"), outbox}).exitCode, 0);
    for (const QString &format : {QStringLiteral("jsonl"), QStringLiteral("csv")})
        QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"), format, QStringLiteral("--out"),
                                            m_ws.path(QStringLiteral("audit.") + format)}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("sam"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("case"), QStringLiteral("show"), caseId}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-lena")}).exitCode, 0);
    QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("acc-ravi")}).exitCode, 0);

    // The generated codes, as the platform reads them from the sealed packages.
    int generated = 0;
    for (const QByteArray &line : test::readFile(outbox).trimmed().split('\n')) {
        const QJsonObject payload = QJsonDocument::fromJson(line).object().value(QStringLiteral("payload")).toObject();
        const QJsonObject sealed = QJsonDocument::fromJson(unseal(payload.value(QStringLiteral("delivery")).toObject())).object();
        for (const QJsonValue &c : sealed.value(QStringLiteral("codes")).toArray()) {
            secrets << c.toString();
            ++generated;
        }
    }
    QCOMPARE(generated, 10);

    // The scan: database, WAL (still there: this process holds a connection), exports, signatures;
    // on PostgreSQL a dump of everything the server holds for this database.
    if (test::onPostgres())
        QVERIFY(m_ws.checkpoint());
    else
        QVERIFY(QFile::exists(m_ws.dbPath + QStringLiteral("-wal")));
    QStringList found = m_ws.plaintextFound(secrets, true);
    for (const test::CliRun &r : std::as_const(cli.outputs))
        found += test::Workspace::foundIn(r.out + r.err, secrets, QStringLiteral("CLI output"));
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    // And once more after the WAL went into the main file.
    m_ws.close();
    found = m_ws.plaintextFound(secrets, true);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
