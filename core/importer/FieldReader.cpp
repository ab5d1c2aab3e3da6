#include "importer/FieldReader.h"

#include "common/Time.h"
#include "common/TypedText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace rd::importer {

namespace {

bool isIpv4(const QString &s)
{
    static const QRegularExpression ipv4(QStringLiteral("^\\d{1,3}(\\.\\d{1,3}){3}$"));
    return ipv4.match(s).hasMatch();
}

// Shaped like a date and time (valid or not: "2026-02-30T10:00:00Z" is shown to say it is wrong).
bool isTimeShaped(const QString &s)
{
    static const QRegularExpression time(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+)?(Z|[+-]\\d{2}:?\\d{2})?$"));
    return time.match(s).hasMatch();
}

} // namespace

bool mayHoldSecret(const QString &value)
{
    if (value.contains(QLatin1Char('@')) || containsCodeShape(value))
        return true;
    int digits = 0;
    for (QChar c : value)
        digits += c.isDigit() ? 1 : 0;
    // Seven digits or more: a phone number or a code, unless the whole value is a time or an address.
    return digits >= 7 && !isIpv4(value.trimmed()) && !isTimeShaped(value.trimmed());
}

bool isShowableToken(const QString &value)
{
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9._:/+-]{1,128}$"));
    return token.match(value).hasMatch() && !mayHoldSecret(value);
}

// No control characters (they would reach terminals and reports) and no broken UTF-16.
bool FieldReader::printable(const QString &s, bool allowLineBreaks)
{
    if (!s.isValidUtf16())
        return false;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && !(allowLineBreaks && (u == u'\n' || u == u'\t'))) || (u >= 0x7f && u < 0xa0))
            return false;
    }
    return true;
}

QString FieldReader::describe(const QJsonValue &value)
{
    QString text;
    switch (value.type()) {
    case QJsonValue::String:
        text = u'"' + value.toString() + u'"';
        break;
    case QJsonValue::Object:
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Array:
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Bool:
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case QJsonValue::Double:
        text = QString::number(value.toDouble(), 'g', 17);
        break;
    case QJsonValue::Null:
        text = QStringLiteral("null");
        break;
    case QJsonValue::Undefined:
        text = QStringLiteral("nothing");
        break;
    }
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("...");
    // Shown on terminals: control characters and broken surrogates appear as escapes.
    QString shown;
    for (const QChar c : std::as_const(text)) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u < 0xa0) || c.isSurrogate())
            shown += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            shown += c;
    }
    return shown;
}

QString FieldReader::fieldName(const char *name) const
{
    return m_prefix + QLatin1String(name);
}

bool FieldReader::failMessage(const QString &message)
{
    if (m_error.isNull())
        m_error = message;
    return false;
}

bool FieldReader::fail(const char *name, const QString &expected, const QJsonValue &got)
{
    // Error messages reach stderr and the audit trail: never echo a code, email or phone.
    const QLatin1String field(name);
    const bool secret = m_hidden || field == QLatin1String("code") || field == QLatin1String("email") || field == QLatin1String("phone")
        || field == QLatin1String("detail");
    QString shown;
    // A value is echoed only when it is a plain token or a short number: a name, free text or an
    // address given to the wrong field says only how long it is.
    const bool showable = got.isString() ? isShowableToken(got.toString())
                                         : !got.isDouble() || QString::number(std::fabs(got.toDouble()), 'f', 0).size() < 6;
    if (secret || ((got.isString() || got.isDouble()) && !showable))
        shown = QStringLiteral("a value that is not shown (%1 characters)").arg(describe(got).size());
    else if (got.isObject())
        shown = QStringLiteral("an object"); // whose values may be anything: a code, an address
    else if (got.isArray())
        shown = QStringLiteral("an array of %1").arg(got.toArray().size());
    else
        shown = describe(got);
    return failMessage(QStringLiteral("field \"%1\": expected %2, got %3").arg(fieldName(name), expected, shown));
}

