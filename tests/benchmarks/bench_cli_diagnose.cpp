// SPEC §13 (CLI row) and issue 14's acceptance: after `login`, `recoverydesk-cli --json diagnose`
// for an account with 20 sets x 10 codes and 100,000 attempts, in a large database (1 GB of
// login history on SQLite by default), end to end as a process. Baselines in the same run:
// `recoverydesk-cli --version` (the process alone) and the same diagnose of a tiny account in a
// tiny database. Targets: at most 50 ms end to end, at most 40 ms over --version, at most 10 ms
// over the tiny database. Prints one JSON line; asserts nothing about time.
#include "BigDesk.h"
#include "CliRunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>

using namespace rd;

namespace {

using bench::kT;
using bench::fill;

double runMs(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProgram(qEnvironmentVariable("RD_CLI"));
    p.setArguments(args);
    p.setStandardInputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start();
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "recoverydesk-cli %s failed: %s\n", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : v[v.size() / 2];
}

struct Desk {
    test::Workspace ws;
    QProcessEnvironment env;
};

// The database as the CLI builds it (init, an agent), the data written straight in, then a login.
bool build(Desk &d, const QString &account, int attempts, qint64 pad, const QString &runtimeDir)
{
    test::CliDesk desk(d.ws);
    if (!desk.create({{"alice", "agent"}}, false) || !d.ws.open() || !fill(d.ws, account, attempts, pad))
        return false;
    d.ws.close();
    d.env = QProcessEnvironment::systemEnvironment();
    d.env.insert(QStringLiteral("RECOVERYDESK_DB"), d.ws.dbPath);
    d.env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), d.ws.keyDir);
    d.env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    d.env.remove(QStringLiteral("RECOVERYDESK_PASSWORD"));
    QProcessEnvironment withPassword = d.env;
    withPassword.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), test::CliDesk::passwordOf(QStringLiteral("alice")));
    return runMs({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("login")}, withPassword) >= 0;
}

qint64 sizeMb(Desk &d)
{
    if (!test::onPostgres())
        return QFileInfo(d.ws.dbPath).size() / (1024 * 1024);
    if (!d.ws.open())
        return -1;
    QSqlQuery q(d.ws.connection());
    const qint64 mb = q.exec(QStringLiteral("SELECT pg_database_size(current_database())")) && q.next()
                          ? q.value(0).toLongLong() / (1024 * 1024)
                          : -1;
    q.finish();
    d.ws.close();
    return mb;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool pg = test::onPostgres();
    // 4,000,000 padding attempts: a 1.1 GB SQLite file (1.6 GB on PostgreSQL).
    const qint64 pad = qEnvironmentVariableIsSet("RD_BENCH_CLI_PAD") ? qEnvironmentVariable("RD_BENCH_CLI_PAD").toLongLong()
                                                                     : 4000000;
    const int attempts = qEnvironmentVariableIsSet("RD_BENCH_CLI_ATTEMPTS") ? qEnvironmentVariableIntValue("RD_BENCH_CLI_ATTEMPTS")
                                                                            : 100000;
    const int runs = qEnvironmentVariableIsSet("RD_BENCH_CLI_RUNS") ? qEnvironmentVariableIntValue("RD_BENCH_CLI_RUNS") : 21;
    QTemporaryDir runtime;
    if (!runtime.isValid() || !QFile::setPermissions(runtime.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return 3;
    QElapsedTimer setup;
    setup.start();
    Desk small, large;
    if (!build(small, QStringLiteral("acct-small"), 10, 0, runtime.path())
        || !build(large, QStringLiteral("acct-big"), attempts, pad, runtime.path())) {
        std::fprintf(stderr, "could not build the benchmark databases\n");
        return 3;
    }
    const qint64 largeMb = sizeMb(large);
    std::fprintf(stderr, "set-up: %d + %lld attempts, %lld MB, in %.1f s\n", attempts, pad, largeMb, setup.elapsed() / 1000.0);

    auto diagnose = [](const QString &account) {
        return QStringList{QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("--json"), QStringLiteral("diagnose"),
                           QStringLiteral("--account"), account, QStringLiteral("--code"), QStringLiteral("1905 4322"),
                           QStringLiteral("--at"), QStringLiteral("2025-11-20T12:00:00Z")};
    };
    QList<double> version, tiny, big;
    for (int i = 0; i < runs + 2; ++i) { // interleaved, so that a busy moment hits all three alike
        const double v = runMs({QStringLiteral("--version")}, small.env);
        const double s = runMs(diagnose(QStringLiteral("acct-small")), small.env);
        const double b = runMs(diagnose(QStringLiteral("acct-big")), large.env);
        if (v < 0 || s < 0 || b < 0)
            return 1;
        if (i < 2) // warm-up: the page cache, the dynamic loader
            continue;
        version.append(v);
        tiny.append(s);
        big.append(b);
    }
    const double mv = median(version), ms = median(tiny), mb = median(big);
    const QJsonObject row{{QStringLiteral("benchmark"), QStringLiteral("cli_diagnose_session")},
                          {QStringLiteral("backend"), pg ? QStringLiteral("postgres") : QStringLiteral("sqlite")},
                          {QStringLiteral("runs"), runs},
                          {QStringLiteral("attempts"), attempts},
                          {QStringLiteral("database_mb"), largeMb},
                          {QStringLiteral("version_ms"), mv},
                          {QStringLiteral("baseline_small_ms"), ms},
                          {QStringLiteral("target_ms"), mb},
                          {QStringLiteral("target_limit_ms"), 50},
                          {QStringLiteral("over_version_ms"), mb - mv},
                          {QStringLiteral("target_over_version_ms"), 40},
                          {QStringLiteral("over_small_ms"), mb - ms},
                          {QStringLiteral("target_over_small_ms"), 10}};
    std::printf("%s\n", QJsonDocument(row).toJson(QJsonDocument::Compact).constData());
    return 0;
}
