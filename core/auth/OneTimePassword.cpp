#include "auth/OneTimePassword.h"

#include "auth/PasswordHasher.h"
#include "crypto/SecretBytes.h"
#include "ledger/CodeGenerator.h"

#include <array>

namespace rd::auth::otp {

namespace {

const QLatin1String kPrefix("otp|");

// The symbols of typed in Crockford's alphabet, or an empty string for anything else.
QString normalised(const QString &typed)
{
    QString out;
    out.reserve(typed.size());
    for (const QChar c : typed) {
        const char16_t u = c.toUpper().unicode();
        if (u == u'-' || c.isSpace())
            continue;
        if (u == u'I' || u == u'L')
            out.append(u'1');
        else if (u == u'O')
            out.append(u'0');
        else if ((u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z' && u != u'U'))
            out.append(QChar(u));
        else
            return {};
    }
    return out;
}

} // namespace

Result<SecretText> newPart(RandomSource &random)
{
    std::array<char, kSymbolsPerPart> symbols{};
    if (!ledger::CodeGenerator::drawSymbols(random, ledger::Alphabet::Crockford, symbols))
        return Error::refused(QStringLiteral("The system random number generator failed, so no one-time password was made "
                                             "and nothing was changed; try again."));
    QString text;
    text.reserve(kSymbolsPerPart + kSymbolsPerPart / 4);
    for (int i = 0; i < kSymbolsPerPart; ++i) {
        if (i > 0 && i % 4 == 0)
            text.append(u'-');
        text.append(QLatin1Char(symbols[std::size_t(i)]));
    }
    crypto::cleanse(symbols.data(), symbols.size());
    return SecretText(std::move(text));
}

QString verifier(const QStringList &partHashes)
{
    return kPrefix + partHashes.join(u'|');
}

bool isVerifier(const QString &stored)
{
    return stored.startsWith(kPrefix);
}

Result<QString> hashPart(const SecretText &part)
{
    QString symbols = normalised(part.text());
    auto hash = PasswordHasher::hash(symbols);
    wipe(symbols);
    return hash;
}

bool verify(const QString &typed, const QString &stored)
{
    if (!isVerifier(stored))
        return false;
    const QStringList hashes = stored.mid(kPrefix.size()).split(u'|');
    QString symbols = normalised(typed);
    const bool complete = symbols.size() == hashes.size() * kSymbolsPerPart;
    bool all = complete;
    for (qsizetype i = 0; i < hashes.size(); ++i) {
        // Each part's hash is computed even after a miss: the time says nothing about which part.
        const QString part = complete ? symbols.mid(i * kSymbolsPerPart, kSymbolsPerPart) : QStringLiteral("-");
        all = PasswordHasher::verify(part, hashes[i]) && all;
    }
    wipe(symbols);
    return all;
}

} // namespace rd::auth::otp
