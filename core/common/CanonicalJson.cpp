#include "common/CanonicalJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace rd {
namespace {

void writeString(QByteArray &out, const QString &s)
{
    out += '"';
    qsizetype runStart = 0; // characters written as they are, converted to UTF-8 in runs
    auto flush = [&](qsizetype upTo) {
        if (upTo > runStart)
            out += QStringView(s).mid(runStart, upTo - runStart).toUtf8();
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        const char *escape = nullptr;
        switch (u) {
        case u'"':
            escape = "\\\"";
            break;
        case u'\\':
            escape = "\\\\";
            break;
        case u'\b':
            escape = "\\b";
            break;
        case u'\f':
            escape = "\\f";
            break;
        case u'\n':
            escape = "\\n";
            break;
        case u'\r':
            escape = "\\r";
            break;
        case u'\t':
            escape = "\\t";
            break;
        default:
            break;
        }
        if (!escape && u >= 0x20)
            continue;
        flush(i);
        if (escape) {
            out += escape;
        } else {
            out += "\\u00";
            out += "0123456789abcdef"[u >> 4];
            out += "0123456789abcdef"[u & 0xf];
        }
        runStart = i + 1;
    }
    flush(s.size());
    out += '"';
}

void write(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            out += QByteArray::number(qint64(d));
        else
            out += QByteArray::number(d, 'g', 17);
        break;
    }
    case QJsonValue::String:
        writeString(out, v.toString());
        break;
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out += ',';
            write(out, a.at(i));
        }
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        std::sort(keys.begin(), keys.end()); // QString orders by UTF-16 code units
        out += '{';
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i)
                out += ',';
            writeString(out, keys[i]);
            out += ':';
            write(out, o.value(keys[i]));
        }
        out += '}';
        break;
    }
    }
}

// A recursive-descent check of canonical bytes; false means "not decided here".
class PlainCheck {
public:
    explicit PlainCheck(QByteArrayView bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}

    bool object(int depth, QByteArrayView flag, bool *flagFalse)
    {
        if (!take('{') || depth > 32)
            return false;
        if (take('}'))
            return true;
        QByteArrayView previous;
        for (bool first = true;; first = false) {
            if (!first && !take(','))
                return take('}');
            QByteArrayView key;
            if (!string(&key, true) || (!first && !(previous < key)) || !take(':'))
                return false;
            previous = key;
            const char *valueStart = m_p;
            if (!value(depth))
                return false;
            if (flagFalse && depth == 0 && key == flag)
                *flagFalse = QByteArrayView(valueStart, m_p - valueStart) == QByteArrayView("false");
        }
    }

    bool atEnd() const { return m_p == m_end; }

private:
    bool take(char c)
    {
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    bool literal(const char *word)
    {
        for (; *word; ++word)
            if (!take(*word))
                return false;
        return true;
    }

    bool value(int depth)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '{':
            return object(depth + 1, {}, nullptr);
        case '[':
            ++m_p;
            if (take(']'))
                return true;
            do {
                if (!value(depth + 1))
                    return false;
            } while (take(','));
            return take(']');
        case '"':
            return string(nullptr, false);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return integer();
        }
    }

    // Only what canonicalJson writes for an integer: -?(0|[1-9][0-9]*), "-0" excepted, under 2^53
    // (15 digits decide it here; longer ones are left to the caller).
    bool integer()
    {
        const char *start = m_p;
        take('-');
        const char *digits = m_p;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        const qsizetype n = m_p - digits;
        if (n == 0 || n > 15 || (n > 1 && *digits == '0') || (n == 1 && *digits == '0' && digits != start))
            return false;
        return m_p == m_end || (*m_p != '.' && *m_p != 'e' && *m_p != 'E');
    }

    // ASCII text; escapes only as canonicalJson writes them (none at all in a key).
    bool string(QByteArrayView *text, bool isKey)
    {
        if (!take('"'))
            return false;
        const char *start = m_p;
        while (m_p != m_end && *m_p != '"') {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c < 0x20 || c >= 0x80)
                return false;
            if (c == '\\') {
                if (isKey || !escape())
                    return false;
                continue;
            }
            ++m_p;
        }
        if (text)
            *text = QByteArrayView(start, m_p - start);
        return take('"');
    }

    bool escape()
    {
        ++m_p; // the backslash
        if (m_p == m_end)
            return false;
        switch (*m_p++) {
        case '"':
        case '\\':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            return true;
        case 'u': { // \u00XX, lowercase, only for the controls without a short escape
            if (m_end - m_p < 4 || m_p[0] != '0' || m_p[1] != '0')
                return false;
            const auto hex = [](char h) { return (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : -1; };
            const int hi = hex(m_p[2]), lo = hex(m_p[3]);
            const int u = hi < 0 || lo < 0 ? 0xff : hi * 16 + lo;
            m_p += 4;
            return u < 0x20 && u != '\b' && u != '\f' && u != '\n' && u != '\r' && u != '\t';
        }
        default:
            return false;
        }
    }

    const char *m_p;
    const char *m_end;
};

} // namespace

void appendCanonicalString(QByteArray &out, QByteArrayView utf8)
{
    out += '"';
    const char *p = utf8.data();
    const char *end = p + utf8.size();
    const char *run = p;
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += "0123456789abcdef"[c >> 4];
            out += "0123456789abcdef"[c & 0xf];
        }
        run = p + 1;
    }
    out.append(run, end - run);
    out += '"';
}

bool isPlainCanonicalObject(QByteArrayView bytes, QByteArrayView flag, bool *flagFalse)
{
    if (flagFalse)
        *flagFalse = false;
    PlainCheck check(bytes);
    return check.object(0, flag, flagFalse) && check.atEnd();
}

QByteArray canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    write(out, value);
    return out;
}

} // namespace rd
