// The one write path (docs/ARCHITECTURE.md): a change and its audit entry commit together or
// not at all, and no audit write is ever dropped. Each test breaks the audit trail's INSERT with
// a trigger and shows that the change it would have recorded did not happen either.
#include "TestSupport.h"

#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "cases/CaseService.h"
#include "cases/Outbox.h"
#include "diagnostics/DiagnosticsService.h"
#include "importer/Importer.h"
#include "policy/PolicyService.h"

using namespace rd;

namespace {

const auth::Session kBoss{QStringLiteral("boss"), QStringLiteral("Boss"), auth::Role::Admin};
const auth::Session kAlice{QStringLiteral("alice"), QStringLiteral("Alice"), auth::Role::Agent};
const auth::Session kSue{QStringLiteral("sue"), QStringLiteral("Sue"), auth::Role::Supervisor};

} // namespace

class TestWritePath final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void operatorAddNeedsItsEntry();
    void operatorDisableNeedsItsEntry();
    void policySetNeedsItsEntry();
    void policyValuesAreNumbers();
    void failedSignInIsNeverSilent();
    void denialIsNeverSilent();
    void outboxExportLeavesNoFile();
    void diagnosisAndCaseAttachCommitTogether();
    void fieldErrorsSpeakOfFieldsNotFlags();

private:
    void breakAuditTrail();
    void repairAuditTrail();
    qint64 auditCount();

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<auth::OperatorService> m_operators;
};

