// Issue 17: the live feed (`recoverydesk-cli import --follow`), against the bulk import as its
// baseline, in this invocation, on the same generated rows:
// - throughput: N login attempts through `import --follow -` (standard input, to its end) into one
//   desk, and `import FILE` of the same lines into another; records/s of both and their ratio
//   (target: the feed at least 80 % of the bulk rate);
// - latency: a feed on a named pipe receives attempts at a steady rate (1,000/s); each line's time
//   from its write into the pipe to the moment a query on another connection sees it, as median
//   and 99th percentile (target <= 1 s).
// Asserts nothing about time, but fails when a run does not leave exactly the rows it sent.
//   RD_BENCH_FEED_LINES     attempts for the throughput runs (default 200,000)
//   RD_BENCH_FEED_RATE      attempts per second in the latency run (default 1,000)
//   RD_BENCH_FEED_SECONDS   length of the latency run (default 20)
#include "CliRunner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rd;

namespace {

constexpr int kAccounts = 200;

QByteArray accounts()
{
    QByteArray out;
    for (int a = 0; a < kAccounts; ++a)
        out += "{\"type\":\"account\",\"id\":\"acct-" + QByteArray::number(a) + "\",\"created_at\":\"2023-01-01T00:00:00Z\"}\n";
    return out;
}

QByteArray attempt(const QByteArray &prefix, int i)
{
    const QByteArray when = QDateTime::fromSecsSinceEpoch(1700000000 + qint64(i) * 7, Qt::UTC).toString(Qt::ISODate).toLatin1();
    return "{\"type\":\"login_attempt\",\"id\":\"" + prefix + QByteArray::number(i).rightJustified(8, '0') + "\",\"account\":\"acct-"
           + QByteArray::number(i % kAccounts) + "\",\"at\":\"" + when + "\",\"method\":\"backup_code\",\"outcome\":\""
           + (i % 5 ? "success" : "failure") + "\",\"ip\":\"198.51.100." + QByteArray::number(i % 250) + "\"}\n";
}

QProcessEnvironment cliEnvironment(const test::Workspace &ws)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RECOVERYDESK_DB"), ws.dbPath);
    env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), ws.keyDir);
    env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), test::CliDesk::passwordOf(QStringLiteral("boss")));
    return env;
}

// The seconds `recoverydesk-cli --as boss ARGS` took (stdin from a file when given), or < 0.
double timed(const test::Workspace &ws, const QStringList &args, const QString &stdinFile = {})
{
    QProcess p;
    p.setProcessEnvironment(cliEnvironment(ws));
    p.setStandardInputFile(stdinFile.isEmpty() ? QProcess::nullDevice() : stdinFile);
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start(qEnvironmentVariable("RD_CLI"), QStringList{QStringLiteral("--as"), QStringLiteral("boss")} + args);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "recoverydesk-cli %s failed (exit %d): %s\n", qPrintable(args.join(u' ')), p.exitCode(),
                     p.readAllStandardError().constData());
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

// A desk with boss (admin) and the accounts, ready for attempts.
bool prepare(test::Workspace &ws, test::CliDesk &desk, const QString &world)
{
    return desk.create({}, false) && desk.as(QStringLiteral("boss"), {QStringLiteral("import"), world}).exitCode == 0;
}

