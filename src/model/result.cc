#include "model/result.h"

namespace gazette::model {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kInvalidInput:
      return "invalid_input";
    case ErrorKind::kForbidden:
      return "forbidden";
    case ErrorKind::kConflict:
      return "conflict";
    case ErrorKind::kIntegrity:
      return "integrity";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::ToString() const {
  std::string out = ErrorKindName(kind);
  out += ": ";
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace gazette::model
