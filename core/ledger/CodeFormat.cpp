#include "ledger/CodeFormat.h"

#include <array>

namespace rd::ledger {
namespace {

struct FormatInfo {
    CodeFormat format;
    QStringView name;
    int length;
    Alphabet alphabet;
    int groupSize;
    QChar separator;
};

constexpr std::array<FormatInfo, 4> kFormats { {
    { CodeFormat::Digits8, u"digits8", 8, Alphabet::Digits, 4, u' ' },
    { CodeFormat::Digits10, u"digits10", 10, Alphabet::Digits, 5, u' ' },
    { CodeFormat::Base32x10, u"base32x10", 10, Alphabet::Crockford, 5, u'-' },
    { CodeFormat::Base32x16, u"base32x16", 16, Alphabet::Crockford, 4, u'-' },
} };

const FormatInfo &info(CodeFormat format)
{
    for (const FormatInfo &candidate : kFormats) {
        if (candidate.format == format)
            return candidate;
    }
    // Every enumerator is in the table; an out-of-range value cast into the enum is a programming error.
    Q_UNREACHABLE();
    return kFormats.front();
}

bool inAlphabet(Alphabet alphabet, QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return true;
    if (alphabet == Alphabet::Digits)
        return false;
    return u >= u'A' && u <= u'Z' && u != u'I' && u != u'L' && u != u'O' && u != u'U';
}

} // namespace

std::optional<CodeFormat> codeFormatFromString(QStringView name)
{
    for (const FormatInfo &candidate : kFormats) {
        if (name.compare(candidate.name, Qt::CaseInsensitive) == 0)
            return candidate.format;
    }
    return std::nullopt;
}

QString codeFormatName(CodeFormat format)
{
    return info(format).name.toString();
}

int codeLength(CodeFormat format)
{
    return info(format).length;
}

Alphabet alphabetOf(CodeFormat format)
{
    return info(format).alphabet;
}

QStringView alphabetChars(Alphabet alphabet)
{
    switch (alphabet) {
    case Alphabet::Digits:
        return u"0123456789";
    case Alphabet::Crockford:
        return u"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    }
    Q_UNREACHABLE();
    return {};
}

bool fitsFormat(CodeFormat format, QStringView normalized)
{
    const FormatInfo &f = info(format);
    if (normalized.size() != f.length)
        return false;
    for (QChar c : normalized) {
        if (!inAlphabet(f.alphabet, c))
            return false;
    }
    return true;
}

QString displayCode(CodeFormat format, QStringView normalized)
{
    const FormatInfo &f = info(format);
    if (!fitsFormat(format, normalized))
        return normalized.toString();
    QString out;
    out.reserve(f.length + f.length / f.groupSize);
    for (qsizetype i = 0; i < normalized.size(); ++i) {
        if (i > 0 && i % f.groupSize == 0)
            out.append(f.separator);
        out.append(normalized[i]);
    }
    return out;
}

} // namespace rd::ledger
