#pragma once

#include "common/Result.h"
#include "model/FeedTypes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace rd::importer {

// One line of a feed, as read.
struct FeedLine {
    QByteArray bytes;     // without its end; may hold codes: whoever consumes it wipes it
    qint64 number = 0;    // 1-based, in its file (or since the stream began)
    FeedPosition before;  // where a followed file stands before this line (empty fileId: a pipe)
    FeedPosition after;   // ...and once this line is committed
    qint64 receivedMs = 0; // steadyMs() when it was read (Feed.h)
    bool tooLong = false; // longer than 1 MiB: bytes is empty and the line is kept out
};

// The lines of a feed, as they arrive (`import --follow`):
// - a regular file is followed like `tail -F`: new lines as they are appended, a file that does
//   not exist yet is waited for, a rotated file (another inode at the path) is read to its end and
//   the new one read from its start, a truncated file is read again from its start; a partial last
//   line waits for its end;
// - a named pipe is kept open across writers (it never ends);
// - "-" is standard input, which ends at its end (`kcat ... | recoverydesk-cli import --follow -`).
// Reads never block longer than asked, so the caller can close a batch or stop in time.
class FeedReader final {
public:
    enum class Kind { File, Fifo, Stream };

    // resume: where an earlier run committed up to, for a file; ignored for pipes.
    static Result<std::unique_ptr<FeedReader>> open(const QString &path, const std::optional<FeedPosition> &resume = {});
    ~FeedReader();
    FeedReader(const FeedReader &) = delete;
    FeedReader &operator=(const FeedReader &) = delete;

    // Waits up to timeoutMs for a complete line: true with *line filled, false when none came
    // in time or the stream ended (ended()).
    Result<bool> next(FeedLine *line, int timeoutMs);
    // The stream ended and every line of it was handed out.
    bool ended() const { return m_ended && m_head >= m_buffer.size(); }
    // At a stop: every complete line read already (for a pipe, after reading the started one to
    // its end, waiting up to timeoutMs).
    QList<FeedLine> drain(int timeoutMs);
    Kind kind() const { return m_kind; }
    // "device:inode" of the file read now; empty for a pipe.
    const QString &fileId() const { return m_fileId; }
    // What a log should say happened to the source since the last call (a rotation, a truncation).
    QStringList takeNotices();

private:
    FeedReader(Kind kind, QString path);
    Status openFile(const std::optional<FeedPosition> &resume);
    // Reads what is there without waiting; false when nothing was.
    Result<bool> fill();
    Status checkRotation();
    bool takeLine(FeedLine *line, bool atEnd);
    void dropConsumed();

    Kind m_kind;
    QString m_path;
    int m_fd = -1;
    QString m_fileId;
    QByteArray m_buffer;
    qsizetype m_head = 0;     // first byte of m_buffer not yet handed out
    qint64 m_bufferAt = 0;    // file offset of m_buffer[0]
    qint64 m_line = 0;        // lines handed out in this file
    bool m_discarding = false; // inside a line longer than 1 MiB
    bool m_ended = false;
    bool m_pendingSwitch = false; // the path holds another file: this one is read to its end again...
    bool m_switchReady = false;   // ...and was: the other is opened once this one's lines are out
    QStringList m_notices;
};

} // namespace rd::importer