bool FieldReader::missing(const char *name)
{
    return failMessage(QStringLiteral("field \"%1\": required but missing").arg(fieldName(name)));
}

bool FieldReader::id(const char *name, QString *out, bool required)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return required ? missing(name) : true;
    if (!v.isString() || v.toString().isEmpty() || v.toString().size() > 128 || !printable(v.toString(), false))
        return fail(name, QStringLiteral("an id (a non-empty string of at most 128 printable characters)"), v);
    *out = v.toString();
    return true;
}

bool FieldReader::text(const char *name, QString *out, int maxLength)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString() || v.toString().size() > maxLength || !printable(v.toString(), true))
        return fail(name, QStringLiteral("a string of at most %1 printable characters").arg(maxLength), v);
    *out = v.toString();
    return true;
}

bool FieldReader::time(const char *name, qint64 *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return missing(name);
    const auto t = v.isString() ? time::parseRfc3339(v.toString()) : std::nullopt;
    if (!t)
        return fail(name, QStringLiteral("an RFC 3339 timestamp"), v);
    *out = *t;
    return true;
}

bool FieldReader::optionalTime(const char *name, std::optional<qint64> *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    qint64 t = 0;
    if (!time(name, &t))
        return false;
    *out = t;
    return true;
}

bool FieldReader::timeOrNull(const char *name, bool *present, std::optional<qint64> *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    *present = !v.isUndefined();
    if (v.isUndefined() || v.isNull())
        return true;
    const auto t = v.isString() ? time::parseRfc3339(v.toString()) : std::nullopt;
    if (!t)
        return fail(name, QStringLiteral("an RFC 3339 timestamp or null"), v);
    *out = *t;
    return true;
}

bool FieldReader::oneOf(const char *name, const QStringList &allowed, QString *out, bool required)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return required ? missing(name) : true;
    if (!v.isString() || !allowed.contains(v.toString()))
        return fail(name, QStringLiteral("one of %1").arg(allowed.join(QStringLiteral(", "))), v);
    *out = v.toString();
    return true;
}

bool FieldReader::integer(const char *name, qint64 min, qint64 max, qint64 *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return missing(name);
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::isnan(d) || d != std::floor(d) || d < double(min) || d > double(max))
        return fail(name, QStringLiteral("an integer from %1 to %2").arg(min).arg(max), v);
    *out = qint64(d);
    return true;
}

bool FieldReader::optionalInteger(const char *name, qint64 min, qint64 max, std::optional<qint64> *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    qint64 i = 0;
    if (!integer(name, min, max, &i))
        return false;
    *out = i;
    return true;
}

bool FieldReader::optionalNumber(const char *name, double min, double max, std::optional<double> *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max)
        return fail(name, QStringLiteral("a number from %1 to %2").arg(min).arg(max), v);
    *out = v.toDouble();
    return true;
}

bool FieldReader::optionalBool(const char *name, std::optional<bool> *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool())
        return fail(name, QStringLiteral("true or false"), v);
    *out = v.toBool();
    return true;
}

bool FieldReader::optionalStringArray(const char *name, QString *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray() || v.toArray().size() > 1000)
        return fail(name, QStringLiteral("an array of strings"), v);
    const QJsonArray a = v.toArray();
    for (const QJsonValue &item : a) {
        if (!item.isString() || item.toString().isEmpty() || item.toString().size() > 256)
            return fail(name, QStringLiteral("an array of non-empty strings"), v);
    }
    *out = QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
    return true;
}

bool FieldReader::optionalObject(const char *name, QString *out)
{
    if (!ok())
        return false;
    const QJsonValue v = m_object.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isObject())
        return fail(name, QStringLiteral("an object"), v);
    *out = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (out->size() > 16384)
        return fail(name, QStringLiteral("an object of at most 16 kB"), v);
    return true;
}

} // namespace rd::importer