qint64 countPrefix(test::Workspace &ws, const QString &prefix)
{
    QSqlQuery q(ws.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM login_attempts WHERE id >= '%1' AND id < '%1~'").arg(prefix)) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    auto setting = [](const char *name, int fallback) {
        const int v = qEnvironmentVariableIntValue(name);
        return v > 0 ? v : fallback;
    };
    const int lines = setting("RD_BENCH_FEED_LINES", 200000);
    const int rate = setting("RD_BENCH_FEED_RATE", 1000);
    const int seconds = setting("RD_BENCH_FEED_SECONDS", 20);
    const bool pg = test::onPostgres();
    const QString backend = pg ? QStringLiteral("postgres") : QStringLiteral("sqlite");

    // Throughput: the same file through the bulk import and through the feed.
    test::Workspace bulkWs, feedWs;
    test::CliDesk bulkDesk(bulkWs), feedDesk(feedWs);
    const QString world = bulkWs.path(QStringLiteral("world.jsonl")), file = bulkWs.path(QStringLiteral("attempts.jsonl"));
    {
        QSaveFile w(world), a(file);
        if (!w.open(QIODevice::WriteOnly) || !a.open(QIODevice::WriteOnly))
            return 3;
        w.write(accounts());
        for (int i = 0; i < lines; ++i)
            a.write(attempt("tp-", i));
        if (!w.commit() || !a.commit())
            return 3;
    }
    if (!prepare(bulkWs, bulkDesk, world) || !prepare(feedWs, feedDesk, world))
        return 3;
    const double bulk = timed(bulkWs, {QStringLiteral("import"), file});
    const double fed = timed(feedWs, {QStringLiteral("import"), QStringLiteral("--follow"), QStringLiteral("-")}, file);
    if (bulk < 0 || fed < 0)
        return 1;
    if (!bulkWs.open() || !feedWs.open() || countPrefix(bulkWs, QStringLiteral("tp-")) != lines
        || countPrefix(feedWs, QStringLiteral("tp-")) != lines) {
        std::fprintf(stderr, "a throughput run did not leave %d login attempts\n", lines);
        return 1;
    }
    const QJsonObject throughput{{QStringLiteral("benchmark"), QStringLiteral("feed_throughput")},
                                 {QStringLiteral("backend"), backend},
                                 {QStringLiteral("lines"), lines},
                                 {QStringLiteral("feed_s"), fed},
                                 {QStringLiteral("feed_records_per_s"), lines / fed},
                                 {QStringLiteral("baseline"), QStringLiteral("recoverydesk-cli import FILE (bulk)")},
                                 {QStringLiteral("baseline_s"), bulk},
                                 {QStringLiteral("baseline_records_per_s"), lines / bulk},
                                 {QStringLiteral("ratio"), bulk / fed},
                                 {QStringLiteral("target_ratio"), 0.8}};
    std::printf("%s\n", QJsonDocument(throughput).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);

    // Latency: a steady stream into a named pipe, seen from another connection.
    const QString fifo = feedWs.path(QStringLiteral("feed.fifo"));
    if (::mkfifo(QFile::encodeName(fifo).constData(), 0600) != 0)
        return 3;
    QProcess feed;
    feed.setProcessEnvironment(cliEnvironment(feedWs));
    feed.setStandardOutputFile(QProcess::nullDevice());
    feed.start(qEnvironmentVariable("RD_CLI"), {QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"),
                                                QStringLiteral("--follow"), fifo, QStringLiteral("--feed"), QStringLiteral("bench")});
    int fd = -1;
    for (int i = 0; i < 400 && fd < 0; ++i) {
        fd = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            QThread::msleep(25);
    }
    if (fd < 0)
        return 3;
    ::fcntl(fd, F_SETFL, 0);
    auto send = [fd](const QByteArray &bytes) {
        for (qsizetype done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    };
    // Warm up: the feed has signed in and committed once before the clock starts.
    if (!send(attempt("warm-", 0)))
        return 1;
    for (int i = 0; i < 600 && countPrefix(feedWs, QStringLiteral("warm-")) != 1; ++i)
        QThread::msleep(50);
    const int total = rate * seconds;
    std::vector<qint64> sentAtNs(std::size_t(total), 0);
    std::vector<double> latencyMs;
    latencyMs.reserve(std::size_t(total));
    QElapsedTimer clock;
    clock.start();
    int sent = 0;
    qint64 seen = 0;
    while (seen < total && clock.elapsed() < qint64(seconds) * 1000 + 60000) {
        const qint64 due = std::min<qint64>(total, clock.nsecsElapsed() * rate / 1000000000 + 1);
        if (sent < due) {
            QByteArray chunk;
            for (int i = sent; i < due; ++i)
                chunk += attempt("lat-", i);
            if (!send(chunk))
                return 1;
            const qint64 now = clock.nsecsElapsed();
            for (; sent < due; ++sent)
                sentAtNs[std::size_t(sent)] = now;
        }
        const qint64 visible = countPrefix(feedWs, QStringLiteral("lat-"));
        const qint64 now = clock.nsecsElapsed();
        for (; seen < visible && seen < sent; ++seen)
            latencyMs.push_back(double(now - sentAtNs[std::size_t(seen)]) / 1e6);
        QThread::usleep(2000);
    }
    ::close(fd);
    ::kill(pid_t(feed.processId()), SIGTERM);
    feed.waitForFinished(30000);
    if (seen != total || feed.exitCode() != 0) {
        std::fprintf(stderr, "the latency run saw %lld of %d attempts (feed exit %d): %s\n", seen, total, feed.exitCode(),
                     feed.readAllStandardError().constData());
        return 1;
    }
    const QJsonObject latency{{QStringLiteral("benchmark"), QStringLiteral("feed_latency")},
                              {QStringLiteral("backend"), backend},
                              {QStringLiteral("records_per_s"), rate},
                              {QStringLiteral("records"), total},
                              {QStringLiteral("median_ms"), percentile(latencyMs, 0.5)},
                              {QStringLiteral("p99_ms"), percentile(latencyMs, 0.99)},
                              {QStringLiteral("max_ms"), percentile(latencyMs, 1.0)},
                              {QStringLiteral("target_ms"), 1000}};
    std::printf("%s\n", QJsonDocument(latency).toJson(QJsonDocument::Compact).constData());
    return 0;
}
