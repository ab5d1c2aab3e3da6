#include "audit/ChainBytes.h"

#include "common/CanonicalJson.h"
#include "crypto/Hash.h"
#include "storage/AuditStore.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace rd::audit {

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; // the chain writes lowercase hex only
}

// 64 lowercase hex digits as 32 raw bytes appended to out; false for anything else.
bool appendHex(QByteArray &out, QByteArrayView hex)
{
    if (hex.size() != 64)
        return false;
    for (qsizetype i = 0; i < 64; i += 2) {
        const int hi = hexDigit(hex[i]), lo = hexDigit(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out += char(hi * 16 + lo);
    }
    return true;
}

bool sameHex(const unsigned char (&raw)[32], QByteArrayView hex)
{
    static const char digits[] = "0123456789abcdef";
    if (hex.size() != 64)
        return false;
    for (qsizetype i = 0; i < 32; ++i) {
        const auto b = static_cast<unsigned char>(raw[i]);
        if (hex[2 * i] != digits[b >> 4] || hex[2 * i + 1] != digits[b & 0xf])
            return false;
    }
    return true;
}

} // namespace

bool ChainBytes::matches(const storage::AuditRowView &row, bool *fourEyesOff)
{
    static constexpr QByteArrayView kFourEyes("four_eyes");
    if (!isPlainCanonicalObject(row.details, kFourEyes, fourEyesOff)) {
        // Not decided on the bytes: parse and write it again, as the entry's hash was made.
        const QJsonDocument doc = QJsonDocument::fromJson(row.details.toByteArray());
        if (!doc.isObject() || canonicalJson(doc.object()) != row.details)
            return false;
        *fourEyesOff = doc.object().value(QLatin1String("four_eyes")) == QJsonValue(false);
    }
    m_message.clear();
    if (!appendHex(m_message, row.prevHash))
        return false;
    // The canonical body: keys in order, details as stored (canonical, checked above).
    m_message += "{\"action\":";
    appendCanonicalString(m_message, row.action);
    m_message += ",\"at\":";
    appendCanonicalString(m_message, row.at);
    m_message += ",\"details\":";
    m_message += row.details;
    m_message += ",\"operator\":";
    appendCanonicalString(m_message, row.operatorName);
    m_message += ",\"role\":";
    appendCanonicalString(m_message, row.role);
    m_message += ",\"seq\":";
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(row.seq));
    m_message.append(digits, n);
    m_message += ",\"subject\":";
    if (row.subject)
        appendCanonicalString(m_message, *row.subject);
    else
        m_message += "null";
    m_message += '}';
    unsigned char digest[32];
    crypto::sha256(m_message, digest);
    return sameHex(digest, row.hash);
}

} // namespace rd::audit
