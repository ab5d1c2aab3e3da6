#include "audit/ChangeFeed.h"

#include "storage/AuditStore.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QTimer>

#include <optional>
#include <utility>

namespace rd::audit {

bool changesData(const QString &action)
{
    static const QStringList readOnly = {QStringLiteral("denied"),        QStringLiteral("signin.failed"),
                                         QStringLiteral("signin.locked"), QStringLiteral("report.export"),
                                         QStringLiteral("keys.export"),   QStringLiteral("database.copy"),
                                         QStringLiteral("database.copy_failed")};
    return !readOnly.contains(action) && !action.endsWith(QLatin1String(".view")) && !action.endsWith(QLatin1String(".list"))
           && !action.startsWith(QLatin1String("audit."));
}

// Lives on the feed's thread; every member runs there.
class ChangeFeed::Watcher final : public QObject {
public:
    Watcher(storage::Database &database, Timing timing, ChangeFeed *feed) : m_database(database), m_timing(timing), m_feed(feed) {}

    void begin()
    {
        m_poll = new QTimer(this);
        m_settle = new QTimer(this);
        m_retry = new QTimer(this);
        m_settle->setSingleShot(true);
        m_settle->setInterval(m_timing.settleMs);
        m_retry->setSingleShot(true);
        m_retry->setInterval(m_timing.retryMs);
        connect(m_poll, &QTimer::timeout, this, [this] { tick(); });
        connect(m_settle, &QTimer::timeout, this, [this] { check(); });
        connect(m_retry, &QTimer::timeout, this, [this] { reconnect(); });
        reconnect();
    }

    // Closes the connection on the thread that opened it (Qt requires it).
    void end()
    {
        m_poll->stop();
        m_settle->stop();
        m_retry->stop();
        m_database.releaseConnection();
    }

private:
    void reconnect()
    {
        if (m_lost) {
            // The dead connection goes (on this thread, with no handle of it left), and, once
            // per outage, every other thread's is opened anew at its next use: they died with
            // this one (a connection inside a transaction is never replaced, see connection()).
            m_database.releaseConnection();
            if (!std::exchange(m_othersRenewed, true))
                m_database.reconnectAll();
        }
        auto conn = m_database.connection();
        if (!conn)
            return lost(conn.error().message);
        QSqlDatabase db = conn.value();
        const storage::SqlDialect &dialect = m_database.dialect();
        if (!dialect.changeNotice().isEmpty()) {
            QSqlDriver *driver = db.driver();
            if (!driver->subscribeToNotification(QLatin1String(storage::SqlDialect::kChangeChannel)))
                return lost(QStringLiteral("The database refused to announce changes: %1.").arg(driver->lastError().text().trimmed()));
            // The driver belongs to this connection: a reconnect gets a new one.
            connect(driver, &QSqlDriver::notification, this, [this] {
                if (!m_settle->isActive())
                    m_settle->start();
            });
            m_listening = driver;
        }
        if (m_lastSeq < 0) { // the first connection: changes from now on
            auto seq = storage::AuditStore(db).lastSeq();
            if (!seq)
                return lost(seq.error().message);
            m_lastSeq = seq.value();
            m_feed->m_watching = true;
            // What the desk read before this start may miss a change committed just before it.
            emit m_feed->changed(m_lastSeq);
        }
        m_poll->start(m_timing.pollMs);
        m_sinceCheck.start();
        if (m_lost) {
            m_lost = false;
            m_othersRenewed = false;
            emit m_feed->connectionRestored();
        }
        m_version.reset();
        check();
    }

    // Every pollMs. SQLite: reads data_version. PostgreSQL: notices a closed connection at once
    // (the driver watches its socket) and reads the trail every heartbeatMs, which also proves
    // a silent server dead.
    void tick()
    {
        if (m_lost)
            return;
        if (m_database.dialect().changeProbe().isEmpty()) {
            if (!m_listening || !m_listening->isOpen())
                return lost(QStringLiteral("The server closed the connection."));
            if (m_sinceCheck.elapsed() < m_timing.heartbeatMs)
                return;
        }
        check();
    }

    void check()
    {
        if (m_lost)
            return;
        m_sinceCheck.start();
        auto conn = m_database.connection();
        if (!conn)
            return lost(conn.error().message);
        QSqlDatabase db = conn.value();
        // A connection opened anew behind the feed's back no longer listens: start over.
        if (m_database.dialect().changeProbe().isEmpty() && db.driver() != m_listening)
            return lost(QStringLiteral("The server closed the connection."));
        storage::AuditStore store(db);
        auto counter = store.changeCounter();
        if (!counter)
            return lost(counter.error().message);
        if (counter->has_value()) {
            const bool same = m_version == counter.value();
            m_version = counter.value();
            if (same)
                return;
        }
        // On PostgreSQL this read is also the heartbeat: a server that went away fails it.
        bool changed = false;
        for (;;) {
            constexpr int kBatch = 500;
            auto heads = store.headsAfter(m_lastSeq, kBatch);
            if (!heads)
                return lost(heads.error().message);
            for (const AuditEntry &e : heads.value()) {
                m_lastSeq = e.seq;
                changed = changed || changesData(e.action);
            }
            if (heads->size() < kBatch)
                break;
        }
        if (changed)
            emit m_feed->changed(m_lastSeq);
    }

    void lost(const QString &message)
    {
        m_listening = nullptr;
        if (!m_lost) {
            m_lost = true;
            m_poll->stop();
            m_settle->stop();
            emit m_feed->connectionLost(message);
        }
        m_retry->start(); // reconnect() replaces the connection (a caller may still hold it now)
    }

    storage::Database &m_database;
    const Timing m_timing;
    ChangeFeed *const m_feed;
    QTimer *m_poll = nullptr;
    QTimer *m_settle = nullptr;
    QTimer *m_retry = nullptr;
    QPointer<QSqlDriver> m_listening; // PostgreSQL: the connection that LISTENs
    QElapsedTimer m_sinceCheck;
    qint64 m_lastSeq = -1;
    std::optional<qint64> m_version;
    bool m_lost = false;
    bool m_othersRenewed = false; // in this outage
};

ChangeFeed::ChangeFeed(storage::Database &database, Timing timing, QObject *parent)
    : QObject(parent), m_thread(new QThread), m_watcher(new Watcher(database, timing, this))
{
    m_thread->setObjectName(QStringLiteral("rd-change-feed"));
    m_watcher->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(m_watcher, [w = m_watcher] { w->begin(); });
}

ChangeFeed::~ChangeFeed()
{
    QMetaObject::invokeMethod(m_watcher, [w = m_watcher] { w->end(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_watcher; // its thread has ended: nothing of it runs any more
    delete m_thread;
}

} // namespace rd::audit
