// SPEC §13: open the attempts view of an account with 1,000,000 attempts — first rows shown
// <= 100 ms, jump to the last row <= 100 ms, memory growth <= 50 MB. Baseline in the same run:
// an account with 1,000 attempts. Prints JSON lines; asserts nothing about time.
#include "TestSupport.h"

#include "AppContext.h"
#include "common/PagedTableModel.h"
#include "workspace/AttemptsTab.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTableView>

#include <cstdio>

using namespace rd;

namespace {

constexpr qint64 kT0 = 1735689600000; // 2025-01-01T00:00:00Z

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

bool fill(test::Workspace &ws, const QString &account, int attempts)
{
    auto db = ws.connection();
    if (!db.transaction()) // not a prepared BEGIN: PostgreSQL's driver cannot prepare it
        return false;
    if (!storage::exec(db, QStringLiteral("INSERT INTO accounts (id, created_at, tf_enabled, tf_method) VALUES (?, ?, 1, 'totp')"),
                       {account, kT0})
             .ok())
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO login_attempts (id, account_id, at, method, outcome, device_id, ip, city, country, reason) "
                             "VALUES (?, ?, ?, ?, ?, 'dev-1', '198.51.100.7', 'Tampere', 'FI', ?)"));
    const char *methods[] = {"password", "totp", "sms", "backup_code", "email_link"};
    for (int i = 0; i < attempts; ++i) {
        const bool failed = i % 7 == 0;
        q.bindValue(0, QStringLiteral("%1-a%2").arg(account).arg(i, 7, 10, QLatin1Char('0')));
        q.bindValue(1, account);
        q.bindValue(2, kT0 + qint64(i) * 30000);
        q.bindValue(3, QLatin1String(methods[i % 5]));
        q.bindValue(4, failed ? QStringLiteral("failure") : QStringLiteral("success"));
        q.bindValue(5, failed ? QStringLiteral("password_invalid") : QString());
        if (!q.exec())
            return false;
    }
    return db.commit();
}

// Waits (serving events, as the window would) until done() holds; returns the elapsed ms.
double waitFor(const std::function<bool()> &done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    return timer.nsecsElapsed() / 1e6;
}

QJsonObject measure(const ui::AppContext &context, const QString &account, int attempts)
{
    ui::AttemptsTab tab(context);
    tab.resize(1280, 800);
    tab.show();
    QCoreApplication::processEvents();
    const qint64 rssBefore = rssKb();
    auto *model = tab.model();
    QElapsedTimer open;
    open.start();
    tab.showAccount(account);
    const double firstRows = waitFor([&] { return model->total() > 0 && model->isLoaded(0); });
    // The scroll bar knows its length once the count arrives; jumping starts from there.
    const double counted = firstRows + waitFor([&] { return model->isCounted(); });
    const int last = int(model->total()) - 1;
    QElapsedTimer jump;
    jump.start();
    tab.table()->scrollToBottom();
    model->index(last, 0).data(); // what painting the last rows asks for
    const double lastRow = waitFor([&] { return model->isLoaded(last); });
    // Wander: 200 jumps to random places, as a user dragging the scroll bar would.
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < 200; ++i) {
        const int row = int(rng->bounded(qint64(last + 1)));
        tab.table()->scrollTo(model->index(row, 0));
        model->index(row, 0).data();
        waitFor([&] { return model->isLoaded(row); });
    }
    const qint64 growthKb = rssKb() - rssBefore;
    return QJsonObject{{QStringLiteral("account_attempts"), attempts},
                       {QStringLiteral("first_rows_ms"), firstRows},
                       {QStringLiteral("row_count_known_ms"), counted},
                       {QStringLiteral("jump_to_last_ms"), lastRow},
                       {QStringLiteral("memory_growth_mb"), growthKb / 1024.0},
                       {QStringLiteral("cached_pages"), model->cachedPages()},
                       {QStringLiteral("target_first_rows_ms"), 100},
                       {QStringLiteral("target_jump_ms"), 100},
                       {QStringLiteral("target_memory_mb"), 50}};
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    test::Workspace ws;
    if (!ws.open())
        return 3;
    const int big = qEnvironmentVariableIntValue("RD_BENCH_ATTEMPTS") > 0 ? qEnvironmentVariableIntValue("RD_BENCH_ATTEMPTS") : 1000000;
    QElapsedTimer setup;
    setup.start();
    if (!fill(ws, QStringLiteral("acct-small"), 1000) || !fill(ws, QStringLiteral("acct-big"), big)) {
        std::fprintf(stderr, "could not create the benchmark data\n");
        return 3;
    }
    std::fprintf(stderr, "setup: %d + 1000 attempts in %.1f s\n", big, setup.elapsed() / 1000.0);
    ui::AppContext context{ws.database.get(), ws.keys.get(), test::sessionAs(auth::Role::Agent, QStringLiteral("bench"))};
    QJsonObject baseline = measure(context, QStringLiteral("acct-small"), 1000);
    baseline.insert(QStringLiteral("run"), QStringLiteral("baseline"));
    QJsonObject target = measure(context, QStringLiteral("acct-big"), big);
    target.insert(QStringLiteral("run"), QStringLiteral("target"));
    for (QJsonObject *o : {&baseline, &target})
        o->insert(QStringLiteral("backend"), test::onPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite"));
    ui::databasePool()->waitForDone(); // the chart's query may still run
    for (const QJsonObject &o : {baseline, target})
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return 0;
}
