// `recoverydesk-cli import --follow`: the live platform feed (issue 17), end to end as a new user
// runs it: a named pipe fed in bursts, a malformed line in the middle, kill -9 and a re-send, a
// followed file resumed and rotated, records out of order, a busy database, and the diagnostics
// scenarios fed line by line giving the answers a bulk import gives.
#include "CliRunner.h"
#include "PgTestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <csignal>
#include <thread>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rd;

namespace {

const QString kBoss = QStringLiteral("boss-password-1");

QByteArray accountLine(const QString &id)
{
    return QStringLiteral("{\"type\":\"account\",\"id\":\"%1\",\"created_at\":\"2024-01-01T00:00:00Z\",\"handle\":\"%1\","
                          "\"display_name\":\"Feed %1\",\"email\":\"%1@example.test\"}\n")
        .arg(id)
        .toUtf8();
}

QByteArray attemptLine(const QString &account, int n)
{
    return QStringLiteral("{\"type\":\"login_attempt\",\"id\":\"%1-att-%2\",\"account\":\"%1\",\"at\":\"2026-11-20T%3:%4:%5Z\","
                          "\"method\":\"backup_code\",\"outcome\":\"failure\",\"reason\":\"invalid_code\",\"ip\":\"198.51.100.%6\"}\n")
        .arg(account)
        .arg(n)
        .arg(8 + n / 3600, 2, 10, QLatin1Char('0'))
        .arg(n / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(n % 60, 2, 10, QLatin1Char('0'))
        .arg(n % 250 + 1)
        .toUtf8();
}

// A line the feed must keep out, holding a code and an address that must not reach the database.
const QByteArray kBadCodeSet = "{\"type\":\"code_set\",\"id\":\"bad-set\",\"account\":\"feed-a\",\"generated_at\":\"2026-11-01T00:00:00Z\","
                               "\"generator\":\"g/1\",\"format\":\"no-such-format\",\"codes\":[{\"index\":1,\"code\":\"73914628\"}],"
                               "\"note\":\"mail quarantined-secret@example.test\"}\n";
const QByteArray kNotJson = "this is not a record 51846203\n";

// The writing end of a named pipe, once the feed has it open.
class PipeWriter {
public:
    explicit PipeWriter(const QString &path) : m_path(path) {}
    ~PipeWriter() { close(); }
    bool open()
    {
        for (int i = 0; i < 200 && m_fd < 0; ++i) {
            m_fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (m_fd < 0)
                QThread::msleep(50); // ENXIO: no reader yet
        }
        if (m_fd >= 0)
            ::fcntl(m_fd, F_SETFL, 0); // blocking writes from here on
        return m_fd >= 0;
    }
    bool write(const QByteArray &bytes)
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.constData() + done, std::size_t(bytes.size() - done));
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace

class TestCliFeed : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pipeBurstsWithAMalformedLine();
    void killNineAndResendLeaveEachRecordOnce();
    void fileIsResumedAndRotated();
    void aStopLosesNoLineReadFromThePipe();
    void anIdleStandardInputClosesBatchesAndStops();
    void recordsOutOfOrderWaitForTheirAccount();
    void aBusyDatabaseIsRetried();
    void scenariosGiveTheSameAnswersAsABulkImport();
    void bulkImportStaysAllOrNothing();

private:
    std::unique_ptr<QProcess> follow(const QStringList &args);
    int attemptsOf(test::CliDesk &desk, const QString &account);
    bool waitForAttempts(test::CliDesk &desk, const QString &account, int expected, int timeoutMs = 15000);
    static int stop(QProcess &feed);
    // PostgreSQL: the server ends the feed's connection (a restart, a failover) before bursts.
    void theServerDroppingTheFeedIsRetried();
    // The rows a query returns, read on a connection opened and closed for it (the CLI writes meanwhile).
    QList<QVariantList> rows(const QString &sql) { return rows(m_ws, sql); }
    static QList<QVariantList> rows(test::Workspace &ws, const QString &sql);
    static QList<QJsonObject> statusLines(const QByteArray &out);

    test::Workspace m_ws;
    test::CliDesk m_desk{m_ws};
    QTemporaryDir m_sources; // feed sources live outside the workspace, whose files are searched for secrets
};

void TestCliFeed::initTestCase()
{
    QVERIFY(QFile::exists(qEnvironmentVariable("RD_CLI")));
    std::signal(SIGPIPE, SIG_IGN); // a write into the pipe of a feed killed on purpose fails instead
    QVERIFY(m_sources.isValid());
    QVERIFY(m_desk.create({{"alice", "agent"}, {"sue", "supervisor"}}, false));
}

std::unique_ptr<QProcess> TestCliFeed::follow(const QStringList &args)
{
    auto p = m_desk.cli.start(QStringList{QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("import"),
                                          QStringLiteral("--follow")}
                                  + args,
                              kBoss);
    if (!p->waitForStarted())
        qWarning("the feed did not start");
    return p;
}

int TestCliFeed::attemptsOf(test::CliDesk &desk, const QString &account)
{
    // Admins run the feed; account data is the agents' to see.
    const test::CliRun r = desk.as(QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("account"), QStringLiteral("show"), account,
                                                            QStringLiteral("--attempts"), QStringLiteral("0")});
    if (r.exitCode != 0)
        return -1;
    return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("total_attempts")).toInt(-1);
}

