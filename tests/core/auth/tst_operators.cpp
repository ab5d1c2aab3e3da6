#include "TestSupport.h"

#include "audit/AuditLog.h"
#include "auth/PasswordHasher.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace rd;
using auth::Permission;
using auth::Role;

class TestOperators : public QObject {
    Q_OBJECT
private slots:
    void init();
    void passwordHashFormat();
    void firstAdminOnlyOnce();
    void signInAndWrongPassword();
    void lockoutAfterFiveFailures();
    void disabledOperatorIsRefused();
    void anOpenSessionEndsWithTheOperator();
    void aGuessThatNeverAnswersStillCounts();
    void aPasswordSomeoneElseChoseOnlyOpensTheFirstSignIn();
    void aGrantsOneTimePasswordHasAPartForEachPerson();
    void aPromotionReplacesThePasswordTheAdminKnew();
    void anUpgradedDeskAsksEveryoneButTheFirstAdminForTheirOwn();
    void aPuppetAdminCannotWashOffTheAloneMark();
    void aGrantWithoutTheRequestersPartIsRefused();
    void onlyAdminsManageOperators();
    void validation_data();
    void validation();
    void displayNamesAreOneLine();
    void roleMatrix_data();
    void roleMatrix();

private:
    // boss adds the operator with a password he chooses; their first sign-in makes `own` theirs.
    // (A supervisor or admin added while boss is alone gets a whole one-time password instead.)
    bool addOwn(const QString &name, Role role, const QString &own)
    {
        const QString typed = name + QStringLiteral("-given-by-boss");
        auto added = m_operators->addOperator(test::sessionAs(Role::Admin, QStringLiteral("boss")), name, {}, role, typed);
        if (!added.ok() || added->pending)
            return false;
        const QString given = role == Role::Agent ? typed : added->oneTimePassword.text();
        return m_operators->signIn(name, given, own).ok();
    }

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<FixedClock> m_clock;
    std::unique_ptr<auth::OperatorService> m_operators;
};

void TestOperators::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC));
    m_operators = std::make_unique<auth::OperatorService>(*m_ws->database, *m_ws->keys, *m_clock);
}

void TestOperators::passwordHashFormat()
{
    auto hash = auth::PasswordHasher::hash(QStringLiteral("correct horse battery"));
    QVERIFY(hash.ok());
    const QStringList parts = hash->split(u'$');
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts[0], QStringLiteral("pbkdf2-sha256"));
    QVERIFY(parts[1].toInt() >= 600000);
    QCOMPARE(QByteArray::fromBase64(parts[2].toLatin1()).size(), 16);
    QVERIFY(auth::PasswordHasher::verify(QStringLiteral("correct horse battery"), hash.value()));
    QVERIFY(!auth::PasswordHasher::verify(QStringLiteral("correct horse batterY"), hash.value()));
    QVERIFY(!auth::PasswordHasher::verify(QStringLiteral("x"), QStringLiteral("garbage")));
    // Fewer iterations than policy never verify, even with the right password.
    QVERIFY(!auth::PasswordHasher::verify(QStringLiteral("correct horse battery"),
                                          QString(hash.value()).replace(QStringLiteral("$600000$"), QStringLiteral("$1000$"))));
    auto again = auth::PasswordHasher::hash(QStringLiteral("correct horse battery"));
    QVERIFY(again.ok() && again.value() != hash.value()); // fresh salt
}

void TestOperators::firstAdminOnlyOnce()
{
    QCOMPARE(m_operators->hasOperators().value(), false);
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), QStringLiteral("The Boss"), QStringLiteral("boss-password-1")).ok());
    QCOMPARE(m_operators->hasOperators().value(), true);
    auto second = m_operators->createFirstAdmin(QStringLiteral("mallory"), {}, QStringLiteral("mallory-password"));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().kind, ErrorKind::Refused);
    auto session = m_operators->signIn(QStringLiteral("boss"), QStringLiteral("boss-password-1"));
    QVERIFY(session.ok());
    QCOMPARE(session->role, Role::Admin);
    QCOMPARE(session->displayName, QStringLiteral("The Boss"));
}

