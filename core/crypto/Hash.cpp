#include "crypto/Hash.h"

// HmacSha256 keeps SHA-256 states after the padded key and copies them for each message: the
// EVP context duplication it replaces allocated and cost more than hashing an import line.
// These plain structs are deprecated in OpenSSL 3 only in favour of EVP, which cannot copy that cheaply.
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <cstring>

namespace rd::crypto {
namespace {

[[noreturn]] void fatal(const char *what)
{
    // Hashing cannot fail on valid inputs; if OpenSSL says otherwise the installation is broken.
    qFatal("OpenSSL failure in %s", what);
    std::abort();
}

} // namespace

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()), &len,
                    EVP_sha256(), nullptr))
        fatal("EVP_Digest");
    return out;
}

void sha256(QByteArrayView data, unsigned char out[32])
{
    // The one-shot function: EVP_Digest fetches the algorithm and allocates a context per call,
    // which costs more than hashing an audit entry.
    SHA256(reinterpret_cast<const unsigned char *>(data.data()), size_t(data.size()), out);
}

struct Sha256Stream::State {
    EVP_MD_CTX *ctx = nullptr;
    ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256Stream::Sha256Stream() : m_state(std::make_unique<State>())
{
    m_state->ctx = EVP_MD_CTX_new();
    if (!m_state->ctx || !EVP_DigestInit_ex(m_state->ctx, EVP_sha256(), nullptr))
        fatal("EVP_DigestInit_ex");
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::add(QByteArrayView data)
{
    if (!EVP_DigestUpdate(m_state->ctx, data.data(), size_t(data.size())))
        fatal("EVP_DigestUpdate");
}

QByteArray Sha256Stream::finish()
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (!EVP_DigestFinal_ex(m_state->ctx, reinterpret_cast<unsigned char *>(out.data()), &len))
        fatal("EVP_DigestFinal_ex");
    return out;
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView message)
{
    return HmacSha256(key).mac(message);
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), with the two keyed prefixes hashed once.
struct HmacSha256::State {
    SHA256_CTX inner;
    SHA256_CTX outer;
    ~State() { OPENSSL_cleanse(this, sizeof(*this)); }
};

HmacSha256::HmacSha256(QByteArrayView key) : m_state(std::make_unique<State>())
{
    unsigned char block[SHA256_CBLOCK] = {};
    if (key.size() > SHA256_CBLOCK)
        SHA256(reinterpret_cast<const unsigned char *>(key.data()), size_t(key.size()), block);
    else if (!key.isEmpty())
        std::memcpy(block, key.data(), size_t(key.size()));
    unsigned char pad[SHA256_CBLOCK];
    for (int i = 0; i < SHA256_CBLOCK; ++i)
        pad[i] = block[i] ^ 0x36;
    if (!SHA256_Init(&m_state->inner) || !SHA256_Update(&m_state->inner, pad, sizeof pad))
        fatal("SHA256 inner key");
    for (int i = 0; i < SHA256_CBLOCK; ++i)
        pad[i] = block[i] ^ 0x5c;
    if (!SHA256_Init(&m_state->outer) || !SHA256_Update(&m_state->outer, pad, sizeof pad))
        fatal("SHA256 outer key");
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
}

HmacSha256::~HmacSha256() = default;

void HmacSha256::mac(QByteArrayView part1, QByteArrayView part2, unsigned char out[32]) const
{
    SHA256_CTX ctx = m_state->inner;
    unsigned char inner[SHA256_DIGEST_LENGTH];
    const bool ok = SHA256_Update(&ctx, part1.data(), size_t(part1.size())) && SHA256_Update(&ctx, part2.data(), size_t(part2.size()))
        && SHA256_Final(inner, &ctx);
    ctx = m_state->outer;
    const bool done = ok && SHA256_Update(&ctx, inner, sizeof inner) && SHA256_Final(out, &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
    OPENSSL_cleanse(inner, sizeof inner);
    if (!done)
        fatal("SHA256 HMAC");
}

QByteArray HmacSha256::mac(QByteArrayView message) const
{
    QByteArray out(32, Qt::Uninitialized);
    mac(message, {}, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

} // namespace rd::crypto

namespace rd::crypto {
bool constantTimeEqual(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}
} // namespace rd::crypto
