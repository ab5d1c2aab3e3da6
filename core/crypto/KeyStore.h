#pragma once

#include "common/Result.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QString>

namespace rd::crypto {

// The key directory (SPEC §5, §12): ledger.key (HMAC key of the code ledger), data.key
// (AES-256-GCM key for personal data), signing.key (Ed25519 seed for audit checkpoints and
// exports), and optionally delivery.pub.pem (the platform's RSA key for sealed packages).
// The directory is 0700 and every key file 0600; anything readable by others is refused.
class KeyStore final {
public:
    // Creates the directory and any missing key; existing keys are kept (idempotent).
    static Status initialize(const QString &dir);
    // Opens an initialized directory; refuses loose permissions or missing/short keys.
    static Result<KeyStore> open(const QString &dir);

    const QString &dir() const { return m_dir; }
    const SecretBytes &ledgerKey() const { return m_ledgerKey; }
    const SecretBytes &dataKey() const { return m_dataKey; }
    const SecretBytes &signingKey() const { return m_signingKey; }
    const QByteArray &signingPublicKey() const { return m_signingPublicKey; }
    QString deliveryKeyPath() const;

private:
    KeyStore() = default;
    QString m_dir;
    SecretBytes m_ledgerKey;
    SecretBytes m_dataKey;
    SecretBytes m_signingKey;
    QByteArray m_signingPublicKey;
};

} // namespace rd::crypto
