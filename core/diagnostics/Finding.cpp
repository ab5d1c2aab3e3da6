#include "diagnostics/Finding.h"

#include "common/Time.h"

#include <QJsonArray>

namespace rd::diagnostics {
namespace {

const std::array<const char *, kCheckCount> kIds = {
    "FIRST_FACTOR",  "WRONG_FACTOR", "STEP_UP_AFTER_CODE", "UNSEEN_REGENERATION",
    "OUTAGE",        "LOCKED_OUT",   "TWO_FACTOR_OFF", "SUSPICIOUS_FLAG", "UNTRUSTED_DEVICE",
    "FORMAT",        "SYNC_LAG",     "ALREADY_USED",   "SUPERSEDED",      "REVOKED",
    "WRONG_ACCOUNT", "TRANSCRIPTION", "GENERATION_FAULT", "UNKNOWN_CODE", "VALID_UNUSED",
    "POSSIBLE_COMPROMISE", "STALE_CONTACT", "CLOCK_DRIFT", "SMS_DELIVERY", "PLATFORM_MISMATCH"};

} // namespace

QString checkId(Check check)
{
    return QString::fromLatin1(kIds[std::size_t(check)]);
}

std::optional<Check> checkFromId(const QString &id)
{
    for (int i = 0; i < kCheckCount; ++i) {
        if (id == QLatin1String(kIds[std::size_t(i)]))
            return Check(i);
    }
    return std::nullopt;
}

const std::array<Check, kPrecedenceCount> &precedence()
{
    static const std::array<Check, kPrecedenceCount> order = {
        Check::Outage,          Check::LockedOut,   Check::FirstFactor,     Check::TwoFactorOff,
        Check::SuspiciousFlag,  Check::UntrustedDevice, Check::WrongFactor, Check::SyncLag,
        Check::StepUpAfterCode, Check::AlreadyUsed, Check::UnseenRegeneration, Check::Superseded,
        Check::Revoked,         Check::WrongAccount, Check::GenerationFault, Check::Transcription,
        Check::Format,          Check::UnknownCode, Check::ValidUnused};
    return order;
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Cause:
        return QStringLiteral("cause");
    case Verdict::Contributing:
        return QStringLiteral("contributing");
    case Verdict::RuledOut:
        return QStringLiteral("ruled_out");
    case Verdict::NotApplicable:
        return QStringLiteral("not_applicable");
    }
    return {};
}

QJsonObject DiagnosisReport::toJson() const
{
    QJsonArray list;
    for (const Finding &f : findings) {
        QJsonArray evidence;
        for (const Fact &fact : f.evidence) {
            evidence.append(QJsonObject{{QStringLiteral("fact"), fact.text},
                                        {QStringLiteral("at"), fact.at ? QJsonValue(time::formatRfc3339(*fact.at)) : QJsonValue()},
                                        {QStringLiteral("record"), fact.record.isEmpty() ? QJsonValue() : QJsonValue(fact.record)}});
        }
        QJsonObject finding{{QStringLiteral("check"), checkId(f.check)},
                            {QStringLiteral("verdict"), verdictName(f.verdict)},
                            {QStringLiteral("summary"), f.summary},
                            {QStringLiteral("evidence"), evidence},
                            {QStringLiteral("advice"), f.advice}};
        if (!f.userLine.isEmpty())
            finding.insert(QStringLiteral("user_line"), f.userLine);
        list.append(finding);
    }
    QJsonObject o{{QStringLiteral("account"), account},
                  {QStringLiteral("at"), time::formatRfc3339(at)},
                  {QStringLiteral("primary_cause"), primaryCause ? QJsonValue(checkId(*primaryCause)) : QJsonValue()},
                  {QStringLiteral("findings"), list}};
    if (!attemptId.isEmpty())
        o.insert(QStringLiteral("attempt"), attemptId);
    if (!id.isEmpty())
        o.insert(QStringLiteral("id"), id);
    return o;
}

} // namespace rd::diagnostics
