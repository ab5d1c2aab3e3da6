#include "importer/Importer.h"

#include "audit/AuditLog.h"
#include "model/Role.h"
#include "crypto/Hash.h"
#include "crypto/SecretBytes.h"
#include "importer/ImportRun.h"
#include "importer/RecordParser.h"
#include "storage/Database.h"
#include "storage/ImportStore.h"
#include "storage/Sql.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <vector>

namespace rd::importer {
namespace {

constexpr qint64 kMaxLineBytes = 1 << 20;
constexpr int kProgressEveryLines = 2000;

Error cancelled()
{
    return Error::refused(QStringLiteral("The import was cancelled; nothing was written.")).withCode(ErrorCode::Cancelled);
}

// Reads one line (without its end) into *line; false at the end of the file.
bool nextLine(QIODevice &file, QByteArray *line, Status *status, int lineNo, crypto::Sha256Stream *hash = nullptr)
{
    if (file.atEnd()) {
        line->clear();
        return false;
    }
    // Into the same buffer every line: readLine(maxSize) would allocate (and map) 1 MiB a line.
    // Only the bytes of the line are kept; earlier lines were wiped by the caller
    // (crypto::cleanseKeepingBuffer).
    line->resize(kMaxLineBytes + 3); // readLine(char *, n) reads n - 1 bytes: 1 MiB and "\r\n"
    const qint64 n = file.readLine(line->data(), line->size());
    line->resize(std::max<qint64>(n, 0));
    if (n <= 0 && !file.atEnd()) {
        *status = Error::storage(QStringLiteral("Reading the import file failed at line %1: %2.").arg(lineNo).arg(file.errorString()));
        return false;
    }
    if (line->size() > kMaxLineBytes && !line->endsWith('\n')) {
        *status = Error::badInput(QStringLiteral("line %1: longer than 1 MiB; one JSON object per line is expected").arg(lineNo)).withCode(ErrorCode::ImportLine);
        return false;
    }
    if (hash)
        hash->add(*line); // the bytes as they are in the file, line ends included
    while (line->endsWith('\n') || line->endsWith('\r'))
        line->chop(1);
    return true;
}

bool isSkippable(QByteArrayView trimmed)
{
    return trimmed.isEmpty() || trimmed.startsWith('#');
}

// Reads the file again from its start for the first line before `before` whose record matches
// (an error that names an earlier line the import did not keep); 0 when none does. Leaves the
// file where it was.
int findLine(QIODevice &file, const RecordParser &parser, const std::function<bool(const Record &)> &matches, int before)
{
    const qint64 at = file.pos();
    int found = 0;
    if (file.seek(0)) {
        QByteArray line;
        QString error;
        Status status;
        for (int n = 1; n < before && nextLine(file, &line, &status, n); ++n) {
            if (n == 1 && line.startsWith("\xEF\xBB\xBF"))
                line.remove(0, 3);
            Record record;
            const QByteArrayView trimmed = QByteArrayView(line).trimmed();
            const bool parsed = !isSkippable(trimmed) && parser.parse(trimmed, &record, &error);
            crypto::cleanseKeepingBuffer(line);
            const bool match = parsed && matches(record);
            wipeCodes(record);
            if (match) {
                found = n;
                break;
            }
        }
    }
    file.seek(at);
    return found;
}

} // namespace

int ImportStats::totalRecords() const
{
    int n = 0;
    for (const Count &c : byType)
        n += c.records;
    return n;
}

int ImportStats::totalChanged() const
{
    int n = supersessionChanges;
    for (const Count &c : byType)
        n += c.changed;
    return n;
}

Importer::Importer(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock)
    : m_database(database), m_keys(keys), m_clock(clock)
{
}

Result<ImportStats> Importer::importFile(const auth::Session &session, const QString &path,
                                         const ImportProgressFn &progress)
{
    // The role first: a refused operator learns nothing about the file system.
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto allowed = auditLog.require(session, auth::Permission::ImportData, QStringLiteral("import")); !allowed)
        return allowed.error();
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("Cannot read the import file %1; check the path.").arg(path));
    return importAllowed(session, file, path, progress);
}

Result<ImportStats> Importer::importDevice(const auth::Session &session, QIODevice &file, const QString &path,
                                           const ImportProgressFn &progress)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto allowed = auditLog.require(session, auth::Permission::ImportData, QStringLiteral("import")); !allowed)
        return allowed.error();
    return importAllowed(session, file, path, progress);
}

Result<ImportStats> Importer::importAllowed(const auth::Session &session, QIODevice &file, const QString &path,
                                            const ImportProgressFn &progress)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    auto stats = run(session, file, path, progress);
    if (!stats) {
        // A rejected or cancelled import writes this entry and nothing else (the file's hash
        // when it can still be read: a pipe cannot be read twice).
        QString sha256;
        if (file.seek(0)) {
            crypto::Sha256Stream sha;
            while (!file.atEnd())
                sha.add(file.read(1 << 16));
            sha256 = QString::fromLatin1(sha.finish().toHex());
        }
        const bool cancel = stats.error().kind == ErrorKind::Refused;
        auto recorded = auditLog.append(audit::Actor::of(session),
                                        cancel ? QStringLiteral("import.cancelled") : QStringLiteral("import.rejected"), {},
                                        QJsonObject{{QStringLiteral("file"), QFileInfo(path).fileName()},
                                                    {QStringLiteral("sha256"), sha256.isEmpty() ? QJsonValue() : QJsonValue(sha256)},
                                                    {QStringLiteral("error"), stats.error().message}});
        if (!recorded)
            return audit::trailFailed(stats.error(), recorded.error());
    }
    return stats;
}

