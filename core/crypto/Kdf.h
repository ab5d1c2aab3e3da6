#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

// PBKDF2-HMAC-SHA256 (RFC 8018).
Result<QByteArray> pbkdf2Sha256(QByteArrayView password, QByteArrayView salt, int iterations, int length);

} // namespace rd::crypto
