#include "storage/SqliteLibrary.h"

#include <QtGlobal>

#include <sqlite3.h>

#include <mutex>

namespace rd::storage {

void configureSqliteLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // A statement journal (the pages one statement changed that the transaction had already
        // changed, kept to undo just that statement) moves from memory to a temporary file once it
        // passes 64 KiB, and stays a file until the transaction ends. One b-tree split in a long
        // import crossed that, and from then on every row cost four page writes to /var/tmp:
        // 7 of the 9 s of system time of a 1,000,000-line import. 16 MiB keeps every per-row
        // statement in memory; only a statement changing thousands of pages spills.
        const int rc = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 16 << 20);
        if (rc != SQLITE_OK) // SQLite was already in use in this process: only slower, not wrong
            qInfo("SQLite statement journal setting not applied (SQLite already initialized)");
    });
}

qint64 sqliteMemoryHighWater(bool reset)
{
    return qint64(sqlite3_memory_highwater(reset ? 1 : 0));
}

} // namespace rd::storage
