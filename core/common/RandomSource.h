#pragma once

#include <cstddef>
#include <span>

namespace rd {

// Source of random bytes. Production uses the OpenSSL CSPRNG (crypto::systemRandom());
// tests inject a deterministic one.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    // Fills the buffer; returns false when the source failed (never partially "random").
    [[nodiscard]] virtual bool fill(std::span<unsigned char> out) = 0;
};

} // namespace rd
