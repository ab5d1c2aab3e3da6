#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace rd::time {

// Parses an RFC 3339 timestamp that carries an offset ("2026-11-20T14:03:11Z",
// "2026-11-20T16:03:11.25+02:00") into milliseconds since the epoch, UTC.
// Impossible dates and times (Feb 30, 25:00, a leap second) are rejected.
std::optional<qint64> parseRfc3339(QStringView text);

// Formats milliseconds since the epoch as RFC 3339 UTC ("2026-11-20T14:03:11Z";
// fractional seconds only when present).
QString formatRfc3339(qint64 msecsUtc);

} // namespace rd::time
