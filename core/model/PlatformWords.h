#pragma once

#include <QString>
#include <QStringList>

namespace rd::cases {
struct TimelineItem;
}

namespace rd::words {

// Platform and desk values in words for people (screens, reports); unknown values are shown
// as they came (SPEC §4: unknown reasons are kept verbatim and shown).
QString reason(const QString &reason);       // "code_revoked" -> "Code revoked"
QString method(const QString &method);       // "totp" -> "Authenticator app"
QString securityEvent(const QString &event); // "two_factor_disabled" -> "Two-step sign-in turned off"
// "pending_approval" -> "Pending approval"; "api" "sms" "otp" "id" "ip" "totp" in capitals.
QString identifier(const QString &identifier);

// One line of a case timeline from the fields its source has (see CaseStore::timeline).
QString timelineText(const QString &source, const QStringList &fields);

} // namespace rd::words
