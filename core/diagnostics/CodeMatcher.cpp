#include "diagnostics/CodeMatcher.h"

#include "crypto/SecretBytes.h"
#include "ledger/CodeFormat.h"
#include "ledger/LedgerHasher.h"

#include <algorithm>
#include <cstring>

namespace rd::diagnostics {
namespace {

using ledger::Alphabet;

QByteArray normalizedAscii(const QString &typed, Alphabet alphabet, ledger::NormalizedCode *full = nullptr)
{
    ledger::NormalizedCode n = ledger::normalizeCode(typed, alphabet);
    // One byte per character, so positions count characters; anything outside ASCII becomes
    // '?', which no code contains, so a foreign look-alike is a substitution at its place.
    QByteArray out(n.value.size(), '?');
    for (qsizetype i = 0; i < n.value.size(); ++i) {
        if (n.value[i].unicode() < 0x80)
            out[i] = char(n.value[i].unicode());
    }
    if (full)
        full->mapped = n.mapped;
    if (!n.value.isEmpty()) {
        n.value.detach();
        crypto::cleanse(n.value.data(), std::size_t(n.value.size()) * sizeof(QChar));
    }
    return out;
}

bool sameHash(const unsigned char *a, const QByteArray &b)
{
    return b.size() == ledger::LedgerHasher::kHashSize && std::memcmp(a, b.constData(), std::size_t(b.size())) == 0;
}

} // namespace

QString editKindName(EditKind kind)
{
    switch (kind) {
    case EditKind::Substitution:
        return QStringLiteral("substitution");
    case EditKind::Transposition:
        return QStringLiteral("adjacent transposition");
    case EditKind::MissingCharacter:
        return QStringLiteral("missing character");
    case EditKind::ExtraCharacter:
        return QStringLiteral("extra character");
    }
    return {};
}

QStringList CodeMatcher::lookupTags(const QString &typed) const
{
    QStringList tags;
    for (Alphabet alphabet : {Alphabet::Digits, Alphabet::Crockford}) {
        QByteArray code = normalizedAscii(typed, alphabet);
        unsigned char tag[ledger::LedgerHasher::kLookupTagSize];
        m_hasher.lookupTagRaw(code, tag);
        const QString hex = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(tag), sizeof tag).toHex());
        if (!tags.contains(hex))
            tags << hex;
        crypto::cleanse(code);
    }
    return tags;
}

