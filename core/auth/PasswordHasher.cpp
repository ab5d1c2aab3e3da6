#include "auth/PasswordHasher.h"

#include "crypto/Hash.h"
#include "crypto/Kdf.h"
#include "crypto/Random.h"
#include "crypto/SecretBytes.h"

#include <QStringList>

namespace rd::auth {
namespace {

Result<QByteArray> derive(const QString &password, const QByteArray &salt, int iterations)
{
    QByteArray utf8 = password.toUtf8();
    auto key = crypto::pbkdf2Sha256(utf8, salt, iterations, 32);
    crypto::cleanse(utf8);
    return key;
}

} // namespace

Result<QString> PasswordHasher::hash(const QString &password)
{
    const QByteArray salt = crypto::randomBytes(16);
    if (salt.isEmpty())
        return Error::storage(QStringLiteral("The system random generator failed; cannot hash the password."));
    auto key = derive(password, salt, kIterations);
    if (!key)
        return key.error();
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(kIterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key->toBase64()));
}

bool PasswordHasher::verify(const QString &password, const QString &stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < kIterations)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts[3].toLatin1());
    auto key = derive(password, salt, iterations);
    return key && !expected.isEmpty() && crypto::constantTimeEqual(key.value(), expected);
}

void PasswordHasher::burnVerifyTime(const QString &password)
{
    (void)derive(password, QByteArrayLiteral("rd-unknown-operator"), kIterations);
}

} // namespace rd::auth
