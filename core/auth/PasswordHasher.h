#pragma once

#include "common/Result.h"

#include <QString>

namespace rd::auth {

// Operator passwords: PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP 2023) and a 16-byte
// random salt, stored as "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>".
class PasswordHasher final {
public:
    static constexpr int kIterations = 600000;

    static Result<QString> hash(const QString &password);
    // Constant-time comparison; a malformed stored hash never verifies.
    static bool verify(const QString &password, const QString &stored);
    // Spends the same time as verify() for sign-ins of unknown operators.
    static void burnVerifyTime(const QString &password);
};

} // namespace rd::auth