void TestOperators::signInAndWrongPassword()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("alice"), Role::Agent, QStringLiteral("alice-password")));
    auto ok = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password"));
    QVERIFY(ok.ok());
    QCOMPARE(ok->role, Role::Agent);
    auto wrong = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("nope-nope-nope"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind, ErrorKind::Refused);
    auto unknown = m_operators->signIn(QStringLiteral("nobody"), QStringLiteral("nope-nope-nope"));
    QVERIFY(!unknown.ok());
    // Unknown operators and wrong passwords look the same.
    QCOMPARE(unknown.error().message, wrong.error().message);
}

void TestOperators::lockoutAfterFiveFailures()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("alice"), Role::Agent, QStringLiteral("alice-password")));
    // A success in between resets the count.
    for (int i = 0; i < 4; ++i)
        QVERIFY(!m_operators->signIn(QStringLiteral("alice"), QStringLiteral("wrong-password")).ok());
    QVERIFY(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).ok());
    // Every refusal reads the same as an unknown operator's: the form tells nobody who is locked.
    const QString unknown = m_operators->signIn(QStringLiteral("nobody"), QStringLiteral("wrong-password")).error().message;
    for (int i = 0; i < 4; ++i) {
        auto r = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("wrong-password"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, unknown);
    }
    auto fifth = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("wrong-password"));
    QVERIFY(!fifth.ok());
    QCOMPARE(fifth.error().message, unknown);
    // The sixth attempt, with the right password, is refused while locked.
    auto sixth = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password"));
    QVERIFY(!sixth.ok());
    QCOMPARE(sixth.error().kind, ErrorKind::Refused);
    QCOMPARE(sixth.error().message, unknown);
    m_clock->advanceSecs(14 * 60 + 59);
    QVERIFY(!m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).ok());
    auto listed = m_operators->list(test::sessionAs(Role::Admin));
    QVERIFY(listed.ok());
    QVERIFY(std::any_of(listed->cbegin(), listed->cend(), [](const auth::OperatorInfo &o) {
        return o.username == QLatin1String("alice") && o.lockedUntil.has_value();
    }));
    m_clock->advanceSecs(2);
    QVERIFY(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).ok());
}

void TestOperators::disabledOperatorIsRefused()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    const auth::Session boss = test::sessionAs(Role::Admin, QStringLiteral("boss"));
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Agent, QStringLiteral("carol-password")));
    QVERIFY(m_operators->disable(boss, QStringLiteral("carol")).ok());
    auto r = m_operators->signIn(QStringLiteral("carol"), QStringLiteral("carol-password"));
    QVERIFY(!r.ok());
    // A disabled operator is refused like an unknown one, right password or wrong: the answer
    // must not tell a guesser that "carol" exists.
    const QString unknown = m_operators->signIn(QStringLiteral("nobody"), QStringLiteral("carol-password")).error().message;
    QCOMPARE(r.error().message, unknown);
    QCOMPARE(m_operators->signIn(QStringLiteral("carol"), QStringLiteral("wrong-password")).error().message, unknown);
    QVERIFY(!m_operators->disable(boss, QStringLiteral("boss")).ok());
    auto missing = m_operators->disable(boss, QStringLiteral("ghost"));
    QCOMPARE(missing.error().kind, ErrorKind::BadInput);
}

