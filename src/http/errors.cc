#include "http/errors.h"

namespace gazette::http {

int StatusForError(model::ErrorKind kind) {
  switch (kind) {
    case model::ErrorKind::kNotFound:
      return 404;
    case model::ErrorKind::kInvalidInput:
      return 400;
    case model::ErrorKind::kForbidden:
      return 403;
    case model::ErrorKind::kConflict:
      return 409;
    case model::ErrorKind::kIntegrity:
      return 422;
    case model::ErrorKind::kUnavailable:
      return 503;
    case model::ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const model::Error& error) {
  int status = StatusForError(error.kind);
  if (error.kind == model::ErrorKind::kInternal) return Response::Text(status, "Internal error\n");
  std::string body = error.field.empty() ? error.message : error.field + ": " + error.message;
  return Response::Text(status, body + "\n");
}

}  // namespace gazette::http
