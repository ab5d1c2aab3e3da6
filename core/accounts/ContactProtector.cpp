#include "accounts/ContactProtector.h"

#include "crypto/Aead.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"

namespace rd::accounts {
namespace {

QByteArray associatedData(ContactKind kind, const QString &accountId)
{
    return (kind == ContactKind::Email ? QByteArrayLiteral("rd-contact:email:") : QByteArrayLiteral("rd-contact:phone:"))
        + accountId.toUtf8();
}

QString canonical(ContactKind kind, const QString &value)
{
    if (kind == ContactKind::Email)
        return value.trimmed().toLower();
    QString digits;
    for (const QChar c : value) {
        if (c.isDigit() || (c == u'+' && digits.isEmpty()))
            digits.append(c);
    }
    return digits;
}

} // namespace

ContactProtector::ContactProtector(QByteArrayView dataKey)
    : m_key(dataKey.toByteArray()),
      m_fingerprintMac(std::make_unique<crypto::HmacSha256>(crypto::hmacSha256(dataKey, "rd-contact-fingerprint")))
{
}

ContactProtector::~ContactProtector() { crypto::cleanse(m_key); }

QString ContactProtector::fingerprint(ContactKind kind, const QString &value) const
{
    QByteArray message = (kind == ContactKind::Email ? QByteArrayLiteral("email:") : QByteArrayLiteral("phone:"))
        + canonical(kind, value).toUtf8();
    const QByteArray mac = m_fingerprintMac->mac(message);
    crypto::cleanse(message);
    return QString::fromLatin1(mac.left(16).toHex());
}

Result<QByteArray> ContactProtector::encrypt(ContactKind kind, const QString &accountId, const QString &value) const
{
    QByteArray plain = value.toUtf8();
    auto box = crypto::aes256GcmEncrypt(m_key, plain, associatedData(kind, accountId));
    crypto::cleanse(plain);
    if (!box)
        return box.error();
    return box->toBlob();
}

Result<QString> ContactProtector::decrypt(ContactKind kind, const QString &accountId, const QByteArray &blob) const
{
    crypto::SealedBox box;
    if (!crypto::SealedBox::fromBlob(blob, &box))
        return Error::storage(QStringLiteral("A stored contact of account %1 is damaged.").arg(accountId));
    auto plain = crypto::aes256GcmDecrypt(m_key, box, associatedData(kind, accountId));
    if (!plain)
        return Error::storage(QStringLiteral("A stored contact of account %1 cannot be decrypted with this key "
                                             "directory's data key.")
                                  .arg(accountId));
    return QString::fromUtf8(plain->view());
}

QString maskEmail(const QString &email)
{
    const qsizetype at = email.lastIndexOf(u'@');
    if (at <= 0)
        return QStringLiteral("•••");
    return email.left(1) + QStringLiteral("•••") + email.mid(at);
}

QString maskPhone(const QString &phone)
{
    QString digits;
    for (const QChar c : phone) {
        if (c.isDigit())
            digits.append(c);
    }
    if (digits.size() <= 4)
        return QStringLiteral("+•••");
    return u'+' + QString(digits.size() - 4, QChar(0x2022)) + digits.right(4);
}

} // namespace rd::accounts
