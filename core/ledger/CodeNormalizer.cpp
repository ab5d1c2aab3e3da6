#include "ledger/CodeNormalizer.h"

#include "crypto/SecretBytes.h"

#include <QScopeGuard>

#include <algorithm>

namespace rd::ledger {
namespace {

// Characters people (or their copy-paste) put between groups. NFKC has already folded full-width
// and compatibility forms (NBSP, full-width hyphen/underscore/dot) to their ASCII counterparts.
bool isSeparator(QChar c)
{
    switch (c.unicode()) {
    case u'-':
    case u'_':
    case u'.':
    case 0x00AD: // soft hyphen: invisible, survives copy-paste from word processors
    case 0x2212: // minus sign: what some editors turn a typed hyphen into
    case 0x200B: // zero-width space, likewise pasted from web pages
    case 0xFEFF: // zero-width no-break space (stray BOM)
    case 0x3002: // ideographic full stop: the "dot" of CJK input methods, untouched by NFKC
        return true;
    default:
        break;
    }
    return c.isSpace() || c.category() == QChar::Punctuation_Dash;
}

// Both tables are applied to the uppercased character, as SPEC §5 orders the steps. That makes
// lowercase b map to 8 like B, and keeps normalization idempotent: a normalized code never changes
// when normalized again, so nothing stored can turn into a different code later.
QChar digitConfusable(QChar upper)
{
    switch (upper.unicode()) {
    case u'O':
        return u'0';
    case u'I':
    case u'L':
        return u'1';
    case u'S':
        return u'5';
    case u'B':
        return u'8';
    default:
        return {};
    }
}

// Crockford's decoding.
QChar crockfordConfusable(QChar upper)
{
    switch (upper.unicode()) {
    case u'O':
        return u'0';
    case u'I':
    case u'L':
        return u'1';
    default:
        return {};
    }
}

bool isAscii(const QString &s)
{
    for (const QChar c : s)
        if (c.unicode() > 0x7f)
            return false;
    return true;
}

// One pass of the SPEC §5 steps.
NormalizedCode normalizeOnce(QStringView input, Alphabet alphabet)
{
    QString folded = input.toString().normalized(QString::NormalizationForm_KC);
    // The folded copy holds the code too: wipe it when done.
    const auto wipe = qScopeGuard([&folded] {
        folded.detach();
        crypto::cleanse(folded.data(), std::size_t(folded.size()) * sizeof(QChar));
    });

    NormalizedCode result;
    result.value.reserve(folded.size());
    for (QChar typed : folded) {
        if (isSeparator(typed))
            continue;
        // Per-character uppercasing keeps positions 1:1 with the output (QString::toUpper may
        // expand, e.g. sharp s); characters that would expand are invalid in every format anyway.
        const QChar upper = typed.toUpper();
        const QChar replacement
            = alphabet == Alphabet::Digits ? digitConfusable(upper) : crockfordConfusable(upper);
        if (replacement.isNull()) {
            result.value.append(upper);
            continue;
        }
        result.value.append(replacement);
        result.mapped.append({ int(result.value.size()), typed, replacement });
    }
    return result;
}

} // namespace

NormalizedCode normalizeCode(QStringView input, Alphabet alphabet)
{
    NormalizedCode result = normalizeOnce(input, alphabet);
    // One pass is not always a fixed point: removing a separator can put a combining mark right
    // after a letter ("n" + small tilde, which NFKC turns into space + combining tilde, becomes
    // "N" + combining tilde), and the next NFKC composes them. Repeat until nothing changes, so
    // normalization is idempotent. An ASCII result is always final: NFKC, uppercasing and the
    // tables leave it as it is.
    for (int pass = 0; pass < 8 && !isAscii(result.value); ++pass) {
        NormalizedCode again = normalizeOnce(result.value, alphabet);
        if (again.value == result.value)
            break;
        // Earlier mappings stay where their replacement still stands; positions are 1-based.
        QList<ConfusableMapping> kept;
        for (const ConfusableMapping &m : std::as_const(result.mapped))
            if (m.position <= again.value.size() && again.value.at(m.position - 1) == m.to)
                kept.append(m);
        for (const ConfusableMapping &m : std::as_const(again.mapped))
            if (!kept.contains(m))
                kept.append(m);
        std::sort(kept.begin(), kept.end(), [](const ConfusableMapping &a, const ConfusableMapping &b) {
            return a.position < b.position;
        });
        again.mapped = kept;
        result = std::move(again);
    }
    return result;
}

NormalizedCode normalizeCode(QStringView input, CodeFormat format)
{
    return normalizeCode(input, alphabetOf(format));
}

} // namespace rd::ledger
