// Four eyes on who may approve (issue 16, finding 1), end to end through the CLI as a rogue
// admin would try it: one person can no longer complete a reset and read the new codes.
#include "CliRunner.h"

#include "crypto/Hash.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace rd;

class TestCliFourEyes : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void oneAdminCannotCompleteAResetAlone();
    void grantsWaitForASecondPerson();
    void theDeliveryKeyIsPinned();
    void noWayBackToAlone();

private:
    test::CliRun as(const QString &user, const QStringList &args) { return m_desk->as(user, args); }
    QJsonObject json(const QString &user, const QStringList &args, int exitCode = 0)
    {
        auto run = as(user, QStringList{QStringLiteral("--json")} + args);
        if (run.exitCode != exitCode)
            qWarning() << args << run.exitCode << run.err;
        return QJsonDocument::fromJson(run.out.toUtf8()).object();
    }
    QString openStrongCase(const QString &agent);

    test::Workspace m_ws;
    std::unique_ptr<test::CliDesk> m_desk;
    QString m_keyPath;
};

void TestCliFourEyes::initTestCase()
{
    m_desk = std::make_unique<test::CliDesk>(m_ws);
    // boss alone, then the finding's cast: an agent and a supervisor boss made himself.
    QVERIFY(m_desk->create({}, false));
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("import"), test::dataPath(QStringLiteral("import/world.jsonl"))}).exitCode, 0);
    m_keyPath = test::dataPath(QStringLiteral("crypto/rsa2048-public.pem"));
}

QString TestCliFourEyes::openStrongCase(const QString &agent)
{
    const QString id = json(agent, {QStringLiteral("case"), QStringLiteral("open"), QStringLiteral("--account"), QStringLiteral("acc-lena"),
                                    QStringLiteral("--channel"), QStringLiteral("phone"), QStringLiteral("--summary"), QStringLiteral("locked out")})
                           .value(QStringLiteral("id"))
                           .toString();
    for (const char *method : {"email_otp", "government_id"})
        as(agent, {QStringLiteral("case"), QStringLiteral("evidence"), id, QStringLiteral("--method"), QLatin1String(method),
                   QStringLiteral("--result"), QStringLiteral("pass")});
    return id;
}

void TestCliFourEyes::oneAdminCannotCompleteAResetAlone()
{
    // boss chooses their first passwords and, being the rogue here, makes their first sign-ins too.
    auto addAs = [&](const char *name, const char *role) {
        const QString typed = test::CliDesk::firstPasswordOf(QLatin1String(name));
        auto added = m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("operator"),
                                  QStringLiteral("add"), QLatin1String(name), QStringLiteral("--role"), QLatin1String(role)},
                                 test::CliDesk::passwordOf(QStringLiteral("boss")), typed);
        const QString oneTime = test::CliDesk::oneTimePasswordOf(added); // whole: boss is alone
        if (added.exitCode == 0 && !m_desk->firstSignIn(QLatin1String(name), oneTime.isEmpty() ? typed : oneTime))
            added.exitCode = -3;
        return added;
    };
    QCOMPARE(addAs("solo-a", "agent").exitCode, 0);
    // boss is alone: the supervisor takes effect at once, and says so.
    auto solo = addAs("solo-s", "supervisor");
    QCOMPARE(solo.exitCode, 0);
    const QJsonObject soloOut = QJsonDocument::fromJson(solo.out.toUtf8()).object();
    QCOMPARE(soloOut.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(soloOut.value(QStringLiteral("four_eyes")).toBool(), false);
    // Now there is a second person: boss's own delivery key waits for solo-s.
    const QJsonObject key = json(QStringLiteral("boss"), {QStringLiteral("delivery-key"), QStringLiteral("set"), m_keyPath});
    QCOMPARE(key.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    const QString keyGrant = key.value(QStringLiteral("grant")).toString();
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("confirm"), keyGrant}).exitCode, 1); // not his own

    const QString caseId = openStrongCase(QStringLiteral("solo-a"));
    const QString rid = json(QStringLiteral("solo-a"), {QStringLiteral("case"), QStringLiteral("request-reset"), caseId, QStringLiteral("--kind"),
                                                        QStringLiteral("regenerate_codes"), QStringLiteral("--justification"), QStringLiteral("lost")})
                            .value(QStringLiteral("id"))
                            .toString();
    QVERIFY(!rid.isEmpty());
    QCOMPARE(as(QStringLiteral("solo-s"), {QStringLiteral("case"), QStringLiteral("approve"), caseId, QStringLiteral("--request"), rid,
                                           QStringLiteral("--reason"), QStringLiteral("ok")})
                 .exitCode,
             0);
    // The key boss set never took effect: nothing is sealed, no codes exist for anyone to read.
    auto executed = as(QStringLiteral("solo-a"), {QStringLiteral("case"), QStringLiteral("execute"), caseId, QStringLiteral("--request"), rid});
    QCOMPARE(executed.exitCode, 1);
    QVERIFY2(executed.err.contains(QStringLiteral("No delivery key")), qPrintable(executed.err));

    // The trail says where four eyes rested on one person: the grant and the approval.
    QVERIFY(m_ws.open());
    QSqlQuery q(m_ws.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT action FROM audit_log WHERE details LIKE '%\"four_eyes\":false%' ORDER BY seq")));
    QStringList marked;
    while (q.next())
        marked << q.value(0).toString();
    m_ws.close();
    QCOMPARE(marked, (QStringList{QStringLiteral("operator.add"), QStringLiteral("reset.approve")}));
    auto verify = json(QStringLiteral("solo-s"), {QStringLiteral("audit"), QStringLiteral("verify")});
    QCOMPARE(verify.value(QStringLiteral("without_second_person")).toInt(), 2);
    QVERIFY(verify.value(QStringLiteral("message")).toString().contains(QStringLiteral("without a second person")));
    // The case report says so too, in words.
    QTemporaryDir dir;
    const QString reportPath = dir.filePath(QStringLiteral("r.json"));
    QCOMPARE(as(QStringLiteral("solo-a"), {QStringLiteral("report"), QStringLiteral("--case"), caseId, QStringLiteral("--format"), QStringLiteral("json"),
                                           QStringLiteral("--out"), reportPath})
                 .exitCode,
             0);
    const QJsonArray warnings = QJsonDocument::fromJson(test::readFile(reportPath)).object().value(QStringLiteral("four_eyes_warnings")).toArray();
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().toString().contains(QStringLiteral("solo-s")));
    // solo-s, the second person, declines boss's key.
    QCOMPARE(as(QStringLiteral("solo-s"), {QStringLiteral("operator"), QStringLiteral("decline"), keyGrant}).exitCode, 0);
}