void TestWritePath::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC));
    m_operators = std::make_unique<auth::OperatorService>(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(m_operators->createFirstAdmin(kBoss.username, kBoss.displayName, QStringLiteral("boss-password-1")).ok());
    QVERIFY(m_operators->addOperator(kBoss, kAlice.username, kAlice.displayName, auth::Role::Agent,
                                     QStringLiteral("alice-given-by-boss"))
                .ok());
    auto sue = m_operators->addOperator(kBoss, kSue.username, kSue.displayName, auth::Role::Supervisor, {});
    QVERIFY(sue.ok() && sue->alone); // boss is alone: sue's one-time password is whole
    // Their first sign-ins: the passwords given to them become their own.
    QVERIFY(m_operators->signIn(kAlice.username, QStringLiteral("alice-given-by-boss"), QStringLiteral("alice-password-1")).ok());
    QVERIFY(m_operators->signIn(kSue.username, sue->oneTimePassword.text(), QStringLiteral("sue-password-1")).ok());
    importer::Importer importer(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(importer.importFile(kBoss, test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
}

// Every INSERT into the trail fails from now on, as on a full disk or a broken table.
void TestWritePath::breakAuditTrail()
{
    if (test::onPostgres()) {
        QVERIFY(m_ws->tamper({QStringLiteral("CREATE FUNCTION test_audit_broken() RETURNS trigger LANGUAGE plpgsql AS "
                                             "$$ BEGIN RAISE EXCEPTION 'the audit disk is full'; END $$"),
                              QStringLiteral("CREATE TRIGGER test_audit_broken BEFORE INSERT ON audit_log FOR EACH ROW "
                                             "EXECUTE FUNCTION test_audit_broken()")}));
        return;
    }
    QVERIFY(storage::exec(m_ws->connection(), QStringLiteral("CREATE TRIGGER test_audit_broken BEFORE INSERT ON audit_log "
                                                             "BEGIN SELECT RAISE(ABORT, 'the audit disk is full'); END"))
                .ok());
}

void TestWritePath::repairAuditTrail()
{
    if (test::onPostgres())
        QVERIFY(m_ws->tamper({QStringLiteral("DROP TRIGGER test_audit_broken ON audit_log")}));
    else
        QVERIFY(storage::exec(m_ws->connection(), QStringLiteral("DROP TRIGGER test_audit_broken")).ok());
}

qint64 TestWritePath::auditCount()
{
    return m_ws->count(QStringLiteral("audit_log"));
}

void TestWritePath::operatorAddNeedsItsEntry()
{
    breakAuditTrail();
    auto added = m_operators->addOperator(kBoss, QStringLiteral("carol"), QStringLiteral("Carol"), auth::Role::Supervisor,
                                          QStringLiteral("carol-password-1"));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().kind, ErrorKind::Storage);
    repairAuditTrail();
    // No supervisor appeared without its entry: carol cannot sign in.
    QVERIFY(!m_operators->signIn(QStringLiteral("carol"), QStringLiteral("carol-password-1")).ok());
    auto list = m_operators->list(kBoss);
    QVERIFY(list.ok());
    for (const auto &op : list.value())
        QVERIFY(op.username != QLatin1String("carol"));
}

void TestWritePath::operatorDisableNeedsItsEntry()
{
    breakAuditTrail();
    QVERIFY(!m_operators->disable(kBoss, kAlice.username).ok());
    repairAuditTrail();
    QVERIFY(m_operators->signIn(kAlice.username, QStringLiteral("alice-password-1")).ok());
}

void TestWritePath::policySetNeedsItsEntry()
{
    policy::PolicyService policies(*m_ws->database);
    audit::AuditLog auditLog(*m_ws->database, *m_ws->keys, *m_clock);
    breakAuditTrail();
    QVERIFY(!policies.set(kBoss, QStringLiteral("lockout_streak"), QStringLiteral("50"), auditLog).ok());
    repairAuditTrail();
    QCOMPARE(policies.current()->lockoutStreak, 5);
    QVERIFY(policies.set(kBoss, QStringLiteral("lockout_streak"), QStringLiteral("7"), auditLog).ok());
    QCOMPARE(policies.current()->lockoutStreak, 7);
}

void TestWritePath::policyValuesAreNumbers()
{
    policy::PolicyService policies(*m_ws->database);
    audit::AuditLog auditLog(*m_ws->database, *m_ws->keys, *m_clock);
    for (const char *value : {"nan", "inf", "-inf", "", "5x", "2.5", "1e1", " 7", "0x10", "+7", "101", "0"}) {
        auto set = policies.set(kBoss, QStringLiteral("lockout_streak"), QLatin1String(value), auditLog);
        QVERIFY2(!set.ok(), value);
        QCOMPARE(set.error().kind, ErrorKind::BadInput);
        QCOMPARE(set.error().field, QStringLiteral("value"));
    }
    QCOMPARE(policies.current()->lockoutStreak, 5);
    QVERIFY(policies.set(kBoss, QStringLiteral("lockout_streak"), QStringLiteral("7"), auditLog).ok());
    QVERIFY(policies.set(kBoss, QStringLiteral("travel_kmh"), QStringLiteral("950.5"), auditLog).ok());
    QCOMPARE(policies.current()->lockoutStreak, 7);
    QCOMPARE(policies.current()->travelKmh, 950.5);
}

void TestWritePath::failedSignInIsNeverSilent()
{
    const qint64 before = auditCount();
    breakAuditTrail();
    auto wrong = m_operators->signIn(kAlice.username, QStringLiteral("not-her-password"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind, ErrorKind::Storage); // not a plain "wrong password" that hides the gap
    QVERIFY(wrong.error().message.contains(QStringLiteral("audit trail")));
    repairAuditTrail();
    QCOMPARE(auditCount(), before);
    // The guess that could not be audited still counts (it was taken before the password was
    // looked at): a gap in the trail never buys a guesser more tries. Four more lock.
    for (int i = 0; i < 4; ++i)
        QVERIFY(!m_operators->signIn(kAlice.username, QStringLiteral("not-her-password")).ok());
    QVERIFY(!m_operators->signIn(kAlice.username, QStringLiteral("alice-password-1")).ok());
    QCOMPARE(auditCount(), before + 4);
}

void TestWritePath::denialIsNeverSilent()
{
    importer::Importer importer(*m_ws->database, *m_ws->keys, *m_clock);
    breakAuditTrail();
    auto refused = importer.importFile(kAlice, test::dataPath(QStringLiteral("import/world.jsonl")));
    QVERIFY(!refused.ok());
    // Still refused, and the answer says that the refusal could not be recorded.
    QCOMPARE(refused.error().kind, ErrorKind::Storage);
    QVERIFY(refused.error().message.contains(QStringLiteral("may not")));
    QVERIFY(refused.error().message.contains(QStringLiteral("audit trail")));
    repairAuditTrail();
}

void TestWritePath::outboxExportLeavesNoFile()
{
    cases::Outbox outbox(*m_ws->database, *m_ws->keys, *m_clock);
    const QString path = m_ws->path(QStringLiteral("outbox.jsonl"));
    breakAuditTrail();
    QVERIFY(!outbox.exportTo(kSue, path, {}).ok());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".sig")));
    repairAuditTrail();
    QVERIFY(outbox.exportTo(kSue, path, {}).ok());
    QVERIFY(QFile::exists(path) && QFile::exists(path + QStringLiteral(".sig")));
}

