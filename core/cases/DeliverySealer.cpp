#include "cases/DeliverySealer.h"

#include "crypto/Aead.h"
#include "crypto/Hash.h"
#include "crypto/Random.h"
#include "crypto/RsaOaep.h"
#include "crypto/SecretBytes.h"

namespace rd::cases {

Result<QJsonObject> sealForPlatform(const QByteArray &deliveryPublicKeyPem, const QByteArray &plaintext, QJsonObject meta)
{
    QByteArray key = crypto::randomBytes(32);
    if (key.size() != 32)
        return Error::storage(QStringLiteral("The system random generator failed; nothing was sealed."));
    auto box = crypto::aes256GcmEncrypt(key, plaintext);
    auto wrapped = box ? crypto::rsaOaepSha256Wrap(deliveryPublicKeyPem, key) : Result<QByteArray>(box.error());
    crypto::cleanse(key);
    if (!box)
        return box.error();
    if (!wrapped)
        return wrapped.error();
    meta.insert(QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256+A256GCM"));
    // The key it was sealed to, so the platform can refuse a package for a key it does not hold.
    meta.insert(QStringLiteral("key_sha256"), QString::fromLatin1(crypto::sha256(deliveryPublicKeyPem).toHex()));
    meta.insert(QStringLiteral("wrapped_key"), QString::fromLatin1(wrapped->toBase64()));
    meta.insert(QStringLiteral("iv"), QString::fromLatin1(box->iv.toBase64()));
    meta.insert(QStringLiteral("ciphertext"), QString::fromLatin1(box->ciphertext.toBase64()));
    meta.insert(QStringLiteral("tag"), QString::fromLatin1(box->tag.toBase64()));
    return meta;
}

} // namespace rd::cases
