#include "services/accounts.h"

#include <gtest/gtest.h>

#include <memory>

#include "pg_database.h"
#include "temp_dir.h"

namespace gazette::services {
namespace {

using model::ErrorKind;
using model::Role;
using Outcome = LoginAttempt::Outcome;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto opened = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    options_.fast_hashing_for_tests = true;
    options_.idle_timeout_seconds = 600;
    options_.session_max_seconds = 3600;
    options_.max_failures = 3;
    options_.max_failures_per_address = 10;
    options_.failure_window_seconds = 300;
    options_.lockout_seconds = 120;
    accounts_ = std::make_unique<Accounts>(*store_, options_, [this] { return now_; });
    auto user = accounts_->CreateUser("alice", "Alice", Role::kReporter, "correct horse battery");
    ASSERT_TRUE(user.ok()) << user.error().ToString();
    alice_ = *user;
  }

  LoginAttempt Login(const std::string& user, const std::string& password,
                     const std::string& address = "10.0.0.1", const std::string& previous = {}) {
    auto attempt = accounts_->Login(user, password, address, previous);
    EXPECT_TRUE(attempt.ok()) << attempt.error().ToString();
    return attempt.ok() ? *attempt : LoginAttempt{};
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  AccountsOptions options_;
  model::UnixSeconds now_ = 1'000'000;
  std::unique_ptr<Accounts> accounts_;
  model::User alice_;
};

TEST_F(AccountsTest, PasswordsAreHashedWithArgon2id) {
  auto hash = store_->GetPasswordHash(alice_.id);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(*accounts_->VerifyPassword(alice_.id, "correct horse battery"));
  EXPECT_FALSE(*accounts_->VerifyPassword(alice_.id, "correct horse batterY"));
}

TEST_F(AccountsTest, BadUsersAreRefusedWithTheField) {
  auto short_password = accounts_->CreateUser("bob", "", Role::kEditor, "short");
  ASSERT_FALSE(short_password.ok());
  EXPECT_EQ(short_password.error().field, "password");
  auto bad_name = accounts_->CreateUser("Bob Smith", "", Role::kEditor, "long enough pass");
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().field, "username");
  auto taken = accounts_->CreateUser("alice", "", Role::kEditor, "long enough pass");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
}

TEST_F(AccountsTest, LoginCreatesASessionAndWrongCredentialsLookAlike) {
  LoginAttempt ok = Login("alice", "correct horse battery");
  ASSERT_EQ(ok.outcome, Outcome::kOk);
  EXPECT_EQ(ok.token.size(), 64u);
  EXPECT_EQ(ok.who.user.username, "alice");
  // Only the token's hash is stored.
  EXPECT_FALSE(store_->FindSession(ok.token)->has_value());
  EXPECT_TRUE(store_->FindSession(TokenHash(ok.token))->has_value());

  LoginAttempt wrong = Login("alice", "wrong password!");
  LoginAttempt unknown = Login("nobody", "wrong password!");
  EXPECT_EQ(wrong.outcome, Outcome::kRefused);
  EXPECT_EQ(unknown.outcome, Outcome::kRefused);
  EXPECT_TRUE(wrong.token.empty());
  EXPECT_TRUE(unknown.token.empty());
}

TEST_F(AccountsTest, SessionsRotateAtLoginAndEndAtLogout) {
  LoginAttempt first = Login("alice", "correct horse battery");
  LoginAttempt second = Login("alice", "correct horse battery", "10.0.0.1", first.token);
  ASSERT_EQ(second.outcome, Outcome::kOk);
  EXPECT_NE(first.token, second.token);
  EXPECT_NE(first.who.session.csrf_token, second.who.session.csrf_token);
  EXPECT_FALSE(accounts_->Authenticate(first.token)->has_value());
  auto who = accounts_->Authenticate(second.token);
  ASSERT_TRUE(who.ok() && who->has_value());
  EXPECT_EQ((*who)->user.id, alice_.id);
  ASSERT_TRUE(accounts_->Logout(second.token).ok());
  EXPECT_FALSE(accounts_->Authenticate(second.token)->has_value());
  EXPECT_FALSE(accounts_->Authenticate("not-a-token")->has_value());
}

TEST_F(AccountsTest, SessionsExpireAfterInactivityAndAtTheirMaximumAge) {
  LoginAttempt s = Login("alice", "correct horse battery");
  now_ += 500;
  EXPECT_TRUE(accounts_->Authenticate(s.token)->has_value());  // activity refreshes it
  now_ += 500;
  EXPECT_TRUE(accounts_->Authenticate(s.token)->has_value());
  now_ += 601;
  EXPECT_FALSE(accounts_->Authenticate(s.token)->has_value());
  EXPECT_FALSE(store_->FindSession(TokenHash(s.token))->has_value());  // deleted

  LoginAttempt busy = Login("alice", "correct horse battery");
  for (int i = 1; i <= 8; ++i) {
    now_ += 500;
    const bool alive = accounts_->Authenticate(busy.token)->has_value();
    EXPECT_EQ(alive, i * 500 < 3600) << i;  // active, but not past the maximum age
  }
}