// A session signed in before its operator was disabled (or given another role) is refused at
// its next action, and the refusal is in the trail.
void TestOperators::anOpenSessionEndsWithTheOperator()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    const auth::Session boss = test::sessionAs(Role::Admin, QStringLiteral("boss"));
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Supervisor, QStringLiteral("carol-password")));
    auto daveAdded = m_operators->addOperator(boss, QStringLiteral("dave"), {}, Role::Supervisor, {});
    QVERIFY(daveAdded.ok() && daveAdded->pending); // carol is the second person now
    auto confirmed = auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                         .confirm(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), daveAdded->grantId);
    QVERIFY(confirmed.ok());
    QVERIFY(m_operators->signIn(QStringLiteral("dave"), daveAdded->oneTimePassword.text() + u' ' + confirmed->oneTimePassword.text(),
                                QStringLiteral("dave-password"))
                .ok());
    auto carol = m_operators->signIn(QStringLiteral("carol"), QStringLiteral("carol-password"));
    auto dave = m_operators->signIn(QStringLiteral("dave"), QStringLiteral("dave-password"));
    QVERIFY(carol.ok() && dave.ok());
    audit::AuditLog trail(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(trail.verify(carol.value()).ok());
    QVERIFY(m_operators->disable(boss, QStringLiteral("carol")).ok());
    auto afterDisable = trail.verify(carol.value());
    QVERIFY(!afterDisable.ok());
    QCOMPARE(afterDisable.error().code, ErrorCode::OperatorRevoked);
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET role = 'agent' WHERE username = 'dave'")}));
    auto afterRoleChange = trail.verify(dave.value());
    QVERIFY(!afterRoleChange.ok());
    QCOMPARE(afterRoleChange.error().code, ErrorCode::OperatorRevoked);
    auto last = trail.page(test::sessionAs(Role::Supervisor, QStringLiteral("auditor")), {}, 0, 1000);
    QVERIFY(last.ok());
    QCOMPARE(std::count_if(last->cbegin(), last->cend(), [](const audit::AuditEntry &e) { return e.action == QLatin1String("denied"); }), 2);
}

// Slots held by sign-ins that never answered (killed, paused) are taken back as failures, so a
// hanging guess cannot buy a sixth one; five of them lock.
void TestOperators::aGuessThatNeverAnswersStillCounts()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("alice"), Role::Agent, QStringLiteral("alice-password")));
    const qint64 longAgo = m_clock->nowMs() - 2 * 60 * 1000;
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET guesses_pending = 5, guess_started_at = %1 WHERE username = 'alice'").arg(longAgo)}));
    QVERIFY(!m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).ok()); // locked by the five
    m_clock->advanceSecs(15 * 60 + 1);
    QVERIFY(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).ok());
}

