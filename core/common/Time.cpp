#include "common/Time.h"

#include <QDate>
#include <QDateTime>
#include <QTime>

namespace rd::time {
namespace {

bool digits(QStringView s, qsizetype from, qsizetype count, int *out)
{
    int v = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const QChar c = s[i];
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    *out = v;
    return true;
}

} // namespace

std::optional<qint64> parseRfc3339(QStringView s)
{
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    if (s.size() < 20 || s.size() > 40)
        return std::nullopt;
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, &year) || s[4] != u'-' || !digits(s, 5, 2, &month) || s[7] != u'-'
        || !digits(s, 8, 2, &day))
        return std::nullopt;
    const QChar t = s[10];
    if (t != u'T' && t != u't' && t != u' ')
        return std::nullopt;
    if (!digits(s, 11, 2, &hour) || s[13] != u':' || !digits(s, 14, 2, &minute) || s[16] != u':'
        || !digits(s, 17, 2, &second))
        return std::nullopt;
    qsizetype pos = 19;
    int millis = 0;
    if (s[pos] == u'.') {
        ++pos;
        const qsizetype fracStart = pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= u'0' && s[pos] <= u'9') {
            millis += (s[pos].unicode() - u'0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == fracStart || pos - fracStart > 9)
            return std::nullopt;
    }
    if (pos >= s.size())
        return std::nullopt;
    int offsetSecs = 0;
    const QChar z = s[pos];
    if (z == u'Z' || z == u'z') {
        ++pos;
    } else if (z == u'+' || z == u'-') {
        int oh, om;
        if (pos + 6 != s.size() || !digits(s, pos + 1, 2, &oh) || s[pos + 3] != u':'
            || !digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
            return std::nullopt;
        offsetSecs = (oh * 3600 + om * 60) * (z == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    const QDate date(year, month, day);
    if (!date.isValid() || year < 1 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const QDateTime dt(date, QTime(hour, minute, second, millis), Qt::UTC);
    const qint64 ms = dt.toMSecsSinceEpoch() - qint64(offsetSecs) * 1000;
    const int utcYear = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().year();
    if (utcYear < 1 || utcYear > 9999)
        return std::nullopt; // an offset must not carry a time out of RFC 3339's range
    return ms;
}

QString formatRfc3339(qint64 msecsUtc)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(msecsUtc, Qt::UTC);
    if (msecsUtc % 1000 != 0)
        return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
    return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

} // namespace rd::time
