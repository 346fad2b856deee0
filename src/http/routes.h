// Where every public URL is: one table, matched top to bottom.
#pragma once

#include "http/message.h"
#include "http/site.h"

namespace gazette::http {

class AdminHandlers;

// The handler for the whole site. Methods other than GET and HEAD get 405.
Handler MakeRoutes(SiteHandlers& site);
// The same with the newsroom admin under /admin (GET, HEAD and POST there); `admin` may be
// null (no admin: /admin is an ordinary public path).
Handler MakeRoutes(SiteHandlers& site, AdminHandlers* admin);

}  // namespace gazette::http