// An admin chooses a new operator's first password; it only lets the operator choose their own
// (issue 16, H3): without a new password the sign-in is refused with a code, the new one must
// differ, the change is audited without either password, and afterwards only the new one works.
void TestOperators::aPasswordSomeoneElseChoseOnlyOpensTheFirstSignIn()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(m_operators->signIn(QStringLiteral("boss"), QStringLiteral("boss-password-1")).ok()); // the first admin chose theirs
    QVERIFY(m_operators->addOperator(test::sessionAs(Role::Admin, QStringLiteral("boss")), QStringLiteral("alice"), {}, Role::Agent,
                                     QStringLiteral("given-by-boss")).ok());
    auto first = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"));
    QVERIFY(!first.ok());
    QCOMPARE(first.error().code, ErrorCode::PasswordChangeRequired);
    QCOMPARE(first.error().field, QStringLiteral("new_password"));
    // A wrong password still reads as any refusal: the change is offered only to its holder.
    auto wrong = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("not-the-one-1"));
    QCOMPARE(wrong.error().code, ErrorCode::Unspecified);
    auto same = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"), QStringLiteral("given-by-boss"));
    QCOMPARE(same.error().code, ErrorCode::InvalidValue);
    QCOMPARE(same.error().field, QStringLiteral("new_password"));
    QCOMPARE(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"), QStringLiteral("short")).error().field,
             QStringLiteral("new_password"));
    auto own = m_operators->signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"), QStringLiteral("alices-own-password"));
    QVERIFY(own.ok());
    QCOMPARE(own->username, QStringLiteral("alice"));
    QVERIFY(!m_operators->signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss")).ok());
    QVERIFY(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alices-own-password")).ok());
    // The trail says it happened, and nothing of either password.
    auto entries = audit::AuditLog(*m_ws->database, *m_ws->keys, *m_clock)
                       .page(test::sessionAs(Role::Supervisor, QStringLiteral("auditor")), {}, 0, 1000);
    QVERIFY(entries.ok());
    int changes = 0;
    for (const audit::AuditEntry &e : entries.value()) {
        const QByteArray details = QJsonDocument(e.details).toJson();
        QVERIFY(!details.contains("given-by-boss") && !details.contains("alices-own"));
        if (e.action == QLatin1String("operator.password")) {
            ++changes;
            QCOMPARE(e.operatorName, QStringLiteral("alice"));
            QCOMPARE(e.details.value(QStringLiteral("first")).toBool(), true);
        }
    }
    QCOMPARE(changes, 1);
}

// The H3 scenario: boss asks for a new supervisor and carol confirms. Boss receives the first
// part of the one-time password, carol the second: either part alone is a wrong password, both
// together only open the first sign-in. Boss cannot confirm his own grant to get both.
void TestOperators::aGrantsOneTimePasswordHasAPartForEachPerson()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Supervisor, QStringLiteral("carol-password")));
    const auth::Session boss = test::sessionAs(Role::Admin, QStringLiteral("boss"));
    auto added = m_operators->addOperator(boss, QStringLiteral("solo-s"), {}, Role::Supervisor, QStringLiteral("boss-typed-this"));
    QVERIFY(added.ok() && added->pending);
    const QString first = added->oneTimePassword.text();
    static const QRegularExpression part(QStringLiteral("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$"));
    QVERIFY2(part.match(first).hasMatch(), qPrintable(first));
    auth::GrantService grants(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(!grants.confirm(boss, added->grantId).ok());
    auto confirmed = grants.confirm(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), added->grantId);
    QVERIFY(confirmed.ok());
    const QString second = confirmed->oneTimePassword.text();
    QVERIFY(part.match(second).hasMatch());
    QCOMPARE(confirmed->username, QStringLiteral("solo-s"));
    // The decided grant keeps nothing of the parts.
    QCOMPARE(m_ws->count(QStringLiteral("pending_grants WHERE password_hash IS NOT NULL")), 0);
    for (const QString &alone : {QStringLiteral("boss-typed-this"), first, second, second + u' ' + first}) {
        auto r = m_operators->signIn(QStringLiteral("solo-s"), alone);
        QVERIFY2(!r.ok() && r.error().code == ErrorCode::Unspecified, qPrintable(alone)); // a wrong password like any other
    }
    QVERIFY(m_operators->signIn(QStringLiteral("solo-s"), QStringLiteral("boss-password-1")).ok() == false);
    m_clock->advanceSecs(16 * 60); // four failures above: past any lock
    // Typed as read out: any case, with or without dashes and spaces, O for 0 and l for 1.
    QString both = (first + second).toLower().remove(u'-');
    both.replace(u'0', u'o').replace(u'1', u'l');
    QCOMPARE(m_operators->signIn(QStringLiteral("solo-s"), both).error().code, ErrorCode::PasswordChangeRequired);
    QVERIFY(m_operators->signIn(QStringLiteral("solo-s"), first + u' ' + second, QStringLiteral("solo-s-own-password")).ok());
    QVERIFY(!m_operators->signIn(QStringLiteral("solo-s"), first + u' ' + second).ok());
    // The entries say a one-time password was set, never which.
    auto entries = audit::AuditLog(*m_ws->database, *m_ws->keys, *m_clock)
                       .page(test::sessionAs(Role::Supervisor, QStringLiteral("auditor")), {}, 0, 1000);
    QVERIFY(entries.ok());
    bool marked = false;
    for (const audit::AuditEntry &e : entries.value()) {
        const QByteArray details = QJsonDocument(e.details).toJson();
        QVERIFY(!details.contains(first.toLatin1()) && !details.contains(second.toLatin1()));
        marked = marked || (e.action == QLatin1String("grant.confirm") && e.details.value(QStringLiteral("one_time_password")).toBool());
    }
    QVERIFY(marked);
}

