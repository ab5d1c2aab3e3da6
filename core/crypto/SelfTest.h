#pragma once

#include "common/Result.h"

namespace rd::crypto {

// Known-answer tests of the primitives (FIPS 180 "abc", RFC 4231 case 2, RFC 8032 §7.1 test 1,
// an AES-256-GCM vector, RFC 7914 PBKDF2-SHA256). Run at start-up; a failure refuses to run.
Status runSelfTests();

} // namespace rd::crypto
