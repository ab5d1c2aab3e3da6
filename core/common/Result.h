#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <variant>

namespace rd {

// What kind of failure an Error is. The numeric values are the CLI exit codes (SPEC §9).
enum class ErrorKind {
    Refused = 1,  // a role, state or policy does not allow the operation; or a check found a problem
    BadInput = 2, // malformed or unknown input (ids included)
    Storage = 3,  // database or file system failure
};

// What happened, for callers that act on it. Callers switch on codes, never on message text.
enum class ErrorCode {
    Unspecified,  // nothing a caller needs to tell apart
    InvalidValue, // `field` holds a value that is not allowed (`choices` lists them, for a choice)
    MissingValue, // `field` is required and was not given
    Conflict,     // changed since the caller read it (optimistic version): reload and try again
    AlreadyDone,  // the operation had been carried out already; nothing changed (not a failure to report)
    ImportLine,   // a line of an import file is malformed; the message names line, field and expectation
    Cancelled,    // the caller's progress callback asked to stop; nothing was written
    SchemaOutdated, // the database needs migrations this connection may not run (team mode: the owner runs init)
    Damaged,        // the database file is damaged (SQLite found corruption): restore it from a backup
    SessionEnded,   // a CLI session token is no longer (or never was) live: sign in with the password
    ConnectionLost, // the team database's server went away; the next call reconnects (the change may not have been made)
    OperatorRevoked, // the signed-in operator was disabled or given another role since signing in: sign in again
    PasswordChangeRequired, // the password was right but someone else chose it: sign in again with a new one of your own
};

struct Error {
    Error(ErrorKind k = ErrorKind::BadInput, QString m = {}, ErrorCode c = ErrorCode::Unspecified, QString f = {},
          QStringList ch = {})
        : kind(k), message(std::move(m)), code(c), field(std::move(f)), choices(std::move(ch))
    {
    }

    ErrorKind kind = ErrorKind::BadInput;
    QString message;  // one sentence naming what to fix, in the model's words (never a CLI flag)
    ErrorCode code = ErrorCode::Unspecified;
    QString field;    // the input it concerns, by its model name ("channel", "summary", "key_dir"...)
    QStringList choices; // the allowed values, for InvalidValue on a choice

    static Error refused(QString m) { return {ErrorKind::Refused, std::move(m)}; }
    static Error badInput(QString m) { return {ErrorKind::BadInput, std::move(m)}; }
    static Error storage(QString m) { return {ErrorKind::Storage, std::move(m)}; }
    // A value outside a fixed set: "The channel must be one of phone, email, chat, web."
    static Error invalidChoice(const QString &field, const QString &what, QStringList choices)
    {
        const QString message = QStringLiteral("The %1 must be one of %2.").arg(what, choices.join(QStringLiteral(", ")));
        return {ErrorKind::BadInput, message, ErrorCode::InvalidValue, field, std::move(choices)};
    }
    // A bad or missing value of one input; the message says what is expected.
    static Error invalidField(const QString &field, QString m, ErrorCode code = ErrorCode::InvalidValue)
    {
        return {ErrorKind::BadInput, std::move(m), code, field, {}};
    }
    Error &withCode(ErrorCode c)
    {
        code = c;
        return *this;
    }
};

// A value or an Error; no exceptions cross the core API.
template<typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

} // namespace rd
