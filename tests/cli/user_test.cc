// `gazette init` creates the first administrator; `gazette user` manages accounts.
#include <gtest/gtest.h>

#include "process.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace gazette::cli {
namespace {

using gazette::testing::GazetteBinary;
using gazette::testing::TempDir;

class UserCommandTest : public ::testing::Test {
 protected:
  gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
    args.insert(args.begin(), GazetteBinary());
    return gazette::testing::Run(args);
  }
  TempDir dir_;
  std::string site_ = dir_ / "site";
};

TEST_F(UserCommandTest, InitPrintsAGeneratedAdministratorPasswordOnce) {
  auto r = Gazette({"init", "--data", site_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = r.out.find("Administrator: admin, password: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string password = r.out.substr(at + 33, 20);
  auto list = Gazette({"user", "list", "--data", site_});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_EQ(list.out, "admin\tadministrator\tactive\tadmin\n");
  // The database holds only a hash of it.
  auto store = storage::sqlite::OpenSqliteStore(site_ + "/gazette.db", false);
  ASSERT_TRUE(store.ok());
  auto admin = (*store)->FindUser("admin");
  ASSERT_TRUE(admin.ok() && admin->has_value());
  const std::string hash = *(*store)->GetPasswordHash((*admin)->id);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash.find(password), std::string::npos);
}

TEST_F(UserCommandTest, InitWithAGivenPasswordDoesNotPrintIt) {
  auto r = Gazette(
      {"init", "--data", site_, "--admin-user", "chief", "--admin-password", "a very long secret"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("a very long secret"), std::string::npos);
  EXPECT_NE(r.out.find("Administrator: chief"), std::string::npos);
  auto bad = Gazette({"init", "--data", dir_ / "other", "--admin-password", "short"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("at least 10 characters"), std::string::npos) << bad.err;
}

TEST_F(UserCommandTest, AddPasswdDisableEnableList) {
  ASSERT_EQ(Gazette({"init", "--data", site_, "--admin-password", "admin password 1"}).exit_code,
            0);
  auto add = Gazette({"user", "add", "rita", "--data", site_, "--role", "reporter", "--name",
                      "Rita Reporter", "--password", "reporter password"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.out, "Created reporter rita\n");
  EXPECT_NE(
      Gazette({"user", "add", "rita", "--data", site_, "--password", "another password"}).exit_code,
      0);
  auto bad_role = Gazette(
      {"user", "add", "bob", "--data", site_, "--role", "chief", "--password", "a long password"});
  EXPECT_NE(bad_role.exit_code, 0);
  EXPECT_NE(bad_role.err.find("unknown role"), std::string::npos);
  auto bad_name =
      Gazette({"user", "add", "Bob!", "--data", site_, "--password", "a long password"});
  EXPECT_NE(bad_name.exit_code, 0);

  auto passwd =
      Gazette({"user", "passwd", "rita", "--data", site_, "--password", "new password 2"});
  EXPECT_EQ(passwd.exit_code, 0) << passwd.err;
  EXPECT_NE(Gazette({"user", "passwd", "nobody", "--data", site_, "--password", "new password 2"})
                .exit_code,
            0);
  EXPECT_EQ(Gazette({"user", "disable", "rita", "--data", site_}).exit_code, 0);
  auto list = Gazette({"user", "list", "--data", site_});
  EXPECT_EQ(list.out,
            "admin\tadministrator\tactive\tadmin\nrita\treporter\tdisabled\tRita Reporter\n");
  EXPECT_EQ(Gazette({"user", "enable", "rita", "--data", site_}).exit_code, 0);
  EXPECT_NE(Gazette({"user", "list", "--data", site_}).out.find("rita\treporter\tactive"),
            std::string::npos);
}

}  // namespace
}  // namespace gazette::cli