bool TestCliFeed::waitForAttempts(test::CliDesk &desk, const QString &account, int expected, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    int seen = -1;
    while (t.elapsed() < timeoutMs) {
        seen = attemptsOf(desk, account);
        if (seen == expected)
            return true;
        QThread::msleep(100);
    }
    qWarning("%s: %d attempts, %d expected", qPrintable(account), seen, expected);
    return false;
}

// SIGTERM, as systemd stops the service: the feed commits what it read and exits.
int TestCliFeed::stop(QProcess &feed)
{
    ::kill(pid_t(feed.processId()), SIGTERM);
    if (!feed.waitForFinished(30000))
        return -1;
    if (feed.exitStatus() != QProcess::NormalExit || feed.exitCode() != 0)
        qWarning("the feed ended with %d (%s): %s", feed.exitCode(), feed.exitStatus() == QProcess::NormalExit ? "exit" : "crash",
                 feed.readAllStandardError().constData());
    return feed.exitStatus() == QProcess::NormalExit ? feed.exitCode() : -2;
}

QList<QVariantList> TestCliFeed::rows(test::Workspace &ws, const QString &sql)
{
    QList<QVariantList> out;
    if (!ws.open())
        return out;
    {
        QSqlQuery q(ws.connection());
        if (!q.exec(sql))
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i));
            out.append(row);
        }
    }
    ws.close();
    return out;
}

QList<QJsonObject> TestCliFeed::statusLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

