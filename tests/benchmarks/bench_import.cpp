// SPEC §13: import 1,000,000 login_attempt lines through `recoverydesk-cli import`, against the
// sqlite3 shell importing the same rows as CSV into an equally indexed table (both
// synchronous=FULL), or on PostgreSQL against `psql \copy` of that CSV into an equally indexed
// table on the same server (each backend's indexes of login_attempts, but not its foreign key to
// accounts, which the import checks for every row). Both run in this invocation on the same
// generated rows; one JSON line gives both times and the ratio (target <= 1.5). Asserts nothing
// about time, but fails when the import does not leave exactly the generated rows (so the CI smoke
// size cannot rot).
//   RD_BENCH_IMPORT_LINES   attempts to generate (default 1,000,000)
#include "CliRunner.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>

#include <cstdio>

using namespace rd;

namespace {

constexpr int kAccounts = 1000;
constexpr qint64 kStartSeconds = 1700000000; // 2023-11-14T22:13:20Z

const char *const kTableSql =
    "CREATE TABLE login_attempts (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, at BIGINT NOT NULL, method TEXT NOT NULL, "
    "outcome TEXT NOT NULL, device_id TEXT, ip TEXT, country TEXT, city TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, "
    "reason TEXT, clock_skew_s BIGINT);\n"
    "CREATE INDEX login_attempts_account_at ON login_attempts (account_id, at, id);\n";
// PostgreSQL keeps an IP index of its own (migration 8 folds it into the account index on SQLite
// only): an equally indexed table there has it too.
const char *const kPostgresIndexSql = "CREATE INDEX login_attempts_ip ON login_attempts (ip, account_id, at);\n";

// A small deterministic generator (xorshift64*): the same rows on every run and machine.
class Rows {
public:
    quint32 next(quint32 bound)
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return quint32((m_state * 0x2545F4914F6CDD1DULL) >> 33) % bound;
    }

private:
    quint64 m_state = 0x9E3779B97F4A7C15ULL;
};

// The accounts (imported before the timed run), and the same attempts as JSON Lines and as CSV.
bool generate(const QString &dir, int lines)
{
    QSaveFile world(dir + QStringLiteral("/world.jsonl")), jsonl(dir + QStringLiteral("/attempts.jsonl")),
        csv(dir + QStringLiteral("/attempts.csv"));
    if (!world.open(QIODevice::WriteOnly) || !jsonl.open(QIODevice::WriteOnly) || !csv.open(QIODevice::WriteOnly))
        return false;
    for (int a = 0; a < kAccounts; ++a)
        world.write(QByteArrayLiteral("{\"type\":\"account\",\"id\":\"acct-") + QByteArray::number(a).rightJustified(4, '0')
                    + QByteArrayLiteral("\",\"created_at\":\"2023-01-01T00:00:00Z\"}\n"));
    static const char *const methods[] = {"password", "totp", "backup_code", "sms"};
    static const char *const reasons[] = {"password_invalid", "code_invalid", "code_used", "totp_invalid"};
    Rows rows;
    qint64 at = kStartSeconds;
    QByteArray j, c;
    for (int i = 0; i < lines; ++i) {
        at += 1 + rows.next(59);
        const QByteArray id = "att-" + QByteArray::number(i).rightJustified(7, '0');
        const QByteArray account = "acct-" + QByteArray::number(rows.next(kAccounts)).rightJustified(4, '0');
        const QByteArray method = methods[rows.next(4)];
        const bool failed = rows.next(5) == 0;
        const QByteArray reason = failed ? QByteArray(reasons[rows.next(4)]) : QByteArray();
        const QByteArray ip = "198.51.100." + QByteArray::number(rows.next(256));
        const QByteArray when = QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate).toLatin1();
        j = "{\"type\":\"login_attempt\",\"id\":\"" + id + "\",\"account\":\"" + account + "\",\"at\":\"" + when
            + "\",\"method\":\"" + method + "\",\"outcome\":\"" + (failed ? "failure" : "success") + "\",\"device\":\"dev-"
            + account.mid(5) + "\",\"ip\":\"" + ip + "\",\"country\":\"SE\",\"city\":\"Stockholm\",\"lat\":59.33,\"lon\":18.06"
            + (failed ? ",\"reason\":\"" + reason + "\"" : QByteArray()) + "}\n";
        c = id + ',' + account + ',' + QByteArray::number(at * 1000) + ',' + method + ',' + (failed ? "failure" : "success")
            + ",dev-" + account.mid(5) + ',' + ip + ",SE,Stockholm,59.33,18.06," + reason + ",\n";
        if (jsonl.write(j) != j.size() || csv.write(c) != c.size())
            return false;
    }
    return world.commit() && jsonl.commit() && csv.commit();
}

