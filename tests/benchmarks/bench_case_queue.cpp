// SPEC §13: the case queue over 100,000 cases (every view, the SLA order, the count) and full-text
// case search over them, as the desk asks the database (CaseService::page, one page of 300 and
// the view's count). Baseline in the same run: the plainest page the table can give, the newest
// 300 cases by primary key. Targets: each view's first page with its count <= 100 ms, a search
// <= 20 ms (median). Prints one JSON line per row; asserts nothing about time.
#include "TestSupport.h"

#include "auth/OperatorService.h"
#include "cases/CaseService.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace rd;
using namespace rd::cases;

namespace {

constexpr qint64 kT = 1763640000000; // 2025-11-20T12:00:00Z

bool exec(QSqlDatabase &db, const QString &sql, std::initializer_list<QVariant> values = {})
{
    auto q = storage::exec(db, sql, values);
    if (!q)
        std::fprintf(stderr, "%s\n", qPrintable(q.error().message));
    return q.ok();
}

// n cases over a year, of 20 agents and unassigned, in every state, each with a searchable
// summary; written by one recursive statement per table (the same SQL on both backends).
bool fill(test::Workspace &ws, int n)
{
    auto db = ws.connection();
    if (!db.transaction())
        return false;
    bool ok = exec(db, QStringLiteral("INSERT INTO accounts (id, created_at) VALUES ('acct-queue', ?)"), {kT - 400LL * 86400000});
    ok = ok && exec(db, QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO cases (num, id, account_id, channel, summary, priority, state, assignee, created_at, created_by, "
        "first_response_due, resolution_due, first_response_at, updated_at, version) "
        "SELECT i, 'C-' || i, 'acct-queue', 'phone', "
        "CASE WHEN i % 1000 = 7 THEN 'Backup code rejected at the airport kiosk ' || i ELSE 'Backup code rejected, case ' || i END, "
        "CASE i % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'urgent' END, "
        "CASE i % 10 WHEN 0 THEN 'closed' WHEN 1 THEN 'resolved' WHEN 2 THEN 'pending_approval' WHEN 3 THEN 'investigating' "
        "WHEN 4 THEN 'awaiting_verification' ELSE 'new' END, "
        "CASE WHEN i % 3 = 0 THEN NULL ELSE 'agent-' || (i % 20) END, "
        "CAST(? AS BIGINT) - CAST(i AS BIGINT) * 300000, 'agent-1', "
        "CAST(? AS BIGINT) - CAST(i AS BIGINT) * 300000 + 3600000, CAST(? AS BIGINT) - CAST(i AS BIGINT) * 300000 + 86400000, "
        "CASE WHEN i % 2 = 0 THEN CAST(? AS BIGINT) - CAST(i AS BIGINT) * 300000 + 600000 ELSE NULL END, "
        "CAST(? AS BIGINT) - CAST(i AS BIGINT) * 300000, 1 FROM n"),
        {n, kT, kT, kT, kT, kT});
    ok = ok && exec(db, QStringLiteral("INSERT INTO case_search (case_id, body) SELECT id, summary || ' ' || account_id FROM cases"));
    if (!ok) {
        db.rollback();
        return false;
    }
    return db.commit();
}

double medianMs(int runs, const std::function<bool()> &fn)
{
    QList<double> ms;
    for (int i = 0; i < runs + 3; ++i) {
        QElapsedTimer t;
        t.start();
        if (!fn())
            return -1;
        if (i >= 3)
            ms.append(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int n = qEnvironmentVariableIsSet("RD_BENCH_CASES") ? qEnvironmentVariableIntValue("RD_BENCH_CASES") : 100000;
    const int runs = qEnvironmentVariableIsSet("RD_BENCH_RUNS") ? qEnvironmentVariableIntValue("RD_BENCH_RUNS") : 21;
    const QString backend = test::onPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite");
    test::Workspace ws;
    if (!ws.open())
        return 3;
    QElapsedTimer setup;
    setup.start();
    if (!fill(ws, n)) {
        std::fprintf(stderr, "could not build the benchmark database\n");
        return 3;
    }
    std::fprintf(stderr, "set-up: %d cases in %.1f s\n", n, setup.elapsed() / 1000.0);
    FixedClock clock(QDateTime::fromMSecsSinceEpoch(kT, Qt::UTC));
    CaseService service(*ws.database, *ws.keys, clock);
    const auth::Session agent{QStringLiteral("agent-7"), QStringLiteral("Agent 7"), auth::Role::Agent};

    // Baseline: the newest 300 rows by primary key, no filter, no count.
    const double baseline = medianMs(runs, [&] {
        auto q = storage::exec(ws.connection(), QStringLiteral("SELECT * FROM cases ORDER BY num DESC LIMIT 300"));
        int rows = 0;
        while (q && q->next())
            ++rows;
        return q.ok() && rows == std::min(n, 300);
    });
    const std::pair<const char *, QueueView> views[] = {{"open", QueueView::Open},
                                                        {"mine", QueueView::Mine},
                                                        {"unassigned", QueueView::Unassigned},
                                                        {"pending_approval", QueueView::PendingApproval},
                                                        {"sla_breaching", QueueView::SlaBreaching},
                                                        {"all", QueueView::All}};
    for (const auto &[name, view] : views) {
        CaseFilter f;
        f.view = view;
        f.order = QueueOrder::SlaDue;
        f.limit = 300;
        qint64 total = 0;
        const double ms = medianMs(runs, [&] {
            auto page = service.page(agent, f, true);
            if (!page)
                std::fprintf(stderr, "%s\n", qPrintable(page.error().message));
            total = page ? page->total : -1;
            return page.ok();
        });
        const QJsonObject row{{QStringLiteral("benchmark"), QStringLiteral("case_queue")},
                              {QStringLiteral("backend"), backend},
                              {QStringLiteral("cases"), n},
                              {QStringLiteral("view"), QLatin1String(name)},
                              {QStringLiteral("view_total"), total},
                              {QStringLiteral("median_ms"), ms},
                              {QStringLiteral("baseline_newest_page_ms"), baseline},
                              {QStringLiteral("target_ms"), 100}};
        std::printf("%s\n", QJsonDocument(row).toJson(QJsonDocument::Compact).constData());
    }
    CaseFilter search;
    search.search = QStringLiteral("airport kiosk");
    search.limit = 300;
    int found = 0;
    const double ms = medianMs(runs, [&] {
        auto list = service.list(agent, search);
        found = list ? int(list->size()) : -1;
        return list.ok();
    });
    const QJsonObject row{{QStringLiteral("benchmark"), QStringLiteral("case_search")},
                          {QStringLiteral("backend"), backend},
                          {QStringLiteral("cases"), n},
                          {QStringLiteral("found"), found},
                          {QStringLiteral("median_ms"), ms},
                          {QStringLiteral("baseline_newest_page_ms"), baseline},
                          {QStringLiteral("target_ms"), 20}};
    std::printf("%s\n", QJsonDocument(row).toJson(QJsonDocument::Compact).constData());
    return found == n / 1000 + (n % 1000 >= 7 ? 1 : 0) ? 0 : 1; // the search found exactly its cases
}
