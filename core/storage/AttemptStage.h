#pragma once

#include "common/Result.h"
#include "model/ImportRecords.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>

#include <memory>
#include <optional>

struct pg_conn;

namespace rd::storage {

// PostgreSQL only: an import's login attempts streamed with COPY into a temporary table of the
// import's transaction, then written in one statement. QtSql runs one round trip a record, which
// made a PostgreSQL import of a million attempts take 50 times as long as `psql \copy`. The rows
// go through libpq on the connection Qt's driver holds (its documented handle), between Qt's
// statements: a COPY in progress is ended before any other statement runs (pause()).
class AttemptStage final {
public:
    // Null when the connection is not PostgreSQL through libpq.
    static std::unique_ptr<AttemptStage> on(const QSqlDatabase &db);
    ~AttemptStage();
    AttemptStage(const AttemptStage &) = delete;
    AttemptStage &operator=(const AttemptStage &) = delete;

    // Creates the table if this session has none yet (a temporary table, emptied by each commit).
    Status prepare();
    // line: the record's line, or any number that orders the run's records (what merge() names).
    Status add(const importer::LoginAttemptRecord &attempt, int line);
    // Ends the COPY in progress, if any, so that other statements can run; else checks that the
    // connection is between statements.
    Status pause();
    bool isEmpty() const { return m_rows == 0; }

    // A staged line that repeats an earlier staged line's id with other content: the first such
    // line of the file, and the first line with that id.
    struct Repeat {
        int line = 0;
        int earlier = 0;
        QString id;
    };
    Result<std::optional<Repeat>> firstRepeat();

    struct Merged {
        int records = 0;       // staged lines written (each counts, as a line of the file does)
        int changed = 0;       // rows inserted or changed
        QList<int> waiting;    // lines whose account is not in the database: retried by the caller
        std::optional<Repeat> repeat; // set instead of a write when two lines differ
    };
    // Writes every staged attempt whose account exists (upsert: a row changes only when its
    // content differs); later add()s start a new stage. laterWins: of lines with one id, the last one is
    // written, and no repeat is an error (the live feed).
    Result<Merged> merge(bool laterWins = false);

private:
    explicit AttemptStage(pg_conn *conn);
    Status run(const char *sql, const char *doing, int *affected = nullptr);
    Status send();
    Result<Merged> finished(Merged merged);
    // Runs sql in the savepoint: the rows it wrote, or nullopt (rolled back to the savepoint) when
    // it failed with SQLSTATE `state`.
    Result<std::optional<int>> tryInSavepoint(const QByteArray &sql, const char *state);
    // Sets merged.repeat to the first repeat, if any; whether there was one.
    Result<bool> findRepeat(Merged &merged);
    Error failure(const char *doing) const;

    pg_conn *m_conn;
    QByteArray m_buffer;
    int m_rows = 0;
    bool m_copying = false;
    bool m_merged = false; // the table still holds rows merge() wrote (until the commit)
};

} // namespace rd::storage
