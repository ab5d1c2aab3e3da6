#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace rd {

// What kind of failure an Error is. The numeric values are the CLI exit codes (SPEC §9).
enum class ErrorKind {
    Refused = 1,  // a role, state or policy does not allow the operation; or a check found a problem
    BadInput = 2, // malformed or unknown input (ids included)
    Storage = 3,  // database or file system failure
};

struct Error {
    ErrorKind kind = ErrorKind::BadInput;
    QString message; // one sentence naming what to fix

    static Error refused(QString m) { return {ErrorKind::Refused, std::move(m)}; }
    static Error badInput(QString m) { return {ErrorKind::BadInput, std::move(m)}; }
    static Error storage(QString m) { return {ErrorKind::Storage, std::move(m)}; }
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