// An agent boss added (so knew the password of) and later promotes: the confirmed promotion
// replaces the password, ends the sessions signed in with it, and refuses the open session.
void TestOperators::aPromotionReplacesThePasswordTheAdminKnew()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Supervisor, QStringLiteral("carol-password")));
    QVERIFY(addOwn(QStringLiteral("ann"), Role::Agent, QStringLiteral("ann-password-1")));
    auto ann = m_operators->signIn(QStringLiteral("ann"), QStringLiteral("ann-password-1"));
    QVERIFY(ann.ok());
    auto promoted = m_operators->setRole(test::sessionAs(Role::Admin, QStringLiteral("boss")), QStringLiteral("ann"), Role::Supervisor);
    QVERIFY(promoted.ok() && promoted->pending);
    QVERIFY(m_operators->signIn(QStringLiteral("ann"), QStringLiteral("ann-password-1")).ok()); // nothing yet
    auto confirmed = auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                         .confirm(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), promoted->grantId);
    QVERIFY(confirmed.ok() && !confirmed->oneTimePassword.isEmpty());
    QVERIFY(!m_operators->signIn(QStringLiteral("ann"), QStringLiteral("ann-password-1")).ok());
    audit::AuditLog trail(*m_ws->database, *m_ws->keys, *m_clock);
    QCOMPARE(trail.require(ann.value(), Permission::WorkCases, QStringLiteral("case.note")).error().code, ErrorCode::OperatorRevoked);
    auto own = m_operators->signIn(QStringLiteral("ann"), promoted->oneTimePassword.text() + u' ' + confirmed->oneTimePassword.text(),
                                   QStringLiteral("ann-new-password"));
    QVERIFY(own.ok());
    QCOMPARE(own->role, Role::Supervisor);
    // A session with the new role and password works again.
    QVERIFY(trail.require(own.value(), Permission::DecideReset, QStringLiteral("reset.approve")).ok());
}

// Before migration 11 every operator but the first admin had a password an admin chose: after
// the upgrade each chooses their own at their next sign-in.
void TestOperators::anUpgradedDeskAsksEveryoneButTheFirstAdminForTheirOwn()
{
    if (test::onPostgres())
        QSKIP("Rewinds a migration, which only the owner may run on PostgreSQL.");
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("alice"), Role::Agent, QStringLiteral("alice-password")));
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Supervisor, QStringLiteral("carol-password")));
    auto waiting = m_operators->setRole(test::sessionAs(Role::Admin, QStringLiteral("boss")), QStringLiteral("alice"), Role::Supervisor);
    QVERIFY(waiting.ok() && waiting->pending);
    // The desk as version 10 left it: no column, nobody asked, a grant with no requester's part
    // (and none of the later versions' tables).
    QVERIFY(m_ws->tamper({QStringLiteral("ALTER TABLE operators DROP COLUMN must_change_password"),
                          QStringLiteral("UPDATE pending_grants SET password_hash = NULL"),
                          QStringLiteral("DROP TABLE feed_positions"), QStringLiteral("DROP TABLE import_quarantine"),
                          QStringLiteral("DELETE FROM schema_version WHERE version >= 11")}));
    m_operators.reset();
    m_ws->database.reset();
    auto again = storage::Database::open(storage::DatabaseLocation::parse(m_ws->dbPath).value());
    QVERIFY(again.ok());
    m_ws->database = std::move(again).value();
    m_operators = std::make_unique<auth::OperatorService>(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(m_operators->signIn(QStringLiteral("boss"), QStringLiteral("boss-password-1")).ok());
    QCOMPARE(m_operators->signIn(QStringLiteral("alice"), QStringLiteral("alice-password")).error().code, ErrorCode::PasswordChangeRequired);
    QCOMPARE(m_ws->count(QStringLiteral("pending_grants WHERE state = 'pending'")), 0); // declined: to be asked again
}

// boss, unmarked (an operator from before the mark existed) and alone, makes a puppet admin (marked:
// granted alone), lets it ask for a supervisor and confirms that himself: the supervisor is
// still marked, since the requester was granted alone.
void TestOperators::aPuppetAdminCannotWashOffTheAloneMark()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET granted_alone = 0 WHERE username = 'boss'")}));
    QVERIFY(addOwn(QStringLiteral("puppet"), Role::Admin, QStringLiteral("puppet-password")));
    auto asked = m_operators->addOperator(test::sessionAs(Role::Admin, QStringLiteral("puppet")), QStringLiteral("ghost"), {},
                                          Role::Supervisor, {});
    QVERIFY(asked.ok() && asked->pending);
    auto confirmed = auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                         .confirm(test::sessionAs(Role::Admin, QStringLiteral("boss")), asked->grantId);
    QVERIFY(confirmed.ok());
    QVERIFY(confirmed->alone);
    QCOMPARE(m_ws->count(QStringLiteral("operators WHERE username = 'ghost' AND granted_alone = 1")), 1);
}

