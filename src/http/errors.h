// The one mapping from model error kinds to HTTP statuses.
#pragma once

#include "http/message.h"
#include "model/result.h"

namespace gazette::http {

// not_found 404, invalid_input 400, forbidden 403, conflict 409, integrity 422,
// unavailable 503, internal 500.
int StatusForError(model::ErrorKind kind);

// A plain-text response with StatusForError(error.kind). Internal errors do not
// expose their message to the client.
Response ErrorResponse(const model::Error& error);

}  // namespace gazette::http