// Runs a program to its end (no time limit: a full-size run takes minutes); the seconds it took,
// or a negative number after printing why it failed.
double timed(const QString &program, const QStringList &args, const QProcessEnvironment &env, const QString &stdinFile = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardInputFile(stdinFile.isEmpty() ? QProcess::nullDevice() : stdinFile);
    QElapsedTimer timer;
    timer.start();
    p.start(program, args);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed (exit %d): %s\n", qPrintable(program), p.exitCode(), p.readAllStandardError().constData());
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

// The baseline: the sqlite3 shell, or psql's \copy into a new database of the same server.
double baseline(const QString &dir)
{
    const QString script = dir + QStringLiteral("/baseline.sql");
    QFile out(script);
    if (!out.open(QIODevice::WriteOnly))
        return -1;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!test::onPostgres()) {
        out.write(QByteArrayLiteral("PRAGMA synchronous = FULL;\n") + kTableSql + ".mode csv\n.import " + dir.toUtf8()
                  + "/attempts.csv login_attempts\n");
        out.close();
        return timed(QStringLiteral("sqlite3"), {dir + QStringLiteral("/baseline.sqlite")}, env, script);
    }
    const QString url = test::PgTestServer::instance().emptyDatabase();
    if (url.isEmpty())
        return -1;
    out.write(QByteArray(kTableSql) + kPostgresIndexSql + "\\copy login_attempts FROM '" + dir.toUtf8() + "/attempts.csv' WITH (FORMAT csv)\n");
    out.close();
    return timed(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                                          QStringLiteral("-f"), script, url},
                 env);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int lines = qEnvironmentVariableIntValue("RD_BENCH_IMPORT_LINES") > 0 ? qEnvironmentVariableIntValue("RD_BENCH_IMPORT_LINES")
                                                                                 : 1000000;
    test::Workspace ws;
    test::CliDesk desk(ws);
    if (!desk.create({}, false))
        return 3;
    QElapsedTimer setup;
    setup.start();
    const QString dir = ws.path(QStringLiteral("bench"));
    if (!QDir().mkpath(dir) || !generate(dir, lines)) {
        std::fprintf(stderr, "could not write the benchmark files\n");
        return 3;
    }
    if (desk.as(QStringLiteral("boss"), {QStringLiteral("import"), dir + QStringLiteral("/world.jsonl")}).exitCode != 0)
        return 3;
    std::fprintf(stderr, "setup: %d lines generated, %d accounts imported in %.1f s\n", lines, kAccounts, setup.elapsed() / 1000.0);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RECOVERYDESK_DB"), ws.dbPath);
    env.insert(QStringLiteral("RECOVERYDESK_KEY_DIR"), ws.keyDir);
    env.insert(QStringLiteral("RECOVERYDESK_PASSWORD"), test::CliDesk::passwordOf(QStringLiteral("boss")));
    const double ours = timed(qEnvironmentVariable("RD_CLI"),
                              {QStringLiteral("--as"), QStringLiteral("boss"), QStringLiteral("import"), dir + QStringLiteral("/attempts.jsonl")}, env);
    const double theirs = baseline(dir);
    if (ours < 0 || theirs < 0)
        return 1;
    // The import must have written every row, or the time measured a failure.
    if (!ws.open() || ws.count(QStringLiteral("login_attempts")) != lines) {
        std::fprintf(stderr, "the import did not leave %d login attempts\n", lines);
        return 1;
    }
    const bool pg = test::onPostgres();
    const QJsonObject row{{QStringLiteral("benchmark"), QStringLiteral("import_login_attempts")},
                          {QStringLiteral("backend"), pg ? QStringLiteral("postgres") : QStringLiteral("sqlite")},
                          {QStringLiteral("lines"), lines},
                          {QStringLiteral("target_s"), ours},
                          {QStringLiteral("baseline"), pg ? QStringLiteral("psql \\copy CSV") : QStringLiteral("sqlite3 shell .import CSV")},
                          {QStringLiteral("baseline_s"), theirs},
                          {QStringLiteral("ratio"), ours / theirs},
                          {QStringLiteral("target_ratio"), 1.5}};
    std::printf("%s\n", QJsonDocument(row).toJson(QJsonDocument::Compact).constData());
    return 0;
}
