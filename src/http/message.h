// Plain HTTP request and response values, independent of the socket library.
// Handlers take a Request and return a Response; the server (http/server.h)
// does parsing, limits, framing and connection management.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/result.h"

namespace gazette::http {

struct Request {
  std::string method;  // as sent, e.g. "GET", "HEAD", "POST"
  std::string target;  // raw request target, e.g. "/fr/a%20b?page=2"
  std::string path;    // percent-decoded and validated (see DecodePath), e.g. "/fr/a b"
  std::string query;   // raw query without '?', e.g. "page=2"
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercase, in order
  std::string body;
  std::string remote_address;

  // Value of the first header named `name` (case-insensitive), "" when absent.
  std::string_view Header(std::string_view name) const;
  // First query parameter named `name`, form-decoded ('+' is a space), "" when absent.
  std::string QueryParam(std::string_view name) const;
  // True for GET and HEAD. The server passes HEAD to the handler unchanged and
  // drops the body itself, so handlers should answer HEAD exactly like GET.
  bool IsGetOrHead() const { return method == "GET" || method == "HEAD"; }
};

struct Response {
  int status = 200;
  std::string content_type;  // sent as Content-Type when not empty
  // Extra headers. Server, Date, Content-Length and Connection are set by the
  // server; a value with CR or LF is dropped.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent instead of `body` without copying (page cache, static files).
  std::shared_ptr<const std::string> shared_body;
  // Ask the server to close the connection after this response.
  bool close = false;

  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : body; }
  // Value of the first header named `name` (case-insensitive), "" when absent.
  std::string_view Header(std::string_view name) const;
  // Replaces every header named `name` with one `name: value`.
  void SetHeader(std::string_view name, std::string value);
  void RemoveHeader(std::string_view name);

  static Response Text(int status, std::string body);  // text/plain; charset=utf-8
  static Response Html(int status, std::string body);  // text/html; charset=utf-8
  static Response Json(int status, std::string body);  // application/json
  // 301, 302, 303, 307 or 308 with a Location header and a short text body.
  static Response Redirect(int status, std::string location);
};

using Handler = std::function<Response(const Request&)>;

// Percent-decodes the path part of a request target and validates it: it must
// start with '/', and must not contain malformed escapes (%zz, truncated),
// an encoded '/' (%2F), NUL or other control bytes, backslashes (raw or encoded), invalid UTF-8, or
// "." / ".." segments (raw or encoded). Errors are kInvalidInput.
model::Result<std::string> DecodePath(std::string_view raw_path);

// Decodes application/x-www-form-urlencoded text ('+' is a space); malformed
// escapes are kept as they are.
std::string FormDecode(std::string_view text);

// Lowercase ASCII copy.
std::string AsciiLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace gazette::http
