#include "services/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

namespace gazette::services {

namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMinPasswordChars = 10;
// Sessions are touched at most this often, so that reading pages does not write every time.
constexpr std::int64_t kTouchEverySeconds = 60;

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

model::Status ValidUsername(const std::string& username) {
  if (username.size() < 2 || username.size() > 40) {
    return model::InvalidInput("a username has 2 to 40 characters", "username");
  }
  for (char c : username) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return model::InvalidInput("a username uses only a-z, 0-9, '.', '_' and '-'", "username");
    }
  }
  return model::Ok();
}

model::Status ValidPassword(const std::string& password) {
  std::size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < kMinPasswordChars) {
    return model::InvalidInput("a password has at least 10 characters", "password");
  }
  if (password.size() > kMaxPasswordBytes) {
    return model::InvalidInput("a password has at most 1024 bytes", "password");
  }
  return model::Ok();
}

}  // namespace

std::string TokenHash(std::string_view token) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

Accounts::Accounts(storage::Store& store, AccountsOptions options, Clock clock)
    : store_(store), options_(options), clock_(std::move(clock)) {
  if (sodium_init() < 0) std::abort();  // no usable random source: nothing can be secured
  ops_limit_ = options_.fast_hashing_for_tests ? crypto_pwhash_OPSLIMIT_MIN
                                               : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  mem_limit_ = options_.fast_hashing_for_tests ? crypto_pwhash_MEMLIMIT_MIN
                                               : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

std::string Accounts::RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return Hex(bytes, sizeof bytes);
}

std::string Accounts::GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

model::Result<std::string> Accounts::Hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_limit_, mem_limit_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return model::Unavailable("not enough memory to hash a password");
  }
  return std::string(out);
}

bool Accounts::Verify(const std::string& hash, const std::string& password) const {
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

model::Result<model::User> Accounts::CreateUser(const std::string& username,
                                                const std::string& display_name, model::Role role,
                                                const std::string& password) {
  GAZETTE_RETURN_IF_ERROR(ValidUsername(username));
  GAZETTE_RETURN_IF_ERROR(ValidPassword(password));
  GAZETTE_ASSIGN_OR_RETURN(std::string hash, Hash(password));
  model::User user{0, username, display_name.empty() ? username : display_name, role, false};
  return store_.CreateUser(user, hash);
}

model::Status Accounts::ChangePassword(model::Id user_id, const std::string& new_password) {
  GAZETTE_RETURN_IF_ERROR(ValidPassword(new_password));
  GAZETTE_ASSIGN_OR_RETURN(std::string hash, Hash(new_password));
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_RETURN_IF_ERROR(store_.SetPasswordHash(user_id, hash));
    return store_.DeleteUserSessions(user_id).ok() ? model::Ok()
                                                   : model::Internal("ending sessions failed");
  });
}

model::Status Accounts::SetDisabled(model::Id user_id, bool disabled) {
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto user, store_.GetUser(user_id));
    if (!user) return model::NotFound("no user with id " + std::to_string(user_id));
    user->disabled = disabled;
    GAZETTE_RETURN_IF_ERROR(store_.UpdateUser(*user));
    if (disabled) {
      auto ended = store_.DeleteUserSessions(user_id);
      if (!ended.ok()) return ended.error();
    }
    return model::Ok();
  });
}

model::Result<int> Accounts::EndSessions(model::Id user_id) {
  return store_.DeleteUserSessions(user_id);
}

model::Result<bool> Accounts::VerifyPassword(model::Id user_id, const std::string& password) {
  GAZETTE_ASSIGN_OR_RETURN(auto user, store_.GetUser(user_id));
  if (!user || user->disabled) return false;
  GAZETTE_ASSIGN_OR_RETURN(std::string hash, store_.GetPasswordHash(user_id));
  return Verify(hash, password);
}

