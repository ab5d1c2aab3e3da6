#pragma once

#include "common/Result.h"
#include "crypto/KeyStore.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rd::crypto {

// The key directory as one file a second desk of the team installs (SPEC §12.1): the keys
// encrypted with AES-256-GCM under a key derived from a passphrase with scrypt. The file is JSON:
// the scrypt parameters, salt, a passphrase check value, IV, ciphertext and tag, with the
// parameters bound to the ciphertext as associated data. The plaintext is binary (the three
// 32-byte keys, then the delivery key's PEM), so keys never pass through strings.
//
// Opening tells a wrong passphrase (ErrorKind::Refused) from a damaged or foreign file
// (ErrorKind::BadInput): the check value is derived from the passphrase alone, so it matches for
// the right passphrase even when the ciphertext was altered.
Result<QByteArray> sealKeyBundle(const KeyStore::Material &material, QByteArrayView passphrase);
Result<KeyStore::Material> openKeyBundle(QByteArrayView bundle, QByteArrayView passphrase);

// A passphrase shorter than this is refused when a bundle is made.
constexpr int kMinBundlePassphrase = 12;

} // namespace rd::crypto
