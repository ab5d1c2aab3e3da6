#pragma once

#include "common/Result.h"

#include <QString>

namespace rd {

// Text an operator types (a case summary, a note, a reason...) holds no control characters but
// line breaks and tabs: the others mean nothing in it and, printed on a terminal, can rewrite
// the screen or the window title. Refused with InvalidValue on `field`.
Status checkTypedText(const QString &field, const QString &text);

// Whether c is a control character (C0 but line feed and tab, DEL, C1) or half of a surrogate pair.
bool isControlCharacter(char16_t c);

} // namespace rd
