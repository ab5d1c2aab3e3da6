// CLI sessions (SPEC §9) in the core, on an injected clock: the time limits to the millisecond,
// what the database keeps, and who may present a token.
#include "TestSupport.h"

#include "auth/CliSessions.h"
#include "common/RandomSource.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

#include <QSqlQuery>

using namespace rd;
using auth::CliSessions;

namespace {

const QString kPassword = QStringLiteral("alice-password-1");

// Deterministic bytes: every fill is different, none is random.
class CountingRandom final : public RandomSource {
public:
    bool fill(std::span<unsigned char> out) override
    {
        for (unsigned char &b : out)
            b = static_cast<unsigned char>(++m_next * 37);
        return !fail;
    }
    bool fail = false;

private:
    unsigned m_next = 0;
};

} // namespace

class TestCliSessions : public QObject {
    Q_OBJECT
private slots:
    void init();
    void tokenResumesAndOnlyItsHashIsStored();
    void idleLimitCountsFromLastUse();
    void lifetimeLimitHoldsDespiteUse();
    void wrongTokenOrOperatorIsRefused();
    void aClockBehindTheStartIsRefused();
    void disablingEndsAllSessionsAtOnce();
    void roleChangeEndsTheSession();
    void endIsAuditedAndFinal();
    void wrongPasswordStartsNothing();
    void randomFailureStartsNothing();

private:
    QString lastAction();
    crypto::SecretBytes startAlice();

    std::unique_ptr<test::Workspace> m_ws;
    std::unique_ptr<FixedClock> m_clock;
    CountingRandom m_random;
    std::unique_ptr<CliSessions> m_sessions;
};

void TestCliSessions::init()
{
    m_ws = std::make_unique<test::Workspace>();
    QVERIFY(m_ws->open());
    m_clock = std::make_unique<FixedClock>(QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC));
    auth::OperatorService operators(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(operators.createFirstAdmin(QStringLiteral("boss"), {}, QStringLiteral("boss-password-1")).ok());
    QVERIFY(operators.addOperator(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("alice"),
                                  QStringLiteral("Alice A."), auth::Role::Agent, QStringLiteral("given-by-boss"))
                .ok());
    QVERIFY(operators.signIn(QStringLiteral("alice"), QStringLiteral("given-by-boss"), kPassword).ok()); // her first sign-in
    m_sessions = std::make_unique<CliSessions>(*m_ws->database, *m_ws->keys, *m_clock, m_random);
}

QString TestCliSessions::lastAction()
{
    QSqlQuery q(m_ws->connection());
    if (!q.exec(QStringLiteral("SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1")) || !q.next())
        return {};
    return q.value(0).toString() + u' ' + q.value(1).toString();
}

crypto::SecretBytes TestCliSessions::startAlice()
{
    crypto::SecretBytes token;
    auto started = m_sessions->start(QStringLiteral("alice"), kPassword, &token);
    if (!started)
        qWarning("%s", qPrintable(started.error().message));
    return token;
}

