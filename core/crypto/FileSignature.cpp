#include "crypto/FileSignature.h"

#include "common/PrivateFile.h"
#include "crypto/Ed25519.h"

namespace rd::crypto {

Result<QString> commitSigned(PrivateFile &file, QByteArrayView signingKey)
{
    auto bytes = file.writtenBytes();
    if (!bytes)
        return bytes.error();
    // Exports start with "{" or a CSV header; only a checkpoint message starts like this.
    if (bytes->startsWith(QByteArrayView("RecoveryDesk audit checkpoint")))
        return Error::refused(QStringLiteral("%1 reads like an audit checkpoint; it was not signed.").arg(file.path()));
    auto signature = ed25519Sign(signingKey, bytes.value());
    if (!signature)
        return signature.error();
    PrivateFile sig(file.path() + QStringLiteral(".sig"));
    if (auto s = sig.open(); !s)
        return s.error();
    sig.write(signature.value());
    if (auto s = file.commit(); !s)
        return s.error();
    if (auto s = sig.commit(); !s)
        return s.error();
    return sig.path();
}

} // namespace rd::crypto
