#include "crypto/FileSignature.h"

#include "crypto/Ed25519.h"

#include <QFile>
#include <QSaveFile>

namespace rd::crypto {

Result<QString> writeDetachedSignature(const QString &path, QByteArrayView signingKey)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::storage(QStringLiteral("Cannot read back %1 to sign it.").arg(path));
    // Ed25519 signs the whole message at once; a mapped file avoids a second copy in memory.
    const uchar *bytes = file.size() > 0 ? file.map(0, file.size()) : nullptr;
    const QByteArray content = bytes ? QByteArray::fromRawData(reinterpret_cast<const char *>(bytes), file.size()) : file.readAll();
    auto signature = ed25519Sign(signingKey, content);
    if (!signature)
        return signature.error();
    const QString sigPath = path + QStringLiteral(".sig");
    QSaveFile sig(sigPath);
    if (!sig.open(QIODevice::WriteOnly) || sig.write(signature.value()) != 64 || !sig.commit())
        return Error::storage(QStringLiteral("Cannot write %1.").arg(sigPath));
    return sigPath;
}

} // namespace rd::crypto
