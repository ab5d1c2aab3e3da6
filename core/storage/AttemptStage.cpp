#include "storage/AttemptStage.h"

#include "storage/PgSession.h"

#include <QLocale>

#include <libpq-fe.h>

namespace rd::storage {
namespace {

using importer::LoginAttemptRecord;

// Bytes handed to libpq at a time while a COPY runs; the server parses one chunk while the
// importer reads the next lines.
constexpr qsizetype kChunkBytes = 1 << 16;

// The stored columns of a login attempt, as login_attempts names them (the stage adds the line).
const QByteArrayList &columns()
{
    static const QByteArrayList names = {"id",     "account_id", "at",  "method", "outcome", "device_id",   "ip",
                                         "country", "city",      "lat", "lon",    "reason",  "clock_skew_s"};
    return names;
}

// "(p.account_id, p.at, ...)": every column but the id, of the row p.
QByteArray content(const char *row)
{
    QByteArrayList out;
    for (const QByteArray &c : columns().mid(1))
        out << QByteArray(row) + '.' + c;
    return '(' + out.join(", ") + ')';
}

const char *const kCreate =
    "CREATE TEMP TABLE IF NOT EXISTS import_attempts (line INTEGER NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL, "
    "at BIGINT NOT NULL, method TEXT NOT NULL, outcome TEXT NOT NULL, device_id TEXT, ip TEXT, country TEXT, city TEXT, "
    "lat DOUBLE PRECISION, lon DOUBLE PRECISION, reason TEXT, clock_skew_s BIGINT) ON COMMIT DELETE ROWS";

QByteArray copySql()
{
    return "COPY import_attempts (line, " + columns().join(", ") + ") FROM STDIN";
}

// The first line whose content differs from the first line with its id (what the per-record
// index of every other record type answers, here in one query).
QByteArray firstRepeatSql()
{
    return "SELECT s.line, f.line, s.id FROM import_attempts s JOIN (SELECT DISTINCT ON (id) * FROM import_attempts "
           "ORDER BY id, line) f ON f.id = s.id AND s.line > f.line WHERE "
           + content("s") + " IS DISTINCT FROM " + content("f") + " ORDER BY s.line LIMIT 1";
}

const char *const kWaiting = "SELECT line FROM import_attempts s WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE "
                             "a.id = s.account_id) ORDER BY line";

// ImportStore's per-record upsert, for every staged attempt whose account exists: a row changes
// only when its content differs, so re-importing a file changes nothing. One statement may not
// write a row twice: when an id comes twice, only its first line (Once: the same content, as
// firstRepeat() found no other) or its last (Last: the live feed, where a later line wins). New:
// a plain insert, for ids none of which is stored.
enum class Lines { New, All, Once, Last };
QByteArray mergeSql(Lines lines)
{
    const QByteArray all = columns().join(", ");
    const bool distinct = lines == Lines::Once || lines == Lines::Last;
    const QByteArray order = lines == Lines::Once ? " ORDER BY id, line" : lines == Lines::Last ? " ORDER BY id, line DESC" : "";
    const QByteArray insert = "INSERT INTO login_attempts (" + all + ") SELECT " + (distinct ? "DISTINCT ON (id) " : "") + all
                              + " FROM import_attempts s WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id)" + order;
    if (lines == Lines::New)
        return insert;
    return insert + " ON CONFLICT (id) DO UPDATE SET " + content("x").replace("x.", "")
           + " = " + content("excluded") + " WHERE " + content("login_attempts") + " IS DISTINCT FROM " + content("excluded");
}

// "ON CONFLICT DO UPDATE command cannot affect row a second time"
const char *const kCardinalityViolation = "21000";
const char *const kUniqueViolation = "23505";

// Whether a staged id is stored already (a re-import, or a later version of an attempt).
const char *const kAnyStored =
    "SELECT EXISTS (SELECT 1 FROM import_attempts s JOIN login_attempts t ON t.id = s.id)";

struct Result_ {
    PGresult *r;
    ~Result_() { PQclear(r); }
};

void text(QByteArray &out, const QString &s)
{
    if (s.isNull()) {
        out.append("\\N");
        return;
    }
    // COPY's text format: a backslash, tab, newline or carriage return is written as an escape.
    for (const char c : s.toUtf8()) {
        switch (c) {
        case '\\': out.append("\\\\"); break;
        case '\t': out.append("\\t"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        default: out.append(c);
        }
    }
}

void number(QByteArray &out, const std::optional<double> &v)
{
    // The shortest text that reads back as the same double.
    out.append(v ? QByteArray::number(*v, 'g', QLocale::FloatingPointShortest) : QByteArrayLiteral("\\N"));
}

void number(QByteArray &out, const std::optional<qint64> &v)
{
    out.append(v ? QByteArray::number(*v) : QByteArrayLiteral("\\N"));
}

} // namespace

std::unique_ptr<AttemptStage> AttemptStage::on(const QSqlDatabase &db)
{
    pg_conn *conn = pgConnectionOf(db);
    return conn ? std::unique_ptr<AttemptStage>(new AttemptStage(conn)) : nullptr;
}

AttemptStage::AttemptStage(pg_conn *conn) : m_conn(conn) {}

AttemptStage::~AttemptStage()
{
    // Left mid-COPY (an error or a cancel elsewhere): the COPY ends as usual, into a table the
    // owner's rollback removes. Failing it instead would fail the transaction, and with it the
    // DEALLOCATE of every statement Qt prepared on this session, which would then stay.
    if (m_copying && PQputCopyEnd(m_conn, nullptr) == 1) {
        while (PGresult *r = PQgetResult(m_conn))
            PQclear(r);
    }
}

Error AttemptStage::failure(const char *doing) const
{
    return pgFailure(m_conn, doing);
}

Status AttemptStage::run(const char *sql, const char *doing, int *affected)
{
    if (auto s = pause(); !s)
        return s;
    Result_ r{PQexec(m_conn, sql)};
    if (PQresultStatus(r.r) != PGRES_COMMAND_OK)
        return failure(doing);
    if (affected)
        *affected = QByteArray(PQcmdTuples(r.r)).toInt();
    return {};
}

Status AttemptStage::prepare()
{
    // One table for the session, emptied by every commit (in place: a live feed commits a batch
    // every fraction of a second, and creating, dropping or truncating a table each time would
    // leave dead rows in the system catalogs); what a rollback left is not visible.
    m_rows = 0;
    m_merged = false;
    if (auto s = run(kCreate, "preparing the import"); !s)
        return s;
    // Empty already unless this transaction staged before (another store on it): then it starts
    // afresh.
    return run("DELETE FROM import_attempts", "preparing the import");
}

Status AttemptStage::add(const LoginAttemptRecord &l, int line)
{
    if (!m_copying) {
        if (auto s = pause(); !s)
            return s;
        // Merged already in this transaction: those rows go before new ones come.
        if (m_merged) {
            if (auto s = run("DELETE FROM import_attempts", "writing login attempts"); !s)
                return s;
            m_merged = false;
        }
        Result_ r{PQexec(m_conn, copySql().constData())};
        if (PQresultStatus(r.r) != PGRES_COPY_IN)
            return failure("writing login attempts");
        m_copying = true;
    }
    m_buffer.append(QByteArray::number(line)).append('\t');
    text(m_buffer, l.id);
    m_buffer.append('\t');
    text(m_buffer, l.account);
    m_buffer.append('\t').append(QByteArray::number(l.at)).append('\t');
    for (const QString *s : {&l.method, &l.outcome, &l.device, &l.ip, &l.country, &l.city}) {
        text(m_buffer, *s);
        m_buffer.append('\t');
    }
    number(m_buffer, l.lat);
    m_buffer.append('\t');
    number(m_buffer, l.lon);
    m_buffer.append('\t');
    text(m_buffer, l.reason);
    m_buffer.append('\t');
    number(m_buffer, l.clockSkewS);
    m_buffer.append('\n');
    ++m_rows;
    return m_buffer.size() >= kChunkBytes ? send() : Status{};
}

Status AttemptStage::send()
{
    if (!m_buffer.isEmpty() && PQputCopyData(m_conn, m_buffer.constData(), int(m_buffer.size())) != 1)
        return failure("writing login attempts");
    m_buffer.clear();
    return {};
}

Status AttemptStage::pause()
{
    if (!m_copying)
        return pgTakeOver(m_conn, true, "writing login attempts");
    if (auto s = send(); !s)
        return s;
    m_copying = false;
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        return failure("writing login attempts");
    bool ok = true;
    while (PGresult *r = PQgetResult(m_conn)) {
        ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
    }
    return ok ? Status{} : failure("writing login attempts");
}

Result<std::optional<AttemptStage::Repeat>> AttemptStage::firstRepeat()
{
    if (auto s = pause(); !s)
        return s.error();
    Result_ r{PQexec(m_conn, firstRepeatSql().constData())};
    if (PQresultStatus(r.r) != PGRES_TUPLES_OK)
        return failure("checking repeated login attempts");
    if (PQntuples(r.r) == 0)
        return std::optional<Repeat>();
    return std::optional<Repeat>(Repeat{QByteArray(PQgetvalue(r.r, 0, 0)).toInt(), QByteArray(PQgetvalue(r.r, 0, 1)).toInt(),
                                        QString::fromUtf8(PQgetvalue(r.r, 0, 2))});
}

Result<bool> AttemptStage::findRepeat(Merged &merged)
{
    auto repeat = firstRepeat();
    if (!repeat)
        return repeat.error();
    merged.repeat = *repeat;
    return merged.repeat.has_value();
}

Result<AttemptStage::Merged> AttemptStage::merge(bool laterWins)
{
    Merged merged;
    if (auto s = pause(); !s)
        return s.error();
    if (m_rows == 0)
        return merged;
    {
        Result_ r{PQexec(m_conn, kWaiting)};
        if (PQresultStatus(r.r) != PGRES_TUPLES_OK)
            return failure("reading login attempts");
        for (int i = 0, n = PQntuples(r.r); i < n; ++i)
            merged.waiting.append(QByteArray(PQgetvalue(r.r, i, 0)).toInt());
    }
    if (laterWins) {
        if (auto s = run(mergeSql(Lines::Last).constData(), "writing login attempts", &merged.changed); !s)
            return s.error();
        return finished(merged);
    }
    // A line that waits is not written here, so the upsert cannot see it repeat a written one.
    if (!merged.waiting.isEmpty()) {
        auto found = findRepeat(merged);
        if (!found || found.value())
            return found ? Result<Merged>(merged) : Result<Merged>(found.error());
    }
    if (auto s = run("SAVEPOINT import_attempts", "writing login attempts"); !s)
        return s.error();
    // Usually every id is new (the next part of the platform's history): a plain insert then
    // skips the upsert's check of each row (a third of the time). An id met twice in the file
    // still fails it, and the upsert follows.
    std::optional<int> written;
    bool anyStored = true;
    {
        Result_ r{PQexec(m_conn, kAnyStored)};
        if (PQresultStatus(r.r) != PGRES_TUPLES_OK)
            return failure("reading login attempts");
        anyStored = qstrcmp(PQgetvalue(r.r, 0, 0), "f") != 0;
    }
    if (!anyStored) {
        auto fresh = tryInSavepoint(mergeSql(Lines::New), kUniqueViolation);
        if (!fresh)
            return fresh.error();
        written = *fresh;
    }
    if (!written) {
        auto upserted = tryInSavepoint(mergeSql(Lines::All), kCardinalityViolation);
        if (!upserted)
            return upserted.error();
        written = *upserted;
    }
    if (!written) {
        // An id came twice: with other content that is the import's error, else write it once.
        auto found = findRepeat(merged);
        if (!found)
            return found.error();
        if (found.value()) { // the import's error: its transaction goes
            if (auto s = run("RELEASE SAVEPOINT import_attempts", "writing login attempts"); !s)
                return s.error();
            return merged;
        }
        written = 0;
        if (auto s = run(mergeSql(Lines::Once).constData(), "writing login attempts", &*written); !s)
            return s.error();
    }
    merged.changed = *written;
    if (auto s = run("RELEASE SAVEPOINT import_attempts", "writing login attempts"); !s)
        return s.error();
    return finished(merged);
}

Result<std::optional<int>> AttemptStage::tryInSavepoint(const QByteArray &sql, const char *state)
{
    Result_ r{PQexec(m_conn, sql.constData())};
    if (PQresultStatus(r.r) == PGRES_COMMAND_OK)
        return std::optional<int>(QByteArray(PQcmdTuples(r.r)).toInt());
    const char *got = PQresultErrorField(r.r, PG_DIAG_SQLSTATE);
    if (!got || qstrcmp(got, state) != 0)
        return failure("writing login attempts");
    if (auto s = run("ROLLBACK TO SAVEPOINT import_attempts", "writing login attempts"); !s)
        return s.error();
    return std::optional<int>();
}

Result<AttemptStage::Merged> AttemptStage::finished(Merged merged)
{
    m_merged = true;
    merged.records = m_rows - int(merged.waiting.size());
    m_rows = 0;
    return merged;
}

} // namespace rd::storage
