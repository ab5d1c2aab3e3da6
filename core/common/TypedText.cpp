#include "common/TypedText.h"

namespace rd {

bool isControlCharacter(char16_t c)
{
    return (c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7f && c < 0xa0);
}

Status checkTypedText(const QString &field, const QString &text)
{
    if (!text.isValidUtf16())
        return Error::invalidField(field, QStringLiteral("The %1 holds broken Unicode text; type it again.").arg(field));
    for (const QChar c : text)
        if (isControlCharacter(c.unicode()))
            return Error::invalidField(field, QStringLiteral("The %1 contains a control character (U+%2, such as a terminal "
                                                             "escape or a carriage return); remove it. Line breaks and tabs "
                                                             "are fine.")
                                                  .arg(field)
                                                  .arg(int(c.unicode()), 4, 16, QLatin1Char('0')));
    return {};
}

} // namespace rd
