#include "common/TypedText.h"

#include <QRegularExpression>

namespace rd {

bool containsCodeShape(const QString &text)
{
    // Written as users and agents write codes: in groups (4+4, 5+5, 4x4) or not, separated by up
    // to two spaces, tabs, dots, underscores, hyphens or dashes, in any case, with the look-alikes
    // SPEC §5 maps (O for 0, I/L for 1, S for 5, B for 8). Not part of a longer word or id
    // ("acct_…", "dev-…", "SN-…"), not a reference written "#12345678".
    static const QString sep = QStringLiteral("[ \\t._\\x{2010}-\\x{2015}-]{0,2}");
    static const QString digitish = QStringLiteral("[0-9OoIiLlSsBb]");
    static const QString crockford = QStringLiteral("[0-9A-TV-Za-tv-z]"); // every letter but U
    static const QRegularExpression shapes(
        QStringLiteral("(?<![\\p{L}\\p{N}#_])(?<![\\p{L}\\p{N}]-)(?:"
                       "(%1{4}%2%1{4}|%1{5}%2%1{5})"
                       "|(%3{5}%2%3{5}|%3{4}%2%3{4}%2%3{4}%2%3{4})"
                       ")(?![\\p{L}\\p{N}])")
            .arg(digitish, sep, crockford),
        QRegularExpression::UseUnicodePropertiesOption);
    // An international phone number ("+49 151 2345 6789"), which notes may hold and reports mask.
    static const QRegularExpression phone(QStringLiteral("\\+\\d[\\d \\-]{6,}\\d"));
    static const QRegularExpression invisible(QStringLiteral("[\\x{00AD}\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]"));
    static const QRegularExpression digit(QStringLiteral("[0-9]")), pastF(QStringLiteral("[g-zG-Z]"));
    QString normalized = text.normalized(QString::NormalizationForm_KC);
    normalized.remove(invisible);
    normalized.replace(phone, QStringLiteral(" "));
    for (auto it = shapes.globalMatch(normalized); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength(1) > 0) {
            if (m.captured(1).count(digit) >= 6) // "BOSS BILL" is not a code
                return true;
            continue;
        }
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
