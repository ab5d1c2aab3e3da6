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
        // 7 of the 9 s of system time of a 1,000,000-line import. The threshold is also the size
        // of the one block SQLite allocates for each statement's journal, so it cannot be large:
        // 16 MiB a row took an AddressSanitizer build minutes for 100,000 rows. 1 MiB (256
        // pages) holds any per-row statement, imports as fast, and still spills big statements.
        const int rc = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20);
        if (rc != SQLITE_OK) // SQLite was already in use in this process: only slower, not wrong
            qInfo("SQLite statement journal setting not applied (SQLite already initialized)");
    });
}

qint64 sqliteMemoryHighWater(bool reset)
{
    return qint64(sqlite3_memory_highwater(reset ? 1 : 0));
}

} // namespace rd::storage
