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

DiagnosisReport DiagnosisReport::fromJson(const QJsonObject &json)
{
    DiagnosisReport r;
    r.account = json.value(QLatin1String("account")).toString();
    r.at = time::parseRfc3339(json.value(QLatin1String("at")).toString()).value_or(0);
    r.attemptId = json.value(QLatin1String("attempt")).toString();
    r.id = json.value(QLatin1String("id")).toString();
    const QString blocker = json.value(QLatin1String("account_blocker")).toString();
    r.blocker = blocker == QLatin1String("no_codes") ? Blocker::NoCodes
        : blocker == QLatin1String("no_active_set")  ? Blocker::NoActiveSet
                                                     : Blocker::None;
    for (int i = 0; i < kCheckCount; ++i) {
        Finding f;
        f.check = Check(i);
        f.verdict = Verdict::NotApplicable;
        r.findings.append(f);
    }
    for (const QJsonValue &value : json.value(QLatin1String("findings")).toArray()) {
        const QJsonObject o = value.toObject();
        const auto check = checkFromId(o.value(QLatin1String("check")).toString());
        if (!check)
            continue;
        Finding &f = r.findings[int(*check)];
        const QString verdict = o.value(QLatin1String("verdict")).toString();
        f.verdict = verdict == QLatin1String("cause")        ? Verdict::Cause
            : verdict == QLatin1String("contributing")       ? Verdict::Contributing
            : verdict == QLatin1String("ruled_out")          ? Verdict::RuledOut
                                                             : Verdict::NotApplicable;
        f.summary = o.value(QLatin1String("summary")).toString();
        f.advice = o.value(QLatin1String("advice")).toString();
        f.userLine = o.value(QLatin1String("user_line")).toString();
        for (const QJsonValue &fact : o.value(QLatin1String("evidence")).toArray()) {
            const QJsonObject e = fact.toObject();
            f.evidence.append({e.value(QLatin1String("fact")).toString(), time::parseRfc3339(e.value(QLatin1String("at")).toString()),
                               e.value(QLatin1String("record")).toString()});
        }
    }
    r.primaryCause = checkFromId(json.value(QLatin1String("primary_cause")).toString());
    return r;
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
    if (blocker != Blocker::None)
        o.insert(QStringLiteral("account_blocker"), blocker == Blocker::NoCodes ? QStringLiteral("no_codes") : QStringLiteral("no_active_set"));
    if (!id.isEmpty())
        o.insert(QStringLiteral("id"), id);
    return o;
}

} // namespace rd::diagnostics
