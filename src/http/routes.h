// Where every public URL is: one table, matched top to bottom.
#pragma once

#include "http/message.h"
#include "http/site.h"

namespace gazette::http {

// The handler for the whole site. Methods other than GET and HEAD get 405.
Handler MakeRoutes(SiteHandlers& site);

}  // namespace gazette::http