void TestCliSessions::tokenResumesAndOnlyItsHashIsStored()
{
    crypto::SecretBytes token = startAlice();
    QCOMPARE(int(token.size()), CliSessions::kTokenBytes);
    QVERIFY(lastAction().startsWith(QStringLiteral("session.start")));
    auto resumed = m_sessions->resume(QStringLiteral("alice"), token.view());
    QVERIFY2(resumed.ok(), resumed.ok() ? "" : qPrintable(resumed.error().message));
    QCOMPARE(resumed->username, QStringLiteral("alice"));
    QCOMPARE(resumed->displayName, QStringLiteral("Alice A."));
    QCOMPARE(resumed->role, auth::Role::Agent);
    QSqlQuery q(m_ws->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT token_hash FROM cli_sessions")) && q.next());
    QCOMPARE(q.value(0).toString(), QString::fromLatin1(crypto::sha256(token.view()).toHex()));
    QVERIFY(!q.next());
    if (!test::onPostgres()) {
        QVERIFY(m_ws->checkpoint());
        const QByteArray file = test::readFile(m_ws->dbPath);
        QVERIFY(!file.contains(token.view().toByteArray()));
        QVERIFY(!file.contains(token.view().toByteArray().toHex()));
    }
}

void TestCliSessions::idleLimitCountsFromLastUse()
{
    crypto::SecretBytes token = startAlice();
    for (int i = 0; i < 3; ++i) { // each use restarts the 15 minutes
        m_clock->set(m_clock->nowUtc().addMSecs(CliSessions::kIdleMs - 1));
        QVERIFY(m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
    }
    m_clock->set(m_clock->nowUtc().addMSecs(CliSessions::kIdleMs));
    auto late = m_sessions->resume(QStringLiteral("alice"), token.view());
    QVERIFY(!late.ok());
    QCOMPARE(late.error().code, ErrorCode::SessionEnded);
    QCOMPARE(late.error().kind, ErrorKind::Refused);
    QVERIFY(late.error().message.contains(QStringLiteral("15 minutes")));
    QCOMPARE(lastAction(), QStringLiteral(R"(session.refused {"reason":"idle"})"));
    // Ended for good: coming back sooner does not revive it.
    m_clock->set(m_clock->nowUtc().addMSecs(-CliSessions::kIdleMs));
    QVERIFY(!m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
}

void TestCliSessions::lifetimeLimitHoldsDespiteUse()
{
    const QDateTime started = m_clock->nowUtc();
    crypto::SecretBytes token = startAlice();
    while (m_clock->nowUtc().addSecs(600) < started.addMSecs(CliSessions::kLifetimeMs)) {
        m_clock->advanceSecs(600);
        QVERIFY(m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
    }
    m_clock->set(started.addMSecs(CliSessions::kLifetimeMs));
    auto late = m_sessions->resume(QStringLiteral("alice"), token.view());
    QVERIFY(!late.ok());
    QCOMPARE(late.error().code, ErrorCode::SessionEnded);
    QVERIFY(late.error().message.contains(QStringLiteral("8 hours")));
    QCOMPARE(lastAction(), QStringLiteral(R"(session.refused {"reason":"lifetime"})"));
}

void TestCliSessions::wrongTokenOrOperatorIsRefused()
{
    crypto::SecretBytes token = startAlice();
    QByteArray other = token.view().toByteArray();
    other[0] = char(other[0] ^ 1);
    auto wrong = m_sessions->resume(QStringLiteral("alice"), other);
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, ErrorCode::SessionEnded);
    // Alice's token does not make anyone else Alice, nor Alice anyone else.
    auto asBoss = m_sessions->resume(QStringLiteral("boss"), token.view());
    QVERIFY(!asBoss.ok());
    QCOMPARE(asBoss.error().code, ErrorCode::SessionEnded);
    QVERIFY(m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
}

void TestCliSessions::aClockBehindTheStartIsRefused()
{
    crypto::SecretBytes token = startAlice();
    m_clock->advanceSecs(-60); // another desk's clock, a minute behind the one that logged in
    auto refused = m_sessions->resume(QStringLiteral("alice"), token.view());
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::SessionEnded);
    QVERIFY(refused.error().message.contains(QStringLiteral("clock")));
    QCOMPARE(lastAction(), QStringLiteral(R"(session.refused {"reason":"clock"})"));
}

void TestCliSessions::disablingEndsAllSessionsAtOnce()
{
    crypto::SecretBytes first = startAlice();
    crypto::SecretBytes second = startAlice();
    auth::OperatorService operators(*m_ws->database, *m_ws->keys, *m_clock);
    QVERIFY(operators.disable(test::sessionAs(auth::Role::Admin, QStringLiteral("boss")), QStringLiteral("alice")).ok());
    QSqlQuery q(m_ws->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM cli_sessions WHERE ended_at IS NULL")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    q.finish();
    for (const crypto::SecretBytes *t : {&first, &second}) {
        auto refused = m_sessions->resume(QStringLiteral("alice"), t->view());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::SessionEnded);
    }
    // A session ended by a change made outside the application (the row flipped by hand) is caught too.
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET disabled = 0 WHERE username = 'alice'")}));
    crypto::SecretBytes third = startAlice();
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET disabled = 1 WHERE username = 'alice'")}));
    auto refused = m_sessions->resume(QStringLiteral("alice"), third.view());
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QStringLiteral("disabled")));
    QCOMPARE(lastAction(), QStringLiteral(R"(session.refused {"reason":"disabled"})"));
}

void TestCliSessions::roleChangeEndsTheSession()
{
    crypto::SecretBytes token = startAlice();
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET role = 'supervisor' WHERE username = 'alice'")}));
    auto refused = m_sessions->resume(QStringLiteral("alice"), token.view());
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QStringLiteral("role")));
    QCOMPARE(lastAction(), QStringLiteral(R"(session.refused {"reason":"role_changed"})"));
    // Changing it back does not revive a session that carried the old role.
    QVERIFY(m_ws->tamper({QStringLiteral("UPDATE operators SET role = 'agent' WHERE username = 'alice'")}));
    QVERIFY(!m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
}

void TestCliSessions::endIsAuditedAndFinal()
{
    crypto::SecretBytes token = startAlice();
    auto ended = m_sessions->end(QStringLiteral("alice"), token.view());
    QVERIFY(ended.ok() && ended.value());
    QCOMPARE(lastAction(), QStringLiteral("session.end {}"));
    QVERIFY(!m_sessions->resume(QStringLiteral("alice"), token.view()).ok());
    auto again = m_sessions->end(QStringLiteral("alice"), token.view());
    QVERIFY(again.ok() && !again.value());
}

void TestCliSessions::wrongPasswordStartsNothing()
{
    crypto::SecretBytes token;
    auto refused = m_sessions->start(QStringLiteral("alice"), QStringLiteral("not-her-password"), &token);
    QVERIFY(!refused.ok());
    QVERIFY(token.isEmpty());
    QCOMPARE(m_ws->count(QStringLiteral("cli_sessions")), 0);
    // The lockout rules apply: the failure was counted like any sign-in.
    QVERIFY(lastAction().startsWith(QStringLiteral("signin.failed")));
}

void TestCliSessions::randomFailureStartsNothing()
{
    m_random.fail = true;
    crypto::SecretBytes token;
    QVERIFY(!m_sessions->start(QStringLiteral("alice"), kPassword, &token).ok());
    QVERIFY(token.isEmpty());
    QCOMPARE(m_ws->count(QStringLiteral("cli_sessions")), 0);
}

QTEST_GUILESS_MAIN(TestCliSessions)
#include "tst_cli_sessions.moc"
