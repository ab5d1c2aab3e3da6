#pragma once

#include "common/Result.h"

#include <QByteArrayView>
#include <QString>

namespace rd::crypto {

// Writes path + ".sig": the raw 64-byte Ed25519 signature over the file's bytes, the form
// `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in FILE -sigfile FILE.sig` checks.
Result<QString> writeDetachedSignature(const QString &path, QByteArrayView signingKey);

} // namespace rd::crypto
