#pragma once

#include <QtGlobal>

namespace rd::storage {

// How much of one statement's journal SQLite keeps in memory before it spills to a file
// (31 pages; see configureSqliteLibrary for why no more).
inline constexpr int kStatementJournalSpillBytes = 31 * 4096;

// Process-wide settings of the SQLite library, applied once before its first connection opens
// (SQLite accepts them only then; later calls change nothing and are harmless).
void configureSqliteLibrary();

// The most memory SQLite itself held at once in this process (its page caches above all), in
// bytes; reset sets the mark to what it holds now. Lets a test tell SQLite's bounded caches from
// memory that grows with the input.
qint64 sqliteMemoryHighWater(bool reset = false);

} // namespace rd::storage
