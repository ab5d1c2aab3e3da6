#include "FuzzTargets.h"

#include "importer/PlainLine.h"
#include "importer/RecordParser.h"
#include "ledger/CodeNormalizer.h"
#include "storage/DatabaseLocation.h"

#include <QByteArrayView>
#include <QString>

#include <QJsonDocument>

#include <cstdio>
#include <cstdlib>

namespace rd::fuzz {
namespace {

bool oneLine(const QString &message)
{
    return !message.contains(u'\n') && !message.contains(u'\r');
}

} // namespace

void require(bool ok, const char *what)
{
    if (ok)
        return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

void importLine(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView line(reinterpret_cast<const char *>(data), qsizetype(size));
    importer::RecordParser parser;
    importer::Record record;
    QString error;
    QByteArray canonical;
    const bool accepted = parser.parse(line, &record, &error, &canonical);
    // The plain login_attempt reader and the full parser agree on every line.
    importer::Record full;
    QString fullError;
    QByteArray fullCanonical;
    require(parser.parseFull(line, &full, &fullError, &fullCanonical) == accepted, "both readers accept or both refuse");
    require(!accepted || full.index() == record.index(), "both readers read the same");
    importer::LoginAttemptRecord plain;
    QByteArray plainCanonical;
    if (importer::readPlainLoginAttempt(line, &plain, &plainCanonical))
        require(plainCanonical == fullCanonical, "the plain reader's canonical form is the full parser's");
    else
        require(!accepted || canonical == fullCanonical, "both readers give one canonical form");
    if (!accepted) {
        // The CLI prints "FILE: line N: <error>" as one sentence on one line.
        require(!error.isEmpty(), "a rejected line has an error message");
        require(oneLine(error), "an import error is one line");
        return;
    }
    // The same object written another way (spacing, key order, number spelling) is accepted again
    // with the same canonical form: duplicates compare by it.
    importer::Record again;
    QByteArray canonicalAgain;
    const QByteArray rewritten = QJsonDocument::fromJson(line.toByteArray()).toJson(QJsonDocument::Indented);
    require(parser.parseFull(rewritten, &again, &error, &canonicalAgain), "a record rewritten by QJsonDocument parses");
    require(canonicalAgain == fullCanonical, "the canonical form does not depend on how the object is written");
    require(again.index() == record.index(), "the rewritten record has the same type");
}

void codeNormalizer(const std::uint8_t *data, std::size_t size)
{
    const QString typed = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const ledger::Alphabet alphabet : {ledger::Alphabet::Digits, ledger::Alphabet::Crockford}) {
        const ledger::NormalizedCode once = ledger::normalizeCode(typed, alphabet);
        for (const ledger::ConfusableMapping &m : once.mapped) {
            require(m.position >= 1 && m.position <= once.value.size(), "a mapping's position is inside the code");
            require(once.value.at(m.position - 1) == m.to, "a mapping's position holds its replacement");
        }
        // SPEC §5: idempotent, so a stored normalized code never turns into another one.
        const ledger::NormalizedCode twice = ledger::normalizeCode(once.value, alphabet);
        require(twice.value == once.value, "normalizing a normalized code changes nothing");
        require(!twice.anyMapped(), "normalizing a normalized code maps nothing");
        for (const ledger::CodeFormat format : {ledger::CodeFormat::Digits8, ledger::CodeFormat::Digits10,
                                                ledger::CodeFormat::Base32x10, ledger::CodeFormat::Base32x16}) {
            if (ledger::alphabetOf(format) != alphabet)
                continue;
            const QString shown = ledger::displayCode(format, once.value);
            if (ledger::fitsFormat(format, once.value))
                require(ledger::normalizeCode(shown, alphabet).value == once.value, "a displayed code normalizes back");
            else
                require(shown == once.value, "a code that does not fit is shown unchanged");
        }
    }
}

void databaseUrl(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto location = storage::DatabaseLocation::parse(text);
    if (!location) {
        require(!location.error().message.isEmpty(), "a rejected location has a message");
        require(oneLine(location.error().message), "a location error is one line");
        return;
    }
    if (location->backend == storage::Backend::Sqlite) {
        require(!location->sqlitePath.isEmpty(), "an SQLite location has a path");
        return;
    }
    require(location->port >= 1 && location->port <= 65535, "a PostgreSQL port is in range");
    // What describe() shows is a URL that parses to the same place.
    const auto again = storage::DatabaseLocation::parse(location->describe());
    require(again.ok(), "a described URL parses");
    require(again->user == location->user && again->host == location->host && again->port == location->port
                && again->databaseName == location->databaseName,
            "a described URL names the same database");
}

} // namespace rd::fuzz
