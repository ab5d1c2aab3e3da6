#pragma once

#include "common/Result.h"

#include <QString>

namespace rd {

// Text an operator types (a case summary, a note, a reason...) holds no control characters but
// line breaks and tabs: the others mean nothing in it and, printed on a terminal, can rewrite
// the screen or the window title. Nor does it hold anything shaped like a backup code (codes
// never appear anywhere: a case says "code 3 of the printout" instead). Refused with
// InvalidValue on `field`.
Status checkTypedText(const QString &field, const QString &text);

// Whether text holds a token shaped like a backup code of SPEC §5 (after NFKC): 8 or 10 digits
// (also as 4+4 or 5+5 with one space or hyphen), or 10 or 16 Crockford characters (also in groups
// of 5 or 4) with at least one digit and one letter past F (so hex ids such as dx-… pass). Part
// of a longer spaced number (a phone number) or a reference written "#12345678" does not count.
bool containsCodeShape(const QString &text);

// Whether c is a control character (C0 but line feed and tab, DEL, C1) or half of a surrogate pair.
bool isControlCharacter(char16_t c);

} // namespace rd