void TestCliFourEyes::grantsWaitForASecondPerson()
{
    // A supervisor exists (solo-s): boss's next privileged grant waits.
    const QJsonObject sue = QJsonDocument::fromJson(m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"),
                                                                 QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("sue"),
                                                                 QStringLiteral("--role"), QStringLiteral("supervisor")},
                                                                test::CliDesk::passwordOf(QStringLiteral("boss")))
                                                        .out.toUtf8())
                                .object();
    // boss holds the first part of sue's one-time password, and only that.
    QCOMPARE(sue.value(QStringLiteral("one_time_password_part")).toString(), QStringLiteral("first"));
    const QString bossPart = sue.value(QStringLiteral("one_time_password")).toString();
    QCOMPARE(bossPart.size(), 19);
    QCOMPARE(sue.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    // Not an operator yet: sue cannot sign in.
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 1);
    // Raising the agent to supervisor waits too; nobody confirms a grant for themselves.
    const QJsonObject raise = json(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("role"), QStringLiteral("solo-a"),
                                                            QStringLiteral("--role"), QStringLiteral("supervisor")});
    QCOMPARE(raise.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    const QJsonArray pending = QJsonDocument::fromJson(as(QStringLiteral("solo-s"), {QStringLiteral("--json"), QStringLiteral("operator"),
                                                                                     QStringLiteral("grants")})
                                                           .out.toUtf8())
                                   .array();
    QCOMPARE(pending.size(), 2);
    // The confirmer receives the second part. Neither part alone is sue's password (H3): boss
    // cannot take over sue, and neither can solo-s.
    const QJsonObject confirmed = json(QStringLiteral("solo-s"), {QStringLiteral("operator"), QStringLiteral("confirm"),
                                                                  sue.value(QStringLiteral("grant")).toString()});
    QCOMPARE(confirmed.value(QStringLiteral("state")).toString(), QStringLiteral("confirmed"));
    QCOMPARE(confirmed.value(QStringLiteral("username")).toString(), QStringLiteral("sue"));
    QCOMPARE(confirmed.value(QStringLiteral("one_time_password_part")).toString(), QStringLiteral("second"));
    const QString confirmerPart = confirmed.value(QStringLiteral("one_time_password")).toString();
    QCOMPARE(confirmerPart.size(), 19);
    const QStringList list = {QStringLiteral("--as"), QStringLiteral("sue"), QStringLiteral("case"), QStringLiteral("list")};
    for (const QString &onePart : {bossPart, confirmerPart}) {
        auto takeover = m_desk->cli(list, onePart, QStringLiteral("someone-elses-now"));
        QCOMPARE(takeover.exitCode, 1);
        QVERIFY2(takeover.err.contains(QStringLiteral("Wrong username or password")), qPrintable(takeover.err));
    }
    // Both parts open nothing but the choice of sue's own password (no terminal here: refused).
    const QString oneTime = bossPart + u' ' + confirmerPart;
    auto onlyOneTime = m_desk->cli(list, oneTime);
    QCOMPARE(onlyOneTime.exitCode, 1);
    QVERIFY2(onlyOneTime.err.contains(QStringLiteral("RECOVERYDESK_NEW_PASSWORD")), qPrintable(onlyOneTime.err));
    // With her own new password the command runs, and from then on only hers works.
    QCOMPARE(m_desk->cli(list, oneTime, test::CliDesk::passwordOf(QStringLiteral("sue"))).exitCode, 0);
    QCOMPARE(m_desk->cli(list, oneTime).exitCode, 1);
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 0);
    // A decided grant keeps no copy of the password hash (only the operator row does).
    QVERIFY(m_ws.open());
    {
        QSqlQuery q(m_ws.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM pending_grants WHERE state <> 'pending' AND password_hash IS NOT NULL")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
    m_ws.close();
    // solo-s was granted alone, so a grant only solo-s confirmed rests on one person too.
    QVERIFY(m_ws.open());
    {
        QSqlQuery q(m_ws.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT granted_alone FROM operators WHERE username = 'sue'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    m_ws.close();
    // Promoting the agent boss added replaces the password boss once chose for them.
    const QJsonObject raised1 = json(QStringLiteral("sue"), {QStringLiteral("operator"), QStringLiteral("confirm"),
                                                             raise.value(QStringLiteral("grant")).toString()});
    const QString soloOneTime = raise.value(QStringLiteral("one_time_password")).toString() + u' '
        + raised1.value(QStringLiteral("one_time_password")).toString();
    QCOMPARE(soloOneTime.size(), 39);
    QCOMPARE(as(QStringLiteral("solo-a"), {QStringLiteral("case"), QStringLiteral("list")}).exitCode, 1);
    QVERIFY(m_desk->firstSignIn(QStringLiteral("solo-a"), soloOneTime));
    auto operators = QJsonDocument::fromJson(as(QStringLiteral("boss"), {QStringLiteral("--json"), QStringLiteral("operator"), QStringLiteral("list")}).out.toUtf8()).array();
    bool raised = false;
    for (const QJsonValue &v : operators)
        raised |= v[QStringLiteral("username")].toString() == QLatin1String("solo-a") && v[QStringLiteral("role")].toString() == QLatin1String("supervisor");
    QVERIFY(raised);
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("role"), QStringLiteral("solo-a"), QStringLiteral("--role"),
                                         QStringLiteral("agent")})
                 .exitCode,
             0); // taking power away needs nobody
}

