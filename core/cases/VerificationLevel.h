#pragma once

#include "model/CaseTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rd::cases {

enum class Level { None, Basic, Strong };
QString levelName(Level level);

struct LevelInput {
    QList<EvidenceRecord> evidence; // in the order recorded
    bool emailChangedRecently = false;
    bool phoneChangedRecently = false;
    bool possibleCompromise = false; // at request time or in any diagnosis attached to the case
};

struct LevelResult {
    Level level = Level::None;
    QStringList standing;   // methods whose latest record is a pass
    QStringList missing;    // what strong still needs, in words
};

// SPEC §7: basic = one standing passing method that counts; strong = two different ones,
// at least one possession of an on-file channel (email_otp / sms_otp to a contact not changed
// in the last 7 days) or government_id, and government_id itself under possible compromise.
// knowledge_check is recorded but never counts; a later fail cancels an earlier pass.
LevelResult computeLevel(const LevelInput &input);

// What the evidence looked like (ids, methods, results): a request remembers it, and a
// decision or execution is refused when it changed since.
QString evidenceFingerprint(const QList<EvidenceRecord> &evidence);

} // namespace rd::cases
