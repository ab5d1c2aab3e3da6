#include "crypto/Kdf.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>

namespace rd::crypto {
namespace {

// Far above any sensible key length; a guard against a caller passing a size by mistake.
constexpr int kMaxLength = 1024;

} // namespace

Result<QByteArray> pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations, int length)
{
    if (iterations < 1) {
        return Error::badInput(
            QStringLiteral("PBKDF2 needs at least one iteration, not %1.").arg(iterations));
    }
    if (length < 1 || length > kMaxLength) {
        return Error::badInput(
            QStringLiteral("PBKDF2 can derive 1 to %1 bytes, not %2.").arg(kMaxLength).arg(length));
    }
    if (password.size() > INT_MAX || salt.size() > INT_MAX)
        return Error::badInput(QStringLiteral("The PBKDF2 password or salt is too large."));

    // PKCS5_PBKDF2_HMAC rather than EVP_KDF: it runs in plain PKCS #5 mode, without the SP 800-132
    // minimums a FIPS provider would impose, so short published test vectors (RFC 7914) still work.
    static const char empty = 0;
    QByteArray out(length, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(password.isEmpty() ? &empty : password.data(), int(password.size()),
            reinterpret_cast<const unsigned char *>(salt.isEmpty() ? &empty : salt.data()), int(salt.size()),
            iterations, EVP_sha256(), length, reinterpret_cast<unsigned char *>(out.data()))
        != 1) {
        ERR_clear_error();
        return Error::storage(QStringLiteral("OpenSSL could not derive the PBKDF2-HMAC-SHA256 key."));
    }
    return out;
}

Result<SecretBytes> scrypt(QByteArrayView passphrase, QByteArrayView salt, quint64 n, quint32 r, quint32 p, int length)
{
    if (length < 1 || length > kMaxLength)
        return Error::badInput(QStringLiteral("scrypt can derive 1 to %1 bytes, not %2.").arg(kMaxLength).arg(length));
    // 128 * r * n bytes of memory; the bundle's own limits keep this well under the cap.
    constexpr quint64 kMaxMemory = quint64(256) * 1024 * 1024;
    static const char empty = 0;
    SecretBytes out{std::size_t(length)};
    if (EVP_PBE_scrypt(passphrase.isEmpty() ? &empty : passphrase.data(), std::size_t(passphrase.size()),
                       reinterpret_cast<const unsigned char *>(salt.isEmpty() ? &empty : salt.data()), std::size_t(salt.size()), n, r,
                       p, kMaxMemory, out.data(), out.size())
        != 1) {
        ERR_clear_error();
        return Error::badInput(QStringLiteral("OpenSSL refused the scrypt parameters (n=%1, r=%2, p=%3).").arg(n).arg(r).arg(p));
    }
    return out;
}

} // namespace rd::crypto
