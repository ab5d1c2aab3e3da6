#pragma once

#include "model/CaseTypes.h"

#include <QIcon>
#include <QString>

#include <optional>

namespace rd::ui {

// Times in the desktop app: UTC, to the second, like the platform's records.
QString formatTime(qint64 msUtc);
QString formatTime(const std::optional<qint64> &msUtc, const QString &none = QStringLiteral("—"));
// "2 h 05 min", "3 d 4 h", "45 s".
QString formatDuration(qint64 ms);
// "pending_approval" -> "Pending approval" (states, kinds, methods read as words).
QString humanize(const QString &identifier);
// A platform's reason for a failed sign-in in words ("code_revoked" -> "Code revoked");
// unknown reasons are shown verbatim, as SPEC §4 asks.
QString reasonText(const QString &reason);
// A sign-in method in words ("totp" -> "Authenticator app").
QString methodText(const QString &method);
// An icon from the application's resources (SVG, crisp at any scale).
QIcon icon(const QString &name);

// Where a case stands against its SLA, for the queue badge and the header countdown.
enum class SlaState { Done, Ok, DueSoon, Breached };
struct SlaStatus {
    SlaState state = SlaState::Ok;
    qint64 remainingMs = 0; // negative once breached
    QString text;           // "Breached 2 h 10 min ago", "Due in 45 min", "Met"
    QIcon icon;
};
// Both targets count: until the first response, the earlier of first-response and resolution.
SlaStatus slaStatus(const cases::CaseRecord &c, qint64 now);
// When the case's next SLA target falls due (first response while it is pending, else resolution).
// What lists sort by: unlike the time remaining it does not move while a sort runs, and a sort
// whose order changes between two comparisons is undefined behaviour (it corrupted the heap).
qint64 slaDue(const cases::CaseRecord &c);

} // namespace rd::ui
