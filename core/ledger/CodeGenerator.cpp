#include "ledger/CodeGenerator.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace rd::ledger {
namespace {

// A healthy CSPRNG rejects at most 6 of 256 bytes, so this many rounds in a row without a single
// usable byte (about 2^-174 for digits) means the source is broken, not unlucky.
constexpr int kMaxBarrenRounds = 32;
// Likewise for duplicate codes: even 100 digits8 codes collide with probability ~5e-5 per set, so
// this many regenerations in one set means the source repeats itself.
constexpr int kMaxRegenerations = 64;

bool sameCode(const crypto::SecretBytes &a, const crypto::SecretBytes &b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

CodeGenerator::CodeGenerator(RandomSource &random)
    : m_random(random)
{
}

bool CodeGenerator::drawSymbols(RandomSource &random, Alphabet alphabet, std::span<char> out)
{
    const QStringView symbols = alphabetChars(alphabet);
    const unsigned alphabetSize = unsigned(symbols.size());
    // The largest multiple of the alphabet size that fits in a byte: bytes at or above it would
    // make the low symbols more likely (modulo bias), so they are thrown away.
    const unsigned limit = 256 - 256 % alphabetSize;

    std::array<unsigned char, 64> pool;
    std::size_t filled = 0;
    int barrenRounds = 0;
    bool ok = true;
    while (filled < out.size()) {
        // Ask for exactly what is still missing, so no accepted byte is ever drawn and dropped.
        const std::size_t want = std::min(pool.size(), out.size() - filled);
        if (!random.fill(std::span(pool.data(), want))) {
            ok = false;
            break;
        }
        const std::size_t before = filled;
        for (std::size_t i = 0; i < want; ++i) {
            if (pool[i] < limit)
                out[filled++] = char(symbols[pool[i] % alphabetSize].unicode());
        }
        if (filled != before) {
            barrenRounds = 0;
        } else if (++barrenRounds >= kMaxBarrenRounds) {
            ok = false;
            break;
        }
    }
    // The pool decided the symbols, so it is as secret as the codes.
    crypto::cleanse(pool.data(), pool.size());
    if (!ok)
        crypto::cleanse(out.data(), out.size());
    return ok;
}

Result<std::vector<crypto::SecretBytes>> CodeGenerator::generate(CodeFormat format, int count)
{
    if (count < 1 || count > kMaxCount) {
        return Error::badInput(
            QStringLiteral("A code set holds 1 to %1 codes; %2 were requested.").arg(kMaxCount).arg(count));
    }
    const std::size_t length = std::size_t(codeLength(format));
    const Alphabet alphabet = alphabetOf(format);

    std::vector<crypto::SecretBytes> codes;
    codes.reserve(std::size_t(count));
    int regenerations = 0;
    while (codes.size() < std::size_t(count)) {
        crypto::SecretBytes candidate(length);
        if (!drawSymbols(m_random, alphabet,
                std::span(reinterpret_cast<char *>(candidate.data()), candidate.size()))) {
            // Returning early destroys (and so wipes) the codes drawn so far.
            return Error::refused(
                QStringLiteral("The system random number generator failed, so no codes were "
                               "issued; check the OpenSSL installation and try again."));
        }
        // Compare in place rather than via a QSet<QByteArray>, which would leave unwiped copies.
        const bool duplicate = std::any_of(
            codes.begin(), codes.end(), [&](const crypto::SecretBytes &c) { return sameCode(c, candidate); });
        if (!duplicate) {
            codes.push_back(std::move(candidate));
            continue;
        }
        if (++regenerations > kMaxRegenerations) {
            return Error::refused(
                QStringLiteral("The random number generator keeps repeating codes, so no codes "
                               "were issued; check the OpenSSL installation and try again."));
        }
    }
    return codes;
}

} // namespace rd::ledger
