// One batch of the live feed: parse, apply, keep out what cannot be imported, commit with the
// batch's audit entry and position.
#include "importer/Feed.h"

#include "audit/AuditLog.h"
#include "crypto/SecretBytes.h"
#include "importer/FeedReader.h"
#include "importer/FieldReader.h"
#include "importer/ImportRun.h"
#include "importer/RecordParser.h"
#include "storage/Database.h"
#include "storage/FeedStore.h"
#include "storage/ImportStore.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <vector>

namespace rd::importer {
namespace {

constexpr int kListedInTrail = 20;     // quarantined line numbers an import.batch entry lists
constexpr int kExcerptChars = 2000;

struct Parsed {
    Record record;
    QByteArray canonical;
    qsizetype index = 0; // in the batch's lines
    qint64 line = 0;
};

std::optional<qint64> recordTime(const Record &record)
{
    if (const auto *r = std::get_if<LoginAttemptRecord>(&record))
        return r->at;
    if (const auto *r = std::get_if<CodeUsedRecord>(&record))
        return r->at;
    if (const auto *r = std::get_if<CodeSetRevokedRecord>(&record))
        return r->at;
    if (const auto *r = std::get_if<DeviceEventRecord>(&record))
        return r->at;
    if (const auto *r = std::get_if<SecurityEventRecord>(&record))
        return r->at;
    return std::nullopt;
}

// The fields whose values a quarantined record shows: identifiers, times, kinds and counts. Names,
// handles, addresses, IPs, places, labels, free text and anything unknown are personal data or may
// hold a code put in the wrong place: hidden (admins never see account data).
bool shownField(const QString &key)
{
    static const QSet<QString> shown = {
        QStringLiteral("type"),         QStringLiteral("id"),           QStringLiteral("account"),
        QStringLiteral("set"),          QStringLiteral("device"),       QStringLiteral("at"),
        QStringLiteral("method"),       QStringLiteral("outcome"),      QStringLiteral("reason"),
        QStringLiteral("event"),        QStringLiteral("format"),       QStringLiteral("generator"),
        QStringLiteral("kind"),         QStringLiteral("start"),        QStringLiteral("end"),
        QStringLiteral("index"),        QStringLiteral("actor"),        QStringLiteral("generated_at"),
        QStringLiteral("created_at"),   QStringLiteral("first_seen"),   QStringLiteral("acknowledged_at"),
        QStringLiteral("declared_state"), QStringLiteral("status"),     QStringLiteral("enabled"),
        QStringLiteral("since"),        QStringLiteral("two_factor"),   QStringLiteral("clock_skew_s")};
    return shown.contains(key);
}

const QString &hiddenValue()
{
    static const QString hidden = QStringLiteral("(hidden)");
    return hidden;
}

QJsonValue redact(const QJsonValue &value);

// An object's keys are shown unless they may hold a secret themselves ({"73914628": true}).
QJsonObject redactObject(const QJsonObject &in)
{
    QJsonObject out;
    int hiddenKeys = 0;
    for (auto it = in.begin(); it != in.end(); ++it) {
        const QString key = it.key();
        if (!shownField(key)) { // names of fields the format does not have could be anything
            ++hiddenKeys;
            continue;
        }
        const QJsonValue v = it.value();
        if (v.isObject() && key == QLatin1String("two_factor"))
            out.insert(key, redactObject(v.toObject()));
        else if (!shownField(key) || v.isObject() || v.isArray())
            out.insert(key, hiddenValue());
        else
            out.insert(key, redact(v));
    }
    if (hiddenKeys > 0)
        out.insert(QStringLiteral("…other fields, not shown"), hiddenKeys); // sorts last
    return out;
}

QJsonValue redact(const QJsonValue &value)
{
    if (value.isString()) {
        const QString s = value.toString();
        return isShowableToken(s) ? QJsonValue(s) : QJsonValue(hiddenValue());
    }
    if (value.isDouble()) {
        // A small integer (an index, a skew); anything else may be a code sent as a number.
        const double d = value.toDouble();
        return std::trunc(d) == d && std::fabs(d) < 100000 ? value : QJsonValue(hiddenValue());
    }
    return value;
}

bool isRecordRefusal(const Error &error)
{
    return error.code == ErrorCode::ImportLine;
}

// Where a followed file stands once the batch commits: after its last line, or before the first
// line that waits for a later batch (a restart reads it, and what followed it, again: harmless).
std::optional<FeedPosition> positionAfter(const QList<FeedLine> &lines, const QList<qsizetype> &parked)
{
    if (lines.isEmpty())
        return std::nullopt;
    qsizetype first = lines.size();
    for (qsizetype i : parked)
        first = std::min(first, i);
    const FeedPosition position = first < lines.size() ? lines[first].before : lines.last().after;
    if (position.fileId.isEmpty())
        return std::nullopt; // a pipe: there is nothing to resume
    return position;
}

} // namespace

QString redactedExcerpt(QByteArrayView line, QString *type)
{
    static const QStringList types = {QStringLiteral("account"),       QStringLiteral("code_set"),      QStringLiteral("code_used"),
                                      QStringLiteral("code_set_revoked"), QStringLiteral("device"),     QStringLiteral("device_event"),
                                      QStringLiteral("login_attempt"), QStringLiteral("security_event"), QStringLiteral("incident")};
    QJsonParseError error;
    QByteArray copy = line.toByteArray();
    QJsonDocument doc = QJsonDocument::fromJson(copy, &error);
    crypto::cleanse(copy);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    const QJsonObject in = doc.object();
    if (type && types.contains(in.value(QLatin1String("type")).toString()))
        *type = in.value(QLatin1String("type")).toString(); // only a type the format knows: a value could be anything
    QString out = QString::fromUtf8(QJsonDocument(redactObject(in)).toJson(QJsonDocument::Compact));
    if (out.size() > kExcerptChars)
        out = out.left(kExcerptChars) + QStringLiteral("…");
    return out;
}

Result<FeedBatch> Feed::commit(const auth::Session &session, QList<FeedLine> &lines)
{
    auto batch = commitOnce(session, lines, true, {});
    for (FeedLine &line : lines)
        crypto::cleanse(line.bytes);
    return batch;
}

Result<FeedBatch> Feed::commitOnce(const auth::Session &session, const QList<FeedLine> &lines, bool final,
                                   const QString &currentFile)
{
    audit::AuditLog auditLog(m_database, m_keys, m_clock);
    if (auto allowed = auditLog.require(session, auth::Permission::ImportData, QStringLiteral("import")); !allowed)
        return allowed.error();
    const qint64 now = m_clock.nowMs();
    FeedBatch batch;
    batch.lines = int(lines.size());
    if (!lines.isEmpty()) {
        batch.firstLine = lines.first().number;
        batch.lastLine = lines.last().number;
    }
    QList<QuarantinedLine> keptOut;
    auto keepOut = [&](const FeedLine &line, const QString &error) {
        QuarantinedLine q;
        q.feed = m_options.name;
        q.line = line.number;
        q.receivedAt = now;
        // The line's number has a column of its own: "line 12: field ..." is said once. A quoted
        // value that is not a plain token (an id that is an address, say) is not kept.
        static const QRegularExpression numbered(QStringLiteral("^line \\d+: "));
        static const QRegularExpression quoted(QStringLiteral("\"([^\"]*)\""));
        QString kept = QString(error).remove(numbered);
        for (qsizetype from = 0;;) {
            const QRegularExpressionMatch m = quoted.match(kept, from);
            if (!m.hasMatch())
                break;
            if (isShowableToken(m.captured(1)) || m.capturedLength(1) == 0) {
                from = m.capturedEnd();
                continue;
            }
            kept.replace(m.capturedStart(), m.capturedLength(), QStringLiteral("\"(hidden)\""));
            from = m.capturedStart() + 10;
        }
        q.error = kept;
        q.excerpt = redactedExcerpt(line.bytes, &q.recordType);
        q.lineBytes = line.bytes.size();
        keptOut.append(q);
    };

    std::vector<Parsed> parsed;
    RecordParser parser;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const FeedLine &line = lines[i];
        if (line.tooLong) {
            keepOut(line, QStringLiteral("line %1: longer than 1 MiB; one JSON object per line is expected").arg(line.number));
            continue;
        }
        QByteArrayView view(line.bytes);
        if (line.number == 1 && view.startsWith("\xEF\xBB\xBF"))
            view = view.sliced(3);
        view = view.trimmed();
        if (view.isEmpty() || view.startsWith('#'))
            continue;
        Parsed p;
        QString error;
        if (!parser.parse(view, &p.record, &error, &p.canonical)) {
            wipeCodes(p.record); // what the parser filled in before it stopped
            crypto::cleanse(p.canonical);
            keepOut(line, QStringLiteral("line %1: %2").arg(line.number).arg(error));
            continue;
        }
        p.index = i;
        p.line = line.number;
        if (const auto at = recordTime(p.record); at && (!batch.newestAt || *at > *batch.newestAt))
            batch.newestAt = at;
        parsed.push_back(std::move(p));
    }

