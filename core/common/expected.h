// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace awb::core {

/// Why an operation failed. The message is meant for a person: it names the file, line, column
/// or configuration field at fault.
enum class ErrorCode {
    InvalidArgument,  ///< a setting or argument is out of range or inconsistent
    Io,               ///< a file could not be opened, read or written
    Format,           ///< a file's content is not what it should be
    Cancelled,        ///< the user stopped the operation
    Diverged,         ///< training produced a NaN or infinite loss
    Internal,         ///< an unexpected failure inside a library
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

/// Either a value or an Error. Public core entry points return this instead of throwing.
template <typename T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : state_(std::move(value)) {}                   // NOLINT(implicit)
    Expected(Error error) : state_(std::move(error)) {}               // NOLINT(implicit)
    Expected(ErrorCode code, std::string message) : state_(Error{code, std::move(message)}) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(state_); }

private:
    std::variant<T, Error> state_;
};

/// Expected for operations that produce nothing but may fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : error_(std::move(error)) {}                 // NOLINT(implicit)
    Status(ErrorCode code, std::string message) : error_(Error{code, std::move(message)}) {}

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

inline Error makeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace awb::core
