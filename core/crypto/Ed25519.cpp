#include "crypto/Ed25519.h"

#include "crypto/Random.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace rd::crypto {
namespace {

constexpr qsizetype kKeyLength = 32;
constexpr qsizetype kSignatureLength = 64;

struct PkeyFree {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BioFree {
    void operator()(BIO *bio) const { BIO_free(bio); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

const unsigned char *bytes(QByteArrayView view)
{
    // Ed25519 of the empty message is legitimate (RFC 8032 test 1); hand OpenSSL a real pointer
    // rather than the null an empty view may carry.
    static const unsigned char empty = 0;
    return view.isEmpty() ? &empty : reinterpret_cast<const unsigned char *>(view.data());
}

Error failure(ErrorKind kind, const char *message)
{
    ERR_clear_error();
    return Error { kind, QString::fromUtf8(message) };
}

Pkey privateKeyFromSeed(QByteArrayView seed)
{
    return Pkey(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(seed), std::size_t(seed.size())));
}

Pkey publicKeyFromRaw(QByteArrayView publicKey)
{
    return Pkey(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, bytes(publicKey), std::size_t(publicKey.size())));
}

Error badPrivateKeyLength(qsizetype size)
{
    return Error::badInput(
        QStringLiteral("An Ed25519 private key must be a 32-byte seed, not %1 bytes.").arg(size));
}

} // namespace

Result<Ed25519KeyPair> ed25519Generate()
{
    // Every 32-byte string is a valid Ed25519 seed (RFC 8032 §5.1.5), so the CSPRNG output is the key.
    QByteArray seed = randomBytes(int(kKeyLength));
    if (seed.size() != kKeyLength) {
        return failure(
            ErrorKind::Storage, "The system random generator failed, so no Ed25519 key was generated.");
    }
    Ed25519KeyPair pair;
    pair.privateKey = SecretBytes::takeFrom(seed);
    auto publicKey = ed25519PublicFromPrivate(pair.privateKey.view());
    if (!publicKey)
        return publicKey.error();
    pair.publicKey = std::move(publicKey).value();
    return pair;
}

Result<QByteArray> ed25519PublicFromPrivate(QByteArrayView privateKey)
{
    if (privateKey.size() != kKeyLength)
        return badPrivateKeyLength(privateKey.size());
    Pkey key = privateKeyFromSeed(privateKey);
    QByteArray publicKey(kKeyLength, Qt::Uninitialized);
    std::size_t len = std::size_t(publicKey.size());
    if (!key
        || EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char *>(publicKey.data()), &len)
            != 1
        || len != std::size_t(kKeyLength))
        return failure(ErrorKind::Storage, "OpenSSL could not derive the Ed25519 public key.");
    return publicKey;
}

Result<QByteArray> ed25519Sign(QByteArrayView privateKey, QByteArrayView message)
{
    if (privateKey.size() != kKeyLength)
        return badPrivateKeyLength(privateKey.size());
    Pkey key = privateKeyFromSeed(privateKey);
    MdCtx ctx(EVP_MD_CTX_new());
    // Pure Ed25519 hashes internally, so the digest argument must be null (no pre-hash).
    if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not set up Ed25519 signing.");
    QByteArray signature(kSignatureLength, Qt::Uninitialized);
    std::size_t len = std::size_t(signature.size());
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &len, bytes(message),
            std::size_t(message.size()))
            != 1
        || len != std::size_t(kSignatureLength))
        return failure(ErrorKind::Storage, "OpenSSL could not produce the Ed25519 signature.");
    return signature;
}

bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (publicKey.size() != kKeyLength || signature.size() != kSignatureLength)
        return false;
    Pkey key = publicKeyFromRaw(publicKey);
    MdCtx ctx(EVP_MD_CTX_new());
    const bool ok = key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1
        && EVP_DigestVerify(ctx.get(), bytes(signature), std::size_t(signature.size()), bytes(message),
               std::size_t(message.size()))
            == 1;
    // A rejected signature queues an OpenSSL error; it is an answer here, not a failure to report.
    ERR_clear_error();
    return ok;
}

QByteArray ed25519PublicKeyPem(QByteArrayView publicKey)
{
    if (publicKey.size() != kKeyLength)
        return {};
    Pkey key = publicKeyFromRaw(publicKey);
    Bio bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len <= 0 || !data)
        return {};
    return QByteArray(data, qsizetype(len));
}

} // namespace rd::crypto