TEST_F(AccountsTest, DisablingAndPasswordChangesEndSessions) {
  LoginAttempt s = Login("alice", "correct horse battery");
  ASSERT_TRUE(accounts_->ChangePassword(alice_.id, "another long password").ok());
  EXPECT_FALSE(accounts_->Authenticate(s.token)->has_value());
  EXPECT_EQ(Login("alice", "correct horse battery").outcome, Outcome::kRefused);
  LoginAttempt again = Login("alice", "another long password");
  ASSERT_EQ(again.outcome, Outcome::kOk);
  ASSERT_TRUE(accounts_->SetDisabled(alice_.id, true).ok());
  EXPECT_FALSE(accounts_->Authenticate(again.token)->has_value());
  EXPECT_EQ(Login("alice", "another long password").outcome, Outcome::kRefused);
  ASSERT_TRUE(accounts_->SetDisabled(alice_.id, false).ok());
  LoginAttempt back = Login("alice", "another long password");
  ASSERT_EQ(back.outcome, Outcome::kOk);
  EXPECT_EQ(*accounts_->EndSessions(alice_.id), 1);
  EXPECT_FALSE(accounts_->Authenticate(back.token)->has_value());
}

TEST_F(AccountsTest, RepeatedFailuresThrottleEvenTheRightPasswordThenExpire) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  LoginAttempt locked = Login("alice", "correct horse battery");
  EXPECT_EQ(locked.outcome, Outcome::kThrottled);
  EXPECT_EQ(locked.retry_after_seconds, 120);
  // An unknown user is throttled the same way: nothing tells whether a user exists.
  for (int i = 0; i < 3; ++i) Login("ghost", "nope nope nope", "10.0.0.2");
  EXPECT_EQ(Login("ghost", "nope nope nope", "10.0.0.2").outcome, Outcome::kThrottled);
  now_ += 60;
  EXPECT_EQ(Login("alice", "correct horse battery").retry_after_seconds, 60);
  now_ += 61;
  EXPECT_EQ(Login("alice", "correct horse battery").outcome, Outcome::kOk);
}

TEST_F(AccountsTest, OneAddressTryingManyNamesIsThrottled) {
  for (int i = 0; i < 10; ++i) Login("user" + std::to_string(i), "nope nope nope", "10.9.9.9");
  EXPECT_EQ(Login("alice", "correct horse battery", "10.9.9.9").outcome, Outcome::kThrottled);
  EXPECT_EQ(Login("alice", "correct horse battery", "10.0.0.1").outcome, Outcome::kOk);
}

// Two serving processes of a cluster (two Accounts on one database) count failures together,
// and a restarted process keeps the lock.
TEST_F(AccountsTest, NodesSharingTheDatabaseThrottleTogether) {
  Accounts other(*store_, options_, [this] { return now_; });
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  auto second = other.Login("alice", "nope nope nope", "10.0.0.1");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->outcome, Outcome::kRefused);
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);  // the third
  auto locked = other.Login("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(locked->outcome, Outcome::kThrottled);
  EXPECT_EQ(locked->retry_after_seconds, 120);
  Accounts restarted(*store_, options_, [this] { return now_; });
  now_ += 30;
  auto still = restarted.Login("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->outcome, Outcome::kThrottled);
  EXPECT_EQ(still->retry_after_seconds, 90);
  now_ += 91;
  EXPECT_EQ(Login("alice", "correct horse battery").outcome, Outcome::kOk);
  // A success forgets the user's failures: two more failures do not lock.
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  EXPECT_EQ(other.Login("alice", "nope nope nope", "10.0.0.1")->outcome, Outcome::kRefused);
  EXPECT_EQ(Login("alice", "correct horse battery").outcome, Outcome::kOk);
}

TEST_F(AccountsTest, StaleFailuresStartOver) {
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  now_ += 301;  // the window has passed: the count starts over
  EXPECT_EQ(Login("alice", "nope nope nope").outcome, Outcome::kRefused);
  EXPECT_EQ(Login("alice", "correct horse battery").outcome, Outcome::kOk);
  // Store level: reaching the limit locks until now + lockout, and the count starts over.
  auto until = store_->RecordLoginFailure("k", 1, now_, 300, 120);
  ASSERT_TRUE(until.ok()) << until.error().ToString();
  EXPECT_EQ(*until, now_ + 120);
  EXPECT_EQ(*store_->LoginLockedUntil("k", now_), now_ + 120);
  EXPECT_EQ(*store_->LoginLockedUntil("k", now_ + 120), 0);
  EXPECT_EQ(*store_->RecordLoginFailure("k", 2, now_ + 1000, 300, 120), 0);
  EXPECT_EQ(*store_->RecordLoginFailure("k", 2, now_ + 1001, 300, 120), now_ + 1121);
  ASSERT_TRUE(store_->ClearLoginFailures("k").ok());
  EXPECT_EQ(*store_->LoginLockedUntil("k", now_), 0);
}

TEST_F(AccountsTest, CsrfComparison) {
  model::Session s;
  s.csrf_token = Accounts::RandomToken();
  EXPECT_TRUE(Accounts::CsrfMatches(s, s.csrf_token));
  EXPECT_FALSE(Accounts::CsrfMatches(s, ""));
  EXPECT_FALSE(Accounts::CsrfMatches(s, s.csrf_token.substr(1)));
  std::string other = s.csrf_token;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(Accounts::CsrfMatches(s, other));
  model::Session empty;
  EXPECT_FALSE(Accounts::CsrfMatches(empty, ""));
}

TEST_F(AccountsTest, GeneratedPasswordsAreLongAndDiffer) {
  const std::string a = Accounts::GeneratePassword();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, Accounts::GeneratePassword());
}

}  // namespace
}  // namespace gazette::services