// The counters live in the database, shared by every process; a store that cannot keep
// them (or fails) leaves them to this process's memory.
std::int64_t Accounts::LockedFor(const std::string& key, model::UnixSeconds now) {
  if (auto until = store_.LoginLockedUntil(key, now); until.ok()) {
    return *until > now ? *until - now : 0;
  }
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

void Accounts::RecordFailure(const std::string& key, int limit, model::UnixSeconds now) {
  if (store_
          .RecordLoginFailure(key, limit, now, options_.failure_window_seconds,
                              options_.lockout_seconds)
          .ok()) {
    return;
  }
  std::lock_guard lock(mu_);
  // Forget stale entries so that a flood of distinct names does not grow the map forever.
  std::erase_if(failures_, [&](const auto& entry) {
    return entry.second.locked_until <= now &&
           now - entry.second.first_at > options_.failure_window_seconds;
  });
  Failures& f = failures_[key];
  if (f.count == 0 || now - f.first_at > options_.failure_window_seconds) {
    f.count = 0;
    f.first_at = now;
  }
  if (++f.count >= limit) {
    f.locked_until = now + options_.lockout_seconds;
    f.count = 0;
  }
}

model::Result<LoginAttempt> Accounts::Login(const std::string& username,
                                            const std::string& password,
                                            const std::string& remote_address,
                                            const std::string& previous_token) {
  const model::UnixSeconds now = clock_();
  const std::string user_key = "user:" + username;
  const std::string address_key = "address:" + remote_address;
  LoginAttempt attempt;
  const std::int64_t wait = std::max(LockedFor(user_key, now), LockedFor(address_key, now));
  if (wait > 0) {
    attempt.outcome = LoginAttempt::Outcome::kThrottled;
    attempt.retry_after_seconds = wait;
    return attempt;
  }
  std::call_once(dummy_once_, [this] {
    auto dummy = Hash(RandomToken());
    if (dummy.ok()) dummy_hash_ = *dummy;
  });
  std::optional<model::User> user;
  std::string hash = dummy_hash_;
  if (username.size() <= 40 && password.size() <= kMaxPasswordBytes) {
    GAZETTE_ASSIGN_OR_RETURN(user, store_.FindUser(username));
    if (user) {
      GAZETTE_ASSIGN_OR_RETURN(std::string stored, store_.GetPasswordHash(user->id));
      if (!stored.empty()) hash = stored;
    }
  }
  const bool verified = Verify(hash, password) && user && !user->disabled;
  if (!verified) {
    RecordFailure(user_key, options_.max_failures, now);
    RecordFailure(address_key, options_.max_failures_per_address, now);
    attempt.outcome = LoginAttempt::Outcome::kRefused;
    return attempt;
  }
  if (!store_.ClearLoginFailures(user_key).ok()) {
    std::lock_guard lock(mu_);
    failures_.erase(user_key);
  }
  model::Session session;
  attempt.token = RandomToken();
  session.token_hash = TokenHash(attempt.token);
  session.user_id = user->id;
  session.csrf_token = RandomToken();
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + options_.session_max_seconds;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    if (!previous_token.empty()) {
      GAZETTE_RETURN_IF_ERROR(store_.DeleteSession(TokenHash(previous_token)));
    }
    return store_.CreateSession(session);
  }));
  attempt.outcome = LoginAttempt::Outcome::kOk;
  attempt.who = {*user, session};
  return attempt;
}

model::Result<std::optional<Authenticated>> Accounts::Authenticate(const std::string& token) {
  using Out = std::optional<Authenticated>;
  if (token.size() != 64) return Out();
  const std::string hash = TokenHash(token);
  GAZETTE_ASSIGN_OR_RETURN(auto session, store_.FindSession(hash));
  if (!session) return Out();
  const model::UnixSeconds now = clock_();
  if (now - session->last_seen_at > options_.idle_timeout_seconds || now >= session->expires_at) {
    GAZETTE_RETURN_IF_ERROR(store_.DeleteSession(hash));
    return Out();
  }
  GAZETTE_ASSIGN_OR_RETURN(auto user, store_.GetUser(session->user_id));
  if (!user || user->disabled) return Out();
  if (now - session->last_seen_at >= kTouchEverySeconds) {
    GAZETTE_RETURN_IF_ERROR(store_.TouchSession(hash, now));
    session->last_seen_at = now;
  }
  return Out(Authenticated{*user, *session});
}

model::Status Accounts::Logout(const std::string& token) {
  if (token.empty()) return model::Ok();
  return store_.DeleteSession(TokenHash(token));
}

bool Accounts::CsrfMatches(const model::Session& session, std::string_view submitted) {
  if (session.csrf_token.empty() || submitted.size() != session.csrf_token.size()) return false;
  return sodium_memcmp(session.csrf_token.data(), submitted.data(), submitted.size()) == 0;
}

}  // namespace gazette::services
