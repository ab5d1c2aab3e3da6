#pragma once

#include "model/Role.h"
#include "common/Result.h"

#include <QByteArrayView>
#include <QString>

#include <functional>

class QJsonObject;

namespace rd {
class Clock;
class RandomSource;
}
namespace rd::crypto {
class KeyStore;
class SecretBytes;
}
namespace rd::storage {
class Database;
}

namespace rd::auth {

// CLI sessions (SPEC §9): the password is checked once at `login`; later commands present a
// random 256-bit token, of which the database keeps only the SHA-256. A session ends after
// 15 minutes without use, 8 hours in all, at `logout`, and at once when its operator is
// disabled or changes role. What a session does is audited as its operator, as with a password.
class CliSessions final {
public:
    static constexpr qint64 kIdleMs = 15 * 60 * 1000;
    static constexpr qint64 kLifetimeMs = 8 * 60 * 60 * 1000;
    static constexpr int kTokenBytes = 32;

    CliSessions(storage::Database &database, const crypto::KeyStore &keys, const Clock &clock, RandomSource &random);

    // Signs in with the password (lockout rules apply) and opens a session, audited as
    // session.start. The token goes to *token and nowhere else.
    Result<Session> start(const QString &username, const QString &password, crypto::SecretBytes *token,
                          const QString &newPassword = {});
    // The session's operator, or a refusal with ErrorCode::SessionEnded whose message says why
    // (unknown or ended token, idle or total time up, operator disabled, role changed). A refusal
    // of a token that names a session is audited as session.refused.
    Result<Session> resume(const QString &username, QByteArrayView token);
    // A token whose file others could read (SessionFile::read): its session ends now, audited as
    // session.refused (exposed). Returns the refusal to report.
    Error refuseExposed(const QString &username, QByteArrayView token, const Error &refusal);
    // Ends the session (logout), audited as session.end; false when it was not live.
    Result<bool> end(const QString &username, QByteArrayView token);

private:
    // Ends a live session of username with the audit entry (action, details) in one write; false
    // when there was none.
    Result<bool> endLive(const QString &username, QByteArrayView token, const QString &action, const QJsonObject &details);
    // Ends what must end (endIt) and records session.refused in one write; returns the refusal.
    Error refuse(const QString &username, const QString &role, const QString &why, const QString &reason,
                 const std::function<Status()> &endIt);

    storage::Database &m_database;
    const crypto::KeyStore &m_keys;
    const Clock &m_clock;
    RandomSource &m_random;
};

} // namespace rd::auth
