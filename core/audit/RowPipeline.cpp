#include "audit/RowPipeline.h"

#include "storage/AuditStore.h"

#include <QByteArray>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace rd::audit {

namespace {

constexpr std::size_t kBatchRows = 2000;
constexpr std::size_t kBatchesAhead = 4;

// Rows whose text lives in one buffer: a field is an offset and a length (-1: NULL).
class Batch {
public:
    void add(const storage::AuditRowView &row)
    {
        Row r;
        r.seq = row.seq;
        put(r.fields[0], row.at);
        put(r.fields[1], row.operatorName);
        put(r.fields[2], row.role);
        put(r.fields[3], row.action);
        if (row.subject)
            put(r.fields[4], *row.subject);
        else
            r.fields[4] = {0, -1};
        put(r.fields[5], row.details);
        put(r.fields[6], row.prevHash);
        put(r.fields[7], row.hash);
        m_rows.push_back(r);
    }
    std::size_t size() const { return m_rows.size(); }
    storage::AuditRowView view(std::size_t i) const
    {
        const Row &r = m_rows[i];
        storage::AuditRowView v;
        v.seq = r.seq;
        v.at = field(r.fields[0]);
        v.operatorName = field(r.fields[1]);
        v.role = field(r.fields[2]);
        v.action = field(r.fields[3]);
        if (r.fields[4].second >= 0)
            v.subject = field(r.fields[4]);
        v.details = field(r.fields[5]);
        v.prevHash = field(r.fields[6]);
        v.hash = field(r.fields[7]);
        return v;
    }

private:
    using Field = std::pair<qsizetype, qsizetype>;
    struct Row {
        qint64 seq = 0;
        Field fields[8];
    };
    void put(Field &f, QByteArrayView text)
    {
        f = {m_bytes.size(), text.size()};
        m_bytes.append(text.data(), text.size());
    }
    QByteArrayView field(const Field &f) const { return QByteArrayView(m_bytes.constData() + f.first, f.second); }

    QByteArray m_bytes;
    std::vector<Row> m_rows;
};

} // namespace

Status checkRowsWhileReading(storage::AuditStore &store, const std::function<bool(const storage::AuditRowView &)> &check,
                             const std::function<bool(qint64 rowsRead)> &onRead)
{
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::optional<Batch>> queue; // nullopt: no more rows
    bool stop = false;                      // the checker wants no more

    std::thread checker([&] {
        for (;;) {
            std::optional<Batch> batch;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return !queue.empty(); });
                batch = std::move(queue.front());
                queue.pop_front();
            }
            changed.notify_all();
            if (!batch)
                return;
            for (std::size_t i = 0; i < batch->size(); ++i) {
                if (!check(batch->view(i))) {
                    std::lock_guard lock(mutex);
                    stop = true;
                    return; // the reader sees stop, and still ends the queue with its marker
                }
            }
        }
    });
    auto hand = [&](std::optional<Batch> batch) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || queue.size() < kBatchesAhead; });
        if (stop)
            return false;
        queue.push_back(std::move(batch));
        changed.notify_all();
        return true;
    };
    Batch batch;
    qint64 read = 0;
    bool stopped = false;
    const Status status = store.forEachRow([&](const storage::AuditRowView &row) {
        batch.add(row);
        ++read;
        if (batch.size() < kBatchRows)
            return true;
        if (!hand(std::exchange(batch, Batch())) || !onRead(read)) {
            stopped = true;
            return false;
        }
        return true;
    });
    if (!stopped && status && batch.size() > 0)
        hand(std::move(batch));
    {
        // The end marker, even when the checker has stopped (it may be waiting for it no more,
        // but a checker still working through the queue needs it to end).
        std::lock_guard lock(mutex);
        queue.push_back(std::nullopt);
    }
    changed.notify_all();
    checker.join();
    return status;
}

} // namespace rd::audit
