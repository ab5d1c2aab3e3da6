#pragma once

#include <QString>

namespace rd::importer {

// Where a followed file was read to (`import --follow`): the file, the byte after the last line
// committed and that line's number in the file.
struct FeedPosition {
    QString fileId; // "device:inode" of the file, to tell a rotated file from the one read
    qint64 offset = 0;
    qint64 line = 0;
};

// A feed line that could not be imported, as kept for the admin's Import page. Never the line:
// the excerpt shows its identifiers, times and kinds only (empty when the line is not JSON).
struct QuarantinedLine {
    qint64 id = 0;
    QString feed;
    qint64 line = 0;
    qint64 receivedAt = 0; // ms since the epoch, UTC
    QString recordType;    // empty when unknown
    QString error;         // the import's message: it never shows a code, email or phone
    QString excerpt;
    qint64 lineBytes = 0;  // the line's length without its end (never a hash of it: a short line is guessed)
};

} // namespace rd::importer
