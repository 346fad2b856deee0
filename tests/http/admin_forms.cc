#include "admin_forms.h"

#include <cctype>

namespace gazette::http::testing {
namespace {

std::string Encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string FormBody(const Fields& fields) {
  std::string body;
  for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  return body;
}

std::string HiddenValue(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

std::string SetCookieValue(const ClientResponse& response, const std::string& name) {
  for (const auto& [k, v] : response.headers) {
    if (k == "set-cookie" && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return {};
}

}  // namespace gazette::http::testing