// A grant that holds no requester's part (asked for by an older version) would give its
// confirmer the whole password: refused. (Migration 11 declines such grants.)
void TestOperators::aGrantWithoutTheRequestersPartIsRefused()
{
    QVERIFY(m_operators->createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(addOwn(QStringLiteral("carol"), Role::Supervisor, QStringLiteral("carol-password")));
    QVERIFY(addOwn(QStringLiteral("ann"), Role::Agent, QStringLiteral("ann-password-1")));
    auto promoted = m_operators->setRole(test::sessionAs(Role::Admin, QStringLiteral("boss")), QStringLiteral("ann"), Role::Supervisor);
    QVERIFY(promoted.ok() && promoted->pending);
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE pending_grants SET password_hash = NULL WHERE id = '%1'").arg(promoted->grantId)}));
    auto confirmed = auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                         .confirm(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), promoted->grantId);
    QVERIFY(!confirmed.ok());
    QCOMPARE(confirmed.error().kind, ErrorKind::Refused);
    QVERIFY(m_operators->signIn(QStringLiteral("ann"), QStringLiteral("ann-password-1")).ok()); // nothing changed
    // And a new password may not hold a part of the one-time password it replaces.
    auto again = m_operators->setRole(test::sessionAs(Role::Admin, QStringLiteral("boss")), QStringLiteral("ann"), Role::Supervisor);
    QVERIFY(auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                .decline(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), promoted->grantId)
                .ok());
    QVERIFY(again.ok() && again->pending);
    auto ok = auth::GrantService(*m_ws->database, *m_ws->keys, *m_clock)
                  .confirm(test::sessionAs(Role::Supervisor, QStringLiteral("carol")), again->grantId);
    QVERIFY(ok.ok());
    const QString both = again->oneTimePassword.text() + u' ' + ok->oneTimePassword.text();
    auto reused = m_operators->signIn(QStringLiteral("ann"), both, QStringLiteral("x") + again->oneTimePassword.text().toLower());
    QCOMPARE(reused.error().field, QStringLiteral("new_password"));
    QVERIFY(m_operators->signIn(QStringLiteral("ann"), both, QStringLiteral("anns-own-password")).ok());
}

void TestOperators::onlyAdminsManageOperators()
{
    for (Role role : {Role::Agent, Role::Supervisor}) {
        auto added = m_operators->addOperator(test::sessionAs(role), QStringLiteral("eve"), {}, Role::Admin,
                                              QStringLiteral("eve-password-1"));
        QVERIFY(!added.ok());
        QCOMPARE(added.error().kind, ErrorKind::Refused);
        QVERIFY(added.error().message.contains(QStringLiteral("may not manage operators")));
        QVERIFY(!m_operators->list(test::sessionAs(role)).ok());
        QVERIFY(!m_operators->disable(test::sessionAs(role), QStringLiteral("x")).ok());
    }
    QCOMPARE(m_operators->hasOperators().value(), false);
    QVERIFY(m_operators->addOperator(test::sessionAs(Role::Admin), QStringLiteral("eve"), {}, Role::Agent,
                                     QStringLiteral("eve-password-1")).ok());
    auto dup = m_operators->addOperator(test::sessionAs(Role::Admin), QStringLiteral("eve"), {}, Role::Agent,
                                        QStringLiteral("eve-password-1"));
    QCOMPARE(dup.error().kind, ErrorKind::BadInput);
    // The demo's scripted workers never become someone's identity.
    QCOMPARE(m_operators->enable(test::sessionAs(Role::Admin), QStringLiteral("demo.agent")).error().kind, ErrorKind::Refused);
    QCOMPARE(m_operators->setRole(test::sessionAs(Role::Admin), QStringLiteral("demo.supervisor"), Role::Admin).error().kind,
             ErrorKind::Refused);
}

