#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "model/FeedTypes.h"
#include "model/Role.h"

#include <QList>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace rd::crypto {
class KeyStore;
}
namespace rd::storage {
class Database;
}

namespace rd::importer {

class FeedReader;
struct FeedLine;

struct FeedOptions {
    QString name;          // the feed's name in positions, the quarantine and the trail
    // A batch closes at this many lines... (a live stream closes its batches by time; this bounds a
    // backlog, where bigger batches write each index page fewer times: 20,000 keeps up with a bulk import)
    int maxRecords = 20000;
    int maxDelayMs = 200;  // ...or this long after its first line, whichever comes first
    int retryMaxMs = 30000; // the longest wait between tries while the database cannot be reached
    // How long a record that refers to one not seen yet (its account, set or device) waits for it
    // in later batches before it is quarantined. The feed's end quarantines what still waits.
    int holdMs = 30000;
    int maxWaiting = 10000; // at most this many lines wait; more are quarantined at once
};

// What one committed batch did.
struct FeedBatch {
    qint64 seq = 0; // the batch's import.batch entry in the trail
    int lines = 0;
    int records = 0;
    int changed = 0;
    int quarantined = 0;
    qint64 firstLine = 0;
    qint64 lastLine = 0;
    std::optional<qint64> newestAt; // ms: the latest time a record of the batch carries
    QMap<QString, int> byType;
    QList<qsizetype> parked; // lines (of those given) that wait for a later batch, not counted above
};

// After each batch, for progress lines and status.
struct FeedStatus {
    FeedBatch batch;
    qint64 batches = 0;
    qint64 lines = 0;
    qint64 records = 0;
    qint64 changed = 0;
    qint64 quarantined = 0;
    qint64 waiting = 0;           // records held for a reference not seen yet
    double recordsPerSecond = 0;  // over the last seconds
    std::optional<double> lagSeconds; // now minus the newest record's time
};

struct FeedCallbacks {
    std::function<void(const FeedStatus &)> committed;
    // Something the operator should read in a log: a retry, a rotation. One sentence.
    std::function<void(const QString &)> notice;
};

// The live platform feed (`import --follow`, issue 17): the same SPEC §4 records as a bulk import,
// committed in small batches as they arrive. Each batch is one write with its `import.batch` audit
// entry and, for a followed file, the position after its last line: all of it, or none. A line
// that cannot be imported (not a record, a reference nowhere to be found, a record that
// contradicts another) is kept out: its error, number and a redacted excerpt go to the quarantine
// in the same batch, and the rest of the batch is imported. Records sent twice change nothing.
class Feed final {
public:
    Feed(storage::Database &database, const crypto::KeyStore &keys, FeedOptions options,
         const Clock &clock = SystemClock::instance());

    // Where an earlier run of this feed committed up to (a followed file).
    Result<std::optional<FeedPosition>> resumePosition();
    // Reads and commits until the source ends or stop is set; the batch being read then is
    // committed first. A database that cannot be reached is tried again with backoff; a refusal
    // (the operator disabled, no longer an admin) ends the feed.
    Status follow(const auth::Session &session, FeedReader &reader, const std::atomic<bool> &stop,
                  const FeedCallbacks &callbacks = {});
    // Commits one batch, as the last (nothing waits); lines are wiped. Admins only.
    Result<FeedBatch> commit(const auth::Session &session, QList<FeedLine> &lines);

private:
    // final: nothing waits for a later batch. currentFile: the file the reader reads now (a line
    // from another one, rotated since, cannot wait: a restart would not read it again).
    Result<FeedBatch> commitOnce(const auth::Session &session, const QList<FeedLine> &lines, bool final, const QString &currentFile);
    // capped: a followed file gives up after some tries (its lines are read again at the next start);
    // a pipe tries for as long as it runs, or its lines would be lost.
    Result<FeedBatch> commitWithRetry(const auth::Session &session, const QList<FeedLine> &lines, bool final,
                                      const QString &currentFile, bool capped, const std::atomic<bool> &stop,
                                      const FeedCallbacks &callbacks);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    FeedOptions m_options;
    const Clock &m_clock;
};

// What the feeds kept out, for the admin's Import page: how many, and the newest first.
struct QuarantineView {
    qint64 total = 0;
    QList<QuarantinedLine> newest;
};
// Admins only (they run imports); not audited: it holds identifiers, times and kinds, never a
// secret or personal data (names, contacts, IPs: FeedBatch.cpp shownField).
Result<QuarantineView> quarantined(storage::Database &database, const crypto::KeyStore &keys, const auth::Session &session,
                                   int limit = 500, const Clock &clock = SystemClock::instance());

// The record of a line with every value that may be a secret hidden (codes, email, phone, and
// any text that looks like one), as compact JSON; empty when the line is not a JSON object.
// type receives the record's type when it has one.
QString redactedExcerpt(QByteArrayView line, QString *type);

// A monotonic clock in ms, for how long a line has waited (FeedLine::receivedMs).
qint64 steadyMs();

} // namespace rd::importer
