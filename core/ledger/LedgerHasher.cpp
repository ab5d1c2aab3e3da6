#include "ledger/LedgerHasher.h"

#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QVarLengthArray>

#include <cstring>

namespace rd::ledger {
namespace {

constexpr QByteArrayView kHashPrefix = "rd1:";
constexpr QByteArrayView kLookupPrefix = "rd1-lookup:";

QString toHex(const unsigned char *bytes, int size)
{
    static constexpr char digits[] = "0123456789abcdef";
    QString out(size * 2, Qt::Uninitialized);
    QChar *dst = out.data();
    for (int i = 0; i < size; ++i) {
        dst[2 * i] = QLatin1Char(digits[bytes[i] >> 4]);
        dst[2 * i + 1] = QLatin1Char(digits[bytes[i] & 0x0f]);
    }
    return out;
}

} // namespace

LedgerHasher::LedgerHasher(QByteArrayView ledgerKey)
    : m_mac(std::make_unique<crypto::HmacSha256>(ledgerKey))
{
}

LedgerHasher::~LedgerHasher() = default;
LedgerHasher::LedgerHasher(LedgerHasher &&) noexcept = default;
LedgerHasher &LedgerHasher::operator=(LedgerHasher &&) noexcept = default;

void LedgerHasher::codeHashRaw(
    QByteArrayView setIdUtf8, QByteArrayView codeAscii, unsigned char out[kHashSize]) const
{
    // HmacSha256::mac takes two parts: the public "rd1:<set>:" prefix goes in one, the code in the
    // other, so the code is never copied. Set ids are <= 128 chars (SPEC §4), so no heap use.
    QVarLengthArray<char, 160> prefix;
    prefix.append(kHashPrefix.data(), kHashPrefix.size());
    prefix.append(setIdUtf8.data(), setIdUtf8.size());
    prefix.append(':');
    m_mac->mac(QByteArrayView(prefix.constData(), prefix.size()), codeAscii, out);
}

void LedgerHasher::lookupTagRaw(QByteArrayView codeAscii, unsigned char out[kLookupTagSize]) const
{
    unsigned char full[kHashSize];
    m_mac->mac(kLookupPrefix, codeAscii, full);
    std::memcpy(out, full, kLookupTagSize);
    // The untruncated MAC is more than the tag reveals; do not leave it on the stack.
    crypto::cleanse(full, sizeof full);
}

QString LedgerHasher::codeHash(QStringView setId, QStringView normalizedCode) const
{
    const QByteArray setUtf8 = setId.toUtf8();
    QByteArray code = normalizedCode.toUtf8();
    unsigned char out[kHashSize];
    codeHashRaw(setUtf8, code, out);
    crypto::cleanse(code);
    return toHex(out, kHashSize);
}

QString LedgerHasher::lookupTag(QStringView normalizedCode) const
{
    QByteArray code = normalizedCode.toUtf8();
    unsigned char out[kLookupTagSize];
    lookupTagRaw(code, out);
    crypto::cleanse(code);
    return toHex(out, kLookupTagSize);
}

} // namespace rd::ledger
