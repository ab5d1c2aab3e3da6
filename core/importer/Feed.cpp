#include "importer/Feed.h"

#include "audit/AuditLog.h"
#include "crypto/SecretBytes.h"
#include "importer/FeedReader.h"
#include "storage/Database.h"
#include "storage/FeedStore.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <deque>
#include <limits>

namespace rd::importer {
namespace {

constexpr int kReadSliceMs = 100; // how long a read may wait before stop and batch age are looked at again
constexpr qint64 kRateWindowMs = 10000; // records/s is over the commits of the last seconds
constexpr int kDrainMs = 2000;          // at a stop, how long a line begun is waited for
constexpr int kRetries = 20;            // tries of a batch the database refuses (about 8 minutes with backoff)

// Worth trying again: the server restarted, SQLite stayed busy, the connection dropped. Not a
// damaged file, a refusal or a line of bad input.
bool isPassing(const Error &error)
{
    return error.kind == ErrorKind::Storage && error.code != ErrorCode::Damaged && error.code != ErrorCode::SchemaOutdated;
}

} // namespace

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Feed::Feed(storage::Database &database, const crypto::KeyStore &keys, FeedOptions options, const Clock &clock)
    : m_database(database), m_keys(keys), m_options(std::move(options)), m_clock(clock)
{
}

Result<QuarantineView> quarantined(storage::Database &database, const crypto::KeyStore &keys, const auth::Session &session,
                                   int limit, const Clock &clock)
{
    if (auto allowed = audit::AuditLog(database, keys, clock).require(session, auth::Permission::ImportData, QStringLiteral("import")); !allowed)
        return allowed.error();
    auto db = database.connection();
    if (!db)
        return db.error();
    storage::FeedStore store(db.value());
    QuarantineView view;
    auto total = store.quarantinedCount();
    if (!total)
        return total.error();
    view.total = total.value();
    auto newest = store.quarantined(limit);
    if (!newest)
        return newest.error();
    view.newest = newest.value();
    return view;
}

Result<std::optional<FeedPosition>> Feed::resumePosition()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return storage::FeedStore(db.value()).position(m_options.name);
}

