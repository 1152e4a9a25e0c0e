// Status and Result<T>: how every dyad function reports failure.
//
// A Status is either OK or carries a stable code and a message that names what failed (file, line,
// record, offset). Exceptions never cross the library API; the CLI maps codes to exit codes.
//
//   dyad::Result<Model> m = LoadModel(path);
//   if (!m.ok()) return m.status();
//   Use(*m);
//
// Thread-safety: plain values; safe to copy between threads.
#ifndef DYAD_STATUS_H_
#define DYAD_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dyad {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // bad input: malformed record, unparsable value, bad option
  kNotFound = 2,         // missing file, missing model, unknown id
  kCorruption = 3,       // a file we wrote or ship is damaged (wrong magic, checksum, truncation)
  kIoError = 4,          // the operating system refused (permissions, disk full, read error)
  kUnavailable = 5,      // a service or resource is not reachable now; retrying may help
  kUnimplemented = 6,    // the build or input kind does not support this operation
  kInternal = 7,         // a bug in dyad
};

// Returns a stable lower-case name such as "invalid argument".
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: file.jsonl:3: expected '}'" or "OK".
  std::string ToString() const;

  // Returns a copy with `context + ": "` prepended to the message (for adding file names etc.).
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string msg) {
  return Status(StatusCode::kInvalidArgument, std::move(msg));
}
inline Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
inline Status Corruption(std::string msg) {
  return Status(StatusCode::kCorruption, std::move(msg));
}
inline Status IoError(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
inline Status Unavailable(std::string msg) {
  return Status(StatusCode::kUnavailable, std::move(msg));
}
inline Status Unimplemented(std::string msg) {
  return Status(StatusCode::kUnimplemented, std::move(msg));
}
inline Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

// Result<T> holds either a T or a non-OK Status (shaped like std::expected).
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Internal("Result constructed from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace dyad

#define DYAD_CONCAT_INNER_(a, b) a##b
#define DYAD_CONCAT_(a, b) DYAD_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                     \
  do {                                            \
    ::dyad::Status dyad_status_ = (expr);         \
    if (!dyad_status_.ok()) return dyad_status_;  \
  } while (0)

// ASSIGN_OR_RETURN(auto x, MakeX()): assigns the value or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(DYAD_CONCAT_(dyad_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(*tmp)

#endif  // DYAD_STATUS_H_