MatchResult CodeMatcher::match(const QString &typed, const DiagnosisContext &context) const
{
    MatchResult result;
    result.lookupTags = lookupTags(typed);

    // Format fit against the formats the account's sets use.
    {
        ledger::NormalizedCode unmapped = ledger::normalizeCode(typed, Alphabet::Digits);
        result.format.typedLength = int(unmapped.value.size());
        // Shape only, before look-alikes are mapped: "12345O" is not an authenticator code.
        result.format.authenticatorShape = unmapped.mapped.isEmpty() && unmapped.value.size() == 6
            && std::all_of(unmapped.value.cbegin(), unmapped.value.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        crypto::cleanse(unmapped.value.data(), std::size_t(unmapped.value.size()) * sizeof(QChar));
    }
    for (const SetRow &set : context.sets) {
        if (!result.format.formats.contains(set.format))
            result.format.formats << set.format;
    }
    for (const QString &name : std::as_const(result.format.formats)) {
        const auto format = ledger::codeFormatFromString(name);
        if (!format)
            continue;
        ledger::NormalizedCode n = ledger::normalizeCode(typed, *format);
        if (ledger::fitsFormat(*format, n.value)) {
            if (n.mapped.isEmpty()) {
                result.format.fitsPlain = true;
            } else {
                result.format.fitsMapped = true;
                if (result.format.mappings.isEmpty())
                    result.format.mappings = n.mapped;
            }
        }
        n.value.detach();
        crypto::cleanse(n.value.data(), std::size_t(n.value.size()) * sizeof(QChar));
    }
    if (result.format.fitsPlain)
        result.format.fitsMapped = false;

    // Exact matches, hashing the typed code once per set with that set's alphabet.
    QByteArray digits = normalizedAscii(typed, Alphabet::Digits);
    QByteArray crockford = normalizedAscii(typed, Alphabet::Crockford);
    unsigned char mac[ledger::LedgerHasher::kHashSize];
    for (int s = 0; s < context.sets.size(); ++s) {
        const SetRow &set = context.sets[s];
        const auto format = ledger::codeFormatFromString(set.format);
        const QByteArray &code = format && ledger::alphabetOf(*format) == Alphabet::Crockford ? crockford : digits;
        m_hasher.codeHashRaw(set.id.toUtf8(), code, mac);
        for (int c = 0; c < set.codes.size(); ++c) {
            if (sameHash(mac, set.codes[c].hash))
                result.exact.append({s, c});
        }
    }
    if (result.exact.isEmpty()) {
        for (int s = 0; s < context.sets.size(); ++s) {
            const auto format = ledger::codeFormatFromString(context.sets[s].format);
            const QByteArray &code = format && ledger::alphabetOf(*format) == Alphabet::Crockford ? crockford : digits;
            searchNearMisses(code, s, context.sets[s], result);
        }
    }
    crypto::cleanse(mac, sizeof mac);
    crypto::cleanse(digits);
    crypto::cleanse(crockford);
    return result;
}

void CodeMatcher::searchNearMisses(const QByteArray &typed, int setIndex, const SetRow &set, MatchResult &result) const
{
    const auto format = ledger::codeFormatFromString(set.format);
    if (!format || set.codes.isEmpty())
        return;
    const int length = ledger::codeLength(*format);
    const QByteArray alphabet = ledger::alphabetChars(ledger::alphabetOf(*format)).toLatin1();
    const QByteArray setId = set.id.toUtf8();
    const int n = int(typed.size());
    if (n < length - 1 || n > length + 1)
        return; // one edit cannot bridge the gap, so no candidate can match
    QByteArray candidate(length, '\0');
    unsigned char mac[ledger::LedgerHasher::kHashSize];
    auto check = [&](EditKind kind, int position) {
        m_hasher.codeHashRaw(setId, candidate, mac);
        for (int c = 0; c < set.codes.size(); ++c) {
            if (sameHash(mac, set.codes[c].hash))
                result.nearMisses.append({{setIndex, c}, kind, position});
        }
    };
    if (n == length) {
        for (int i = 0; i < n; ++i) {
            std::memcpy(candidate.data(), typed.constData(), std::size_t(n));
            for (char a : alphabet) {
                if (a == typed[i])
                    continue;
                candidate[i] = a;
                check(EditKind::Substitution, i + 1);
            }
        }
        for (int i = 0; i + 1 < n; ++i) {
            if (typed[i] == typed[i + 1])
                continue;
            std::memcpy(candidate.data(), typed.constData(), std::size_t(n));
            std::swap(candidate[i], candidate[i + 1]);
            check(EditKind::Transposition, i + 1);
        }
    } else if (n == length + 1) {
        // The user typed one character too many: drop each in turn.
        for (int i = 0; i < n; ++i) {
            if (i > 0 && typed[i] == typed[i - 1])
                continue; // dropping either of two equal neighbours gives the same candidate
            int k = 0;
            for (int j = 0; j < n; ++j) {
                if (j != i)
                    candidate[k++] = typed[j];
            }
            check(EditKind::ExtraCharacter, i + 1);
        }
    } else {
        // One character is missing: insert each symbol at each place.
        for (int i = 0; i <= n; ++i) {
            for (char a : alphabet) {
                if (i > 0 && typed[i - 1] == a)
                    continue; // same candidate as inserting before the equal neighbour
                int k = 0;
                for (int j = 0; j < n; ++j) {
                    if (j == i)
                        candidate[k++] = a;
                    candidate[k++] = typed[j];
                }
                if (i == n)
                    candidate[k++] = a;
                check(EditKind::MissingCharacter, i + 1);
            }
        }
    }
    crypto::cleanse(candidate);
    crypto::cleanse(mac, sizeof mac);
}

} // namespace rd::diagnostics
