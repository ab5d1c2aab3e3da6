#pragma once

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

namespace rd::storage {
class Database;
}

namespace rd::audit {

// Whether an audit entry records a change of data that desks show. False for views, lists,
// exports, verifications, denials and sign-in failures; true for everything else, so that an
// action added later refreshes the desks rather than being missed.
bool changesData(const QString &action);

// The live desk (SPEC §12.1): tells a desktop that somebody, on this desk or another, committed
// a change, so that its queue, open case and approvals follow within 2 s without F5.
//
// Every change is written with its audit entry (the one write path), so the trail says what
// changed: the feed remembers the newest seq it has seen and, when woken, reads the entries
// after it. It is woken by PostgreSQL's NOTIFY, which every write transaction sends at commit
// (Qt's driver notifications), or on SQLite by polling PRAGMA data_version, which moves when
// another connection, in any process, commits. A heartbeat read finds a server that went away;
// the feed then says so, reconnects on its own and reports the changes it missed.
//
// All of it runs on a thread of its own with its own connection: nothing here touches the
// database on the thread that created the feed (the desktop's GUI thread).
class ChangeFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeFeed)
public:
    struct Timing {
        int pollMs = 400;        // SQLite: data_version is read; PostgreSQL: the connection is looked at (no query)
        int heartbeatMs = 5000;  // PostgreSQL: how often a read proves the server alive
        int retryMs = 2000;      // after a lost connection: how often reconnecting is tried
        int settleMs = 150;      // notices this close together are read once
    };

    explicit ChangeFeed(storage::Database &database, QObject *parent = nullptr) : ChangeFeed(database, Timing{}, parent) {}
    ChangeFeed(storage::Database &database, Timing timing, QObject *parent = nullptr);
    // Stops the thread (closing its connection there) before it returns.
    ~ChangeFeed() override;

    // True once it watches: connected, with the newest entry at that moment as its start.
    bool isWatching() const { return m_watching.load(); }

signals:
    // Changes of data were committed; lastSeq is the newest audit entry seen.
    void changed(qint64 lastSeq);
    // The database cannot be reached (message: one sentence); the feed keeps trying.
    void connectionLost(const QString &message);
    // It can be reached again; changed() follows if anything happened meanwhile.
    void connectionRestored();

private:
    class Watcher;
    std::atomic<bool> m_watching{false};
    QThread *m_thread;
    Watcher *m_watcher;
};

} // namespace rd::audit
