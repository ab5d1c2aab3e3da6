#include "crypto/KeyBundle.h"

#include "crypto/Aead.h"
#include "crypto/Hash.h"
#include "crypto/Kdf.h"
#include "crypto/Random.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace rd::crypto {
namespace {

constexpr int kFormat = 1;
// scrypt cost: 2^15 x 8 blocks (32 MiB, about a tenth of a second here); bundles from elsewhere
// may ask for more, up to the limits below, never for less.
constexpr quint64 kCost = 1u << 15;
constexpr quint32 kBlockSize = 8;
constexpr quint32 kParallelism = 1;
constexpr qsizetype kMaxBundle = 1 << 20;

Error damaged(const QString &why)
{
    return Error::badInput(QStringLiteral("The key bundle is damaged or not a RecoveryDesk key bundle (%1).").arg(why));
}

// What the ciphertext is bound to: the format and every parameter that derives the key.
QByteArray associatedData(quint64 n, quint32 r, quint32 p, const QByteArray &salt)
{
    return QStringLiteral("recoverydesk-keys:%1:scrypt:%2:%3:%4:").arg(kFormat).arg(n).arg(r).arg(p).toLatin1() + salt;
}

struct Derived {
    SecretBytes key;   // AES-256-GCM key
    QByteArray check;  // 16 bytes that tell a wrong passphrase from a damaged file
};

Result<Derived> derive(QByteArrayView passphrase, const QByteArray &salt, quint64 n, quint32 r, quint32 p)
{
    auto derived = scrypt(passphrase, salt, n, r, p, 64);
    if (!derived)
        return derived.error();
    Derived out;
    out.key = SecretBytes(derived->data(), 32);
    out.check = hmacSha256(QByteArrayView(reinterpret_cast<const char *>(derived->data() + 32), 32),
                           QByteArrayView("recoverydesk key bundle check"))
                    .left(16);
    return out;
}

QByteArray b64(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64();
}

} // namespace

Result<QByteArray> sealKeyBundle(const KeyStore::Material &material, QByteArrayView passphrase)
{
    if (passphrase.size() < kMinBundlePassphrase)
        return Error::invalidField(QStringLiteral("passphrase"),
                                   QStringLiteral("The passphrase must be at least %1 characters long.").arg(kMinBundlePassphrase));
    const QByteArray salt = randomBytes(16);
    if (salt.size() != 16)
        return Error::storage(QStringLiteral("The system random generator failed, so no bundle was made."));
    auto derived = derive(passphrase, salt, kCost, kBlockSize, kParallelism);
    if (!derived)
        return derived.error();
    // The plaintext is binary, never JSON: ledger ‖ data ‖ signing key (32 bytes each), then the
    // delivery key's PEM, so no key passes through a string that could not be wiped.
    SecretBytes plaintext{std::size_t(96 + material.deliveryPublicPem.size())};
    const SecretBytes *parts[] = {&material.ledgerKey, &material.dataKey, &material.signingKey};
    for (int i = 0; i < 3; ++i) {
        if (parts[i]->size() != 32)
            return Error::badInput(QStringLiteral("A key to export has the wrong length."));
        std::copy(parts[i]->data(), parts[i]->data() + 32, plaintext.data() + 32 * i);
    }
    std::copy(material.deliveryPublicPem.cbegin(), material.deliveryPublicPem.cend(), plaintext.data() + 96);
    auto box = aes256GcmEncrypt(derived->key.view(), plaintext.view(), associatedData(kCost, kBlockSize, kParallelism, salt));
    if (!box)
        return box.error();
    const QJsonObject bundle{{QStringLiteral("recoverydesk_keys"), kFormat},
                             {QStringLiteral("kdf"), QStringLiteral("scrypt")},
                             {QStringLiteral("n"), qint64(kCost)},
                             {QStringLiteral("r"), qint64(kBlockSize)},
                             {QStringLiteral("p"), qint64(kParallelism)},
                             {QStringLiteral("salt"), QString::fromLatin1(b64(salt))},
                             {QStringLiteral("check"), QString::fromLatin1(b64(derived->check))},
                             {QStringLiteral("cipher"), QStringLiteral("aes-256-gcm")},
                             {QStringLiteral("iv"), QString::fromLatin1(b64(box->iv))},
                             {QStringLiteral("ciphertext"), QString::fromLatin1(b64(box->ciphertext))},
                             {QStringLiteral("tag"), QString::fromLatin1(b64(box->tag))}};
    return QJsonDocument(bundle).toJson(QJsonDocument::Indented);
}

Result<KeyStore::Material> openKeyBundle(QByteArrayView bundle, QByteArrayView passphrase)
{
    if (bundle.size() > kMaxBundle)
        return damaged(QStringLiteral("larger than any bundle"));
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(bundle.toByteArray(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError || o.value(QStringLiteral("recoverydesk_keys")).toInt() != kFormat)
        return damaged(QStringLiteral("not a version %1 bundle").arg(kFormat));
    if (o.value(QStringLiteral("kdf")).toString() != QLatin1String("scrypt") ||
        o.value(QStringLiteral("cipher")).toString() != QLatin1String("aes-256-gcm"))
        return damaged(QStringLiteral("unknown algorithms"));
    const qint64 n = o.value(QStringLiteral("n")).toInteger();
    const qint64 r = o.value(QStringLiteral("r")).toInteger();
    const qint64 p = o.value(QStringLiteral("p")).toInteger();
    // Within what a desk can afford, and never weaker than what sealKeyBundle writes.
    // (n * r at most 2^20: 128 MiB, within what the scrypt call allows.)
    if (n < qint64(kCost) || n > (1 << 20) || (n & (n - 1)) != 0 || r < 8 || r > 32 || p < 1 || p > 4 || n * r > (1 << 20))
        return damaged(QStringLiteral("scrypt parameters out of range"));
    auto field = [&](const char *name) { return QByteArray::fromBase64(o.value(QLatin1String(name)).toString().toLatin1()); };
    const QByteArray salt = field("salt");
    const QByteArray check = field("check");
    SealedBox box;
    box.iv = field("iv");
    box.ciphertext = field("ciphertext");
    box.tag = field("tag");
    if (salt.size() < 16 || check.size() != 16 || box.iv.size() != 12 || box.tag.size() != 16 || box.ciphertext.isEmpty())
        return damaged(QStringLiteral("fields missing or cut short"));
    auto derived = derive(passphrase, salt, quint64(n), quint32(r), quint32(p));
    if (!derived)
        return damaged(derived.error().message);
    if (derived->check != check)
        return Error(ErrorKind::Refused, QStringLiteral("The passphrase does not open this key bundle; nothing was installed."),
                     ErrorCode::InvalidValue, QStringLiteral("passphrase"));
    auto plain = aes256GcmDecrypt(derived->key.view(), box, associatedData(quint64(n), quint32(r), quint32(p), salt));
    if (!plain)
        return damaged(QStringLiteral("the encrypted keys were altered"));
    if (plain->size() < 96)
        return damaged(QStringLiteral("keys cut short"));
    KeyStore::Material m;
    m.ledgerKey = SecretBytes(plain->data(), 32);
    m.dataKey = SecretBytes(plain->data() + 32, 32);
    m.signingKey = SecretBytes(plain->data() + 64, 32);
    m.deliveryPublicPem = QByteArray(reinterpret_cast<const char *>(plain->data() + 96), qsizetype(plain->size() - 96));
    return m;
}

} // namespace rd::crypto
