#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace rd::crypto {
class HmacSha256;
}

namespace rd::accounts {

enum class ContactKind { Email, Phone };

// Personal contact data at rest: AES-256-GCM under the data key, bound to its account and
// kind, plus a keyed fingerprint so that equality (re-import, search) needs no plaintext.
class ContactProtector final {
public:
    explicit ContactProtector(QByteArrayView dataKey);
    ~ContactProtector();
    ContactProtector(const ContactProtector &) = delete;
    ContactProtector &operator=(const ContactProtector &) = delete;

    // 32 hex characters; emails compare case-insensitively, phones by their digits.
    QString fingerprint(ContactKind kind, const QString &value) const;
    Result<QByteArray> encrypt(ContactKind kind, const QString &accountId, const QString &value) const;
    Result<QString> decrypt(ContactKind kind, const QString &accountId, const QByteArray &blob) const;

private:
    QByteArray m_key;
    std::unique_ptr<crypto::HmacSha256> m_fingerprintMac;
};

// m•••@example.org
QString maskEmail(const QString &email);
// +•••••••4567
QString maskPhone(const QString &phone);

} // namespace rd::accounts