void TestCliFourEyes::theDeliveryKeyIsPinned()
{
    const QJsonObject key = json(QStringLiteral("boss"), {QStringLiteral("delivery-key"), QStringLiteral("set"), m_keyPath});
    QCOMPARE(key.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("operator"), QStringLiteral("confirm"), key.value(QStringLiteral("grant")).toString()}).exitCode, 0);
    const QByteArray pem = test::readFile(m_keyPath);
    const QString sha = QString::fromLatin1(crypto::sha256(pem).toHex());

    // A reset sealed to the confirmed key names it, in the package and on the outbox line.
    QCOMPARE(m_desk->cli({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("ann"),
                          QStringLiteral("--role"), QStringLiteral("agent")},
                         test::CliDesk::passwordOf(QStringLiteral("boss")), test::CliDesk::firstPasswordOf(QStringLiteral("ann")))
                 .exitCode,
             0);
    QVERIFY(m_desk->firstSignIn(QStringLiteral("ann"), test::CliDesk::firstPasswordOf(QStringLiteral("ann"))));
    const QString caseId = openStrongCase(QStringLiteral("ann"));
    const QString rid = json(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("request-reset"), caseId, QStringLiteral("--kind"),
                                                     QStringLiteral("regenerate_codes"), QStringLiteral("--justification"), QStringLiteral("lost")})
                            .value(QStringLiteral("id"))
                            .toString();
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("case"), QStringLiteral("approve"), caseId, QStringLiteral("--request"), rid,
                                        QStringLiteral("--reason"), QStringLiteral("ok")})
                 .exitCode,
             0);
    QCOMPARE(as(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("execute"), caseId, QStringLiteral("--request"), rid}).exitCode, 0);
    QTemporaryDir dir;
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("outbox"), QStringLiteral("export"), QStringLiteral("--out"), dir.filePath(QStringLiteral("o.jsonl"))}).exitCode, 0);
    const QJsonObject line = QJsonDocument::fromJson(test::readFile(dir.filePath(QStringLiteral("o.jsonl"))).trimmed().split('\n').last()).object();
    QCOMPARE(line.value(QStringLiteral("delivery_key_sha256")).toString(), sha);
    QCOMPARE(line[QStringLiteral("payload")][QStringLiteral("delivery")][QStringLiteral("key_sha256")].toString(), sha);

    // A swapped key file (another user, a restore gone wrong) is refused, never used silently.
    const QString installed = m_ws.keyDir + QStringLiteral("/delivery.pub.pem");
    QVERIFY(QFile::remove(installed));
    QVERIFY(QFile::copy(test::dataPath(QStringLiteral("crypto/rsa2048-public-pkcs1.pem")), installed));
    const QString second = openStrongCase(QStringLiteral("ann"));
    const QString rid2 = json(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("request-reset"), second, QStringLiteral("--kind"),
                                                      QStringLiteral("regenerate_codes"), QStringLiteral("--justification"), QStringLiteral("lost")})
                             .value(QStringLiteral("id"))
                             .toString();
    QCOMPARE(as(QStringLiteral("sue"), {QStringLiteral("case"), QStringLiteral("approve"), second, QStringLiteral("--request"), rid2,
                                        QStringLiteral("--reason"), QStringLiteral("ok")})
                 .exitCode,
             0);
    auto swapped = as(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("execute"), second, QStringLiteral("--request"), rid2});
    QCOMPARE(swapped.exitCode, 1);
    QVERIFY2(swapped.err.contains(QStringLiteral("fingerprint")), qPrintable(swapped.err));
    // A pin row written around the application (no audited installation behind it) is refused.
    QVERIFY(QFile::remove(installed));
    QVERIFY(QFile::copy(test::dataPath(QStringLiteral("crypto/rsa2048-public-pkcs1.pem")), installed));
    const QString otherSha = QString::fromLatin1(crypto::sha256(test::readFile(installed)).toHex());
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.tamper({QStringLiteral("INSERT INTO delivery_keys (sha256, pinned_at, pinned_by) VALUES ('%1', 0, 'boss')").arg(otherSha)}));
    m_ws.close();
    auto planted = as(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("execute"), second, QStringLiteral("--request"), rid2});
    QCOMPARE(planted.exitCode, 1);
    // ...and so is a link in its place.
    QVERIFY(QFile::remove(installed));
    QVERIFY(QFile::link(m_keyPath, installed));
    auto linked = as(QStringLiteral("ann"), {QStringLiteral("case"), QStringLiteral("execute"), second, QStringLiteral("--request"), rid2});
    QCOMPARE(linked.exitCode, 1);
}

