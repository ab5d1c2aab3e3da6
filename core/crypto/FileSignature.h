#pragma once

#include "common/Result.h"

#include <QByteArrayView>
#include <QString>

namespace rd {
class PrivateFile;
}

namespace rd::crypto {

// Signs exactly the bytes `file` holds (read from its own descriptor and checked against the
// hash kept while they were written, never reopened by name), then commits the file and
// FILE.sig: the raw 64-byte Ed25519 signature that
// `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in FILE -sigfile FILE.sig` checks.
// Bytes that read as an audit checkpoint message are never signed: a file signature cannot
// stand for a checkpoint. Returns the signature's path.
Result<QString> commitSigned(PrivateFile &file, QByteArrayView signingKey);

} // namespace rd::crypto