    // A record the batch sends again (the same key) is the later line's content: the earlier ones
    // are not applied at all. Applying both in line order would not do: a record that waits for its
    // account is applied after the lines that follow it.
    std::vector<bool> refused(parsed.size(), false);
    {
        QSet<QString> keys;
        for (std::size_t k = parsed.size(); k-- > 0;) {
            const QString key = recordKey(parsed[k].record);
            if (keys.contains(key))
                refused[k] = true; // superseded: neither applied nor kept out
            else
                keys.insert(key);
        }
    }
    // Applied again without the records the store refused, until a try commits: a refusal comes
    // before its record writes anything, but the try's other writes went with its rollback.
    QList<qsizetype> parked;
    const qint64 steadyNow = steadyMs();
    // A line waits unless the feed ends, it waited long enough, too many wait already, or it came
    // from a file that was rotated since (a restart would read the new file, not it).
    auto mayWait = [&](const FeedLine &line) {
        return !final && line.receivedMs + m_options.holdMs > steadyNow && parked.size() < m_options.maxWaiting
               && line.after.fileId == currentFile;
    };
    Result<audit::AuditEntry> entry = Error::storage(QString());
    for (;;) {
        QList<std::pair<std::size_t, QString>> refusals;
        parked.clear();
        ImportStats stats;
        entry = auditLog.write(
            audit::Actor::of(session), audit::PendingEntry{QStringLiteral("import.batch"), m_options.name, {}},
            [&](storage::WriteTransaction &tx, audit::PendingEntry &pending) -> Status {
                storage::ImportStore store(tx.db());
                store.keepCache();
                store.stageAttempts();
                if (auto s = store.prepare(); !s)
                    return s;
                ImportRun run(store, m_keys, stats, [&parsed](const std::function<bool(const Record &)> &matches, int before) {
                    for (const Parsed &p : parsed) {
                        if (p.line >= before)
                            break;
                        if (matches(p.record))
                            return int(p.line);
                    }
                    return 0;
                });
                run.setElsewhere(QStringLiteral("in the feed so far"));
                run.setLaterWins(true); // a record sent again with other content is an update, wherever batches end
                auto refuse = [&](std::size_t k, const Error &e) {
                    refusals.append({k, e.message});
                    return e;
                };
                std::vector<std::size_t> waiting; // records that refer to one later in the batch
                for (std::size_t k = 0; k < parsed.size(); ++k) {
                    if (refused[k])
                        continue;
                    auto applied = run.apply(parsed[k].record, int(parsed[k].line), false, &parsed[k].canonical, int(k) + 1);
                    if (!applied && !isRecordRefusal(applied.error()))
                        return applied.error();
                    if (!applied)
                        refuse(k, applied.error()); // and on: every refusal of the batch is found in one try
                    else if (!applied.value())
                        waiting.push_back(k);
                }
                if (!refusals.isEmpty())
                    return Error::badInput(QStringLiteral("Records were refused.")).withCode(ErrorCode::ImportLine);
                auto staged = run.finishFirstReading();
                if (!staged)
                    return staged.error();
                for (const int order : staged.value()) // attempts waiting for their account, by k + 1
                    waiting.push_back(std::size_t(order - 1));
                std::sort(waiting.begin(), waiting.end());
                // As in a bulk import: passes until one makes no progress. What still refers to a
                // record nowhere to be found waits for a later batch (a feed need not be in order)
                // until it is held too long or the feed ends; then a strict try names the reference.
                for (bool strict = false; !waiting.empty();) {
                    std::vector<std::size_t> still;
                    for (std::size_t k : waiting) {
                        if (strict && mayWait(lines[parsed[k].index])) {
                            parked.append(parsed[k].index);
                            continue;
                        }
                        auto applied = run.apply(parsed[k].record, int(parsed[k].line), strict, nullptr);
                        if (!applied && !isRecordRefusal(applied.error()))
                            return applied.error();
                        if (!applied)
                            refuse(k, applied.error());
                        else if (!applied.value())
                            still.push_back(k);
                    }
                    if (strict || !refusals.isEmpty())
                        break;
                    strict = still.size() == waiting.size();
                    waiting = std::move(still);
                }
                if (!refusals.isEmpty())
                    return Error::badInput(QStringLiteral("Records were refused.")).withCode(ErrorCode::ImportLine);
                auto superseded = store.recomputeSupersession();
                if (!superseded)
                    return superseded.error();
                stats.supersessionChanges = superseded.value();
                if (auto s = store.cleanup(); !s)
                    return s;
                storage::FeedStore feeds(tx.db());
                for (const QuarantinedLine &q : std::as_const(keptOut)) {
                    if (auto s = feeds.quarantine(q); !s)
                        return s;
                }
                if (const auto position = positionAfter(lines, parked)) {
                    if (auto s = feeds.savePosition(m_options.name, *position, now); !s)
                        return s;
                }
                QJsonArray listed;
                QJsonObject byType;
                for (const QuarantinedLine &q : std::as_const(keptOut)) {
                    if (listed.size() < kListedInTrail)
                        listed.append(q.line);
                }
                for (auto it = stats.byType.cbegin(); it != stats.byType.cend(); ++it)
                    byType.insert(it.key(), QJsonObject{{QStringLiteral("records"), it->records}, {QStringLiteral("changed"), it->changed}});
                pending.details = QJsonObject{{QStringLiteral("feed"), m_options.name},
                                              {QStringLiteral("first_line"), batch.firstLine},
                                              {QStringLiteral("last_line"), batch.lastLine},
                                              {QStringLiteral("records"), stats.totalRecords()},
                                              {QStringLiteral("changed"), stats.totalChanged()},
                                              {QStringLiteral("quarantined"), keptOut.size()},
                                              {QStringLiteral("quarantined_lines"), listed},
                                              {QStringLiteral("by_type"), byType}};
                return {};
            });
        if (entry || refusals.isEmpty()) {
            if (entry) {
                batch.records = stats.totalRecords();
                batch.changed = stats.totalChanged();
                for (auto it = stats.byType.cbegin(); it != stats.byType.cend(); ++it)
                    batch.byType.insert(it.key(), it->records);
            }
            break;
        }
        for (const auto &[k, message] : std::as_const(refusals)) {
            refused[k] = true;
            keepOut(lines[parsed[k].index], message);
        }
    }
    for (Parsed &p : parsed) {
        wipeCodes(p.record);
        crypto::cleanse(p.canonical);
    }
    if (!entry)
        return entry.error();
    batch.seq = entry->seq;
    batch.quarantined = int(keptOut.size());
    batch.lines -= int(parked.size());
    batch.parked = parked;
    return batch;
}

} // namespace rd::importer
