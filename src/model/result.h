// Errors as values across layers. Every layer returns Result<T> (or Status);
// library exceptions are converted where the library is called.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gazette::model {

enum class ErrorKind {
  kNotFound,
  kInvalidInput,
  kForbidden,
  kConflict,
  kIntegrity,
  kUnavailable,
  kInternal,
};

// Stable lowercase name, used in logs, JSON errors and CLI messages.
const char* ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string field;  // optional: the input field the error is about

  std::string ToString() const;
};

inline Error NotFound(std::string message) {
  return {ErrorKind::kNotFound, std::move(message), {}};
}
inline Error InvalidInput(std::string message, std::string field = {}) {
  return {ErrorKind::kInvalidInput, std::move(message), std::move(field)};
}
inline Error Forbidden(std::string message) {
  return {ErrorKind::kForbidden, std::move(message), {}};
}
inline Error Conflict(std::string message) {
  return {ErrorKind::kConflict, std::move(message), {}};
}
inline Error Integrity(std::string message) {
  return {ErrorKind::kIntegrity, std::move(message), {}};
}
inline Error Unavailable(std::string message) {
  return {ErrorKind::kUnavailable, std::move(message), {}};
}
inline Error Internal(std::string message) {
  return {ErrorKind::kInternal, std::move(message), {}};
}

// A value or an Error. Accessing the wrong alternative is a programming error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// Success or an Error, for operations that return nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

inline Status Ok() { return {}; }

}  // namespace gazette::model

// Propagation helpers, in the manner of absl's ASSIGN_OR_RETURN: they keep call sites to one
// line per fallible step. The error converts to the caller's Result<U> or Status.
#define GAZETTE_CONCAT_INNER(a, b) a##b
#define GAZETTE_CONCAT(a, b) GAZETTE_CONCAT_INNER(a, b)
#define GAZETTE_ASSIGN_OR_RETURN(lhs, expr)                                                      \
  auto GAZETTE_CONCAT(result_, __LINE__) = (expr);                                               \
  if (!GAZETTE_CONCAT(result_, __LINE__).ok()) return GAZETTE_CONCAT(result_, __LINE__).error(); \
  lhs = std::move(GAZETTE_CONCAT(result_, __LINE__)).value()
#define GAZETTE_RETURN_IF_ERROR(expr)          \
  do {                                         \
    auto status_ = (expr);                     \
    if (!status_.ok()) return status_.error(); \
  } while (false)
