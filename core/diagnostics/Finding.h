#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace rd::diagnostics {

// The checks of SPEC §6, in the order the report lists them. Identifiers are normative.
enum class Check {
    FirstFactor,
    WrongFactor,
    StepUpAfterCode,
    UnseenRegeneration,
    Outage,
    LockedOut,
    TwoFactorOff,
    SuspiciousFlag,
    UntrustedDevice,
    Format,
    SyncLag,
    AlreadyUsed,
    Superseded,
    Revoked,
    WrongAccount,
    Transcription,
    GenerationFault,
    UnknownCode,
    ValidUnused,
    PossibleCompromise,
    StaleContact,
    ClockDrift,
    SmsDelivery,
    PlatformMismatch,
};
constexpr int kCheckCount = int(Check::PlatformMismatch) + 1;

QString checkId(Check check);
std::optional<Check> checkFromId(const QString &id);
// OUTAGE, LOCKED_OUT, FIRST_FACTOR ... VALID_UNUSED: the order in which a holding check
// becomes primary.
constexpr int kPrecedenceCount = 19;
const std::array<Check, kPrecedenceCount> &precedence();

enum class Verdict { Cause, Contributing, RuledOut, NotApplicable };
QString verdictName(Verdict verdict);

// One fact behind a finding: what, when and which record. Never a code value.
struct Fact {
    QString text;
    std::optional<qint64> at;
    QString record;
};

struct Finding {
    Check check = Check::Outage;
    Verdict verdict = Verdict::RuledOut;
    bool eligible = true; // may become the primary cause when it holds
    QString summary;      // one line an agent can read to the user
    QList<Fact> evidence;
    QString advice;
    QString userLine;     // for the person on the phone, in their words; set where the check holds

    bool holds() const { return verdict == Verdict::Cause || verdict == Verdict::Contributing; }
};

// Why no code of the account can work at T, whatever was typed.
enum class Blocker { None, NoCodes, NoActiveSet };

struct DiagnosisReport {
    QString account;
    qint64 at = 0;
    Blocker blocker = Blocker::None; // "account_blocker" in JSON when not None
    std::optional<Check> primaryCause;
    QList<Finding> findings; // one per check, in Check order
    QString attemptId;
    QString id; // set once stored

    const Finding &finding(Check check) const { return findings.at(int(check)); }
    // {"account","at","primary_cause","findings":[{"check","verdict","summary","evidence","advice"[,"user_line"]}]}
    QJsonObject toJson() const;
    // A stored report read back; findings of unknown checks are skipped, and a check the report
    // does not hold (stored before that check existed) reads as not applicable.
    static DiagnosisReport fromJson(const QJsonObject &json);
};

} // namespace rd::diagnostics