Status Feed::follow(const auth::Session &session, FeedReader &reader, const std::atomic<bool> &stop,
                    const FeedCallbacks &callbacks)
{
    FeedStatus status;
    std::deque<std::pair<qint64, qint64>> recent; // (steadyMs, records) of the last commits, for the rate
    QList<FeedLine> batch;   // lines carried over from earlier batches (waiting) first, then new ones
    qsizetype carried = 0;
    bool drained = false;
    QElapsedTimer age;       // since the batch's first new line
    auto wipe = [&batch, &carried] {
        for (FeedLine &line : batch)
            crypto::cleanse(line.bytes);
        batch.clear();
        carried = 0;
    };
    for (;;) {
        for (const QString &notice : reader.takeNotices()) {
            if (callbacks.notice)
                callbacks.notice(notice);
        }
        const bool stopping = stop.load();
        const bool closing = stopping || reader.ended();
        if (stopping && !drained) {
            // Lines read already go into the last batch: a pipe cannot give them again.
            drained = true;
            for (FeedLine &line : reader.drain(kDrainMs)) {
                if (batch.size() == carried)
                    age.start();
                line.receivedMs = steadyMs();
                batch.append(std::move(line));
            }
            for (const QString &notice : reader.takeNotices()) {
                if (callbacks.notice)
                    callbacks.notice(notice);
            }
        }
        const bool fresh = batch.size() > carried;
        qint64 oldestCarried = std::numeric_limits<qint64>::max();
        for (qsizetype i = 0; i < carried; ++i)
            oldestCarried = std::min(oldestCarried, batch[i].receivedMs);
        // At the end, what still waits is quarantined: nothing else keeps it. Except from a
        // followed file, whose position stays before it: the next start reads it again.
        const bool final = closing && reader.kind() != FeedReader::Kind::File;
        const bool due = (fresh && (closing || batch.size() - carried >= m_options.maxRecords || age.elapsed() >= m_options.maxDelayMs))
            || (carried > 0 && (final || steadyMs() >= oldestCarried + m_options.holdMs));
        if (due) {
            auto committed = commitWithRetry(session, batch, final, reader.fileId(), reader.kind() == FeedReader::Kind::File, stop,
                                             callbacks);
            if (!committed) {
                wipe();
                return committed.error();
            }
            // What waits stays (in its order) for the next batch; the rest is wiped.
            QList<FeedLine> waiting;
            for (qsizetype i : std::as_const(committed->parked))
                waiting.append(std::exchange(batch[i], FeedLine{}));
            wipe();
            batch = std::move(waiting);
            carried = batch.size();
            status.batch = committed.value();
            ++status.batches;
            status.lines += status.batch.lines;
            status.records += status.batch.records;
            status.changed += status.batch.changed;
            status.quarantined += status.batch.quarantined;
            status.waiting = carried;
            const qint64 now = steadyMs();
            recent.emplace_back(now, status.batch.records);
            while (recent.size() > 1 && recent.front().first < now - kRateWindowMs)
                recent.pop_front();
            qint64 inWindow = 0;
            for (const auto &[at, records] : recent)
                inWindow += records;
            status.recordsPerSecond = double(inWindow) * 1000.0 / double(std::max<qint64>(now - recent.front().first, 1000));
            status.lagSeconds.reset();
            if (status.batch.newestAt)
                status.lagSeconds = double(m_clock.nowMs() - *status.batch.newestAt) / 1000.0;
            if (callbacks.committed)
                callbacks.committed(status);
            if (closing) {
                wipe();
                return {};
            }
            continue;
        }
        if (closing) {
            wipe(); // lines that wait in a followed file: read again at the next start
            return {};
        }
        const int wait = fresh ? int(m_options.maxDelayMs - age.elapsed()) : kReadSliceMs;
        FeedLine line;
        auto got = reader.next(&line, std::clamp(wait, 0, kReadSliceMs));
        if (!got) {
            wipe();
            return got.error();
        }
        if (got.value()) {
            if (batch.size() == carried)
                age.start();
            line.receivedMs = steadyMs();
            batch.append(std::move(line));
        }
    }
}

// A database that cannot be reached is tried again, waiting twice as long each time (up to
// retryMaxMs), and said once a try: the batch is not lost, and the feed does not end.
Result<FeedBatch> Feed::commitWithRetry(const auth::Session &session, const QList<FeedLine> &lines, bool final,
                                        const QString &currentFile, bool capped, const std::atomic<bool> &stop,
                                        const FeedCallbacks &callbacks)
{
    int delayMs = 500;
    for (int tries = 1;; ++tries) {
        auto batch = commitOnce(session, lines, final, currentFile);
        if (batch || !isPassing(batch.error()))
            return batch;
        if (capped && tries >= kRetries) // not passing after all (a read-only file, a full disk): the feed ends, saying why
            return Error::storage(QStringLiteral("The database refused the batch of lines %1 to %2 %3 times; the feed stops: %4")
                                      .arg(lines.first().number)
                                      .arg(lines.last().number)
                                      .arg(tries)
                                      .arg(batch.error().message));
        if (stop.load())
            return Error::storage(QStringLiteral("Stopped while the database could not be reached (%1); lines %2 to %3 were not "
                                                 "committed (a followed file is read from line %2 again at the next start).")
                                      .arg(batch.error().message)
                                      .arg(lines.first().number)
                                      .arg(lines.last().number));
        if (callbacks.notice)
            callbacks.notice(QStringLiteral("The database cannot be reached (%1); trying again in %2 s.")
                                 .arg(batch.error().message)
                                 .arg(delayMs / 1000.0, 0, 'f', 1));
        m_database.reconnectAll();
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < delayMs && !stop.load())
            QThread::msleep(50);
        delayMs = std::min(delayMs * 2, m_options.retryMaxMs);
    }
}

} // namespace rd::importer
