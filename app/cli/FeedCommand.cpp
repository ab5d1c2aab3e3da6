// `import --follow FILE|-`: the live platform feed (issue 17).
#include "CliContext.h"

#include "importer/Feed.h"
#include "importer/FeedReader.h"
#include "storage/Database.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <csignal>

namespace rd::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void requestStop(int)
{
    g_stop.store(true); // lock-free: async-signal-safe
}

// SIGTERM (systemd's stop), SIGINT (Ctrl+C) and SIGHUP end the feed after the batch being read.
// No SA_RESTART: a read waiting on a pipe returns at once.
void stopOnSignals()
{
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        sigaction(sig, &action, nullptr);
}

QString defaultName(const QString &path)
{
    return path == QLatin1String("-") ? QStringLiteral("stdin") : QFileInfo(path).absoluteFilePath();
}

void printLine(CliContext &ctx, const QJsonObject &object)
{
    ctx.out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << "\n";
    ctx.out().flush();
}

QJsonObject statusJson(const QString &feed, const importer::FeedStatus &s)
{
    QJsonObject byType;
    for (auto it = s.batch.byType.cbegin(); it != s.batch.byType.cend(); ++it)
        byType.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("event"), QStringLiteral("batch")},
                       {QStringLiteral("feed"), feed},
                       {QStringLiteral("batch"), s.batches},
                       {QStringLiteral("audit_seq"), s.batch.seq},
                       {QStringLiteral("first_line"), s.batch.firstLine},
                       {QStringLiteral("last_line"), s.batch.lastLine},
                       {QStringLiteral("lines"), s.batch.lines},
                       {QStringLiteral("records"), s.batch.records},
                       {QStringLiteral("changed"), s.batch.changed},
                       {QStringLiteral("quarantined"), s.batch.quarantined},
                       {QStringLiteral("by_type"), byType},
                       {QStringLiteral("total_records"), s.records},
                       {QStringLiteral("total_quarantined"), s.quarantined},
                       {QStringLiteral("waiting"), s.waiting},
                       {QStringLiteral("records_per_s"), qRound(s.recordsPerSecond * 10) / 10.0},
                       {QStringLiteral("lag_s"), s.lagSeconds ? QJsonValue(qRound(*s.lagSeconds * 10) / 10.0) : QJsonValue()}};
}

} // namespace

int runFollow(CliContext &ctx, const QString &path, const importer::FeedOptions &given, bool progress)
{
    // From the start: a stop while signing in (systemd stopping a feed that just started) is a
    // clean end too, with nothing read.
    stopOnSignals();
    importer::FeedOptions options = given;
    if (options.name.isEmpty())
        options.name = defaultName(path);
    auto bench = ctx.workbench();
    if (!bench)
        return ctx.fail(bench.error());
    importer::Feed feed(*bench->database, *bench->keys, options);
    auto resume = feed.resumePosition();
    if (!resume)
        return ctx.fail(resume.error());
    auto reader = importer::FeedReader::open(path, resume.value());
    if (!reader)
        return ctx.fail(reader.error());

    auto say = [&ctx, &options](const QString &what, const QString &message) {
        if (ctx.json)
            printLine(ctx, QJsonObject{{QStringLiteral("event"), what}, {QStringLiteral("feed"), options.name}, {QStringLiteral("message"), message}});
        ctx.err() << "feed " << options.name << ": " << message << "\n";
        ctx.err().flush();
    };
    if (resume.value() && reader.value()->kind() == importer::FeedReader::Kind::File)
        say(QStringLiteral("resume"), QStringLiteral("resuming after line %1").arg(resume.value()->line));
    importer::FeedStatus last; // the totals of the last batch, for the end line
    importer::FeedCallbacks callbacks;
    callbacks.notice = [&say](const QString &message) { say(QStringLiteral("notice"), message); };
    callbacks.committed = [&](const importer::FeedStatus &s) {
        last = s;
        if (ctx.json)
            printLine(ctx, statusJson(options.name, s));
        if (progress) {
            ctx.err() << QStringLiteral("feed %1: %2 records in %3 batches, %4 records/s, %5, %6 quarantined, %7 waiting\n")
                             .arg(options.name)
                             .arg(s.records)
                             .arg(s.batches)
                             .arg(s.recordsPerSecond, 0, 'f', 0)
                             .arg(s.lagSeconds ? QStringLiteral("%1 s behind").arg(*s.lagSeconds, 0, 'f', 1) : QStringLiteral("no timed record"))
                             .arg(s.quarantined)
                             .arg(s.waiting);
            ctx.err().flush();
        }
        if (s.batch.quarantined > 0 && !ctx.json && !progress) {
            // Without --progress the log still says that lines were kept out, once a batch.
            ctx.err() << QStringLiteral("feed %1: %2 line(s) of lines %3-%4 quarantined (see the Import page or the trail)\n")
                             .arg(options.name)
                             .arg(s.batch.quarantined)
                             .arg(s.batch.firstLine)
                             .arg(s.batch.lastLine);
            ctx.err().flush();
        }
    };
    const auto ended = feed.follow(bench->session, *reader.value(), g_stop, callbacks);
    if (!ended)
        return ctx.fail(ended.error());
    const QString why = g_stop.load() ? QStringLiteral("stopped") : QStringLiteral("the input ended");
    if (ctx.json)
        printLine(ctx, QJsonObject{{QStringLiteral("event"), QStringLiteral("end")},
                                   {QStringLiteral("feed"), options.name},
                                   {QStringLiteral("reason"), g_stop.load() ? QStringLiteral("signal") : QStringLiteral("input_ended")},
                                   {QStringLiteral("records"), last.records},
                                   {QStringLiteral("quarantined"), last.quarantined},
                                   {QStringLiteral("batches"), last.batches}});
    else
        ctx.out() << QStringLiteral("Followed %1 until %2: %3 records in %4 batches, %5 quarantined\n")
                         .arg(options.name, why)
                         .arg(last.records)
                         .arg(last.batches)
                         .arg(last.quarantined);
    ctx.out().flush();
    return 0;
}

} // namespace rd::cli