Result<ImportStats> Importer::run(const auth::Session &session, QIODevice &file, const QString &path,
                                  const ImportProgressFn &progress)
{
    auto conn = m_database.connection();
    if (!conn)
        return conn.error();
    // One write: every record and the import's audit entry commit together, or nothing does.
    storage::WriteTransaction tx(conn.value(), m_database.dialect());
    if (auto s = tx.begin(); !s)
        return s.error();
    storage::ImportStore store(tx.db());
    store.stageAttempts();
    if (auto s = store.prepare(); !s)
        return s.error();

    ImportStats stats;
    RecordParser parser;
    ImportRun run(store, m_keys, stats, [&file, &parser](const std::function<bool(const Record &)> &matches, int before) {
        return findLine(file, parser, matches, before);
    });
    crypto::Sha256Stream fileHash;
    std::vector<bool> deferred; // one bit a line: records whose references came later in the file
    bool anyDeferred = false;
    ImportProgress report{1, 0, file.size(), 0};
    QByteArray line, canonical;
    QString error;
    Status status;

    int lineNo = 0;
    if (progress && !progress(report))
        return cancelled();
    while (nextLine(file, &line, &status, lineNo + 1, &fileHash)) {
        ++lineNo;
        deferred.push_back(false);
        if (lineNo == 1 && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3);
        // A view, not trimmed(): a trimmed copy could share line's buffer and escape the wipe below.
        const QByteArrayView trimmed = QByteArrayView(line).trimmed();
        if (isSkippable(trimmed))
            continue;
        Record record;
        if (!parser.parse(trimmed, &record, &error, &canonical)) {
            crypto::cleanseKeepingBuffer(line);
            crypto::cleanseKeepingBuffer(canonical);
            return run.earliest(Error::badInput(QStringLiteral("line %1: %2").arg(lineNo).arg(error)).withCode(ErrorCode::ImportLine));
        }
        crypto::cleanseKeepingBuffer(line);
        auto applied = run.apply(record, lineNo, false, &canonical);
        crypto::cleanseKeepingBuffer(canonical);
        wipeCodes(record);
        if (!applied)
            return run.earliest(applied.error());
        if (!applied.value()) {
            deferred.back() = true;
            anyDeferred = true;
        }
        if (progress && lineNo % kProgressEveryLines == 0) {
            report.bytesDone = file.pos();
            report.lines = lineNo;
            if (!progress(report))
                return cancelled();
        }
    }
    if (!status)
        return run.earliest(status.error());
    auto waiting = run.finishFirstReading();
    if (!waiting)
        return waiting.error();
    for (const int n : waiting.value())
        deferred[std::size_t(n - 1)] = true;
    anyDeferred = anyDeferred || !waiting->isEmpty();
    stats.lines = lineNo;
    stats.fileSha256 = fileHash.finish();

    // Records whose references came later in the file: retry them until a pass makes no
    // progress (a code use waits for its set, which waited for its account), then one
    // strict pass names the first reference that resolves nowhere.
    bool strict = false;
    for (int pass = 2; anyDeferred; ++pass) {
        report = {pass, 0, file.size(), 0};
        if (!file.seek(0))
            return Error::storage(QStringLiteral("Cannot re-read the import file %1.").arg(path));
        bool progressed = false;
        anyDeferred = false;
        for (int n = 1; nextLine(file, &line, &status, n); ++n) {
            if (!deferred[std::size_t(n - 1)]) {
                crypto::cleanseKeepingBuffer(line); // a code_set line that was applied in an earlier pass holds codes
                continue;
            }
            Record record;
            if (n == 1 && line.startsWith("\xEF\xBB\xBF"))
                line.remove(0, 3);
            if (!parser.parse(QByteArrayView(line).trimmed(), &record, &error))
                return Error::storage(QStringLiteral("The import file changed while it was read (line %1).").arg(n));
            crypto::cleanseKeepingBuffer(line);
            auto applied = run.apply(record, n, strict, nullptr);
            wipeCodes(record);
            if (!applied)
                return applied.error();
            if (applied.value()) {
                deferred[std::size_t(n - 1)] = false;
                progressed = true;
            } else {
                anyDeferred = true;
            }
            if (progress && n % kProgressEveryLines == 0) {
                report.bytesDone = file.pos();
                report.lines = n;
                if (!progress(report))
                    return cancelled();
            }
        }
        if (!status)
            return status.error();
        strict = !progressed;
    }

    auto superseded = store.recomputeSupersession();
    if (!superseded)
        return superseded.error();
    stats.supersessionChanges = superseded.value();
    if (auto s = store.cleanup(); !s)
        return s.error();
    if (progress) {
        report.bytesDone = report.bytesTotal;
        report.lines = lineNo;
        if (!progress(report))
            return cancelled();
    }
    QJsonObject counts;
    for (auto it = stats.byType.cbegin(); it != stats.byType.cend(); ++it)
        counts.insert(it.key(), QJsonObject{{QStringLiteral("records"), it->records}, {QStringLiteral("changed"), it->changed}});
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    auto entry = auditLog.appendIn(tx, audit::Actor::of(session), QStringLiteral("import"), {},
                                   QJsonObject{{QStringLiteral("file"), QFileInfo(path).fileName()},
                                               {QStringLiteral("sha256"), QString::fromLatin1(stats.fileSha256.toHex())},
                                               {QStringLiteral("lines"), stats.lines},
                                               {QStringLiteral("changed"), stats.totalChanged()},
                                               {QStringLiteral("records"), counts}});
    if (!entry)
        return entry.error();
    if (auto s = tx.commit(); !s)
        return s.error();
    return stats;
}

} // namespace rd::importer
