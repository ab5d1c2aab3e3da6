#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

// Checks that pem is an RSA public key (SubjectPublicKeyInfo PEM) of at least 2048 bits.
Status validateRsaPublicKeyPem(QByteArrayView pem);
// RSA-OAEP with SHA-256 (and MGF1-SHA-256) to the public key; used to wrap AES keys.
Result<QByteArray> rsaOaepSha256Wrap(QByteArrayView publicKeyPem, QByteArrayView plaintext);
// The inverse with a private key PEM; the platform side (and tests) use it.
Result<SecretBytes> rsaOaepSha256Unwrap(QByteArrayView privateKeyPem, QByteArrayView wrapped);

} // namespace rd::crypto
