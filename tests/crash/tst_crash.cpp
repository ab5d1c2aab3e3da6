// Crash safety (SPEC §14): a child doing imports, four-eyes resets and audit appends is killed
// with SIGKILL at random moments; after every kill the database is intact, every committed
// change is there, no change is half-applied, and the audit chain verifies. Then the CLI
// importing 200,000 login attempts is killed at random moments: all or nothing each time.
//   RD_CRASH_ITERATIONS (default 12; 100+ on demand), RD_CRASH_SEED (default: random, printed),
//   RD_CRASH_BIG_KILLS (default 5), RD_CRASH_BIG_LINES (default 200000).
#include "CliRunner.h"

#include "audit/AuditLog.h"
#include "cases/Outbox.h"
#include "importer/Importer.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>

using namespace rd;

namespace {

const auth::Session kBoss{QStringLiteral("boss"), QStringLiteral("Boss"), auth::Role::Admin};
const auth::Session kSam{QStringLiteral("sam"), QStringLiteral("Sam"), auth::Role::Supervisor};
const QString kBossPw = QStringLiteral("boss-password-1");
constexpr int kAttemptsPerImport = 300; // as CrashChild.cpp

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

// The first value of a query, or -1.
qint64 scalar(QSqlDatabase db, const QString &sql, std::initializer_list<QVariant> binds = {})
{
    auto q = storage::exec(db, sql, binds);
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

class TestCrash : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void killedAtRandomMoments();
    void bigImportKilledIsAllOrNothing();

private:
    // Checks the database after a kill against what the child journaled.
    void verifyAfterKill(const QStringList &journal, int iteration);
    void checkJournal(QSqlDatabase db, const QStringList &journal, int iteration);
    void verifyIntegrityAndChain();

    test::Workspace m_ws;
    QRandomGenerator m_rng;
    qint64 m_initialSets = 0;
};

void TestCrash::initTestCase()
{
    const quint32 seed = quint32(envInt("RD_CRASH_SEED", int(QRandomGenerator::global()->bounded(1 << 30))));
    qInfo("RD_CRASH_SEED=%u", seed);
    m_rng.seed(seed);
    QVERIFY(m_ws.open());
    FixedClock clock(QDateTime::currentDateTimeUtc());
    QVERIFY(importer::Importer(*m_ws.database, *m_ws.keys, clock).importFile(kBoss, test::dataPath(QStringLiteral("import/world.jsonl"))).ok());
    QVERIFY(cases::Outbox(*m_ws.database, *m_ws.keys, clock)
                .setDeliveryKey(kBoss, test::dataPath(QStringLiteral("crypto/rsa2048-public.pem"))).ok());
    m_initialSets = scalar(m_ws.connection(), QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE account_id = 'acc-lena'"));
    m_ws.close();
}

void TestCrash::verifyIntegrityAndChain()
{
    // Workspace::open runs Database::open, whose quick_check refuses a damaged file.
    QVERIFY(m_ws.open());
    auto q = storage::exec(m_ws.connection(), QStringLiteral("PRAGMA integrity_check"));
    QVERIFY(q.ok() && q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("ok"));
    auto verified = audit::AuditLog(*m_ws.database, *m_ws.keys, SystemClock::instance()).verify(kSam);
    QVERIFY(verified.ok());
    QVERIFY2(verified->ok, qPrintable(verified->message));
}

void TestCrash::verifyAfterKill(const QStringList &journal, int iteration)
{
    verifyIntegrityAndChain();
    if (QTest::currentTestFailed())
        return;
    checkJournal(m_ws.connection(), journal, iteration);
    m_ws.close();
}

void TestCrash::checkJournal(QSqlDatabase db, const QStringList &journal, int iteration)
{
    qint64 auditSeen = 0;
    for (const QString &line : journal) {
        const QStringList w = line.split(u' ');
        if (w.value(1) == QLatin1String("import")) {
            // All or nothing: the account, its 300 attempts and the import's audit entry.
            const QString k = w.value(2);
            const qint64 attempts = scalar(db, QStringLiteral("SELECT COUNT(*) FROM login_attempts WHERE id >= ? AND id < ?"),
                                           {QStringLiteral("att-crash-%1-").arg(k), QStringLiteral("att-crash-%1.").arg(k)});
            const qint64 accounts = scalar(db, QStringLiteral("SELECT COUNT(*) FROM accounts WHERE id = ?"), {QStringLiteral("acc-crash-") + k});
            const qint64 entries = scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND details LIKE ?"),
                                          {QStringLiteral("%\"crash-%1.jsonl\"%").arg(k)});
            const bool all = attempts == kAttemptsPerImport && accounts == 1 && entries == 1;
            const bool none = attempts == 0 && accounts == 0 && entries == 0;
            QVERIFY2(all || none, qPrintable(QStringLiteral("iteration %1: import %2 half-applied: %3 attempts, %4 accounts, %5 entries")
                                                 .arg(iteration).arg(k).arg(attempts).arg(accounts).arg(entries)));
            if (w.first() == QLatin1String("done"))
                QVERIFY2(all, qPrintable(QStringLiteral("iteration %1: committed import %2 is missing").arg(iteration).arg(k)));
        } else if (w.first() == QLatin1String("done") && w.value(1) == QLatin1String("reset")) {
            // A committed execution: the request executed, its action in the outbox, the new set there.
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM reset_requests WHERE id = ? AND state = 'executed' AND action_id = ?"),
                            {w.value(3), w.value(4)}), 1);
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM outbox WHERE id = ? AND request_id = ?"), {w.value(4), w.value(3)}), 1);
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE id = ?"), {w.value(5)}), 1);
        } else if (w.first() == QLatin1String("approved")) {
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM reset_requests WHERE id = ? AND state IN ('approved', 'executed')"),
                            {w.value(2)}), 1);
        } else if (w.first() == QLatin1String("begin") && w.value(1) == QLatin1String("audit")) {
            // Each entry once; the one the kill interrupted may or may not have committed.
            const qint64 n = scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'crash.test' AND subject = ?"), {w.value(2)});
            QVERIFY2(n == 0 || n == 1, qPrintable(w.value(2)));
            auditSeen += n;
        } else if (w.first() == QLatin1String("done") && w.value(1) == QLatin1String("audit")) {
            QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'crash.test' AND subject = ?"), {w.value(2)}), 1);
        }
    }
    // No execution half-applied: executed requests, outbox actions and new code sets agree.
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM reset_requests r WHERE (r.state = 'executed') <> "
                                       "EXISTS (SELECT 1 FROM outbox o WHERE o.request_id = r.id AND o.id = r.action_id)")), 0);
    const qint64 executed = scalar(db, QStringLiteral("SELECT COUNT(*) FROM reset_requests WHERE state = 'executed'"));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM code_sets WHERE account_id = 'acc-lena'")), m_initialSets + executed);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM outbox")), executed);
    // And no entry that was never begun.
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'crash.test'")), auditSeen);
}

