#include "crypto/KeyBundle.h"

#include "crypto/Aead.h"
#include "crypto/Hash.h"
#include "crypto/Kdf.h"
#include "crypto/Random.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rd::crypto {
namespace {

constexpr int kFormat = 1;
// scrypt cost: 2^15 x 8 blocks (32 MiB, about a tenth of a second here); bundles from elsewhere
// may ask for more, up to the limits below, never for less.
constexpr quint64 kCost = 1u << 15;
constexpr quint32 kBlockSize = 8;
constexpr quint32 kParallelism = 1;
constexpr qsizetype kMaxBundle = 1 << 20;

const char kLedger[] = "ledger.key";
const char kData[] = "data.key";
const char kSigning[] = "signing.key";
const char kDelivery[] = "delivery.pub.pem";

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
    QJsonObject keys{{QLatin1String(kLedger), QString::fromLatin1(b64(material.ledgerKey.view()))},
                     {QLatin1String(kData), QString::fromLatin1(b64(material.dataKey.view()))},
                     {QLatin1String(kSigning), QString::fromLatin1(b64(material.signingKey.view()))}};
    if (!material.deliveryPublicPem.isEmpty())
        keys.insert(QLatin1String(kDelivery), QString::fromUtf8(material.deliveryPublicPem));
    QByteArray plain = QJsonDocument(keys).toJson(QJsonDocument::Compact);
    const SecretBytes plaintext = SecretBytes::takeFrom(plain);
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
    if (n < qint64(kCost) || n > (1 << 20) || (n & (n - 1)) != 0 || r < 8 || r > 32 || p < 1 || p > 4 || n * r > (1 << 21))
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
    const QJsonObject keys = QJsonDocument::fromJson(plain->view().toByteArray()).object();
    auto key = [&](const char *name) {
        QByteArray raw = QByteArray::fromBase64(keys.value(QLatin1String(name)).toString().toLatin1());
        return SecretBytes::takeFrom(raw);
    };
    KeyStore::Material m;
    m.ledgerKey = key(kLedger);
    m.dataKey = key(kData);
    m.signingKey = key(kSigning);
    m.deliveryPublicPem = keys.value(QLatin1String(kDelivery)).toString().toUtf8();
    if (m.ledgerKey.size() != 32 || m.dataKey.size() != 32 || m.signingKey.size() != 32)
        return damaged(QStringLiteral("keys of the wrong length"));
    return m;
}

} // namespace rd::crypto
