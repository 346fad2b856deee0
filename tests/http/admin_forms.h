// What the admin's HTTP tests need to fill its forms like a browser: URL-encoded bodies, the
// hidden fields of a page (the CSRF token) and the session cookie of a response.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "test_client.h"

namespace gazette::http::testing {

using Fields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded, every byte but [A-Za-z0-9-_.] percent-encoded.
std::string FormBody(const Fields& fields);
// The value attribute that follows `name="<name>"` in an HTML form; "" when absent.
std::string HiddenValue(const std::string& html, const std::string& name);
// The value of the cookie `name` set by the response; "" when it sets none.
std::string SetCookieValue(const ClientResponse& response, const std::string& name);

}  // namespace gazette::http::testing
