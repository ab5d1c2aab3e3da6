#include "diagnostics/DiagnosticsEngine.h"

#include "diagnostics/Evaluation.h"

namespace rd::diagnostics {

DiagnosisReport DiagnosticsEngine::evaluate(const DiagnosisContext &context, const MatchResult &match,
                                            const policy::Policy &policy, const EngineInput &input)
{
    Evaluation e{context, policy, match, input.at, input.device, input.ip, true, {}};
    if (context.attempt) {
        e.platformRejected = context.attempt->outcome != QLatin1String("success");
        e.platformReason = context.attempt->reason;
    }
    using CheckFn = Finding (*)(const Evaluation &);
    static const CheckFn checks[kCheckCount] = {
        checkFirstFactor,     checkWrongFactor,  checkStepUpAfterCode, checkUnseenRegeneration,
        checkOutage,          checkLockedOut,    checkTwoFactorOff,    checkSuspiciousFlag, checkUntrustedDevice,
        checkFormat,          checkSyncLag,      checkAlreadyUsed,     checkSuperseded,     checkRevoked,
        checkWrongAccount,    checkTranscription, checkGenerationFault, checkUnknownCode,   checkValidUnused,
        checkPossibleCompromise, checkStaleContact, checkClockDrift,   checkSmsDelivery,    checkPlatformMismatch};

    DiagnosisReport report;
    report.account = context.accountId;
    report.at = input.at;
    if (context.sets.isEmpty())
        report.blocker = Blocker::NoCodes;
    else if (e.activeSetAt(input.at) < 0)
        report.blocker = Blocker::NoActiveSet;
    if (context.attempt)
        report.attemptId = context.attempt->id;
    for (int i = 0; i < kCheckCount; ++i) {
        Finding f = checks[i](e);
        f.check = Check(i);
        if (f.holds() && f.userLine.isEmpty())
            f.userLine = defaultUserLine(f.check);
        report.findings.append(std::move(f));
    }
    for (Check c : precedence()) {
        Finding &f = report.findings[int(c)];
        if (f.holds() && f.eligible) {
            f.verdict = Verdict::Cause;
            report.primaryCause = c;
            break;
        }
    }
    return report;
}

} // namespace rd::diagnostics
