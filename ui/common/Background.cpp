#include "common/Background.h"

#include <QProgressDialog>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <utility>

namespace rd::ui {

QThreadPool *databasePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(2);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return pool;
}

namespace {
std::atomic<int> g_inFlight{0};
} // namespace

int backgroundCallsInFlight() { return g_inFlight.load(); }

void detail::trackInFlight(QFutureWatcherBase *watcher)
{
    ++g_inFlight;
    // Connected after the caller's handler, so a call its answer starts is counted before this
    // one is let go: the count never passes through zero while work goes on.
    auto handled = std::make_shared<bool>(false);
    auto release = [handled] {
        if (!std::exchange(*handled, true))
            --g_inFlight;
    };
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, release);
    QObject::connect(watcher, &QObject::destroyed, release);
}

void watchProgress(QWidget *parent, QFutureWatcherBase *watcher, const QString &title, const QString &objectName)
{
    auto *dialog = new QProgressDialog(title, QObject::tr("Cancel"), 0, 0, parent);
    dialog->setObjectName(objectName);
    dialog->setWindowTitle(title);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(300);
    dialog->setMinimumWidth(420);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    QObject::connect(watcher, &QFutureWatcherBase::progressRangeChanged, dialog, &QProgressDialog::setRange);
    QObject::connect(watcher, &QFutureWatcherBase::progressValueChanged, dialog, &QProgressDialog::setValue);
    QObject::connect(watcher, &QFutureWatcherBase::progressTextChanged, dialog, &QProgressDialog::setLabelText);
    QObject::connect(dialog, &QProgressDialog::canceled, watcher, &QFutureWatcherBase::cancel);
    QObject::connect(watcher, &QFutureWatcherBase::finished, dialog, &QObject::deleteLater);
}

} // namespace rd::ui