void TestCrash::killedAtRandomMoments()
{
    const int iterations = envInt("RD_CRASH_ITERATIONS", 12);
    const QString journalPath = m_ws.path(QStringLiteral("journal.txt"));
    const QString child = QCoreApplication::applicationDirPath() + QStringLiteral("/rd_crash_child");
    int kills = 0;
    for (int i = 0; i < iterations; ++i) {
        QProcess p;
        p.setProgram(child);
        p.setArguments({m_ws.dbPath, m_ws.keyDir, journalPath, m_ws.path(QString()), QString::number(i * 1000),
                        QString::number(m_rng.generate())});
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start();
        QVERIFY(p.waitForStarted());
        // Random moments: from during start-up to well into the loop.
        const int delayMs = int(m_rng.bounded(20, 1200));
        QVERIFY2(!p.waitForFinished(delayMs), qPrintable(QStringLiteral("the child stopped by itself (exit %1)").arg(p.exitCode())));
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        ++kills;
        const QStringList journal = QString::fromUtf8(test::readFile(journalPath)).split(u'\n', Qt::SkipEmptyParts);
        verifyAfterKill(journal, i);
        if (QTest::currentTestFailed())
            return;
    }
    const QString journal = QString::fromUtf8(test::readFile(journalPath));
    qInfo("%d kills; committed: %lld imports, %lld resets, %lld audit entries", kills,
          qint64(journal.count(QStringLiteral("done import"))), qint64(journal.count(QStringLiteral("done reset"))),
          qint64(journal.count(QStringLiteral("done audit"))));
    // The kills must have hit work, not only start-ups.
    QVERIFY(journal.contains(QStringLiteral("done ")));
}

