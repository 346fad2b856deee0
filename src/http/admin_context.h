// What every admin handler knows about the request it answers, shared by the admin_*.cc files
// that implement AdminHandlers. Internal to http/.
#pragma once

#include <optional>
#include <string>

#include "http/admin.h"

namespace gazette::http {

struct AdminHandlers::Context {
  const Request& request;
  std::string language = "en";                 // "fr" or "en", from Accept-Language
  std::string token;                           // the session cookie's token ("" when none)
  std::optional<services::Authenticated> who;  // the logged-in user, if any
};

}  // namespace gazette::http
