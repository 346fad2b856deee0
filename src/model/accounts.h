// Newsroom accounts: server-side sessions and the audit log. Plain values.
#pragma once

#include <string>

#include "model/content.h"

namespace gazette::model {

// A logged-in browser. The cookie carries a random token; only its hash is stored, so a copy
// of the database does not let anyone log in. `csrf_token` is echoed in every form and checked
// on every state-changing request.
struct Session {
  std::string token_hash;  // hex SHA-256-class digest of the cookie token
  Id user_id = 0;
  std::string csrf_token;
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  UnixSeconds expires_at = 0;  // absolute limit, whatever the activity
};

// Who did what to which article, when.
struct AuditEntry {
  Id id = 0;
  UnixSeconds at = 0;
  std::string username;
  std::string action;  // "save", "submit", "publish", "login", ...
  Id article_id = 0;   // 0: not about one article
  std::string detail;
};

// Someone who has an article open in the editor ("being edited by"), as last reported.
struct EditingMark {
  Id article_id = 0;
  std::string username;
  std::string display_name;  // "" when the account is gone
  UnixSeconds since = 0;     // when this stretch of editing began
  UnixSeconds seen_at = 0;   // the latest open, save or ping
};

}  // namespace gazette::model
