#include "common/Format.h"

#include "model/PlatformWords.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QTimeZone>

namespace rd::ui {

QString formatTime(qint64 msUtc)
{
    return QDateTime::fromMSecsSinceEpoch(msUtc, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatTime(const std::optional<qint64> &msUtc, const QString &none)
{
    return msUtc ? formatTime(*msUtc) : none;
}

QString formatDuration(qint64 ms)
{
    const qint64 s = qAbs(ms) / 1000;
    const qint64 d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60;
    if (d > 0)
        return QCoreApplication::translate("Format", "%1 d %2 h").arg(d).arg(h);
    if (h > 0)
        return QCoreApplication::translate("Format", "%1 h %2 min").arg(h).arg(m, 2, 10, QLatin1Char('0'));
    if (m > 0)
        return QCoreApplication::translate("Format", "%1 min").arg(m);
    return QCoreApplication::translate("Format", "%1 s").arg(s);
}

QString humanize(const QString &identifier)
{
    return words::identifier(identifier);
}

QString reasonText(const QString &reason)
{
    return words::reason(reason);
}

QString methodText(const QString &method)
{
    return words::method(method);
}

QIcon icon(const QString &name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

namespace {

bool firstResponsePending(const cases::CaseRecord &c)
{
    return !c.firstResponseAt && c.firstResponseDue > 0 && c.firstResponseDue < c.resolutionDue;
}

} // namespace

qint64 slaDue(const cases::CaseRecord &c)
{
    return firstResponsePending(c) ? c.firstResponseDue : c.resolutionDue;
}

SlaStatus slaStatus(const cases::CaseRecord &c, qint64 now)
{
    constexpr qint64 kSoonMs = 60 * 60 * 1000;
    SlaStatus s;
    const bool firstResponsePending = rd::ui::firstResponsePending(c);
    const qint64 due = slaDue(c);
    const QString target = firstResponsePending ? QCoreApplication::translate("Format", "First response")
                                                : QCoreApplication::translate("Format", "Resolution");
    s.remainingMs = due - now;
    if (c.state == QLatin1String("resolved") || c.state == QLatin1String("closed")) {
        s.state = SlaState::Done;
        s.text = QCoreApplication::translate("Format", "Finished");
        s.icon = icon(QStringLiteral("sla-done"));
    } else if (s.remainingMs < 0) {
        s.state = SlaState::Breached;
        s.text = QCoreApplication::translate("Format", "%1 breached %2 ago").arg(target, formatDuration(-s.remainingMs));
        s.icon = icon(QStringLiteral("sla-breached"));
    } else if (s.remainingMs < kSoonMs) {
        s.state = SlaState::DueSoon;
        s.text = QCoreApplication::translate("Format", "%1 due in %2").arg(target, formatDuration(s.remainingMs));
        s.icon = icon(QStringLiteral("sla-due-soon"));
    } else {
        s.state = SlaState::Ok;
        s.text = firstResponsePending ? QCoreApplication::translate("Format", "Reply in %1").arg(formatDuration(s.remainingMs))
                                      : QCoreApplication::translate("Format", "%1 left").arg(formatDuration(s.remainingMs));
        s.icon = icon(QStringLiteral("sla-ok"));
    }
    return s;
}

} // namespace rd::ui
