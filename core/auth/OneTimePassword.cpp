#include "auth/OneTimePassword.h"

#include "auth/PasswordHasher.h"
#include "crypto/Hash.h"
#include "crypto/Random.h"
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

// A part is 80 random bits: a salted SHA-256 suffices (nothing to stretch), and keeps a
// two-part check as quick as a one-part one, so sign-in times tell nobody which kind an
// operator holds (verify spends one password hash's time on every path).
QByteArray digest(const QString &symbols, const QByteArray &salt)
{
    QByteArray bytes = salt + symbols.toLatin1();
    QByteArray out = crypto::sha256(bytes);
    crypto::cleanse(bytes);
    return out;
}

Result<QString> hashPart(const SecretText &part)
{
    const QByteArray salt = crypto::randomBytes(16);
    if (salt.isEmpty())
        return Error::storage(QStringLiteral("The system random generator failed; no one-time password was made."));
    QString symbols = normalised(part.text());
    const QByteArray hash = digest(symbols, salt);
    wipe(symbols);
    return QStringLiteral("sha256$%1$%2").arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool verify(const QString &typed, const QString &stored)
{
    PasswordHasher::burnVerifyTime(typed); // the same time as any sign-in
    if (!isVerifier(stored))
        return false;
    const QStringList hashes = stored.mid(kPrefix.size()).split(u'|');
    QString symbols = normalised(typed);
    bool all = symbols.size() == hashes.size() * kSymbolsPerPart;
    for (qsizetype i = 0; all && i < hashes.size(); ++i) {
        const QStringList fields = hashes[i].split(u'$');
        if (fields.size() != 3 || fields[0] != QLatin1String("sha256")) {
            all = false;
            break;
        }
        const QByteArray expected = QByteArray::fromBase64(fields[2].toLatin1());
        all = !expected.isEmpty()
            && crypto::constantTimeEqual(digest(symbols.mid(i * kSymbolsPerPart, kSymbolsPerPart), QByteArray::fromBase64(fields[1].toLatin1())),
                                         expected);
    }
    wipe(symbols);
    return all;
}

bool reuses(const QString &current, const QString &chosen)
{
    const QString symbols = normalised(current);
    const QString candidate = normalised(chosen);
    if (candidate.isEmpty())
        return false;
    for (qsizetype i = 0; i + kSymbolsPerPart <= symbols.size(); i += kSymbolsPerPart)
        if (candidate.contains(symbols.mid(i, kSymbolsPerPart)))
            return true;
    return false;
}

} // namespace rd::auth::otp
