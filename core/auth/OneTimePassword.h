#pragma once

#include "common/Result.h"
#include "common/SecretText.h"

#include <QString>
#include <QStringList>

namespace rd {
class RandomSource;
}

namespace rd::auth::otp {

// One-time passwords of operators (issue 16): made of parts that different people hold. A
// supervisor or admin grant gives the one who asked the first part and the one who confirms the
// second; the new operator types both, and that sign-in only lets them choose their own
// password. Nobody alone ever holds a privileged identity they did not choose the password of.
// A desk with no second person gives its first admin a one-part password.
constexpr int kSymbolsPerPart = 16; // Crockford base32: 80 bits

// A new part, shown as XXXX-XXXX-XXXX-XXXX. Refused when the random source fails.
Result<SecretText> newPart(RandomSource &random);
// The stored verifier of the parts' hashes, in order: "otp|<hash>|<hash>".
QString verifier(const QStringList &partHashes);
bool isVerifier(const QString &stored);
// The hash of one part as verifier() keeps it (a password hash of its normalised symbols).
Result<QString> hashPart(const SecretText &part);
// Whether typed holds every part in order: spaces, dashes and case do not matter, and the
// look-alikes I, L and O read as 1, 1 and 0. Takes one password hash's time, right or wrong.
bool verify(const QString &typed, const QString &stored);
// Whether a chosen password holds a part of the one-time password just typed (someone who held
// that part would know it).
bool reuses(const QString &current, const QString &chosen);

} // namespace rd::auth::otp
