// SPEC §13: diagnose one code for an account with 20 sets x 10 codes and 100,000 attempts in
// a database of 100,000 accounts; target median <= 5 ms in-process. Baseline in the same run:
// the same call for an account with 10 attempts. Prints JSON lines; asserts nothing about time.
#include "TestSupport.h"

#include "diagnostics/DiagnosticsService.h"
#include "ledger/LedgerHasher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

using namespace rd;

namespace {

constexpr int kAccounts = 100000;
constexpr int kBigAttempts = 100000;
constexpr int kRuns = 200;
constexpr qint64 kT = 1763640000000; // 2025-11-20T12:00:00Z

bool fill(test::Workspace &ws)
{
    auto db = ws.connection();
    if (!db.transaction()) // not a prepared BEGIN: PostgreSQL's driver cannot prepare it
        return false;
    QSqlQuery account(db);
    account.prepare(QStringLiteral("INSERT INTO accounts (id, created_at, tf_enabled, tf_method) VALUES (?, ?, 1, 'totp')"));
    for (int i = 0; i < kAccounts; ++i) {
        account.bindValue(0, QStringLiteral("acct-%1").arg(i));
        account.bindValue(1, kT - 400LL * 86400000);
        if (!account.exec())
            return false;
    }
    ledger::LedgerHasher hasher(ws.keys->ledgerKey().view());
    QSqlQuery set(db), code(db), attempt(db);
    set.prepare(QStringLiteral("INSERT INTO code_sets (id, account_id, generated_at, generator, format, code_count, superseded_at, "
                               "superseded_by) VALUES (?, ?, ?, 'codegen/3.1', 'digits8', 10, ?, ?)"));
    code.prepare(QStringLiteral("INSERT INTO codes (set_id, idx, hash, lookup_tag, fits_format) VALUES (?, ?, ?, ?, 1)"));
    attempt.prepare(QStringLiteral("INSERT INTO login_attempts (id, account_id, at, method, outcome, device_id, ip, lat, lon) "
                                   "VALUES (?, ?, ?, ?, ?, 'dev', '198.51.100.1', 59.3, 18.0)"));
    for (const QString &acct : {QStringLiteral("acct-big"), QStringLiteral("acct-small")}) {
        if (!storage::exec(db, QStringLiteral("INSERT INTO accounts (id, created_at, tf_enabled, tf_method) VALUES (?, ?, 1, 'totp')"),
                           {acct, kT - 400LL * 86400000})
                 .ok())
            return false;
        for (int s = 0; s < 20; ++s) {
            const QString setId = QStringLiteral("%1-s%2").arg(acct).arg(s);
            const qint64 gen = kT - (20 - s) * 10LL * 86400000;
            set.bindValue(0, setId);
            set.bindValue(1, acct);
            set.bindValue(2, gen);
            set.bindValue(3, s < 19 ? QVariant(gen + 10LL * 86400000) : QVariant(QMetaType::fromType<qint64>()));
            set.bindValue(4, s < 19 ? QVariant(QStringLiteral("%1-s%2").arg(acct).arg(s + 1)) : QVariant(QMetaType::fromType<QString>()));
            if (!set.exec())
                return false;
            for (int c = 1; c <= 10; ++c) {
                const QString plain = QStringLiteral("%1%2%3").arg(s, 2, 10, QLatin1Char('0')).arg(c, 2, 10, QLatin1Char('0')).arg(acct.size() * 1000 + 7, 4, 10, QLatin1Char('0'));
                code.bindValue(0, setId);
                code.bindValue(1, c);
                code.bindValue(2, hasher.codeHash(setId, plain));
                code.bindValue(3, hasher.lookupTag(plain));
                if (!code.exec())
                    return false;
            }
        }
        const int n = acct == QLatin1String("acct-big") ? kBigAttempts : 10;
        for (int i = 0; i < n; ++i) {
            attempt.bindValue(0, QStringLiteral("%1-a%2").arg(acct).arg(i));
            attempt.bindValue(1, acct);
            attempt.bindValue(2, kT - qint64(n - i) * 60000);
            attempt.bindValue(3, i % 3 ? QStringLiteral("password") : QStringLiteral("totp"));
            attempt.bindValue(4, i % 7 ? QStringLiteral("success") : QStringLiteral("failure"));
            if (!attempt.exec())
                return false;
        }
    }
    return db.commit();
}

struct Stats {
    double median = 0;
    double p95 = 0;
};

Stats measure(diagnostics::DiagnosticsService &service, const QString &account, const QString &code)
{
    diagnostics::DiagnoseRequest request;
    request.accountId = account;
    request.code = code;
    request.at = kT;
    const auth::Session agent{QStringLiteral("bench"), QStringLiteral("bench"), auth::Role::Agent};
    QList<double> ms;
    for (int i = 0; i < kRuns + 10; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto report = service.evaluate(agent, request);
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (!report) {
            std::fprintf(stderr, "diagnose failed: %s\n", qPrintable(report.error().message));
            std::exit(1);
        }
        if (i >= 10) // warm-up runs are not counted
            ms.append(elapsed);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[int(ms.size() * 95 / 100)]};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    test::Workspace ws;
    if (!ws.open())
        return 1;
    QElapsedTimer setup;
    setup.start();
    if (!fill(ws)) {
        std::fprintf(stderr, "could not build the benchmark database\n");
        return 1;
    }
    std::fprintf(stderr, "built %d accounts and %d attempts in %.1f s\n", kAccounts + 2, kBigAttempts + 10, setup.elapsed() / 1000.0);
    FixedClock clock(QDateTime::fromMSecsSinceEpoch(kT, Qt::UTC));
    diagnostics::DiagnosticsService service(*ws.database, *ws.keys, clock);
    // A typo of an unused code of the active set: the near-miss search runs over all 20 sets.
    const QString typo = QStringLiteral("19051%1").arg(QStringLiteral("acct-big").size() * 1000 + 7 + 1, 4, 10, QLatin1Char('0')).left(8);
    for (const auto &[name, account] : {std::pair{"baseline_10_attempts", QStringLiteral("acct-small")},
                                        std::pair{"target_100k_attempts", QStringLiteral("acct-big")}}) {
        const Stats s = measure(service, account, typo);
        const QJsonObject line{{QStringLiteral("benchmark"), QStringLiteral("diagnose_in_process")},
                               {QStringLiteral("case"), QLatin1String(name)},
                               {QStringLiteral("runs"), kRuns},
                               {QStringLiteral("median_ms"), s.median},
                               {QStringLiteral("p95_ms"), s.p95},
                               {QStringLiteral("target_median_ms"), 5},
                               {QStringLiteral("backend"), test::onPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite")}};
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
