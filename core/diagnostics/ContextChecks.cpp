// Checks that never become the primary cause but change what the agent does next.
#include "diagnostics/Evaluation.h"

namespace rd::diagnostics {

Finding checkPossibleCompromise(const Evaluation &e)
{
    const qint64 window = qint64(e.policy.compromiseWindowDays) * Evaluation::kDayMs;
    const qint64 recentChange = qint64(e.policy.recentChangeDays) * Evaluation::kDayMs;
    QList<Fact> evidence;
    for (const RecentUse &u : e.context.recentUses) {
        // A use with no device or IP on record proves nothing either way.
        if (u.at > e.at || u.at < e.at - window || u.device.isEmpty() || u.ip.isEmpty())
            continue;
        if (!e.deviceTrustedAt(u.device, u.at) && !u.ipSeenBefore)
            evidence.append({QStringLiteral("Code %1 of set %2 was used at %3 from untrusted device %4 and new IP %5.")
                                 .arg(u.index)
                                 .arg(u.set, when(u.at), u.device.isEmpty() ? QStringLiteral("(unknown)") : u.device, u.ip),
                             u.at, QStringLiteral("%1#%2").arg(u.set).arg(u.index)});
    }
    for (const SecurityEventRow &ev : e.context.securityEvents) {
        if (ev.at >= e.at)
            continue;
        if ((ev.event == QLatin1String("email_changed") || ev.event == QLatin1String("phone_changed")) && ev.at >= e.at - recentChange)
            evidence.append({QStringLiteral("%1 at %2.").arg(ev.event == QLatin1String("email_changed") ? QStringLiteral("Email changed")
                                                                                                      : QStringLiteral("Phone changed"),
                                                            when(ev.at)),
                             ev.at, {}});
        if (ev.event == QLatin1String("codes_regenerated") && ev.at >= e.at - window) {
            const QString device = ev.detail.value(QStringLiteral("device")).toString();
            if (!device.isEmpty() && !e.deviceTrustedAt(device, ev.at))
                evidence.append({QStringLiteral("Codes were regenerated at %1 from untrusted device %2.").arg(when(ev.at), device), ev.at, device});
        }
    }
    if (evidence.isEmpty())
        return ruledOut(Check::PossibleCompromise, QStringLiteral("No sign that someone else controls the account."));
    Finding f = holds(Check::PossibleCompromise, QStringLiteral("There are signs someone else may have had access to this account."),
                      evidence,
                      QStringLiteral("Require strong verification including a government ID before any reset, and do not use "
                                     "contacts changed recently."));
    f.eligible = false;
    return f;
}

Finding checkStaleContact(const Evaluation &e)
{
    if (!e.context.hasEmail && !e.context.hasPhone)
        return notApplicable(Check::StaleContact, QStringLiteral("No email or phone on file."));
    const qint64 stale = qint64(e.policy.staleContactDays) * Evaluation::kDayMs;
    const qint64 recentChange = qint64(e.policy.recentChangeDays) * Evaluation::kDayMs;
    QList<Fact> evidence;
    auto inspect = [&](bool present, const std::optional<qint64> &verified, const QString &name, const QString &changeEvent) {
        if (!present)
            return;
        if (!verified || *verified > e.at)
            evidence.append({QStringLiteral("The %1 on file was never verified.").arg(name), {}, {}});
        else if (e.at - *verified > stale)
            evidence.append({QStringLiteral("The %1 on file was last verified on %2, over %3 days earlier.").arg(name, when(*verified)).arg(e.policy.staleContactDays),
                             verified, {}});
        for (const SecurityEventRow &ev : e.context.securityEvents) {
            if (ev.event == changeEvent && ev.at < e.at && ev.at >= e.at - recentChange)
                evidence.append({QStringLiteral("The %1 was changed on %2.").arg(name, when(ev.at)), ev.at, {}});
        }
    };
    inspect(e.context.hasEmail, e.context.emailVerifiedAt, QStringLiteral("email"), QStringLiteral("email_changed"));
    inspect(e.context.hasPhone, e.context.phoneVerifiedAt, QStringLiteral("phone"), QStringLiteral("phone_changed"));
    if (evidence.isEmpty())
        return ruledOut(Check::StaleContact, QStringLiteral("The contacts on file are verified and unchanged."));
    Finding f = holds(Check::StaleContact, QStringLiteral("A contact on file is unverified, stale or newly changed, so it does not prove identity."),
                      evidence, QStringLiteral("Do not rely on an OTP to that contact; use another verification method."));
    f.eligible = false;
    return f;
}

Finding checkClockDrift(const Evaluation &e)
{
    QList<Fact> evidence;
    for (const AttemptRow &a : e.context.recentAttempts) {
        if (a.at > e.at || a.at < e.at - e.recentMs())
            continue;
        if (a.outcome == QLatin1String("failure") && a.reason == QLatin1String("totp_invalid") && a.clockSkewS
            && qAbs(*a.clockSkewS) > e.policy.clockStepS)
            evidence.append({QStringLiteral("Authenticator code rejected with the device clock %1 s %2.")
                                 .arg(qAbs(*a.clockSkewS))
                                 .arg(*a.clockSkewS > 0 ? QStringLiteral("fast") : QStringLiteral("slow")),
                             a.at, a.id});
    }
    if (evidence.isEmpty())
        return ruledOut(Check::ClockDrift, QStringLiteral("No recent authenticator failures from a wrong clock."));
    Finding f = holds(Check::ClockDrift, QStringLiteral("The user's device clock is off, so authenticator codes fail."), evidence,
                      QStringLiteral("Ask the user to turn on automatic date and time on the phone, then use the authenticator again."));
    f.eligible = false;
    return f;
}

Finding checkSmsDelivery(const Evaluation &e)
{
    QList<Fact> evidence;
    for (const AttemptRow &a : e.context.recentAttempts) {
        if (a.at <= e.at && a.at >= e.at - e.recentMs() && a.outcome == QLatin1String("failure")
            && a.reason == QLatin1String("sms_undelivered"))
            evidence.append({QStringLiteral("SMS code not delivered."), a.at, a.id});
    }
    for (const IncidentRow &i : e.context.incidents) {
        if (i.kind == QLatin1String("sms_outage") && i.start <= e.at && i.end >= e.at - e.recentMs())
            evidence.append({QStringLiteral("SMS outage from %1 to %2: %3").arg(when(i.start), when(i.end), i.summary), i.start, i.id});
    }
    if (evidence.isEmpty())
        return ruledOut(Check::SmsDelivery, QStringLiteral("No recent SMS delivery problems."));
    Finding f = holds(Check::SmsDelivery, QStringLiteral("Text messages were not reaching the user, which is why they turned to backup codes."),
                      evidence, QStringLiteral("Do not rely on SMS verification right now; use another method."));
    f.eligible = false;
    return f;
}

Finding checkPlatformMismatch(const Evaluation &e)
{
    if (e.platformReason.isEmpty())
        return notApplicable(Check::PlatformMismatch, QStringLiteral("No platform answer to compare with."));
    const int active = e.activeSetAt(e.at);
    bool validUnused = false, anyMatch = !e.match.exact.isEmpty(), allUnused = true;
    for (const CodeRef &r : e.match.exact) {
        const bool used = e.usedAt(e.code(r), e.at);
        allUnused = allUnused && !used;
        validUnused = validUnused || (r.set == active && !used);
    }
    const QString &reason = e.platformReason;
    QString contradiction;
    if ((reason == QLatin1String("code_invalid") || reason == QLatin1String("code_revoked")) && validUnused)
        contradiction = QStringLiteral("The platform said \"%1\", but the ledger shows a valid unused code.").arg(reason);
    else if (reason == QLatin1String("code_used") && anyMatch && allUnused)
        contradiction = QStringLiteral("The platform said \"code_used\", but the ledger shows the code unused.");
    static const QStringList aboutTheCode = {QStringLiteral("code_invalid"), QStringLiteral("code_used"), QStringLiteral("code_revoked")};
    if (contradiction.isEmpty() && !aboutTheCode.contains(reason))
        return ruledOut(Check::PlatformMismatch, QStringLiteral("The platform's answer (\"%1\") says nothing about the code itself.").arg(reason));
    if (contradiction.isEmpty())
        return ruledOut(Check::PlatformMismatch, QStringLiteral("The platform's answer (\"%1\") agrees with the ledger.").arg(reason));
    Finding f = holds(Check::PlatformMismatch, contradiction,
                      {{contradiction, e.at, e.context.attempt ? e.context.attempt->id : QString()}},
                      QStringLiteral("Report this attempt to the platform team: its validation disagrees with the ledger."));
    f.eligible = false;
    return f;
}

} // namespace rd::diagnostics
