#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>

namespace rd::crypto {
class HmacSha256;
}

namespace rd::ledger {

// Hash scheme rd1 and lookup tags of SPEC §5, under the ledger key:
//   codeHash  = hex(HMAC-SHA256(key, "rd1:" + set_id + ":" + normalized_code))
//   lookupTag = first 16 hex chars of HMAC-SHA256(key, "rd1-lookup:" + normalized_code)
// Strings are hashed as UTF-8; hex is lowercase. Codes must already be normalized (CodeNormalizer).
// The keyed HMAC context is built once, because diagnostics hash thousands of candidates per run.
class LedgerHasher final {
public:
    static constexpr int kHashSize = 32; // raw bytes of a code hash
    static constexpr int kLookupTagSize = 8; // raw bytes of a lookup tag (16 hex chars)

    // The key is copied into the HMAC context; the caller keeps (and wipes) its own copy.
    explicit LedgerHasher(QByteArrayView ledgerKey);
    ~LedgerHasher();
    LedgerHasher(LedgerHasher &&) noexcept;
    LedgerHasher &operator=(LedgerHasher &&) noexcept;
    LedgerHasher(const LedgerHasher &) = delete;
    LedgerHasher &operator=(const LedgerHasher &) = delete;

    QString codeHash(QStringView setId, QStringView normalizedCode) const;
    QString lookupTag(QStringView normalizedCode) const;

    // Allocation-free variants for bulk candidate hashing; compare against stored hashes decoded
    // once with QByteArray::fromHex.
    void codeHashRaw(QByteArrayView setIdUtf8, QByteArrayView codeAscii, unsigned char out[kHashSize]) const;
    void lookupTagRaw(QByteArrayView codeAscii, unsigned char out[kLookupTagSize]) const;

private:
    std::unique_ptr<crypto::HmacSha256> m_mac;
};

} // namespace rd::ledger