void TestWritePath::diagnosisAndCaseAttachCommitTogether()
{
    cases::CaseService cases(*m_ws->database, *m_ws->keys, *m_clock);
    auto opened = cases.open(kAlice, {QStringLiteral("acc-lena"), QStringLiteral("phone"), {},
                                      QStringLiteral("Backup code rejected"), QStringLiteral("normal")});
    QVERIFY(opened.ok());
    diagnostics::DiagnosticsService service(*m_ws->database, *m_ws->keys, *m_clock, &cases);
    diagnostics::DiagnoseRequest request;
    request.accountId = QStringLiteral("acc-lena");
    request.code = QStringLiteral("1234 5678");
    request.caseId = opened->id;
    const qint64 diagnosesBefore = m_ws->count(QStringLiteral("diagnoses"));

    breakAuditTrail();
    QVERIFY(!service.diagnose(kAlice, request).ok());
    repairAuditTrail();
    // Neither the diagnosis nor its attachment (the case's move to investigating) happened.
    QCOMPARE(m_ws->count(QStringLiteral("diagnoses")), diagnosesBefore);
    auto details = cases.show(kAlice, opened->id);
    QVERIFY(details.ok());
    QCOMPARE(details->record.state, QStringLiteral("new"));
    QVERIFY(details->diagnoses.isEmpty());

    // With a working trail both commit, and both entries are there.
    const qint64 before = auditCount();
    auto report = service.diagnose(kAlice, request);
    QVERIFY(report.ok());
    QCOMPARE(cases.show(kAlice, opened->id)->record.state, QStringLiteral("investigating"));
    QCOMPARE(auditCount(), before + 3); // case.diagnosis and diagnose, then the case.view above
}

void TestWritePath::fieldErrorsSpeakOfFieldsNotFlags()
{
    cases::CaseService cases(*m_ws->database, *m_ws->keys, *m_clock);
    auto bad = cases.open(kAlice, {QStringLiteral("acc-lena"), QStringLiteral("pigeon"), {}, QStringLiteral("x"),
                                   QStringLiteral("normal")});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, ErrorCode::InvalidValue);
    QCOMPARE(bad.error().field, QStringLiteral("channel"));
    QVERIFY(bad.error().choices.contains(QStringLiteral("phone")));
    QVERIFY2(!bad.error().message.contains(QStringLiteral("--")), qPrintable(bad.error().message));
    auto empty = cases.open(kAlice, {QStringLiteral("acc-lena"), QStringLiteral("phone"), {}, QStringLiteral("  "),
                                     QStringLiteral("normal")});
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().field, QStringLiteral("summary"));
    QVERIFY(!empty.error().message.contains(QStringLiteral("--")));
}

QTEST_GUILESS_MAIN(TestWritePath)
#include "tst_writepath.moc"
