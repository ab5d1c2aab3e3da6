#include "crypto/Aead.h"

#include "crypto/Random.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <memory>

namespace rd::crypto {
namespace {

constexpr qsizetype kKeyLength = 32;
constexpr qsizetype kIvLength = 12;
constexpr qsizetype kTagLength = 16;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// OpenSSL leaves its reason on a thread-local queue; drop it so that a later, unrelated check
// does not pick it up, and keep the user-facing message free of library jargon.
Error failure(ErrorKind kind, const char *message)
{
    ERR_clear_error();
    return Error { kind, QString::fromUtf8(message) };
}

Status checkSizes(QByteArrayView key, qsizetype dataSize)
{
    if (key.size() != kKeyLength) {
        return Error::badInput(
            QStringLiteral("The AES-256-GCM key must be 32 bytes, not %1.").arg(key.size()));
    }
    if (dataSize > INT_MAX - 64) {
        return Error::badInput(
            QStringLiteral("The data to encrypt or decrypt is too large (%1 bytes).").arg(dataSize));
    }
    return {};
}

} // namespace

QByteArray SealedBox::toBlob() const
{
    QByteArray blob;
    blob.reserve(iv.size() + ciphertext.size() + tag.size());
    blob.append(iv).append(ciphertext).append(tag);
    return blob;
}

bool SealedBox::fromBlob(QByteArrayView blob, SealedBox *out)
{
    if (!out || blob.size() < kIvLength + kTagLength)
        return false;
    out->iv = blob.first(kIvLength).toByteArray();
    out->ciphertext = blob.sliced(kIvLength, blob.size() - kIvLength - kTagLength).toByteArray();
    out->tag = blob.last(kTagLength).toByteArray();
    return true;
}

Result<SealedBox> aes256GcmEncrypt(QByteArrayView key, QByteArrayView plaintext, QByteArrayView aad)
{
    if (auto sizes = checkSizes(key, plaintext.size()); !sizes)
        return sizes.error();
    if (aad.size() > INT_MAX) {
        return Error::badInput(
            QStringLiteral("The associated data is too large (%1 bytes).").arg(aad.size()));
    }

    SealedBox box;
    // A random 96-bit IV per message: GCM loses all confidentiality if an IV ever repeats under a key.
    box.iv = randomBytes(int(kIvLength));
    if (box.iv.size() != kIvLength)
        return failure(ErrorKind::Storage, "The system random generator failed, so no IV could be drawn.");

    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kIvLength), nullptr) != 1
        || EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(box.iv)) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not set up AES-256-GCM encryption.");
    if (!aad.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not authenticate the associated data.");

    box.ciphertext.resize(plaintext.size());
    auto *out = reinterpret_cast<unsigned char *>(box.ciphertext.data());
    int written = 0;
    if (!plaintext.isEmpty()) {
        if (EVP_EncryptUpdate(ctx.get(), out, &len, bytes(plaintext), int(plaintext.size())) != 1)
            return failure(ErrorKind::Storage, "OpenSSL could not encrypt the data with AES-256-GCM.");
        written = len;
    }
    unsigned char tail[16];
    if (EVP_EncryptFinal_ex(ctx.get(), tail, &len) != 1 || len != 0 || written != plaintext.size())
        return failure(ErrorKind::Storage, "OpenSSL could not finish AES-256-GCM encryption.");

    box.tag.resize(kTagLength);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagLength), box.tag.data()) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not produce the AES-256-GCM tag.");
    return box;
}

Result<SecretBytes> aes256GcmDecrypt(QByteArrayView key, const SealedBox &box, QByteArrayView aad)
{
    if (auto sizes = checkSizes(key, box.ciphertext.size()); !sizes)
        return sizes.error();
    if (box.iv.size() != kIvLength || box.tag.size() != kTagLength) {
        return Error::badInput(
            QStringLiteral("The sealed data is malformed: it needs a 12-byte IV and a 16-byte tag."));
    }
    if (aad.size() > INT_MAX) {
        return Error::badInput(
            QStringLiteral("The associated data is too large (%1 bytes).").arg(aad.size()));
    }

    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kIvLength), nullptr) != 1
        || EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(box.iv)) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not set up AES-256-GCM decryption.");
    if (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not authenticate the associated data.");

    // Decrypting straight into SecretBytes means unauthenticated plaintext is wiped on every
    // early return below and never reaches the caller.
    SecretBytes plain(std::size_t(box.ciphertext.size()));
    int written = 0;
    if (!box.ciphertext.isEmpty()) {
        if (EVP_DecryptUpdate(
                ctx.get(), plain.data(), &len, bytes(box.ciphertext), int(box.ciphertext.size()))
            != 1)
            return failure(ErrorKind::Storage, "OpenSSL could not decrypt the data with AES-256-GCM.");
        written = len;
    }
    // The ctrl takes a non-const pointer but only copies the expected tag in.
    QByteArray expectedTag = box.tag;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagLength), expectedTag.data()) != 1)
        return failure(ErrorKind::Storage, "OpenSSL could not accept the AES-256-GCM tag.");
    unsigned char tail[16];
    if (EVP_DecryptFinal_ex(ctx.get(), tail, &len) != 1) {
        return failure(ErrorKind::Refused,
            "Decryption failed because the data was altered or the key is wrong (AES-256-GCM tag mismatch).");
    }
    if (len != 0 || written != box.ciphertext.size())
        return failure(ErrorKind::Storage, "OpenSSL returned an unexpected AES-256-GCM plaintext length.");
    return plain;
}

} // namespace rd::crypto
