#include "common/TypedText.h"

#include <QRegularExpression>

namespace rd {

bool containsCodeShape(const QString &text)
{
    // Case-insensitive Crockford base32 (no I, L, O, U), between characters that are not
    // letters or digits, and not part of a longer spaced number (a phone number such as
    // "+49 151 2345 6789", which a note may hold and reports mask), nor a reference written
    // with '#' (a ticket "#48213906": a code is never written so).
    static const QRegularExpression shapes(
        QStringLiteral("(?<![\\p{L}\\p{N}#])(?<![\\p{N}][ -])(?:"
                       "(\\d{4}[ -]?\\d{4}|\\d{5}[ -]?\\d{5})"
                       "|([0-9a-hjkmnp-tv-z]{5}[ -]?[0-9a-hjkmnp-tv-z]{5}"
                       "|[0-9a-hjkmnp-tv-z]{4}(?:[ -]?[0-9a-hjkmnp-tv-z]{4}){3})"
                       ")(?![\\p{L}\\p{N}])(?![ -][\\p{N}])"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression digit(QStringLiteral("\\d")), pastF(QStringLiteral("[g-z]"), QRegularExpression::CaseInsensitiveOption);
    const QString normalized = text.normalized(QString::NormalizationForm_KC);
    for (auto it = shapes.globalMatch(normalized); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength(1) > 0)
            return true;
        const QString token = m.captured(2);
        if (token.contains(digit) && token.contains(pastF))
            return true;
    }
    return false;
}

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
    if (containsCodeShape(text))
        return Error::invalidField(field, QStringLiteral("The %1 contains something shaped like a backup code. Codes never go into a "
                                                         "case: describe it instead, for example \"code 3 of the newest printout\". "
                                                         "A ticket or order number is written with #, as in #12345678.")
                                              .arg(field));
    return {};
}

} // namespace rd
