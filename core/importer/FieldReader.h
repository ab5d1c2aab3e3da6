#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace rd::importer {

// Whether a value a line holds may be a secret: an address (an @), something shaped like a backup
// code, or seven digits or more (a phone number, a code) other than a time or an IPv4 address.
// Such a value is never echoed in an error, nor kept in the feed's quarantine.
bool mayHoldSecret(const QString &value);
// Whether a value may be shown where values are not the point (an error, the quarantine): a plain
// token (letters, digits and . _ : / + -, no space, at most 128) that mayHoldSecret does not flag:
// ids, kinds, times, versions. Names, free text and addresses are not.
bool isShowableToken(const QString &value);

// Reads typed fields from one JSON object and, on the first problem, keeps a message of
// the form `field "x": expected ..., got ...`. Every getter returns false once an error is set.
class FieldReader final {
public:
    // Hidden: no value this reader reads is ever echoed in its error (an object inside a code
    // set's codes[], where any field may hold a plaintext code put in the wrong place).
    enum class Values { Shown, Hidden };
    explicit FieldReader(const QJsonObject &object, QString prefix = {}, Values values = Values::Shown)
        : m_object(object), m_prefix(std::move(prefix)), m_hidden(values == Values::Hidden)
    {
    }

    bool id(const char *name, QString *out, bool required = true);
    bool text(const char *name, QString *out, int maxLength = 1024);
    bool time(const char *name, qint64 *out);
    bool optionalTime(const char *name, std::optional<qint64> *out);
    // A timestamp or an explicit null; *present says whether the field was there at all.
    bool timeOrNull(const char *name, bool *present, std::optional<qint64> *out);
    bool oneOf(const char *name, const QStringList &allowed, QString *out, bool required = true);
    bool integer(const char *name, qint64 min, qint64 max, qint64 *out);
    bool optionalInteger(const char *name, qint64 min, qint64 max, std::optional<qint64> *out);
    bool optionalNumber(const char *name, double min, double max, std::optional<double> *out);
    bool optionalBool(const char *name, std::optional<bool> *out);
    // A JSON array of non-empty strings, stored as compact JSON (null when absent).
    bool optionalStringArray(const char *name, QString *out);
    // A JSON object stored as compact JSON (null when absent).
    bool optionalObject(const char *name, QString *out);

    bool fail(const char *name, const QString &expected, const QJsonValue &got);
    bool failMessage(const QString &message);
    const QString &error() const { return m_error; }
    bool ok() const { return m_error.isNull(); }

    static QString describe(const QJsonValue &value);
    static bool printable(const QString &s, bool allowLineBreaks);

private:
    QString fieldName(const char *name) const;
    bool missing(const char *name);

    const QJsonObject &m_object;
    QString m_prefix;
    QString m_error;
    bool m_hidden = false;
};

} // namespace rd::importer
