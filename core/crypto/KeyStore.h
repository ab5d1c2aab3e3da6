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

    // What a team shares (SPEC §12.1): the three keys and the platform's delivery key, if any.
    struct Material {
        SecretBytes ledgerKey;
        SecretBytes dataKey;
        SecretBytes signingKey;
        QByteArray deliveryPublicPem; // empty: none installed
    };
    Result<Material> material() const;
    // Puts the material into dir (created 0700 if missing, files 0600). Keys already there must
    // be the same ones: different keys are refused (ErrorCode::Conflict) and nothing is replaced.
    static Status install(const QString &dir, const Material &material);

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
