#include "crypto/RsaOaep.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace rd::crypto {
namespace {

constexpr int kMinimumBits = 2048;
// Real keys are a few KiB at most; anything far larger is not worth handing to the parser.
constexpr qsizetype kMaxPemSize = 65536;
// OAEP overhead with SHA-256: two digest lengths plus two bytes (RFC 8017 §7.1.1).
constexpr int kOaepOverhead = 2 * 32 + 2;

struct PkeyFree {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BioFree {
    void operator()(BIO *bio) const { BIO_free(bio); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

const unsigned char *bytes(QByteArrayView view)
{
    static const unsigned char empty = 0;
    return view.isEmpty() ? &empty : reinterpret_cast<const unsigned char *>(view.data());
}

Error failure(ErrorKind kind, const QString &message)
{
    // Parse and decrypt failures leave reasons on OpenSSL's thread-local queue; clear them so a
    // later, unrelated check does not report them.
    ERR_clear_error();
    return Error { kind, message };
}

Bio memoryBio(QByteArrayView pem)
{
    return Bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
}

// Without a callback OpenSSL would prompt on the terminal for a protected key; refuse instead.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

struct LoadedKey {
    Pkey key;
    Error error;
};

LoadedKey loadPublicKey(QByteArrayView pem)
{
    if (pem.isEmpty() || pem.size() > kMaxPemSize) {
        return { nullptr,
            Error::badInput(QStringLiteral("The RSA public key is empty or too large to be a PEM key.")) };
    }
    Bio bio = memoryBio(pem);
    Pkey key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    if (!key) {
        const QString message = pem.contains("PRIVATE KEY")
            ? QStringLiteral("The file holds a private key; give only the public key (openssl pkey -pubout) "
                             "so the private key stays with the platform.")
            : QStringLiteral("The RSA public key is not a PEM \"BEGIN PUBLIC KEY\" block.");
        return { nullptr, failure(ErrorKind::BadInput, message) };
    }
    // Only plain RSA keys can encrypt; RSA-PSS keys are restricted to signatures.
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        const char *type = EVP_PKEY_get0_type_name(key.get());
        return { nullptr,
            Error::badInput(QStringLiteral("The public key is not an RSA encryption key (it is %1).")
                                .arg(QString::fromUtf8(type ? type : "unknown"))) };
    }
    const int bits = EVP_PKEY_get_bits(key.get());
    if (bits < kMinimumBits) {
        return { nullptr,
            Error::refused(QStringLiteral("The RSA public key has %1 bits; at least %2 are required.")
                               .arg(bits)
                               .arg(kMinimumBits)) };
    }
    return { std::move(key), {} };
}

// OAEP with SHA-256 for both the label hash and MGF1: OpenSSL's default is SHA-1 for both, which
// the platform side would reject (or worse, silently mismatch).
bool setOaepSha256(EVP_PKEY_CTX *ctx)
{
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0
        && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) > 0
        && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0;
}

} // namespace

Status validateRsaPublicKeyPem(QByteArrayView pem)
{
    LoadedKey loaded = loadPublicKey(pem);
    if (!loaded.key)
        return loaded.error;
    return {};
}

Result<QByteArray> rsaOaepSha256Wrap(QByteArrayView publicKeyPem, QByteArrayView plaintext)
{
    LoadedKey loaded = loadPublicKey(publicKeyPem);
    if (!loaded.key)
        return loaded.error;
    const int maxPlaintext = EVP_PKEY_get_size(loaded.key.get()) - kOaepOverhead;
    if (plaintext.isEmpty() || plaintext.size() > maxPlaintext) {
        return Error::badInput(QStringLiteral("RSA-OAEP can wrap 1 to %1 bytes with this key, not %2.")
                                   .arg(maxPlaintext)
                                   .arg(plaintext.size()));
    }

    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, loaded.key.get(), nullptr));
    std::size_t len = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 || !setOaepSha256(ctx.get())
        || EVP_PKEY_encrypt(ctx.get(), nullptr, &len, bytes(plaintext), std::size_t(plaintext.size())) <= 0)
        return failure(ErrorKind::Storage, QStringLiteral("OpenSSL could not set up RSA-OAEP encryption."));
    QByteArray wrapped(qsizetype(len), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(wrapped.data()), &len, bytes(plaintext),
            std::size_t(plaintext.size()))
        <= 0)
        return failure(ErrorKind::Storage, QStringLiteral("OpenSSL could not wrap the key with RSA-OAEP."));
    wrapped.truncate(qsizetype(len));
    return wrapped;
}

Result<SecretBytes> rsaOaepSha256Unwrap(QByteArrayView privateKeyPem, QByteArrayView wrapped)
{
    if (privateKeyPem.isEmpty() || privateKeyPem.size() > kMaxPemSize)
        return Error::badInput(QStringLiteral("The RSA private key is empty or too large to be a PEM key."));
    Bio bio = memoryBio(privateKeyPem);
    Pkey key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    if (!key) {
        return failure(ErrorKind::BadInput,
            QStringLiteral("The RSA private key is not an unencrypted PEM private key."));
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        return Error::badInput(QStringLiteral("The private key is not an RSA encryption key."));
    if (wrapped.size() != EVP_PKEY_get_size(key.get())) {
        return Error::badInput(
            QStringLiteral("The wrapped key is %1 bytes, but this RSA key unwraps %2-byte blocks.")
                .arg(wrapped.size())
                .arg(EVP_PKEY_get_size(key.get())));
    }

    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    std::size_t len = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 || !setOaepSha256(ctx.get())
        || EVP_PKEY_decrypt(ctx.get(), nullptr, &len, bytes(wrapped), std::size_t(wrapped.size())) <= 0)
        return failure(ErrorKind::Storage, QStringLiteral("OpenSSL could not set up RSA-OAEP decryption."));
    // Decrypt into a wiped buffer: the output is the secret being unwrapped.
    SecretBytes buffer(len);
    if (EVP_PKEY_decrypt(ctx.get(), buffer.data(), &len, bytes(wrapped), std::size_t(wrapped.size())) <= 0) {
        return failure(ErrorKind::Refused,
            QStringLiteral("The wrapped key could not be unwrapped: it was altered, "
                           "or it was wrapped to a different RSA key."));
    }
    return SecretBytes(buffer.data(), len);
}

} // namespace rd::crypto
