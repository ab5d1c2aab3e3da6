// The case state machine of SPEC §7 as a table, and the verification level rules.
#include "cases/CaseStateMachine.h"
#include "model/CaseTypes.h"
#include "cases/VerificationLevel.h"

#include <QTest>

using namespace rd;
using namespace rd::cases;

Q_DECLARE_METATYPE(rd::cases::CaseAction)

static QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromLatin1(i);
    return out;
}

class TestCaseState : public QObject {
    Q_OBJECT
private slots:
    void transitions_data();
    void transitions();
    void levels_data();
    void levels();
};

void TestCaseState::transitions_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<CaseAction>("action");
    QTest::addColumn<QString>("held");
    QTest::addColumn<QString>("to"); // empty: refused
    using A = CaseAction;
    const struct {
        const char *from;
        A action;
        const char *held;
        const char *to;
    } rows[] = {
        {"new", A::Work, "", "investigating"},
        {"reopened", A::Work, "", "investigating"},
        {"investigating", A::Work, "", "investigating"},
        {"pending_approval", A::Work, "", "pending_approval"},
        {"new", A::AddEvidence, "", "awaiting_verification"},
        {"investigating", A::AddEvidence, "", "awaiting_verification"},
        {"rejected", A::AddEvidence, "", "awaiting_verification"},
        {"pending_approval", A::AddEvidence, "", "pending_approval"},
        {"awaiting_verification", A::RequestReset, "", "pending_approval"},
        {"rejected", A::RequestReset, "", "pending_approval"},
        {"investigating", A::RequestReset, "", ""},
        {"new", A::RequestReset, "", ""},
        {"pending_approval", A::Approve, "", "approved"},
        {"pending_approval", A::Reject, "", "rejected"},
        {"awaiting_verification", A::Approve, "", ""},
        {"pending_approval", A::RequestExpired, "", "awaiting_verification"},
        {"approved", A::Execute, "", "reset_done"},
        {"pending_approval", A::Execute, "", ""},
        {"investigating", A::Resolve, "", "resolved"},
        {"awaiting_verification", A::Resolve, "", "resolved"},
        {"rejected", A::Resolve, "", "resolved"},
        {"reset_done", A::Resolve, "", "resolved"},
        {"new", A::Resolve, "", ""},
        {"pending_approval", A::Resolve, "", ""},
        {"approved", A::Resolve, "", ""},
        {"resolved", A::Close, "", "closed"},
        {"investigating", A::Close, "", ""},
        {"resolved", A::Reopen, "", "reopened"},
        {"closed", A::Reopen, "", "reopened"},
        {"investigating", A::Reopen, "", ""},
        {"investigating", A::Hold, "", "on_hold"},
        {"pending_approval", A::Hold, "", "on_hold"},
        {"resolved", A::Hold, "", ""},
        {"on_hold", A::Hold, "", ""},
        {"on_hold", A::Resume, "pending_approval", "pending_approval"},
        {"investigating", A::Resume, "", ""},
        {"on_hold", A::Work, "", ""},
        {"on_hold", A::AddEvidence, "", ""},
        {"closed", A::Work, "", ""},
    };
    for (const auto &r : rows)
        QTest::addRow("%s %s", r.from, qPrintable(actionName(r.action))) << QString::fromLatin1(r.from) << r.action
                                                                         << QString::fromLatin1(r.held) << QString::fromLatin1(r.to);
}

void TestCaseState::transitions()
{
    QFETCH(QString, from);
    QFETCH(CaseAction, action);
    QFETCH(QString, held);
    QFETCH(QString, to);
    auto next = nextState(from, action, held);
    if (to.isEmpty()) {
        QVERIFY(!next.ok());
        QCOMPARE(next.error().kind, ErrorKind::Refused);
        QVERIFY2(next.error().message.contains(from), qPrintable(next.error().message));
    } else {
        QVERIFY2(next.ok(), qPrintable(next.ok() ? QString() : next.error().message));
        QCOMPARE(next.value(), to);
    }
}

void TestCaseState::levels_data()
{
    QTest::addColumn<QStringList>("evidence"); // "method:result" in order
    QTest::addColumn<bool>("emailChanged");
    QTest::addColumn<bool>("compromise");
    QTest::addColumn<QString>("level");
    QTest::newRow("nothing") << list({}) << false << false << QStringLiteral("none");
    QTest::newRow("knowledge only") << list({"knowledge_check:pass"}) << false << false << QStringLiteral("none");
    QTest::newRow("one method") << list({"video_call:pass"}) << false << false << QStringLiteral("basic");
    QTest::newRow("email + knowledge") << list({"email_otp:pass", "knowledge_check:pass"}) << false << false << QStringLiteral("basic");
    QTest::newRow("email + government id") << list({"email_otp:pass", "government_id:pass"}) << false << false << QStringLiteral("strong");
    QTest::newRow("email + video") << list({"email_otp:pass", "video_call:pass"}) << false << false << QStringLiteral("strong");
    QTest::newRow("changed email does not prove possession") << list({"email_otp:pass", "video_call:pass"}) << true << false << QStringLiteral("basic");
    QTest::newRow("same method twice") << list({"email_otp:pass", "email_otp:pass"}) << false << false << QStringLiteral("basic");
    QTest::newRow("later fail cancels") << list({"email_otp:pass", "government_id:pass", "government_id:fail"}) << false << false << QStringLiteral("basic");
    QTest::newRow("pass after fail stands") << list({"government_id:fail", "government_id:pass", "sms_otp:pass"}) << false << false << QStringLiteral("strong");
    QTest::newRow("compromise needs government id") << list({"email_otp:pass", "video_call:pass"}) << false << true << QStringLiteral("basic");
    QTest::newRow("compromise with government id") << list({"email_otp:pass", "government_id:pass"}) << false << true << QStringLiteral("strong");
}

void TestCaseState::levels()
{
    QFETCH(QStringList, evidence);
    QFETCH(bool, emailChanged);
    QFETCH(bool, compromise);
    QFETCH(QString, level);
    LevelInput input;
    qint64 id = 0;
    for (const QString &e : evidence)
        input.evidence.append({++id, e.section(u':', 0, 0), e.section(u':', 1, 1), QStringLiteral("alice"), id * 1000, {}});
    input.emailChangedRecently = emailChanged;
    input.possibleCompromise = compromise;
    const LevelResult r = computeLevel(input);
    QCOMPARE(levelName(r.level), level);
    QCOMPARE(r.missing.isEmpty(), level == QLatin1String("strong"));
}

QTEST_GUILESS_MAIN(TestCaseState)
#include "tst_casestate.moc"