// The one person four eyes check cannot switch them off: taking power from the last other admin
// or supervisor is refused, so the desk never falls back to granting alone.
void TestCliFourEyes::noWayBackToAlone()
{
    // boss, solo-s and sue are privileged now.
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("disable"), QStringLiteral("sue")}).exitCode, 0);
    auto disable = as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("disable"), QStringLiteral("solo-s")});
    QCOMPARE(disable.exitCode, 1);
    QVERIFY2(disable.err.contains(QStringLiteral("only other admin or supervisor")), qPrintable(disable.err));
    QCOMPARE(as(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("role"), QStringLiteral("solo-s"), QStringLiteral("--role"),
                                         QStringLiteral("agent")})
                 .exitCode,
             1);
    const QJsonObject key = json(QStringLiteral("boss"), {QStringLiteral("delivery-key"), QStringLiteral("set"), m_keyPath});
    QCOMPARE(key.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
    // Re-enabling sue waits for solo-s like any grant.
    QCOMPARE(json(QStringLiteral("boss"), {QStringLiteral("operator"), QStringLiteral("enable"), QStringLiteral("sue")}).value(QStringLiteral("state")).toString(),
             QStringLiteral("pending"));
}

QTEST_GUILESS_MAIN(TestCliFourEyes)
#include "tst_cli_four_eyes.moc"
