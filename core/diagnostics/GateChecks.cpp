// Checks that block sign-in whatever code is typed: OUTAGE ... UNTRUSTED_DEVICE.
#include "diagnostics/Evaluation.h"

#include <QtMath>

#include <cmath>

namespace rd::diagnostics {
namespace {

double distanceKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kEarthKm = 6371.0088;
    const double p1 = qDegreesToRadians(lat1), p2 = qDegreesToRadians(lat2);
    const double dp = p2 - p1, dl = qDegreesToRadians(lon2 - lon1);
    const double a = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
    return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

} // namespace

Finding checkOutage(const Evaluation &e)
{
    for (const IncidentRow &i : e.context.incidents) {
        const bool kind = i.kind == QLatin1String("auth_outage") || i.kind == QLatin1String("api_failure")
            || i.kind == QLatin1String("validation_bug");
        const bool component = i.components.isEmpty() || i.components.contains(QStringLiteral("backup_codes"));
        if (kind && component && i.start <= e.at && e.at <= i.end) {
            Finding f = holds(Check::Outage,
                              QStringLiteral("Backup-code sign-in was failing for everyone at that time (%1 incident).").arg(i.kind),
                              {{QStringLiteral("%1 from %2 to %3: %4").arg(i.kind, when(i.start), when(i.end), i.summary), i.start, i.id}},
                              QStringLiteral("Ask the user to try the same code again after %1; nothing is wrong with the code itself.")
                                  .arg(when(i.end)));
            f.userLine = QStringLiteral("Our sign-in service had a problem until %1, so backup codes were failing for everyone. "
                                        "The code itself is not the problem; please try it again after that time.")
                             .arg(when(i.end));
            return f;
        }
    }
    return ruledOut(Check::Outage, QStringLiteral("No outage affected backup codes at that time."));
}

Finding checkLockedOut(const Evaluation &e)
{
    QList<Fact> evidence;
    std::optional<qint64> lockEnds;
    if (const SecurityEventRow *ev = e.latestEvent({QStringLiteral("locked"), QStringLiteral("unlocked")});
        ev && ev->event == QLatin1String("locked"))
        evidence.append({QStringLiteral("The account was locked at %1 and not unlocked since.").arg(when(ev->at)), ev->at, {}});
    if (e.platformReason == QLatin1String("locked_out") || e.platformReason == QLatin1String("rate_limited"))
        evidence.append({QStringLiteral("The platform answered \"%1\".").arg(e.platformReason), e.at,
                         e.context.attempt ? e.context.attempt->id : QString()});

    // A streak of failures (any method) within the window, no success in between, and T
    // within the lock time after its last failure. The diagnosed attempt does not count.
    const qint64 windowMs = e.policy.lockoutWindowS * 1000, lockMs = e.policy.lockTimeS * 1000;
    QList<const AttemptRow *> streak;
    QList<const AttemptRow *> lockingStreak;
    for (const AttemptRow &a : e.context.recentAttempts) {
        if (a.at >= e.at || (e.context.attempt && a.id == e.context.attempt->id))
            continue;
        if (a.outcome == QLatin1String("success")) {
            streak.clear();
            continue;
        }
        streak.append(&a);
        const int n = int(streak.size()), need = e.policy.lockoutStreak;
        if (n >= need && a.at - streak[n - need]->at <= windowMs && e.at <= a.at + lockMs) {
            lockingStreak = streak.mid(n - need);
            lockEnds = a.at + lockMs;
        }
    }
    if (!lockingStreak.isEmpty()) {
        for (const AttemptRow *a : std::as_const(lockingStreak))
            evidence.append({QStringLiteral("Failed %1 sign-in (%2).").arg(a->method, a->reason.isEmpty() ? QStringLiteral("no reason") : a->reason),
                             a->at, a->id});
        evidence.append({QStringLiteral("%1 failures within %2 minutes lock the account until %3.")
                             .arg(e.policy.lockoutStreak)
                             .arg(e.policy.lockoutWindowS / 60)
                             .arg(when(*lockEnds)),
                         *lockEnds, {}});
    }
    if (evidence.isEmpty())
        return ruledOut(Check::LockedOut, QStringLiteral("The account was not locked at that time."));
    const QString until = lockEnds ? QStringLiteral(" until %1").arg(when(*lockEnds)) : QString();
    Finding f = holds(Check::LockedOut, QStringLiteral("The account was locked%1, so no code could work.").arg(until), evidence,
                      lockEnds ? QStringLiteral("Ask the user to wait until %1 and try again; do not reset anything for this.").arg(when(*lockEnds))
                               : QStringLiteral("Check why the account is locked and unlock it (unlock_account) once the user is verified."));
    if (lockEnds)
        f.userLine = QStringLiteral("Your account was temporarily locked after several failed tries, so no code could work then. "
                                    "The lock ends at %1; please try again after that.")
                         .arg(when(*lockEnds));
    return f;
}

Finding checkTwoFactorOff(const Evaluation &e)
{
    const SecurityEventRow *ev = e.latestEvent({QStringLiteral("two_factor_enabled"), QStringLiteral("two_factor_disabled")});
    if (ev) {
        if (ev->event == QLatin1String("two_factor_disabled"))
            return holds(Check::TwoFactorOff, QStringLiteral("Two-factor authentication was turned off, so backup codes no longer apply."),
                         {{QStringLiteral("Two-factor disabled at %1.").arg(when(ev->at)), ev->at, {}}},
                         QStringLiteral("The user signs in with the password alone, or re-enables two-factor and gets new codes."));
        return ruledOut(Check::TwoFactorOff, QStringLiteral("Two-factor was on (enabled at %1).").arg(when(ev->at)));
    }
    // No change before T: the first change after T tells what it was (a later enable means off).
    const QStringList changes = {QStringLiteral("two_factor_enabled"), QStringLiteral("two_factor_disabled")};
    for (const SecurityEventRow &later : e.context.securityEvents) {
        if (later.at >= e.at && changes.contains(later.event)) {
            if (later.event == QLatin1String("two_factor_enabled"))
                return holds(Check::TwoFactorOff, QStringLiteral("Two-factor authentication was still off then, so backup codes did not apply."),
                             {{QStringLiteral("Two-factor was only enabled at %1.").arg(when(later.at)), later.at, {}}},
                             QStringLiteral("Backup codes work once two-factor is on; check the user's current state."));
            return ruledOut(Check::TwoFactorOff, QStringLiteral("Two-factor was on (disabled only later)."));
        }
    }
    if (e.context.twoFactorEnabled && !*e.context.twoFactorEnabled)
        return holds(Check::TwoFactorOff, QStringLiteral("Two-factor authentication is off for this account, so backup codes do not apply."),
                     {{QStringLiteral("The platform's account record says two-factor is disabled."), {}, e.context.accountId}},
                     QStringLiteral("The user signs in with the password alone, or re-enables two-factor and gets new codes."));
    return ruledOut(Check::TwoFactorOff, QStringLiteral("Two-factor was on."));
}

Finding checkSuspiciousFlag(const Evaluation &e)
{
    const SecurityEventRow *ev = e.latestEvent({QStringLiteral("flagged_suspicious"), QStringLiteral("flag_cleared")});
    if (ev && ev->event == QLatin1String("flagged_suspicious"))
        return holds(Check::SuspiciousFlag, QStringLiteral("The account was flagged as suspicious, which blocks backup-code sign-in."),
                     {{QStringLiteral("Flagged suspicious at %1.").arg(when(ev->at)), ev->at, {}}},
                     QStringLiteral("Verify the user's identity (strong level) before anything else; the flag is cleared by the "
                                    "platform's risk team."));
    return ruledOut(Check::SuspiciousFlag, QStringLiteral("The account was not flagged at that time."));
}

Finding checkUntrustedDevice(const Evaluation &e)
{
    const std::optional<AttemptRow> &attempt = e.context.attempt;
    const bool hasLocation = attempt && attempt->lat && attempt->lon;
    if (e.device.isEmpty() && !hasLocation)
        return notApplicable(Check::UntrustedDevice, QStringLiteral("No device or location was given."));
    QList<Fact> evidence;
    if (!e.device.isEmpty() && !e.deviceTrustedAt(e.device, e.at)) {
        const DeviceRow *device = e.deviceById(e.device);
        evidence.append({device ? QStringLiteral("Device %1 (%2) was not trusted at that time.").arg(device->id, device->label)
                                : QStringLiteral("Device %1 is not known for this account.").arg(e.device),
                         {}, e.device});
    }
    const std::optional<AttemptRow> &previous = e.context.lastLocatedSuccess;
    if (hasLocation && previous && previous->at <= e.at) {
        const double km = distanceKm(*previous->lat, *previous->lon, *attempt->lat, *attempt->lon);
        const double hours = std::max(1.0, double(e.at - previous->at) / 1000.0) / 3600.0;
        if (km / hours > e.policy.travelKmh)
            evidence.append({QStringLiteral("Impossible travel: %1 km from %2 (success at %3) in %4 minutes.")
                                 .arg(qRound(km))
                                 .arg(previous->place(), when(previous->at))
                                 .arg(qRound(hours * 60)),
                             previous->at, previous->id});
    }
    if (evidence.isEmpty())
        return ruledOut(Check::UntrustedDevice, QStringLiteral("The device was trusted and the location plausible."));
    Finding f = holds(Check::UntrustedDevice,
                      QStringLiteral("The sign-in came from a device or place the platform does not trust for this account."),
                      evidence,
                      QStringLiteral("Have the user sign in from a trusted device, or verify identity before trusting this one."));
    // Only a gate when the platform said so; otherwise it is context for the agent.
    f.eligible = e.platformReason == QLatin1String("device_untrusted") || e.platformReason == QLatin1String("step_up_required");
    return f;
}

} // namespace rd::diagnostics
