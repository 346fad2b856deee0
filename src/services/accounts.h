// Newsroom accounts: users with Argon2id password hashes (libsodium), server-side sessions,
// CSRF tokens and login rate limiting. Used by the admin (http/) and `gazette user` (cli/).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/accounts.h"
#include "model/content.h"
#include "model/result.h"
#include "storage/store.h"

namespace gazette::services {

struct AccountsOptions {
  // A session ends after this long without a request, and in any case after `session_max`.
  std::int64_t idle_timeout_seconds = 2 * 3600;
  std::int64_t session_max_seconds = 7 * 24 * 3600;
  // Login throttling: `max_failures` failed attempts for one username (or
  // `max_failures_per_address` from one address) within `failure_window_seconds` lock that key for
  // `lockout_seconds`.
  int max_failures = 5;
  int max_failures_per_address = 20;
  std::int64_t failure_window_seconds = 15 * 60;
  std::int64_t lockout_seconds = 15 * 60;
  // Argon2id cost. The defaults are libsodium's "interactive" limits; tests use the minimum.
  bool fast_hashing_for_tests = false;
};

// A user and the session a request is authenticated by.
struct Authenticated {
  model::User user;
  model::Session session;
};

struct LoginAttempt {
  enum class Outcome { kOk, kRefused, kThrottled };
  Outcome outcome = Outcome::kRefused;
  // kThrottled: seconds until another attempt may succeed (for Retry-After).
  std::int64_t retry_after_seconds = 0;
  // kOk: the new session, its cookie token (shown once, never stored) and the user.
  std::string token;
  Authenticated who;
};

class Accounts {
 public:
  using Clock = std::function<model::UnixSeconds()>;

  // Initializes libsodium. The clock is injectable for expiry and throttling tests.
  Accounts(storage::Store& store, AccountsOptions options, Clock clock);

  // Username: 2 to 40 characters among a-z 0-9 . _ - (kInvalidInput, field "username");
  // password: at least 10 characters, at most 1024 bytes (field "password"); kConflict when
  // the username is taken.
  model::Result<model::User> CreateUser(const std::string& username,
                                        const std::string& display_name, model::Role role,
                                        const std::string& password);
  // Sets a new password and ends every session of the user.
  model::Status ChangePassword(model::Id user_id, const std::string& new_password);
  // A disabled user cannot log in; disabling ends their sessions.
  model::Status SetDisabled(model::Id user_id, bool disabled);
  model::Result<std::vector<model::User>> ListUsers() { return store_.ListUsers(); }
  // Ends every session of the user; returns how many there were.
  model::Result<int> EndSessions(model::Id user_id);
  // True when `password` is the user's (false for unknown, disabled or hashless users).
  model::Result<bool> VerifyPassword(model::Id user_id, const std::string& password);

  // Checks the credentials. Unknown users, wrong passwords and disabled users get the same
  // kRefused (and cost the same hashing time). Throttled keys get kThrottled without the
  // password being checked. On success a new session is created and `previous_token`'s
  // session, if any, is ended (sessions rotate at login). Failure counters are kept in the
  // database (Store::RecordLoginFailure), so that every serving process of a cluster counts
  // together; when the store cannot keep them they are kept in this process's memory.
  model::Result<LoginAttempt> Login(const std::string& username, const std::string& password,
                                    const std::string& remote_address,
                                    const std::string& previous_token = {});
  // The user and session behind a cookie token; nullopt when unknown, expired (idle or too
  // old, and then deleted) or the user is disabled. Refreshes the session's last-seen time.
  model::Result<std::optional<Authenticated>> Authenticate(const std::string& token);
  model::Status Logout(const std::string& token);

  // Constant-time comparison of a submitted CSRF token with the session's.
  static bool CsrfMatches(const model::Session& session, std::string_view submitted);
  // 32 random bytes as 64 hex characters.
  static std::string RandomToken();
  // A random password of 20 characters from an unambiguous alphabet.
  static std::string GeneratePassword();

 private:
  struct Failures {
    int count = 0;
    model::UnixSeconds first_at = 0;
    model::UnixSeconds locked_until = 0;
  };
  // Seconds until `key` unlocks (0: not locked).
  std::int64_t LockedFor(const std::string& key, model::UnixSeconds now);
  void RecordFailure(const std::string& key, int limit, model::UnixSeconds now);
  model::Result<std::string> Hash(const std::string& password) const;
  bool Verify(const std::string& hash, const std::string& password) const;

  storage::Store& store_;
  AccountsOptions options_;
  Clock clock_;
  unsigned long long ops_limit_;
  std::size_t mem_limit_;
  // Verified against for unknown users, so timing tells nothing; made at the first login.
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  std::mutex mu_;
  std::map<std::string, Failures> failures_;
};

// Hex digest of a session token, as stored.
std::string TokenHash(std::string_view token);

}  // namespace gazette::services
