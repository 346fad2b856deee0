#include "http/multipart.h"

#include <optional>
#include <utility>

#include "http/message.h"

namespace gazette::http {

namespace {

using model::InvalidInput;

constexpr std::size_t kMaxBoundary = 70;
constexpr std::size_t kMaxPartHeaders = 8 * 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A header value's first token and its ";"-separated key=value parameters (keys lowercase,
// quoted values unquoted). nullopt when a quoted string is not closed.
struct HeaderValue {
  std::string token;
  std::vector<std::pair<std::string, std::string>> params;
};

std::optional<HeaderValue> ParseHeaderValue(std::string_view value) {
  HeaderValue out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
  };
  skip_space();
  const std::size_t token_start = i;
  while (i < value.size() && value[i] != ';') ++i;
  out.token = AsciiLower(Trim(value.substr(token_start, i - token_start)));
  while (i < value.size()) {
    ++i;  // the ';'
    skip_space();
    const std::size_t key_start = i;
    while (i < value.size() && value[i] != '=' && value[i] != ';') ++i;
    std::string key = AsciiLower(Trim(value.substr(key_start, i - key_start)));
    std::string param;
    if (i < value.size() && value[i] == '=') {
      ++i;
      skip_space();
      if (i < value.size() && value[i] == '"') {
        ++i;
        bool closed = false;
        while (i < value.size()) {
          const char c = value[i++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && i < value.size()) {
            param += value[i++];
          } else {
            param += c;
          }
        }
        if (!closed) return std::nullopt;
        skip_space();
      } else {
        const std::size_t start = i;
        while (i < value.size() && value[i] != ';') ++i;
        param = std::string(Trim(value.substr(start, i - start)));
      }
    }
    if (!key.empty()) out.params.emplace_back(std::move(key), std::move(param));
    while (i < value.size() && value[i] != ';') ++i;
  }
  return out;
}

const std::string* Param(const HeaderValue& value, std::string_view key) {
  for (const auto& [k, v] : value.params) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace

std::map<std::string, std::string> Multipart::Fields() const {
  std::map<std::string, std::string> out;
  for (const FormPart& part : parts) {
    if (!part.is_file) out.emplace(part.name, part.body);
  }
  return out;
}

const FormPart* Multipart::File(std::string_view name) const {
  for (const FormPart& part : parts) {
    if (part.is_file && part.name == name) return &part;
  }
  return nullptr;
}

model::Result<std::string> MultipartBoundary(std::string_view content_type) {
  auto parsed = ParseHeaderValue(content_type);
  if (!parsed || parsed->token != "multipart/form-data") {
    return InvalidInput("the form must be sent as multipart/form-data");
  }
  const std::string* boundary = Param(*parsed, "boundary");
  if (boundary == nullptr || boundary->empty() || boundary->size() > kMaxBoundary) {
    return InvalidInput("the multipart form has no usable boundary");
  }
  for (char c : *boundary) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return InvalidInput("the multipart form has no usable boundary");
    }
  }
  return *boundary;
}

model::Result<Multipart> ParseMultipart(std::string_view content_type, std::string_view body,
                                        std::size_t max_parts) {
  GAZETTE_ASSIGN_OR_RETURN(std::string boundary, MultipartBoundary(content_type));
  const std::string delimiter = "--" + boundary;
  const std::string inner = "\r\n" + delimiter;

  // The first delimiter opens the body or follows a preamble line.
  std::size_t at = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    at = body.find(inner);
    if (at == std::string_view::npos) return InvalidInput("the multipart body has no boundary");
    at += 2;
  }
  at += delimiter.size();

  Multipart out;
  for (;;) {
    // After a delimiter: "--" ends the body; otherwise optional padding and CRLF.
    if (body.substr(at, 2) == "--") return out;
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
    if (body.substr(at, 2) != "\r\n") {
      return InvalidInput("the multipart body is malformed after a boundary");
    }
    at += 2;
    if (out.parts.size() >= max_parts) return InvalidInput("the form has too many parts");

    const std::size_t headers_end = body.find("\r\n\r\n", at);
    const bool no_headers = body.substr(at, 2) == "\r\n";
    if (!no_headers &&
        (headers_end == std::string_view::npos || headers_end - at > kMaxPartHeaders)) {
      return InvalidInput("a part of the multipart body has unterminated headers");
    }
    FormPart part;
    bool has_disposition = false;
    if (!no_headers) {
      std::string_view headers = body.substr(at, headers_end - at);
      while (!headers.empty()) {
        std::size_t eol = headers.find("\r\n");
        std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
          return InvalidInput("a part of the multipart body has a malformed header");
        }
        const std::string name = AsciiLower(Trim(line.substr(0, colon)));
        const std::string_view value = Trim(line.substr(colon + 1));
        if (name == "content-disposition") {
          auto parsed = ParseHeaderValue(value);
          if (!parsed || parsed->token != "form-data") {
            return InvalidInput("a part of the multipart body is not form-data");
          }
          const std::string* field = Param(*parsed, "name");
          if (field == nullptr || field->empty()) {
            return InvalidInput("a part of the multipart body has no name");
          }
          part.name = *field;
          if (const std::string* file = Param(*parsed, "filename")) {
            part.is_file = true;
            part.filename = *file;
          }
          has_disposition = true;
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      at = headers_end + 4;
    } else {
      at += 2;
    }
    if (!has_disposition) {
      return InvalidInput("a part of the multipart body has no Content-Disposition");
    }
    const std::size_t end = body.find(inner, at);
    if (end == std::string_view::npos) {
      return InvalidInput("the multipart body ends inside a part (no closing boundary)");
    }
    part.body = std::string(body.substr(at, end - at));
    out.parts.push_back(std::move(part));
    at = end + inner.size();
  }
}

}  // namespace gazette::http
