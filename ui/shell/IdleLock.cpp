#include "shell/IdleLock.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSettings>
#include <QTimer>

namespace rd::ui {

IdleLock::IdleLock(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    const int minutes = QSettings().value(QStringLiteral("security/idleLockMinutes"), kDefaultMinutes).toInt();
    setTimeout(qBound(1, minutes, kMaxMinutes) * 60 * 1000); // a setting cannot switch the lock off
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (!m_suspended)
            emit idle();
    });
    QCoreApplication::instance()->installEventFilter(this);
}

IdleLock::~IdleLock()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

void IdleLock::setTimeout(int ms)
{
    m_timer->setInterval(ms);
    m_timer->start();
}

int IdleLock::timeout() const { return m_timer->interval(); }

void IdleLock::setSuspended(bool suspended)
{
    m_suspended = suspended;
    if (!suspended)
        m_timer->start();
}

bool IdleLock::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (!m_suspended)
            m_timer->start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace rd::ui
