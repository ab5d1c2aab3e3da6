#include "audit/AuditChain.h"

#include "crypto/Hash.h"

namespace rd::audit {

QString chainHash(const AuditEntry &entry)
{
    crypto::Sha256Stream sha;
    sha.add(QByteArray::fromHex(entry.prevHash.toLatin1()));
    sha.add(entry.canonicalBytes());
    return QString::fromLatin1(sha.finish().toHex());
}

} // namespace rd::audit
