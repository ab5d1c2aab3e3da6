#pragma once

#include "model/DiagnosisContext.h"
#include "ledger/CodeNormalizer.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace rd::ledger {
class LedgerHasher;
}

namespace rd::diagnostics {

// A code of the account: indexes into DiagnosisContext::sets and SetRow::codes.
struct CodeRef {
    int set = -1;
    int code = -1;
};

enum class EditKind { Substitution, Transposition, MissingCharacter, ExtraCharacter };
QString editKindName(EditKind kind);

// A stored code one edit away from what the user typed. Positions are 1-based in the
// normalized typed code (for a missing character: where it is missing).
struct NearMiss {
    CodeRef ref;
    EditKind kind = EditKind::Substitution;
    int position = 0;
};

struct FormatFit {
    int typedLength = 0;             // normalized, before mapping
    bool fitsPlain = false;          // fits a format of the account's sets without mapping confusables
    bool fitsMapped = false;         // fits only after mapping confusables
    QList<ledger::ConfusableMapping> mappings;
    QStringList formats;             // the account's formats
    bool authenticatorShape = false; // exactly six digits once spaces and separators are gone
};

struct MatchResult {
    QList<CodeRef> exact;
    QList<NearMiss> nearMisses;      // searched only without an exact match
    FormatFit format;
    QStringList lookupTags;          // of each normalization, for the cross-account search
};

// Compares what the user typed with the account's stored hashes: exact matches, then every
// candidate one edit away (substitution, adjacent transposition, one missing or one extra
// character, within each set's alphabet) hashed with that set's id. Never keeps a code
// value: candidates live in a scratch buffer that is wiped.
class CodeMatcher final {
public:
    explicit CodeMatcher(const ledger::LedgerHasher &hasher) : m_hasher(hasher) {}

    // The lookup tags of the typed code, one per alphabet (for loading cross-account matches).
    QStringList lookupTags(const QString &typed) const;
    MatchResult match(const QString &typed, const DiagnosisContext &context) const;

private:
    void searchNearMisses(const QByteArray &normalized, int setIndex, const SetRow &set, MatchResult &result) const;

    const ledger::LedgerHasher &m_hasher;
};

} // namespace rd::diagnostics
