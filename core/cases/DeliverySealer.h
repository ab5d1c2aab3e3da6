#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonObject>

namespace rd::cases {

// Seals secrets for the platform (SPEC §5): a fresh AES-256-GCM key encrypts the plaintext,
// the key is wrapped with RSA-OAEP-256 to the platform's delivery key. The package is
// {..meta, "alg":"RSA-OAEP-256+A256GCM","wrapped_key","iv","ciphertext","tag"} (base64).
// The plaintext and the AES key are wiped here; the caller wipes its own copy.
Result<QJsonObject> sealForPlatform(const QByteArray &deliveryPublicKeyPem, const QByteArray &plaintext, QJsonObject meta);

} // namespace rd::cases
