#include "crypto/Hash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdlib>

namespace rd::crypto {
namespace {

[[noreturn]] void fatal(const char *what)
{
    // Hashing cannot fail on valid inputs; if OpenSSL says otherwise the installation is broken.
    qFatal("OpenSSL failure in %s", what);
    std::abort();
}

EVP_MAC *hmacAlgorithm()
{
    static EVP_MAC *mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac)
        fatal("EVP_MAC_fetch(HMAC)");
    return mac;
}

EVP_MAC_CTX *newKeyedHmac(QByteArrayView key)
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(hmacAlgorithm());
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (!ctx || !EVP_MAC_init(ctx, reinterpret_cast<const unsigned char *>(key.data()), size_t(key.size()), params))
        fatal("EVP_MAC_init");
    return ctx;
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

struct HmacSha256::State {
    EVP_MAC_CTX *keyed = nullptr;
    ~State() { EVP_MAC_CTX_free(keyed); }
};

HmacSha256::HmacSha256(QByteArrayView key) : m_state(std::make_unique<State>())
{
    m_state->keyed = newKeyedHmac(key);
}

HmacSha256::~HmacSha256() = default;

void HmacSha256::mac(QByteArrayView part1, QByteArrayView part2, unsigned char out[32]) const
{
    // Duplicating the keyed context skips the key schedule for every message.
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(m_state->keyed);
    size_t len = 0;
    if (!ctx || !EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(part1.data()), size_t(part1.size()))
        || !EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(part2.data()), size_t(part2.size()))
        || !EVP_MAC_final(ctx, out, &len, 32))
        fatal("EVP_MAC");
    EVP_MAC_CTX_free(ctx);
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