void TestOperators::validation_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("ok");
    QTest::newRow("fine") << QStringLiteral("jane.doe") << QStringLiteral("long enough pw") << true;
    QTest::newRow("short password") << QStringLiteral("jane") << QStringLiteral("short") << false;
    QTest::newRow("uppercase name") << QStringLiteral("Jane") << QStringLiteral("long enough pw") << false;
    QTest::newRow("sql in name") << QStringLiteral("x'; drop table operators; --") << QStringLiteral("long enough pw") << false;
    QTest::newRow("empty name") << QString() << QStringLiteral("long enough pw") << false;
    // The installation writes entries as "system"; the import's actors are user/system/support.
    QTest::newRow("reserved system") << QStringLiteral("system") << QStringLiteral("long enough pw") << false;
    QTest::newRow("reserved support") << QStringLiteral("support") << QStringLiteral("long enough pw") << false;
}

// A display name shows in window titles and the CLI's tables: terminal escapes and line breaks
// are refused, naming the field.
void TestOperators::displayNamesAreOneLine()
{
    for (const QString &name : {QStringLiteral("Eve\x1b]0;pwned\x07"), QStringLiteral("Eve\nAdmin"), QStringLiteral("Eve\u2028"),
                                QStringLiteral("Sam \u202Erosivrepus")}) {
        auto r = m_operators->addOperator(test::sessionAs(Role::Admin), QStringLiteral("eve"), name, Role::Agent, QStringLiteral("long enough pw"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("display_name"));
    }
    QVERIFY(m_operators->addOperator(test::sessionAs(Role::Admin), QStringLiteral("eve"), QStringLiteral("Ève Ångström"), Role::Agent,
                                     QStringLiteral("long enough pw")).ok());
}

void TestOperators::validation()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(bool, ok);
    auto r = m_operators->addOperator(test::sessionAs(Role::Admin), username, {}, Role::Agent, password);
    QCOMPARE(r.ok(), ok);
    if (!ok)
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
    QCOMPARE(m_ws->count(QStringLiteral("operators")), ok ? 1 : 0);
}

void TestOperators::roleMatrix_data()
{
    QTest::addColumn<int>("permission");
    QTest::addColumn<bool>("agent");
    QTest::addColumn<bool>("supervisor");
    QTest::addColumn<bool>("admin");
    // SPEC §9 "who may run what".
    QTest::newRow("account show") << int(Permission::ViewAccount) << true << true << false;
    QTest::newRow("diagnose") << int(Permission::Diagnose) << true << true << false;
    QTest::newRow("case work") << int(Permission::WorkCases) << true << true << false;
    QTest::newRow("report") << int(Permission::ExportReport) << true << true << false;
    QTest::newRow("approve/reject") << int(Permission::DecideReset) << false << true << false;
    QTest::newRow("audit verify/export") << int(Permission::ReviewAudit) << false << true << false;
    QTest::newRow("outbox export") << int(Permission::ExportOutbox) << false << true << true;
    QTest::newRow("import") << int(Permission::ImportData) << false << false << true;
    QTest::newRow("demo") << int(Permission::RunDemo) << false << false << true;
    QTest::newRow("operators") << int(Permission::ManageOperators) << false << false << true;
    QTest::newRow("delivery key") << int(Permission::ManageDeliveryKey) << false << false << true;
    QTest::newRow("policy") << int(Permission::ManagePolicy) << false << false << true;
}

void TestOperators::roleMatrix()
{
    QFETCH(int, permission);
    QFETCH(bool, agent);
    QFETCH(bool, supervisor);
    QFETCH(bool, admin);
    const auto p = Permission(permission);
    const std::pair<Role, bool> expected[] = {{Role::Agent, agent}, {Role::Supervisor, supervisor}, {Role::Admin, admin}};
    for (const auto &[role, allowed] : expected) {
        QCOMPARE(auth::roleAllows(role, p), allowed);
        auto status = auth::requirePermission(test::sessionAs(role), p);
        QCOMPARE(status.ok(), allowed);
        if (!allowed) {
            QCOMPARE(status.error().kind, ErrorKind::Refused);
            QVERIFY(status.error().message.contains(auth::roleName(role)));
        }
    }
}

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
