#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

// AES-256-GCM output: 12-byte IV, ciphertext, 16-byte tag.
struct SealedBox {
    QByteArray iv;
    QByteArray ciphertext;
    QByteArray tag;

    // iv ‖ ciphertext ‖ tag, the form stored in database columns.
    QByteArray toBlob() const;
    static bool fromBlob(QByteArrayView blob, SealedBox *out);
};

// Encrypts with a fresh random IV. key is 32 bytes; aad is authenticated, not encrypted.
Result<SealedBox> aes256GcmEncrypt(QByteArrayView key, QByteArrayView plaintext, QByteArrayView aad = {});
// Decrypts and authenticates; a wrong key, tag or aad is an error (never garbage).
Result<SecretBytes> aes256GcmDecrypt(QByteArrayView key, const SealedBox &box, QByteArrayView aad = {});

} // namespace rd::crypto