// The acceptance: 1,000 attempts in bursts into a named pipe; each burst is counted by
// `account show` soon after; a malformed line in the middle is kept out and the good lines
// around it are imported; SIGTERM ends the feed with 0.
void TestCliFeed::pipeBurstsWithAMalformedLine()
{
    const QString fifo = m_sources.filePath(QStringLiteral("bursts.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto feed = follow({fifo});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QVERIFY(pipe.write(accountLine(QStringLiteral("feed-a"))));
    for (int burst = 0; burst < 10; ++burst) {
        QByteArray lines;
        for (int i = 0; i < 100; ++i) {
            if (burst == 5 && i == 50)
                lines += kBadCodeSet + kNotJson;
            lines += attemptLine(QStringLiteral("feed-a"), burst * 100 + i);
        }
        QVERIFY(pipe.write(lines));
        QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-a"), (burst + 1) * 100));
    }
    QCOMPARE(stop(*feed), 0);
    const QList<QJsonObject> status = statusLines(feed->readAllStandardOutput());
    QVERIFY(!status.isEmpty());
    QCOMPARE(status.last().value(QStringLiteral("event")).toString(), QStringLiteral("end"));
    QCOMPARE(status.last().value(QStringLiteral("reason")).toString(), QStringLiteral("signal"));
    QCOMPARE(status.last().value(QStringLiteral("records")).toInt(), 1001);
    QCOMPARE(status.last().value(QStringLiteral("quarantined")).toInt(), 2);
    for (const QJsonObject &s : status.sliced(0, status.size() - 1)) {
        QCOMPARE(s.value(QStringLiteral("event")).toString(), QStringLiteral("batch"));
        QVERIFY(s.value(QStringLiteral("audit_seq")).toInteger() > 0);
        QVERIFY(s.contains(QStringLiteral("lag_s")));
        QVERIFY(s.contains(QStringLiteral("records_per_s")));
    }

    // The quarantine holds both lines with their errors and a redacted excerpt, never a value.
    const QList<QVariantList> kept = rows(QStringLiteral("SELECT line, record_type, error, excerpt FROM import_quarantine ORDER BY line"));
    QCOMPARE(kept.size(), 2);
    QCOMPARE(kept[0][1].toString(), QStringLiteral("code_set"));
    QVERIFY2(kept[0][2].toString().contains(QStringLiteral("format")), qPrintable(kept[0][2].toString()));
    QVERIFY(kept[0][3].toString().contains(QStringLiteral("bad-set")));
    QVERIFY(kept[0][3].toString().contains(QStringLiteral("other fields, not shown"))); // codes and note: not even their names
    QCOMPARE(kept[1][0].toInt(), kept[0][0].toInt() + 1);
    QVERIFY(kept[1][2].toString().contains(QStringLiteral("not valid JSON")));
    QVERIFY(kept[1][3].toString().isEmpty());
    // One import.batch entry says so, in the same trail as everything else, which still verifies.
    QCOMPARE(rows(QStringLiteral("SELECT seq FROM audit_log WHERE action = 'import.batch' AND details LIKE '%\"quarantined\":2%'")).size(), 1);
    QCOMPARE(m_desk.as(QStringLiteral("sue"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    QVERIFY(m_ws.open());
    QVERIFY(m_ws.checkpoint());
    m_ws.close();
    const QStringList leaked = m_ws.plaintextFound({QStringLiteral("73914628"), QStringLiteral("51846203"),
                                                   QStringLiteral("quarantined-secret@example.test"), QStringLiteral("feed-a@example.test")});
    QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(u", ")));
}

// kill -9 while a burst is being committed, then a restart that re-sends everything: exactly
// the records sent, each once, and a trail that verifies (no half batch).
void TestCliFeed::killNineAndResendLeaveEachRecordOnce()
{
    const QString fifo = m_sources.filePath(QStringLiteral("killed.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QByteArray everything = accountLine(QStringLiteral("feed-k"));
    for (int i = 0; i < 1000; ++i)
        everything += attemptLine(QStringLiteral("feed-k"), i);
    {
        auto feed = follow({fifo, QStringLiteral("--batch-records"), QStringLiteral("50")});
        PipeWriter pipe(fifo);
        QVERIFY(pipe.open());
        const qsizetype half = everything.indexOf("feed-k-att-600\"");
        QVERIFY(pipe.write(everything.first(half)));
        QThread::msleep(150); // some batches committed, others on their way
        ::kill(pid_t(feed->processId()), SIGKILL);
        QVERIFY(feed->waitForFinished(10000));
        QCOMPARE(feed->exitStatus(), QProcess::CrashExit);
    }
    const int afterKill = attemptsOf(m_desk, QStringLiteral("feed-k"));
    QVERIFY2(afterKill >= 0 && afterKill <= 1000, qPrintable(QString::number(afterKill)));
    QVERIFY2(afterKill % 50 == 0 || afterKill == 49 || (afterKill + 1) % 50 == 0, qPrintable(QString::number(afterKill)));

    auto feed = follow({fifo, QStringLiteral("--batch-records"), QStringLiteral("50")});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QVERIFY(pipe.write(everything));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-k"), 1000));
    QCOMPARE(stop(*feed), 0);
    const QList<QVariantList> counted = rows(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT id) FROM login_attempts WHERE account_id = 'feed-k'"));
    QCOMPARE(counted.size(), 1);
    QCOMPARE(counted[0][0].toInt(), 1000);
    QCOMPARE(counted[0][1].toInt(), 1000);
    QCOMPARE(m_desk.as(QStringLiteral("sue"), {QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
    QCOMPARE(m_desk.as(QStringLiteral("boss"), {QStringLiteral("check")}).exitCode, 0);
}

// SIGTERM while a writer pours lines into the pipe: what the feed had read is committed, the rest
// stays in the pipe for the next start; no line is lost and none is cut in two.
void TestCliFeed::aStopLosesNoLineReadFromThePipe()
{
    const QString fifo = m_sources.filePath(QStringLiteral("stopped.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    // A reader that never reads keeps the pipe from breaking while no feed runs.
    const int idle = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(idle >= 0);
    auto feed = follow({fifo, QStringLiteral("--batch-records"), QStringLiteral("500")});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QVERIFY(pipe.write(accountLine(QStringLiteral("feed-s"))));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-s"), 0));
    bool written = true;
    std::thread writer([&] {
        for (int chunk = 0; chunk < 200 && written; ++chunk) {
            QByteArray lines;
            for (int i = chunk * 100; i < chunk * 100 + 100; ++i)
                lines += attemptLine(QStringLiteral("feed-s"), i);
            written = pipe.write(lines);
            QThread::msleep(5);
        }
    });
    QThread::msleep(400);
    QCOMPARE(stop(*feed), 0);
    const QList<QJsonObject> first = statusLines(feed->readAllStandardOutput());
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.last().value(QStringLiteral("reason")).toString(), QStringLiteral("signal"));
    const int before = first.last().value(QStringLiteral("records")).toInt();
    QVERIFY2(before > 1 && before < 20001, qPrintable(QString::number(before))); // stopped mid-stream
    feed = follow({fifo, QStringLiteral("--batch-records"), QStringLiteral("500")});
    writer.join();
    QVERIFY(written);
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-s"), 20000, 60000));
    QCOMPARE(stop(*feed), 0);
    ::close(idle);
    QCOMPARE(rows(QStringLiteral("SELECT COUNT(*) FROM import_quarantine WHERE feed LIKE '%stopped.fifo'")).value(0).value(0).toInt(), 0);
}

// `import --follow -` on a pipe that stays open but quiet: a line is committed within the batch
// time, not when the next one comes, and SIGTERM ends the feed at once.
void TestCliFeed::anIdleStandardInputClosesBatchesAndStops()
{
    auto feed = m_desk.cli.start({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), QStringLiteral("--follow"),
                                  QStringLiteral("-")},
                                 kBoss, {}, test::CliRunner::Stdin::Open);
    QVERIFY(feed->waitForStarted());
    feed->write(accountLine(QStringLiteral("feed-i")) + attemptLine(QStringLiteral("feed-i"), 1));
    QVERIFY(feed->waitForBytesWritten(5000));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-i"), 1));
    QElapsedTimer stopping;
    stopping.start();
    ::kill(pid_t(feed->processId()), SIGTERM);
    QVERIFY(feed->waitForFinished(10000));
    QCOMPARE(feed->exitStatus(), QProcess::NormalExit);
    QCOMPARE(feed->exitCode(), 0);
    qInfo("stopped %lld ms after SIGTERM", stopping.elapsed());
}

// A followed file: a restart reads on from the first line not committed; a rotated file is read
// to its end and the new one from its start.
void TestCliFeed::fileIsResumedAndRotated()
{
    const QString file = m_sources.filePath(QStringLiteral("platform.jsonl"));
    QByteArray first = accountLine(QStringLiteral("feed-f"));
    for (int i = 0; i < 100; ++i)
        first += attemptLine(QStringLiteral("feed-f"), i);
    QVERIFY(test::writeFile(file, first));
    auto feed = follow({file});
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-f"), 100));
    QCOMPARE(stop(*feed), 0);

    QFile append(file);
    QVERIFY(append.open(QIODevice::Append));
    for (int i = 100; i < 150; ++i)
        append.write(attemptLine(QStringLiteral("feed-f"), i));
    append.write("{\"type\":\"login_attempt\",\"id\":\"feed-f-att-150\""); // a line still being written
    append.close();
    feed = follow({file});
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-f"), 150));
    QVERIFY(append.open(QIODevice::Append));
    append.write(attemptLine(QStringLiteral("feed-f"), 150).mid(45)); // ...and its end
    append.close();
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-f"), 151));

    // logrotate: the file is moved away (and gets one more line), a new one takes its place.
    QVERIFY(QFile::rename(file, file + QStringLiteral(".1")));
    QFile rotated(file + QStringLiteral(".1"));
    QVERIFY(rotated.open(QIODevice::Append));
    rotated.write(attemptLine(QStringLiteral("feed-f"), 151));
    rotated.close();
    QByteArray next;
    for (int i = 152; i < 170; ++i)
        next += attemptLine(QStringLiteral("feed-f"), i);
    QVERIFY(test::writeFile(file, next));
    if (!waitForAttempts(m_desk, QStringLiteral("feed-f"), 170)) {
        QStringList missing;
        QSet<QString> have;
        for (const QVariantList &r : rows(QStringLiteral("SELECT id FROM login_attempts WHERE account_id = 'feed-f'")))
            have.insert(r[0].toString());
        for (int i = 0; i < 170; ++i)
            if (!have.contains(QStringLiteral("feed-f-att-%1").arg(i)))
                missing << QString::number(i);
        feed->waitForReadyRead(1000);
        QFAIL(qPrintable(missing.join(u' ') + QString::fromUtf8(feed->readAllStandardOutput() + feed->readAllStandardError())));
    }
    QCOMPARE(stop(*feed), 0);
    const QList<QJsonObject> status = statusLines(feed->readAllStandardOutput());
    // The second run began after line 101 (the account and 100 attempts were committed before).
    QVERIFY(!status.isEmpty());
    QCOMPARE(status.first().value(QStringLiteral("event")).toString(), QStringLiteral("resume"));
    QCOMPARE(status.at(1).value(QStringLiteral("first_line")).toInt(), 102);
    const QString err = QString::fromUtf8(feed->readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("rotated")), qPrintable(err));
    QCOMPARE(status.last().value(QStringLiteral("quarantined")).toInt(), 0);
}

// A platform stream is not always in order: attempts that arrive before their account wait for
// it in later batches instead of being kept out.
void TestCliFeed::recordsOutOfOrderWaitForTheirAccount()
{
    const QString fifo = m_sources.filePath(QStringLiteral("order.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto feed = follow({fifo, QStringLiteral("--batch-ms"), QStringLiteral("50")});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QByteArray early;
    for (int i = 0; i < 20; ++i)
        early += attemptLine(QStringLiteral("feed-o"), i);
    QVERIFY(pipe.write(early));
    QThread::msleep(600); // several batches pass
    QVERIFY(pipe.write(accountLine(QStringLiteral("feed-o"))));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-o"), 20));
    // An attempt whose account never comes is kept out once the feed ends.
    QVERIFY(pipe.write(attemptLine(QStringLiteral("feed-nobody"), 1)));
    QThread::msleep(300);
    QCOMPARE(stop(*feed), 0);
    const QList<QJsonObject> status = statusLines(feed->readAllStandardOutput());
    QCOMPARE(status.last().value(QStringLiteral("records")).toInt(), 21);
    QCOMPARE(status.last().value(QStringLiteral("quarantined")).toInt(), 1);
    const QList<QVariantList> kept = rows(QStringLiteral("SELECT error FROM import_quarantine WHERE feed LIKE '%order.fifo'"));
    QCOMPARE(kept.size(), 1);
    QVERIFY2(kept[0][0].toString().contains(QStringLiteral("feed-nobody")), qPrintable(kept[0][0].toString()));
}

// SQLite busy beyond its timeout (another process holds the write lock): the feed says so, waits
// and commits once it can; nothing is lost and it does not end.
void TestCliFeed::aBusyDatabaseIsRetried()
{
    if (test::onPostgres()) {
        theServerDroppingTheFeedIsRetried();
        return;
    }
    const QString fifo = m_sources.filePath(QStringLiteral("busy.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto feed = follow({fifo});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QVERIFY(pipe.write(accountLine(QStringLiteral("feed-b"))));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-b"), 0));
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        locker.setDatabaseName(m_ws.dbPath);
        locker.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        QVERIFY(locker.open());
        QSqlQuery q(locker);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QByteArray lines;
        for (int i = 0; i < 30; ++i)
            lines += attemptLine(QStringLiteral("feed-b"), i);
        QVERIFY(pipe.write(lines));
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += feed->readAllStandardError()).contains("trying again"), 30000);
        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        q.finish();
        locker.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-b"), 30));
    QCOMPARE(feed->state(), QProcess::Running);
    QCOMPARE(stop(*feed), 0);
}

void TestCliFeed::theServerDroppingTheFeedIsRetried()
{
    const QString fifo = m_sources.filePath(QStringLiteral("dropped.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto feed = follow({fifo});
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    QVERIFY(pipe.write(accountLine(QStringLiteral("feed-d"))));
    QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-d"), 0));
    const QString database = test::PgTestServer::databaseOf(m_ws.dbPath);
    QByteArray said;
    for (int burst = 0; burst < 3; ++burst) {
        QVERIFY(test::PgTestServer::instance().superuser(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' AND pid <> pg_backend_pid()")
                .arg(database)));
        QByteArray lines;
        for (int i = burst * 10; i < burst * 10 + 10; ++i)
            lines += attemptLine(QStringLiteral("feed-d"), i);
        QVERIFY(pipe.write(lines));
        QVERIFY(waitForAttempts(m_desk, QStringLiteral("feed-d"), burst * 10 + 10));
        said += feed->readAllStandardError();
    }
    QCOMPARE(feed->state(), QProcess::Running);
    QCOMPARE(stop(*feed), 0);
    said += feed->readAllStandardError();
    QVERIFY2(said.contains("trying again"), said.constData());
}

// The diagnostics scenarios fed line by line through the feed (small batches, references
// forward and back across them) give the answers a bulk import of the same file gives.
void TestCliFeed::scenariosGiveTheSameAnswersAsABulkImport()
{
    const QString fixture = test::dataPath(QStringLiteral("diagnostics/scenarios.jsonl"));
    test::Workspace bulkWs;
    test::CliDesk bulk(bulkWs);
    QVERIFY(bulk.create({{"alice", "agent"}}, false));
    QCOMPARE(bulk.as(QStringLiteral("boss"), {QStringLiteral("import"), fixture}).exitCode, 0);

    test::Workspace fedWs;
    test::CliDesk fed(fedWs);
    QVERIFY(fed.create({{"alice", "agent"}}, false));
    const QString fifo = m_sources.filePath(QStringLiteral("scenarios.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    auto feed = fed.cli.start({QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("--json"), QStringLiteral("import"),
                               QStringLiteral("--follow"), fifo, QStringLiteral("--batch-records"), QStringLiteral("7"),
                               QStringLiteral("--batch-ms"), QStringLiteral("20")},
                              kBoss);
    PipeWriter pipe(fifo);
    QVERIFY(pipe.open());
    const QList<QByteArray> lines = test::readFile(fixture).split('\n');
    int records = 0;
    for (const QByteArray &line : lines)
        records += line.startsWith('{') ? 1 : 0;
    for (qsizetype i = 0; i < lines.size(); i += 5) {
        QVERIFY(pipe.write(lines.mid(i, 5).join('\n') + '\n'));
        QThread::msleep(10);
    }
    // Every line read and committed (the status lines count them) before the feed is stopped.
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 60000) {
        feed->waitForReadyRead(200);
        out += feed->readAllStandardOutput();
        const QList<QJsonObject> so = statusLines(out.left(out.lastIndexOf('\n') + 1));
        if (!so.isEmpty() && so.last().value(QStringLiteral("total_records")).toInt() == records)
            break;
    }
    QCOMPARE(stop(*feed), 0);
    const QList<QJsonObject> status = statusLines(out + feed->readAllStandardOutput());
    const QList<QVariantList> kept = rows(fedWs, QStringLiteral("SELECT line, error FROM import_quarantine ORDER BY line"));
    QVERIFY2(kept.isEmpty(), qPrintable(kept.value(0).value(1).toString()));
    QCOMPARE(status.last().value(QStringLiteral("quarantined")).toInt(), 0);
    QVERIFY(status.size() > 10); // it really came in many batches

    // Every code set's first and last code, diagnosed on both desks at the same moment.
    int compared = 0;
    for (const QByteArray &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("code_set"))
            continue;
        const QJsonArray codes = o.value(QStringLiteral("codes")).toArray();
        for (const QJsonValue &c : {codes.first(), codes.last()}) {
            const QString code = c[QStringLiteral("code")].toString();
            if (code.isEmpty())
                continue;
            const QStringList args{QStringLiteral("--json"), QStringLiteral("diagnose"), QStringLiteral("--account"),
                                   o.value(QStringLiteral("account")).toString(), QStringLiteral("--code"), code,
                                   QStringLiteral("--at"), QStringLiteral("2026-11-20T12:00:00Z")};
            auto answer = [&args](test::CliDesk &desk) {
                QJsonObject report = QJsonDocument::fromJson(desk.as(QStringLiteral("alice"), args).out.toUtf8()).object();
                report.remove(QStringLiteral("diagnosis_id"));
                report.remove(QStringLiteral("id"));
                report.remove(QStringLiteral("run_at"));
                return report;
            };
            const QJsonObject expected = answer(bulk);
            QVERIFY(expected.contains(QStringLiteral("primary_cause")));
            QCOMPARE(answer(fed), expected);
            ++compared;
        }
    }
    QVERIFY(compared > 20);
}

// The bulk import keeps its contract: one bad line and nothing of the file is written.
void TestCliFeed::bulkImportStaysAllOrNothing()
{
    const QString file = m_sources.filePath(QStringLiteral("bulk.jsonl"));
    QVERIFY(test::writeFile(file, accountLine(QStringLiteral("feed-bulk")) + kNotJson + attemptLine(QStringLiteral("feed-bulk"), 1)));
    const test::CliRun r = m_desk.as(QStringLiteral("boss"), {QStringLiteral("import"), file});
    QVERIFY2(r.exitCode == 2, qPrintable(r.err));
    QCOMPARE(attemptsOf(m_desk, QStringLiteral("feed-bulk")), -1); // no such account
}

QTEST_GUILESS_MAIN(TestCliFeed)
#include "tst_cli_feed.moc"
