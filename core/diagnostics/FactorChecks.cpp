// Checks about what happened around the code rather than the code itself: FIRST_FACTOR,
// WRONG_FACTOR, STEP_UP_AFTER_CODE and UNSEEN_REGENERATION (SPEC §6). Like every check they
// speak of set ids and indexes, never of code values.
#include "diagnostics/Evaluation.h"

namespace rd::diagnostics {
namespace {

bool failed(const AttemptRow &a)
{
    return a.outcome == QLatin1String("failure");
}

QString promptName(const QString &method)
{
    return method == QLatin1String("sms") ? QStringLiteral("text-message") : QStringLiteral("authenticator-app");
}

Fact attemptFact(const AttemptRow &a)
{
    return {QStringLiteral("Attempt %1 at %2: %3 sign-in, %4%5.")
                .arg(a.id, when(a.at), a.method, a.outcome,
                     a.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(a.reason)),
            a.at, a.id};
}

// The failed step-up demands between from and the diagnosed time, both ends included; the
// diagnosed attempt itself counts.
QList<const AttemptRow *> stepUpsBetween(const Evaluation &e, qint64 from)
{
    QList<const AttemptRow *> out;
    auto consider = [&](const AttemptRow &a) {
        if (failed(a) && a.reason == QLatin1String("step_up_required") && from <= a.at && a.at <= e.at) {
            for (const AttemptRow *seen : std::as_const(out)) {
                if (seen->id == a.id)
                    return;
            }
            out.append(&a);
        }
    };
    for (const AttemptRow &a : e.context.recentAttempts)
        consider(a);
    if (e.context.attempt)
        consider(*e.context.attempt);
    return out;
}

} // namespace

Finding checkFirstFactor(const Evaluation &e)
{
    if (!e.context.attempt)
        return notApplicable(Check::FirstFactor, QStringLiteral("No sign-in attempt was given, so the password step cannot be checked."));
    const AttemptRow &a = *e.context.attempt;
    if (!failed(a))
        return ruledOut(Check::FirstFactor, QStringLiteral("The attempt did not fail."));
    if (a.method != QLatin1String("password") && a.reason != QLatin1String("password_invalid"))
        return ruledOut(Check::FirstFactor, QStringLiteral("The sign-in got past the password step."));
    Finding f = holds(Check::FirstFactor,
                      QStringLiteral("The sign-in failed at the password step, before any backup code was looked at."),
                      {attemptFact(a)},
                      QStringLiteral("Help the user with the password first (the platform's password recovery). The backup "
                                     "code was never checked; the findings below say whether it will work."));
    f.userLine = QStringLiteral("Your sign-in stopped at the password, before your backup code was even checked. Let's sort out "
                                "the password first; your backup code may well be fine.");
    return f;
}

Finding checkWrongFactor(const Evaluation &e)
{
    if (!e.context.attempt)
        return notApplicable(Check::WrongFactor, QStringLiteral("No sign-in attempt was given, so the prompt used is unknown."));
    const AttemptRow &a = *e.context.attempt;
    if (a.method != QLatin1String("totp") && a.method != QLatin1String("sms"))
        return ruledOut(Check::WrongFactor, QStringLiteral("The code was not typed into an authenticator or text-message prompt."));
    if (e.match.exact.isEmpty())
        return ruledOut(Check::WrongFactor,
                        QStringLiteral("What was typed into the %1 prompt is not one of this account's backup codes.").arg(promptName(a.method)));
    const CodeRef &ref = e.match.exact.first();
    const QString state = e.codeStateAt(ref, e.at);
    const bool works = state == QLatin1String("unused") && ref.set == e.activeSetAt(e.at);
    Finding f = holds(Check::WrongFactor,
                      QStringLiteral("A backup code was typed into the %1 prompt, which only accepts %2 codes.")
                          .arg(promptName(a.method), a.method == QLatin1String("sms") ? QStringLiteral("texted") : QStringLiteral("app")),
                      {attemptFact(a), {QStringLiteral("What was typed is %1 (%2).").arg(codeLabel(e, ref), state), {}, e.set(ref).id}},
                      works ? QStringLiteral("Tell the user to choose the backup-code option on the sign-in page (\"Use a backup code\", "
                                             "often under \"Try another way\") and type the same code there.")
                            : QStringLiteral("Tell the user to choose the backup-code option on the sign-in page (\"Use a backup code\", "
                                             "often under \"Try another way\"); this code is %1, so they need another one.")
                                  .arg(state));
    f.userLine = works ? QStringLiteral("Your backup code went into the box for the %1 code. On the sign-in page, choose \"Use a "
                                        "backup code\" (it may be under \"Try another way\") and type the same code there.")
                             .arg(a.method == QLatin1String("sms") ? QStringLiteral("text-message") : QStringLiteral("authenticator app"))
                       : QStringLiteral("Your backup code went into the box for the %1 code. On the sign-in page, choose \"Use a "
                                        "backup code\" (it may be under \"Try another way\"); that particular code no longer "
                                        "works, so use another one from your list.")
                             .arg(a.method == QLatin1String("sms") ? QStringLiteral("text-message") : QStringLiteral("authenticator app"));
    return f;
}

Finding checkStepUpAfterCode(const Evaluation &e)
{
    for (const CodeRef &ref : e.match.exact) {
        const CodeRow &code = e.code(ref);
        if (!code.usedAt || *code.usedAt > e.at || *code.usedAt < e.at - kStepUpWindowMs)
            continue;
        const QList<const AttemptRow *> stepUps = stepUpsBetween(e, *code.usedAt);
        if (stepUps.isEmpty())
            continue;
        QList<Fact> evidence{{QStringLiteral("%1 was accepted at %2 from device %3.")
                                  .arg(codeLabel(e, ref), when(*code.usedAt),
                                       code.usedDevice.isEmpty() ? QStringLiteral("unknown") : code.usedDevice),
                              code.usedAt, QStringLiteral("%1#%2").arg(e.set(ref).id).arg(code.index)}};
        for (const AttemptRow *a : stepUps)
            evidence.append(attemptFact(*a));
        Finding f = holds(Check::StepUpAfterCode,
                          QStringLiteral("The code worked at %1, then the platform asked for another check (step-up) at %2: to "
                                         "the user it looked as if the code did nothing.")
                              .arg(when(*code.usedAt), when(stepUps.first()->at)),
                          evidence,
                          QStringLiteral("The code is spent: do not reset anything for it. Ask the user to complete the extra check "
                                         "the platform asks for, or to use another unused code if a code is asked again."));
        f.userLine = QStringLiteral("Your backup code was accepted, and right after that the site asked for one more check. Each "
                                    "backup code works only once, so please don't type it again: finish that extra step, or use a "
                                    "different unused code from your list if it asks for a code.");
        return f;
    }
    return ruledOut(Check::StepUpAfterCode, QStringLiteral("No use of this code in the 10 minutes before was followed by a step-up demand."));
}

Finding checkUnseenRegeneration(const Evaluation &e)
{
    QString notHolding = QStringLiteral("The code is not from a replaced set.");
    for (const CodeRef &ref : e.match.exact) {
        const SetRow &set = e.set(ref);
        if (!e.supersededAt(set, e.at) || e.revokedAt(set, e.at))
            continue;
        const auto replaced = e.replacementAt(ref.set, e.at);
        const SetRow *by = replaced ? replaced->by : nullptr;
        if (!by) {
            notHolding = QStringLiteral("No set that replaced this one existed at that time.");
            continue;
        }
        if (!by->acknowledgmentReported) {
            notHolding = QStringLiteral("The platform does not report whether the user saw the codes that replaced this set.");
            continue;
        }
        if (!by->unacknowledgedAt(e.at)) {
            notHolding = QStringLiteral("The user confirmed the replacing codes (set %1) at %2.").arg(by->id, when(*by->acknowledgedAt));
            continue;
        }
        const qint64 replacedAt = replaced->at.value_or(by->generatedAt);
        const QString replacedOn = when(replacedAt);
        const QString seen = by->acknowledgedAt ? QStringLiteral("confirmed by the user only at %1").arg(when(*by->acknowledgedAt))
                                                : QStringLiteral("never confirmed by the user");
        Finding f = holds(Check::UnseenRegeneration,
                          QStringLiteral("This code's set was replaced on %1 by set %2, whose codes the user had not seen: the "
                                         "saved codes stopped working without the user knowing.")
                              .arg(replacedOn, by->id),
                          {{QStringLiteral("%1; set %2 replaced by set %3 at %4.").arg(codeLabel(e, ref), set.id, by->id, replacedOn),
                            replacedAt, set.id},
                           {QStringLiteral("Set %1 (generated %2): %3.").arg(by->id, when(by->generatedAt), seen), by->generatedAt, by->id}},
                          QStringLiteral("Not the user's doing: the platform replaced the codes unseen. Verify identity and request "
                                         "regenerate_codes so new codes are delivered; note set %1 in the case for the platform team.")
                              .arg(by->id));
        f.userLine = QStringLiteral("Your saved codes were replaced by new ones on %1, and the new ones were never shown to you, so "
                                    "this is not your mistake. Once we have confirmed your identity, new codes will be sent to you.")
                         .arg(replacedOn.left(10));
        return f;
    }
    return ruledOut(Check::UnseenRegeneration, notHolding);
}

} // namespace rd::diagnostics
