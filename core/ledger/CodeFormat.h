#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace rd::ledger {

// The backup-code formats of SPEC §5. A code set has exactly one format.
enum class CodeFormat {
    Digits8, // 8 decimal digits, shown "1234 5678" (the import default)
    Digits10, // 10 decimal digits, shown "12345 67890"
    Base32x10, // 10 Crockford base32 symbols, shown "ABCDE-FGHJK"
    Base32x16, // 16 Crockford base32 symbols (80 bits), shown "ABCD-EFGH-JKMN-PQRS"; what RecoveryDesk issues
};

enum class Alphabet {
    Digits, // 0-9
    Crockford, // 0-9 A-Z without I L O U
};

// Parses the SPEC names "digits8", "digits10", "base32x10", "base32x16" (ASCII case-insensitive).
std::optional<CodeFormat> codeFormatFromString(QStringView name);
QString codeFormatName(CodeFormat format);

// Number of symbols of a normalized code.
int codeLength(CodeFormat format);
Alphabet alphabetOf(CodeFormat format);
// The symbols in value order: index i is the symbol for value i (what the generator samples).
QStringView alphabetChars(Alphabet alphabet);

// True when a normalized code (see CodeNormalizer) has the format's length and alphabet.
bool fitsFormat(CodeFormat format, QStringView normalized);

// The grouped spelling shown to people. A code that does not fit the format is returned unchanged,
// so a malformed code is never dressed up as a well-formed one.
QString displayCode(CodeFormat format, QStringView normalized);

} // namespace rd::ledger
