#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <cmath>
#include <cstring>
#include <type_traits>

// The pieces of an import line's canonical form (RecordParser.h): tagged and length-prefixed, so
// that two objects have the same bytes exactly when they are equal. Both readers of a line (the
// full parser and the plain login_attempt reader) write them through these functions.
namespace rd::importer::canonical {

inline void appendInteger(QByteArray &out, qint64 value)
{
    out.append('i');
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

// Integral doubles are the same integers: 5 and 5.0 are one number, as -0 and 0 are.
inline void appendDouble(QByteArray &out, double value)
{
    if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.2e18) {
        appendInteger(out, qint64(value));
        return;
    }
    out.append('d');
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

// Text as its length in UTF-16 units and those units; Char is char16_t, or char for Latin-1.
template <typename Char>
void appendText(QByteArray &out, const Char *text, qsizetype size)
{
    const qint32 n = qint32(size);
    const qsizetype at = out.size();
    out.resize(at + qsizetype(sizeof n) + size * qsizetype(sizeof(char16_t)));
    char *p = out.data() + at;
    std::memcpy(p, &n, sizeof n);
    p += sizeof n;
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t u = char16_t(std::make_unsigned_t<Char>(text[i]));
        std::memcpy(p, &u, sizeof u);
        p += sizeof u;
    }
}

} // namespace rd::importer::canonical
