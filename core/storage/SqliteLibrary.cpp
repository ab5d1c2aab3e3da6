#include "storage/SqliteLibrary.h"

#include <QtGlobal>

#include <sqlite3.h>

#include <mutex>

namespace rd::storage {

static_assert(kStatementJournalSpillBytes < 0x1ffff, "SQLite's unix VFS cannot write a larger block at once");

void configureSqliteLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // A statement journal (the pages one statement changed that existed before it, kept to
        // undo just that statement) moves from memory to a temporary file once it passes the
        // threshold (64 KiB by default), and stays a file until the transaction ends. One b-tree
        // split in a long import crossed 64 KiB, and from then on every row cost four page writes
        // to /var/tmp: 7 of the 9 s of system time of a 1,000,000-line import.
        // The threshold is also the size of the blocks the journal is kept in and written out in
        // when it spills, and SQLite's unix VFS writes at most 0x1ffff bytes at once (it masks
        // the length): a block of 128 KiB or more spills as a write of nothing, which SQLite
        // reports as "database or disk is full". 31 pages is the most that still spills; it keeps
        // an import's per-row statements in memory (1,000,000 lines as fast as with 16 MiB, and
        // no 16 MiB allocation per row).
        const int rc = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalSpillBytes);
        if (rc != SQLITE_OK) // SQLite was already in use in this process: only slower, not wrong
            qInfo("SQLite statement journal setting not applied (SQLite already initialized)");
    });
}

qint64 sqliteMemoryHighWater(bool reset)
{
    return qint64(sqlite3_memory_highwater(reset ? 1 : 0));
}

} // namespace rd::storage
