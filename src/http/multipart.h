// multipart/form-data request bodies (RFC 7578), as browsers send file uploads. Neither Boost
// (Beast parses HTTP messages, not their multipart bodies) nor a Debian C++ library offers a
// parser for them, so this is a small strict one over the whole body in memory (the server
// has already capped its size).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace gazette::http {

struct FormPart {
  std::string name;          // the Content-Disposition name
  std::string filename;      // as the browser sent it; meaningful only when is_file
  bool is_file = false;      // the part had a filename parameter (even an empty one)
  std::string content_type;  // "" when the part did not say
  std::string body;
};

struct Multipart {
  std::vector<FormPart> parts;  // in body order

  // The plain (non-file) fields; the first value of a repeated name wins, as in ParseForm.
  std::map<std::string, std::string> Fields() const;
  // The first file part named `name`, or nullptr.
  const FormPart* File(std::string_view name) const;
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type value (quoted
// or not, 1 to 70 characters), or kInvalidInput when the type is another one or has no usable
// boundary.
model::Result<std::string> MultipartBoundary(std::string_view content_type);

// Parses `body` sent with `content_type`. kInvalidInput, with a short reason, for: a missing
// or bad boundary, a body that does not open with the boundary, a part whose headers do not
// end or lack a form-data Content-Disposition with a name, a part that is never closed by a
// boundary, a missing final "--boundary--", or more than `max_parts` parts. A preamble before
// the first boundary and an epilogue after the last are ignored, as RFC 2046 says.
model::Result<Multipart> ParseMultipart(std::string_view content_type, std::string_view body,
                                        std::size_t max_parts = 64);

}  // namespace gazette::http
