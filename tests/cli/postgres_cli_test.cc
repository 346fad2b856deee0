// The gazette command on PostgreSQL: choosing the backend by configuration or --database, and
// a clear failure when the server cannot be reached.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "pg_database.h"
#include "process.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::cli {
namespace {

using gazette::testing::GazetteBinary;
using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;

// Nothing listens on port 1 of the loopback: connections are refused at once.
constexpr const char* kUnreachable = "postgresql://postgres@127.0.0.1:1/gazette";

gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
  args.insert(args.begin(), GazetteBinary());
  return gazette::testing::Run(args);
}

TEST(PostgresCliTest, UnreachableDatabaseIsAClearErrorAtStart) {
  TempDir dir;
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  auto served =
      Gazette({"serve", "--data", site, "--listen", "127.0.0.1:0", "--database", kUnreachable});
  EXPECT_EQ(served.exit_code, 4) << served.err;
  EXPECT_NE(served.err.find("cannot use the PostgreSQL database"), std::string::npos) << served.err;
  EXPECT_EQ(std::count(served.err.begin(), served.err.end(), '\n'), 1) << served.err;

  // The same from the configuration file.
  std::string config = ReadFile(dir / "site/gazette.toml");
  config.replace(config.find("[site]\n"), 7,
                 std::string("[site]\ndatabase = \"") + kUnreachable + "\"\n");
  WriteFile(dir / "site/gazette.toml", config);
  auto exported = Gazette({"export", "--data", site});
  EXPECT_EQ(exported.exit_code, 4) << exported.err;
  EXPECT_NE(exported.err.find("127.0.0.1"), std::string::npos) << exported.err;
}

TEST(PostgresCliTest, ReadReplicaMustBeAPostgresUrl) {
  TempDir dir;
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  std::string config = ReadFile(dir / "site/gazette.toml");
  config.replace(config.find("[site]\n"), 7, "[site]\nread_database = \"replica.db\"\n");
  WriteFile(dir / "site/gazette.toml", config);
  auto r = Gazette({"export", "--data", site});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("site.read_database"), std::string::npos) << r.err;
}

TEST(PostgresCliTest, ImportExportRoundTripOnPostgres) {
  if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
  TempDir dir;
  gazette::testing::PgDatabase db(dir.path().string());
  ASSERT_FALSE(db.url().empty()) << db.error();
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  ASSERT_EQ(Gazette({"generate", "--count", "40", "--out", dir / "a.jsonl"}).exit_code, 0);
  auto imported =
      Gazette({"import", "--quiet", "--data", site, "--database", db.url(), dir / "a.jsonl"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 40, updated 0, rejected 0"), std::string::npos);
  // Export from PostgreSQL, import into the SQLite site, export again: the same bytes.
  ASSERT_EQ(Gazette({"export", "--data", site, "--database", db.url(), "--out", dir / "pg.jsonl"})
                .exit_code,
            0);
  ASSERT_EQ(Gazette({"import", "--quiet", "--data", site, dir / "pg.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"export", "--data", site, "--out", dir / "sqlite.jsonl"}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir / "pg.jsonl"), ReadFile(dir / "sqlite.jsonl"));
}

}  // namespace
}  // namespace gazette::cli
