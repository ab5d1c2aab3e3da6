// Platform and desk values in words for screens and reports: timelines read as sentences, raw
// identifiers never reach an agent, and unknown platform values are shown as they came.
#include "model/PlatformWords.h"

#include <QTest>

using namespace rd;

class TestPlatformWords : public QObject {
    Q_OBJECT
private slots:
    void timeline_data();
    void timeline();
    void unknownValuesAreShownAsTheyCame();
};

void TestPlatformWords::timeline_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QString>("text");
    auto row = [](const char *name, const char *source, std::initializer_list<const char *> fields, const char *text) {
        QStringList list;
        for (const char *f : fields)
            list << QString::fromUtf8(f);
        QTest::newRow(name) << QString::fromUtf8(source) << list << QString::fromUtf8(text);
    };
    row("failed attempt", "attempt", {"backup_code", "failure", "code_revoked", "demo-0005-phone", "198.51.5.241", "Tampere"},
        "Backup code sign-in failed: Code revoked — demo-0005-phone, 198.51.5.241, Tampere");
    row("success without place", "attempt", {"password", "success", "", "", "", ""}, "Password sign-in succeeded");
    row("authenticator", "attempt", {"totp", "failure", "totp_invalid", "", "203.0.113.5", ""},
        "Authenticator app sign-in failed: Authenticator code wrong — 203.0.113.5");
    row("security event", "security", {"two_factor_disabled"}, "Two-step sign-in turned off");
    row("device", "device", {"demo-0005-phone", "trusted", "user"}, "Device demo-0005-phone trusted by user");
    row("code use", "code_use", {"2", "demo-0005-set-2", "demo-0005-phone", ""}, "Code 2 of set demo-0005-set-2 used — demo-0005-phone");
    row("case state", "case", {"state", "awaiting_verification → pending_approval", "demo.agent"},
        "State: awaiting verification → pending approval (demo.agent)");
    row("reset requested", "case", {"reset_requested", "R-000001 unlock_account", "demo.agent"},
        "Reset requested: R-000001 unlock account (demo.agent)");
    row("note keeps its words", "note", {"alice", "user_id in ticket"}, "alice: user_id in ticket");
    // What someone typed stays as typed: contact masking downstream must still see the address.
    row("typed detail untouched", "case", {"opened", "Locked out, mary_jane_smith@example.org on_hold", "alice"},
        "Opened: Locked out, mary_jane_smith@example.org on hold (alice)");
    row("assigned username", "case", {"assigned", "first_agent", "sam"}, "Assigned: first_agent (sam)");
    row("evidence", "evidence", {"government_id", "pass", "alice"}, "Government ID passed (alice)");
}

void TestPlatformWords::timeline()
{
    QFETCH(QString, source);
    QFETCH(QStringList, fields);
    QFETCH(QString, text);
    QCOMPARE(words::timelineText(source, fields), text);
}

void TestPlatformWords::unknownValuesAreShownAsTheyCame()
{
    QCOMPARE(words::reason(QStringLiteral("quota_exceeded_v2")), QStringLiteral("quota_exceeded_v2"));
    QCOMPARE(words::identifier(QStringLiteral("api_failure")), QStringLiteral("API failure"));
    QCOMPARE(words::securityEvent(QStringLiteral("password_changed")), QStringLiteral("Password changed"));
}

QTEST_GUILESS_MAIN(TestPlatformWords)
#include "tst_platform_words.moc"
