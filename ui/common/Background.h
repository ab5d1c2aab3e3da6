#pragma once

#include <QFuture>
#include <QThreadPool>
#include <QFutureWatcher>
#include <QPointer>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

class QThreadPool;
class QWidget;

namespace rd::ui {

// The threads that talk to the database for the GUI. Their threads never expire: the
// database keeps one connection per thread, and a recycled thread id must not meet a
// connection another thread opened.
QThreadPool *databasePool();

// Runs fn (returning T) on the database pool and hands the result to done on the GUI thread,
// unless context was destroyed first. Work that reports progress or can be cancelled takes
// a QPromise<T>& instead and is watched with watchProgress.
template <typename T, typename Fn>
QFutureWatcher<T> *runInBackground(QObject *context, Fn &&fn, std::function<void(const T &)> done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        if (!watcher->isCanceled() && watcher->future().resultCount() > 0)
            done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(databasePool(), std::forward<Fn>(fn)));
    return watcher;
}

// A modal progress dialog over long work (import, verify, export, demo): shows the watcher's
// progress range, value and text, and cancels the future on Cancel. It never spins an event loop.
void watchProgress(QWidget *parent, QFutureWatcherBase *watcher, const QString &title, const QString &objectName);

} // namespace rd::ui
