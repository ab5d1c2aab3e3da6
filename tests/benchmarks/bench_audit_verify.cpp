// SPEC §13: verify an audit trail of 1,000,000 entries (target >= 500,000 entries/s), and jump to
// the newest page of the audit view (target <= 100 ms). Baselines in the same run: reading the
// same rows without checking them (the floor any verification stands on), and the oldest page.
// Prints one JSON line; asserts nothing about time.
#include "TestSupport.h"

#include "audit/AuditLog.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace rd;

namespace {

constexpr qint64 kT = 1763640000000; // 2025-11-20T12:00:00Z

// n entries as the application appends them (chain, checkpoints every 1,000), in one write.
bool fill(test::Workspace &ws, FixedClock &clock, qint64 n)
{
    audit::AuditLog log(*ws.database, *ws.keys, clock);
    storage::WriteTransaction tx(ws.connection(), ws.database->dialect());
    if (!tx.begin())
        return false;
    for (qint64 i = 1; i <= n; ++i) {
        clock.set(QDateTime::fromMSecsSinceEpoch(kT + i * 1000, Qt::UTC));
        const QString who = QStringLiteral("agent-%1").arg(i % 20);
        auto e = log.appendIn(tx, audit::Actor{who, QStringLiteral("agent")}, QStringLiteral("case.note"),
                              QStringLiteral("C-%1").arg(i % 5000 + 1), QJsonObject{{QStringLiteral("length"), int(i % 400)}});
        if (!e) {
            std::fprintf(stderr, "%s\n", qPrintable(e.error().message));
            return false;
        }
    }
    return tx.commit().ok();
}

double ms(const std::function<bool()> &fn)
{
    QElapsedTimer t;
    t.start();
    return fn() ? double(t.nsecsElapsed()) / 1e6 : -1;
}

double medianMs(int runs, const std::function<bool()> &fn)
{
    QList<double> v;
    for (int i = 0; i < runs; ++i)
        v.append(ms(fn));
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool pg = test::onPostgres();
    // PostgreSQL builds its trail one round trip per entry: 200,000 of them by default (a rate is
    // what is measured); RD_BENCH_AUDIT_ENTRIES=1000000 for the full row.
    const qint64 n = qEnvironmentVariableIsSet("RD_BENCH_AUDIT_ENTRIES") ? qEnvironmentVariable("RD_BENCH_AUDIT_ENTRIES").toLongLong()
                                                                         : (pg ? 200000 : 1000000);
    test::Workspace ws;
    if (!ws.open())
        return 3;
    FixedClock clock(QDateTime::fromMSecsSinceEpoch(kT, Qt::UTC));
    QElapsedTimer setup;
    setup.start();
    if (!fill(ws, clock, n)) {
        std::fprintf(stderr, "could not build the benchmark trail\n");
        return 3;
    }
    std::fprintf(stderr, "set-up: %lld entries in %.1f s\n", n, setup.elapsed() / 1000.0);
    audit::AuditLog log(*ws.database, *ws.keys, clock);
    const auth::Session supervisor{QStringLiteral("sue"), QStringLiteral("Sue"), auth::Role::Supervisor};

    // Baseline: every row read, nothing checked.
    qint64 read = 0;
    const double readMs = ms([&] {
        auto q = storage::exec(ws.connection(), QStringLiteral("SELECT seq, at, operator, role, action, subject, details, prev_hash, "
                                                               "hash FROM audit_log ORDER BY seq"));
        read = 0;
        while (q && q->next())
            ++read;
        return q.ok();
    });
    qint64 verified = 0;
    bool ok = false;
    const double verifyMs = ms([&] {
        auto r = log.verify(supervisor);
        if (!r)
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
        verified = r ? r->entries : 0;
        ok = r && r->ok;
        return r.ok();
    });
    // The audit view: its newest page (what a supervisor opens it on), against its oldest.
    const audit::AuditFilter all;
    qint64 total = 0, lastId = -1;
    const double newestMs = medianMs(11, [&] {
        auto count = log.count(supervisor, all, &lastId);
        if (!count)
            return false;
        total = count.value();
        auto page = log.page(supervisor, all, std::max<qint64>(0, total - 200), 200, total, lastId);
        return page.ok() && !page->isEmpty();
    });
    const double oldestMs = medianMs(11, [&] {
        auto page = log.page(supervisor, all, 0, 200, total, lastId);
        return page.ok() && !page->isEmpty();
    });
    const QJsonObject row{{QStringLiteral("benchmark"), QStringLiteral("audit_verify")},
                          {QStringLiteral("backend"), pg ? QStringLiteral("postgres") : QStringLiteral("sqlite")},
                          {QStringLiteral("entries"), verified},
                          {QStringLiteral("verified_ok"), ok},
                          {QStringLiteral("verify_ms"), verifyMs},
                          {QStringLiteral("entries_per_s"), verified / (verifyMs / 1000.0)},
                          {QStringLiteral("target_entries_per_s"), 500000},
                          {QStringLiteral("baseline_read_ms"), readMs},
                          {QStringLiteral("baseline_rows_per_s"), read / (readMs / 1000.0)},
                          {QStringLiteral("newest_page_ms"), newestMs},
                          {QStringLiteral("baseline_oldest_page_ms"), oldestMs},
                          {QStringLiteral("target_newest_page_ms"), 100}};
    std::printf("%s\n", QJsonDocument(row).toJson(QJsonDocument::Compact).constData());
    return ok && verified >= n ? 0 : 1;
}
