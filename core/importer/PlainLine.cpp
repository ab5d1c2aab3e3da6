#include "importer/PlainLine.h"

#include "common/Time.h"
#include "importer/CanonicalForm.h"
#include "importer/RecordRules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

namespace rd::importer {
namespace {

// The keys a login_attempt may have, in the order QJsonObject keeps them (byte order): the
// canonical form lists them so.
enum Key { Account, At, City, ClockSkew, Country, Device, Id, Ip, Lat, Lon, Method, Outcome, Reason, Type, KeyCount };
constexpr std::array<std::string_view, KeyCount> kKeys = {"account", "at",     "city",   "clock_skew_s", "country",
                                                          "device",  "id",     "ip",     "lat",          "lon",
                                                          "method",  "outcome", "reason", "type"};
static_assert(std::is_sorted(kKeys.begin(), kKeys.end()));

struct Value {
    enum Kind { Absent, Null, Text, Integer, Double } kind = Absent;
    std::string_view text; // Text: the characters between the quotes
    qint64 integer = 0;
    double number = 0;

    double toDouble() const { return kind == Integer ? double(integer) : number; }
};

class Scanner {
public:
    explicit Scanner(std::string_view s) : m_s(s) {}

    void skipSpace()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool take(char c)
    {
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool atEnd()
    {
        skipSpace();
        return m_pos == m_s.size();
    }
    // A string of printable ASCII without escapes (anything else is left to the full parser).
    bool plainString(std::string_view *out)
    {
        if (!take('"'))
            return false;
        const std::size_t start = m_pos;
        while (m_pos < m_s.size()) {
            const unsigned char c = static_cast<unsigned char>(m_s[m_pos]);
            if (c == '"') {
                *out = m_s.substr(start, m_pos - start);
                ++m_pos;
                return true;
            }
            if (c < 0x20 || c > 0x7e || c == '\\')
                return false;
            ++m_pos;
        }
        return false;
    }
    bool value(Value *v)
    {
        skipSpace();
        if (m_pos >= m_s.size())
            return false;
        const char c = m_s[m_pos];
        if (c == '"') {
            v->kind = Value::Text;
            return plainString(&v->text);
        }
        if (m_s.substr(m_pos, 4) == "null") {
            m_pos += 4;
            v->kind = Value::Null;
            return true;
        }
        return number(v);
    }

private:
    // JSON's number grammar; integers that fit in 64 bits stay integers (as in QJsonValue),
    // everything else is the correctly rounded double.
    bool number(Value *v)
    {
        const std::size_t start = m_pos;
        auto digits = [this] {
            const std::size_t from = m_pos;
            while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
        if (m_pos < m_s.size() && m_s[m_pos] == '-')
            ++m_pos;
        const std::size_t intStart = m_pos;
        const std::size_t intDigits = digits();
        if (intDigits == 0 || (intDigits > 1 && m_s[intStart] == '0'))
            return false;
        bool integral = true;
        if (m_pos < m_s.size() && m_s[m_pos] == '.') {
            ++m_pos;
            integral = false;
            if (digits() == 0)
                return false;
        }
        if (m_pos < m_s.size() && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
            ++m_pos;
            integral = false;
            if (m_pos < m_s.size() && (m_s[m_pos] == '+' || m_s[m_pos] == '-'))
                ++m_pos;
            if (digits() == 0)
                return false;
        }
        const char *first = m_s.data() + start, *last = m_s.data() + m_pos;
        if (integral) {
            const auto [end, ec] = std::from_chars(first, last, v->integer);
            if (ec != std::errc() || end != last)
                return false; // beyond 64 bits: the full parser decides
            v->kind = Value::Integer;
            return true;
        }
        const auto [end, ec] = std::from_chars(first, last, v->number);
        if (ec != std::errc() || end != last || !std::isfinite(v->number))
            return false;
        v->kind = Value::Double;
        return true;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
};

int keyIndex(std::string_view key)
{
    const auto it = std::lower_bound(kKeys.begin(), kKeys.end(), key);
    return it != kKeys.end() && *it == key ? int(it - kKeys.begin()) : -1;
}

// The same bytes RecordParser's appendCanonical writes for the parsed QJsonObject.
void appendCanonical(QByteArray &out, const std::array<Value, KeyCount> &values)
{
    out.append('{');
    for (int k = 0; k < KeyCount; ++k) {
        const Value &v = values[std::size_t(k)];
        if (v.kind == Value::Absent)
            continue;
        out.append('k');
        canonical::appendText(out, kKeys[std::size_t(k)].data(), qsizetype(kKeys[std::size_t(k)].size()));
        switch (v.kind) {
        case Value::Text:
            out.append('s');
            canonical::appendText(out, v.text.data(), qsizetype(v.text.size()));
            break;
        case Value::Null:
            out.append('n');
            break;
        case Value::Integer:
            canonical::appendInteger(out, v.integer);
            break;
        case Value::Double:
            canonical::appendDouble(out, v.number);
            break;
        case Value::Absent:
            break;
        }
    }
    out.append('}');
}

bool present(const Value &v) { return v.kind != Value::Absent && v.kind != Value::Null; }

// FieldReader's checks, answering only "the full parser would accept this value as it is".
bool idValue(const Value &v, bool required, QString *out)
{
    if (!present(v))
        return !required;
    if (v.kind != Value::Text || v.text.empty() || v.text.size() > 128)
        return false;
    *out = QString::fromLatin1(v.text.data(), qsizetype(v.text.size()));
    return true;
}

bool textValue(const Value &v, std::size_t maxLength, QString *out)
{
    if (!present(v))
        return true;
    // An empty string is left to the full parser (whether it is null there is its business).
    if (v.kind != Value::Text || v.text.empty() || v.text.size() > maxLength)
        return false;
    *out = QString::fromLatin1(v.text.data(), qsizetype(v.text.size()));
    return true;
}

bool oneOfValue(const Value &v, const QStringList &allowed, QString *out)
{
    if (v.kind != Value::Text)
        return false;
    for (const QString &a : allowed) {
        if (a == QLatin1String(v.text.data(), qsizetype(v.text.size()))) {
            *out = a;
            return true;
        }
    }
    return false;
}

bool numberValue(const Value &v, double min, double max, std::optional<double> *out)
{
    if (!present(v))
        return true;
    if (v.kind != Value::Integer && v.kind != Value::Double)
        return false;
    const double d = v.toDouble();
    if (d < min || d > max)
        return false;
    *out = d;
    return true;
}

bool integerValue(const Value &v, qint64 min, qint64 max, std::optional<qint64> *out)
{
    if (!present(v))
        return true;
    if (v.kind != Value::Integer && v.kind != Value::Double)
        return false;
    const double d = v.toDouble();
    if (d != std::floor(d) || d < double(min) || d > double(max))
        return false;
    *out = qint64(d);
    return true;
}

} // namespace

bool readPlainLoginAttempt(QByteArrayView line, LoginAttemptRecord *out, QByteArray *canonical)
{
    Scanner s(std::string_view(line.data(), std::size_t(line.size())));
    std::array<Value, KeyCount> values{};
    if (!s.take('{'))
        return false;
    if (!s.take('}')) {
        do {
            std::string_view key;
            if (!s.plainString(&key) || !s.take(':'))
                return false;
            const int k = keyIndex(key);
            if (k < 0 || values[std::size_t(k)].kind != Value::Absent)
                return false; // unknown or repeated: the full parser's rules apply
            if (!s.value(&values[std::size_t(k)]))
                return false;
        } while (s.take(','));
        if (!s.take('}'))
            return false;
    }
    if (!s.atEnd())
        return false;
    const Value &type = values[Type];
    if (type.kind != Value::Text || type.text != "login_attempt")
        return false;

    LoginAttemptRecord l;
    const Value &at = values[At];
    if (at.kind != Value::Text)
        return false;
    const auto when = time::parseRfc3339(QString::fromLatin1(at.text.data(), qsizetype(at.text.size())));
    if (!when)
        return false;
    l.at = *when;
    if (!idValue(values[Id], true, &l.id) || !idValue(values[Account], true, &l.account)
        || !oneOfValue(values[Method], rules::kLoginMethods, &l.method) || !oneOfValue(values[Outcome], rules::kOutcomes, &l.outcome)
        || !idValue(values[Device], false, &l.device) || !textValue(values[Ip], 64, &l.ip)
        || !textValue(values[Country], 64, &l.country) || !textValue(values[City], 128, &l.city)
        || !numberValue(values[Lat], -90, 90, &l.lat) || !numberValue(values[Lon], -180, 180, &l.lon)
        || !textValue(values[Reason], 64, &l.reason)
        || !integerValue(values[ClockSkew], -rules::kMaxSkewSeconds, rules::kMaxSkewSeconds, &l.clockSkewS))
        return false;
    if (canonical) {
        canonical->resize(0); // keeps the buffer the caller wipes
        appendCanonical(*canonical, values);
    }
    *out = std::move(l);
    return true;
}

} // namespace rd::importer