void TestCrash::bigImportKilledIsAllOrNothing()
{
    const int lines = envInt("RD_CRASH_BIG_LINES", 200000);
    const int killsWanted = envInt("RD_CRASH_BIG_KILLS", 5);
    test::CliRunner cli(m_ws);
    QCOMPARE(cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("boss")}, {}, kBossPw).exitCode, 0);
    const QString file = m_ws.path(QStringLiteral("big.jsonl"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type":"account","id":"acc-big","created_at":"2026-01-01T00:00:00Z"})" "\n");
        for (int i = 0; i < lines; ++i)
            f.write(QStringLiteral(R"({"type":"login_attempt","id":"att-big-%1","account":"acc-big","at":"2026-%2-%3T%4:%5:00Z","method":"password","outcome":"failure","reason":"password_invalid","ip":"198.51.100.%6"})" "\n")
                        .arg(i).arg(1 + i % 12, 2, 10, QLatin1Char('0')).arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                        .arg(i % 24, 2, 10, QLatin1Char('0')).arg(i % 60, 2, 10, QLatin1Char('0')).arg(i % 250).toUtf8());
    }
    QVERIFY(m_ws.open());
    const qint64 before = m_ws.count(QStringLiteral("login_attempts"));
    m_ws.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RECOVERYDESK_DB"), m_ws.dbPath);
    env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), m_ws.keyDir);
    env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), kBossPw);
    auto startImport = [&](QProcess &p) {
        p.setProcessEnvironment(env);
        p.setProgram(qEnvironmentVariable("RD_CLI"));
        p.setArguments({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), file});
        p.start();
        return p.waitForStarted();
    };
    // Every attempt starts from the database as it was before the import, so each one is a whole
    // import to kill (an import of data that is already there is a no-op that takes as long).
    const QString pristine = m_ws.path(QStringLiteral("pristine.sqlite"));
    QVERIFY(QFile::copy(m_ws.dbPath, pristine));
    auto restore = [&] {
        for (const char *suffix : {"-wal", "-shm", ""})
            QFile::remove(m_ws.dbPath + QLatin1String(suffix));
        return QFile::copy(pristine, m_ws.dbPath);
    };
    // How long a whole import takes here, measured on a copy, so the kills spread over all of it.
    qint64 fullMs = 0;
    {
        const QString copy = m_ws.path(QStringLiteral("copy.sqlite"));
        QVERIFY(QFile::copy(m_ws.dbPath, copy));
        env.insert(QStringLiteral("RECOVERYDESK_DB"), copy);
        QProcess p;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(startImport(p));
        QVERIFY(p.waitForFinished(600000));
        fullMs = timer.elapsed();
        QCOMPARE(p.exitCode(), 0);
        env.insert(QStringLiteral("RECOVERYDESK_DB"), m_ws.dbPath);
    }
    qInfo("a full import of %d attempts takes %lld ms", lines, fullMs);

    int kills = 0;
    for (int attempt = 0; kills < killsWanted && attempt < killsWanted * 3; ++attempt) {
        QProcess p;
        QElapsedTimer ran;
        ran.start();
        QVERIFY(startImport(p));
        // Up to a little past the measured time, so a kill can also land around the commit.
        const int delayMs = int(m_rng.bounded(qMax<qint64>(10, fullMs * 21 / 20)));
        if (p.waitForFinished(delayMs)) {
            QCOMPARE(p.exitCode(), 0);
            // The measurement ran while other tests loaded the machine: learn the real duration.
            fullMs = qMin(fullMs, ran.elapsed());
            qInfo("import finished before the kill at %d ms; a whole import now takes ~%lld ms", delayMs, fullMs);
            QVERIFY(restore());
            continue;
        }
        p.kill();
        QVERIFY(p.waitForFinished(10000));
        ++kills;
        verifyIntegrityAndChain();
        const qint64 now = m_ws.count(QStringLiteral("login_attempts"));
        m_ws.close();
        QVERIFY2(now == before || now == before + lines,
                 qPrintable(QStringLiteral("killed at %1 ms: %2 attempts, expected %3 or %4").arg(delayMs).arg(now).arg(before).arg(before + lines)));
        qInfo("kill %d at %d ms of ~%lld: %s", kills, delayMs, fullMs, now == before ? "nothing imported" : "all imported");
    }
    QCOMPARE(kills, killsWanted);
    // And the import still completes afterwards.
    QProcess p;
    QVERIFY(startImport(p));
    QVERIFY(p.waitForFinished(600000));
    QCOMPARE(p.exitCode(), 0);
    verifyIntegrityAndChain();
    QCOMPARE(m_ws.count(QStringLiteral("login_attempts")), before + lines);
    m_ws.close();
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
