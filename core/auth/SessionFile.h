#pragma once

#include "common/Result.h"

#include <QString>

#include <optional>

namespace rd::crypto {
class SecretBytes;
}

namespace rd::auth {

// Where a CLI session's token is kept between commands (SPEC §9): one file per database and
// operator, readable only by the user, under $XDG_RUNTIME_DIR/recoverydesk/ (else the key
// directory). Files are created 0600 without following links; a file that another user owns or
// that others may read is refused rather than trusted.
class SessionFile final {
public:
    // databaseId names the database (its absolute path or team URL).
    SessionFile(const QString &keyDir, const QString &databaseId, const QString &username);

    const QString &path() const { return m_path; }
    // The token, or nullopt when there is no file. A file that is not a private regular file of
    // this user, a link, damaged or unreadable is refused (ErrorCode::SessionEnded); one of ours
    // that others could read is refused too, its token handed to *exposed so its session can end.
    Result<std::optional<crypto::SecretBytes>> read(crypto::SecretBytes *exposed = nullptr) const;
    // Creates the directory if needed and checks it is private (before a login asks anything).
    Status prepare() const;
    // Writes (or replaces) the file with the token.
    Status write(const crypto::SecretBytes &token) const;
    // Removes the file; no file is not an error.
    Status remove() const;

private:
    QString m_directory;
    bool m_inKeyDir = false;
    QString m_path;
};

} // namespace rd::auth
