#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>
#include <QFutureWatcher>
#include <QPointer>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <utility>
#include <memory>
#include <optional>

class QThreadPool;
class QWidget;

namespace rd::ui {

// The threads that talk to the database for the GUI. Their threads never expire: the
// database keeps one connection per thread, and a recycled thread id must not meet a
// connection another thread opened.
QThreadPool *databasePool();

// Background calls started on the GUI thread whose answer has not been handled yet (a call
// whose owner died counts as handled). Zero with an idle pool means nothing is on its way: the
// pool alone cannot tell, a call may have finished with its answer still in the event queue.
int backgroundCallsInFlight();

namespace detail {
// Counts watcher as in flight until its finished signal was handled (connect done first) or it
// was destroyed.
void trackInFlight(QFutureWatcherBase *watcher);
} // namespace detail

// Runs fn (returning T) on the database pool and hands the result to done on the GUI thread,
// unless context was destroyed first. Widgets use it through an AsyncLane (below); the paged
// table model uses it directly for its pages, several of which may be in flight at once.
// Work that reports progress or can be cancelled goes through runWithProgress.
template <typename T, typename Fn>
QFutureWatcher<T> *runInBackground(QObject *context, Fn &&fn, std::function<void(const T &)> done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        if (!watcher->isCanceled() && watcher->future().resultCount() > 0)
            done(watcher->result());
        watcher->deleteLater();
    });
    detail::trackInFlight(watcher);
    watcher->setFuture(QtConcurrent::run(databasePool(), std::forward<Fn>(fn)));
    return watcher;
}

// One lane of background work owned by a widget: the one way a widget reads or changes the
// database. Starting a call supersedes the lane's previous one; cancel() supersedes the pending
// one (the widget shows another case). A superseded call's answer does not reach done:
// - a change (run) is still made: the operator asked for it. Its answer goes to dropped, if
//   given, so a failure for a case the operator has left can still be reported;
// - a read (read) that has not started yet is not started at all (arrowing through a list must
//   not read, and audit, every record passed on the way).
// Answers reach the GUI thread only while the owner is alive. The work function runs on a
// database thread: it captures values (ids, an AppContext copy), never the widget.
class AsyncLane {
public:
    explicit AsyncLane(QObject *owner) : m_owner(owner) {}
    Q_DISABLE_COPY_MOVE(AsyncLane)

    template <typename T, typename Fn>
    void run(Fn &&fn, std::function<void(const T &)> done, std::function<void(const T &)> dropped = {})
    {
        start<T>(std::forward<Fn>(fn), std::move(done), std::move(dropped), false);
    }

    template <typename T, typename Fn>
    void read(Fn &&fn, std::function<void(const T &)> done)
    {
        start<T>(std::forward<Fn>(fn), std::move(done), {}, true);
    }

    // Runs again() now, or, when a call on this lane is on its way, right after its answer was
    // handled: a change committed meanwhile is neither lost (that call may not have seen it) nor
    // allowed to supersede the call (an opening's read; a busy team would starve a list). The
    // live desk's refreshes come this way. A newer call or cancel() forgets it.
    void afterPending(std::function<void()> again)
    {
        if (busy())
            m_after = std::move(again);
        else
            again();
    }

    void cancel()
    {
        m_after = nullptr;
        ++m_generation;
        if (m_pending && m_pendingIsRead)
            m_pending->cancel(); // stops it only if it has not started
        m_pending = nullptr;
    }

    bool busy() const { return !m_pending.isNull(); }

private:
    template <typename T, typename Fn>
    void start(Fn &&fn, std::function<void(const T &)> done, std::function<void(const T &)> dropped, bool isRead)
    {
        cancel();
        const quint64 generation = m_generation;
        m_pendingIsRead = isRead;
        m_pending = runInBackground<T>(m_owner, std::forward<Fn>(fn),
                                       [this, generation, done = std::move(done), dropped = std::move(dropped)](const T &result) {
                                           if (generation != m_generation) {
                                               if (dropped)
                                                   dropped(result);
                                               return;
                                           }
                                           m_pending = nullptr;
                                           done(result);
                                           if (auto after = std::exchange(m_after, nullptr))
                                               after();
                                       });
    }

    QObject *m_owner;
    quint64 m_generation = 0;
    QPointer<QFutureWatcherBase> m_pending;
    std::function<void()> m_after;
    bool m_pendingIsRead = false;
};

// What long work (import, verify, export) sees of its caller: it reports progress in permille
// with a line of text, and learns that the user cancelled (report returns false then).
class JobProgress {
public:
    explicit JobProgress(QPromise<void> &promise) : m_promise(promise) {}
    bool report(int permille, const QString &text)
    {
        m_promise.setProgressValueAndText(permille, text);
        return !m_promise.isCanceled();
    }

private:
    QPromise<void> &m_promise;
};

// Runs fn(JobProgress&) -> T on the database pool. The returned watcher carries the progress
// (0-1000) and its text, and cancel() asks the work to stop. done gets fn's result on the GUI
// thread while context lives, even when the cancel came too late to stop it (a commit that
// happened must still be reported); nullopt means the work never started.
template <typename T, typename Fn>
QFutureWatcher<void> *runWithProgress(QObject *context, Fn &&fn, std::function<void(const std::optional<T> &)> done)
{
    auto outcome = std::make_shared<std::optional<T>>();
    auto *watcher = new QFutureWatcher<void>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, outcome, done = std::move(done)] {
        watcher->deleteLater();
        done(*outcome);
    });
    detail::trackInFlight(watcher);
    watcher->setFuture(QtConcurrent::run(databasePool(), [outcome, fn = std::forward<Fn>(fn)](QPromise<void> &promise) mutable {
        promise.setProgressRange(0, 1000);
        JobProgress progress(promise);
        outcome->emplace(fn(progress));
    }));
    return watcher;
}

// A modal progress dialog over long work (import, verify, export, demo): shows the watcher's
// progress range, value and text, and cancels the future on Cancel. It never spins an event loop.
void watchProgress(QWidget *parent, QFutureWatcherBase *watcher, const QString &title, const QString &objectName);

} // namespace rd::ui
