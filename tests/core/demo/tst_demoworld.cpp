#include "TestSupport.h"

#include "demo/DemoService.h"
#include "demo/DemoWorld.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>

using namespace rd;

class TestDemoWorld : public QObject {
    Q_OBJECT
private slots:
    void deterministic();
    void coversEverySituation();
    void importsAndOnlyForAdmins();
    void refusesSillySizes();
};

void TestDemoWorld::deterministic()
{
    auto a = demo::DemoWorld::generate({});
    auto b = demo::DemoWorld::generate({});
    demo::DemoOptions other;
    other.seed = 2;
    auto c = demo::DemoWorld::generate(other);
    QVERIFY(a.ok() && b.ok() && c.ok());
    QCOMPARE(a.value(), b.value());
    QVERIFY(a.value() != c.value());
}

void TestDemoWorld::coversEverySituation()
{
    auto world = demo::DemoWorld::generate({});
    QVERIFY(world.ok());
    QSet<QString> types, formats, reasons, securityEvents, incidentKinds, revokeReasons, deviceEvents, accounts;
    int skewed = 0;
    for (const QByteArray &line : world->split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString type = o.value(QStringLiteral("type")).toString();
        types << type;
        if (type == QLatin1String("account"))
            accounts << o.value(QStringLiteral("id")).toString();
        else if (type == QLatin1String("code_set"))
            formats << o.value(QStringLiteral("format")).toString();
        else if (type == QLatin1String("login_attempt") && o.contains(QStringLiteral("reason")))
            reasons << o.value(QStringLiteral("reason")).toString();
        else if (type == QLatin1String("security_event"))
            securityEvents << o.value(QStringLiteral("event")).toString();
        else if (type == QLatin1String("incident"))
            incidentKinds << o.value(QStringLiteral("kind")).toString();
        else if (type == QLatin1String("code_set_revoked"))
            revokeReasons << o.value(QStringLiteral("reason")).toString();
        else if (type == QLatin1String("device_event"))
            deviceEvents << o.value(QStringLiteral("event")).toString();
        if (qAbs(o.value(QStringLiteral("clock_skew_s")).toInt()) > 30)
            ++skewed;
    }
    QVERIFY(accounts.size() >= 50);
    QCOMPARE(types.size(), 9);
    QCOMPARE(formats, (QSet<QString>{QStringLiteral("digits8"), QStringLiteral("digits10"), QStringLiteral("base32x10"),
                                     QStringLiteral("base32x16")}));
    for (const char *r : {"code_invalid", "code_used", "code_revoked", "locked_out", "device_untrusted", "step_up_required",
                          "two_factor_not_enabled", "internal_error", "sms_undelivered", "totp_invalid", "password_invalid"})
        QVERIFY2(reasons.contains(QString::fromLatin1(r)), r);
    for (const char *e : {"codes_regenerated", "two_factor_disabled", "email_changed", "locked", "flagged_suspicious"})
        QVERIFY2(securityEvents.contains(QString::fromLatin1(e)), e);
    for (const char *k : {"auth_outage", "replication_lag", "sms_outage", "generation_fault", "api_failure"})
        QVERIFY2(incidentKinds.contains(QString::fromLatin1(k)), k);
    QVERIFY(revokeReasons.contains(QStringLiteral("compromised")));
    QVERIFY(revokeReasons.contains(QStringLiteral("two_factor_disabled")));
    QVERIFY(deviceEvents.contains(QStringLiteral("trusted")));
    QVERIFY(skewed >= 3);
}

void TestDemoWorld::importsAndOnlyForAdmins()
{
    test::Workspace ws;
    QVERIFY(ws.open());
    demo::DemoService service(*ws.database, *ws.keys);
    auto refused = service.populate(test::sessionAs(auth::Role::Supervisor), {});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Refused);
    QCOMPARE(ws.count(QStringLiteral("accounts")), 0);

    auto stats = service.populate(test::sessionAs(auth::Role::Admin), {});
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QCOMPARE(ws.count(QStringLiteral("accounts")), 60);
    QVERIFY(ws.count(QStringLiteral("login_attempts")) > 5000);
    QSqlQuery q(ws.connection());
    // Sets in every state: active, superseded and revoked, and one with duplicates and a malformed code.
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE superseded_at IS NOT NULL")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE revoked_at IS NOT NULL")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE superseded_at IS NULL AND revoked_at IS NULL")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM codes WHERE fits_format = 0")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT set_id, hash FROM codes GROUP BY set_id, hash HAVING COUNT(*) > 1) AS duplicated")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    // Cases in every state of SPEC §7.
    QSet<QString> states;
    QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT state FROM cases")));
    while (q.next())
        states << q.value(0).toString();
    for (const char *state : {"new", "investigating", "awaiting_verification", "pending_approval", "approved", "reset_done",
                              "rejected", "resolved", "closed", "on_hold", "reopened"})
        QVERIFY2(states.contains(QLatin1String(state)), state);
    // Running it again is a no-op.
    auto again = service.populate(test::sessionAs(auth::Role::Admin), {});
    QVERIFY(again.ok());
    QCOMPARE(again->totalChanged(), 0);
    QCOMPARE(ws.count(QStringLiteral("cases")), 15);
    // The round-two causes need the user's own code: the demo's callers read theirs out, and
    // each case carries its diagnosis (issue 18), with no code stored anywhere.
    QVERIFY(q.exec(QStringLiteral("SELECT c.account_id, d.primary_cause FROM cases c JOIN diagnoses d ON d.case_id = c.id "
                                  "ORDER BY c.id")));
    QStringList causes;
    while (q.next())
        causes << q.value(0).toString() + u' ' + q.value(1).toString();
    QCOMPARE(causes, (QStringList{QStringLiteral("demo-0021 FIRST_FACTOR"), QStringLiteral("demo-0022 WRONG_FACTOR"),
                                  QStringLiteral("demo-0023 STEP_UP_AFTER_CODE"), QStringLiteral("demo-0024 UNSEEN_REGENERATION")}));
    QVERIFY(q.exec(QStringLiteral("SELECT ack_reported, acknowledged_at FROM code_sets WHERE id = 'demo-0024-set-3'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.value(1).isNull());
}

void TestDemoWorld::refusesSillySizes()
{
    demo::DemoOptions options;
    options.accounts = 3;
    auto r = demo::DemoWorld::generate(options);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
}

QTEST_GUILESS_MAIN(TestDemoWorld)
#include "tst_demoworld.moc"
