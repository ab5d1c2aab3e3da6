#pragma once

#include "ledger/CodeFormat.h"

#include <QChar>
#include <QList>
#include <QString>
#include <QStringView>

namespace rd::ledger {

// One confusable that normalization replaced. That a mapping happened is itself a diagnostic fact
// (SPEC §6 FORMAT: a code that fits only after mapping is a contributing finding).
struct ConfusableMapping {
    int position = 0; // 1-based position in the normalized code
    QChar from; // the character as typed (after NFKC, before uppercasing), e.g. 'S' or 's'
    QChar to; // its replacement, e.g. '5'

    friend bool operator==(const ConfusableMapping &, const ConfusableMapping &) = default;
};

struct NormalizedCode {
    QString value; // normalized code; may still not fit any format
    QList<ConfusableMapping> mapped; // in order of position

    bool anyMapped() const { return !mapped.isEmpty(); }
};

// SPEC §5 normalization: Unicode NFKC (so full-width digits become ASCII), remove whitespace,
// hyphens and dashes, underscores and dots, uppercase, then map the alphabet's confusables on the
// uppercased character (so lowercase ones too):
//   Digits:    O -> 0, I L -> 1, S -> 5, B -> 8
//   Crockford: O -> 0, I L -> 1; U stays and fails fitsFormat().
// Any other character is kept (uppercased), so a wrong character shows up as not fitting the format.
// Idempotent: normalizing a normalized value changes nothing and reports no mapping.
NormalizedCode normalizeCode(QStringView input, Alphabet alphabet);
NormalizedCode normalizeCode(QStringView input, CodeFormat format);

} // namespace rd::ledger
