#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

// PBKDF2-HMAC-SHA256 (RFC 8018).
Result<QByteArray> pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations, int length);

// scrypt (RFC 7914) with cost n (a power of two), block size r and parallelism p: a key from a
// passphrase that is costly to guess offline (the team key bundle, SPEC §12.1).
Result<SecretBytes> scrypt(QByteArrayView passphrase, QByteArrayView salt, quint64 n, quint32 r, quint32 p, int length);

} // namespace rd::crypto
