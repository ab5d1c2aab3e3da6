#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

struct Ed25519KeyPair {
    SecretBytes privateKey; // 32-byte seed (RFC 8032)
    QByteArray publicKey;   // 32 bytes
};

Result<Ed25519KeyPair> ed25519Generate();
Result<QByteArray> ed25519PublicFromPrivate(QByteArrayView privateKey);
// 64-byte signature over message (pure Ed25519, no pre-hash).
Result<QByteArray> ed25519Sign(QByteArrayView privateKey, QByteArrayView message);
bool ed25519Verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);
// SubjectPublicKeyInfo PEM, as `openssl pkeyutl -pubin -inkey` reads it.
QByteArray ed25519PublicKeyPem(QByteArrayView publicKey);

} // namespace rd::crypto
