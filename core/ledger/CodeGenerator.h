#pragma once

#include "common/RandomSource.h"
#include "common/Result.h"
#include "crypto/SecretBytes.h"
#include "ledger/CodeFormat.h"

#include <span>
#include <vector>

namespace rd::ledger {

// Issues new backup codes (SPEC §5 "Generation"). The plaintext only ever lives in SecretBytes:
// callers seal it into a delivery package and never show, store or log it.
class CodeGenerator final {
public:
    static constexpr int kMaxCount = 100;

    // Production passes crypto::systemRandom(); tests pass a deterministic source.
    explicit CodeGenerator(RandomSource &random);

    // `count` distinct codes of `format`, each the normalized ASCII code without separators.
    // BadInput when count is outside 1..kMaxCount; Refused when the random source fails or keeps
    // repeating itself (then no code is returned at all).
    [[nodiscard]] Result<std::vector<crypto::SecretBytes>> generate(
        CodeFormat format = CodeFormat::Base32x16, int count = 10);

    // Fills `out` with symbols of `alphabet`, each uniform, by rejection sampling: a byte b is used
    // only when b < 256 - 256 % alphabetSize, and then maps to symbol b % alphabetSize. Bytes are
    // consumed from the source strictly in order and none is wasted beyond rejection, so a
    // deterministic source gives a predictable sequence. False when the source fails or yields
    // only rejected bytes for too long.
    [[nodiscard]] static bool drawSymbols(RandomSource &random, Alphabet alphabet, std::span<char> out);

private:
    RandomSource &m_random;
};

} // namespace rd::ledger
