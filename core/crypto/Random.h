#pragma once

#include "common/RandomSource.h"

#include <QByteArray>

namespace rd::crypto {

// The OpenSSL CSPRNG (RAND_bytes) as a RandomSource.
RandomSource &systemRandom();

// n bytes from the CSPRNG; empty on failure (which RAND_bytes reports, and callers must refuse).
QByteArray randomBytes(int n);

} // namespace rd::crypto
