// What only the PostgreSQL backend has: errors when the server is away, reconnection, the
// cluster-wide lock and change notices between processes. The shared contract is in
// store_test.cc.
#include "storage/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "pg_database.h"

namespace gazette::storage::postgres {
namespace {

using model::ErrorKind;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_ = std::make_unique<gazette::testing::PgDatabase>(std::string("pgtest.") + info->name() +
                                                         "." + std::to_string(::getpid()));
    ASSERT_FALSE(db_->url().empty()) << db_->error();
  }

  std::unique_ptr<Store> Open() {
    auto opened = OpenPostgresStore(db_->url());
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  // Ends every server connection to this test's database, as a restarted server would.
  void TerminateConnections() {
    std::string sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                      db_->name() + "' AND pid <> pg_backend_pid()";
    std::string command =
        "psql -q -X -o /dev/null '" + gazette::testing::TestPgServerUrl() + "' -c \"" + sql + "\"";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }

  std::unique_ptr<gazette::testing::PgDatabase> db_;
};

TEST(PostgresOpenTest, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto opened = OpenPostgresStore("postgresql://postgres@127.0.0.1:1/gazette");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(opened.error().message.find("unreachable"), std::string::npos)
      << opened.error().message;
}

TEST(PostgresOpenTest, NotAPostgresUrlIsInvalid) {
  auto opened = OpenPostgresStore("/var/lib/gazette/gazette.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(IsPostgresUrl("postgres://u@h/d"));
  EXPECT_EQ(WithDatabase("postgresql://u@h:5432/postgres?sslmode=disable", "site"),
            "postgresql://u@h:5432/site?sslmode=disable");
  EXPECT_EQ(WithDatabase("postgresql://u@h:5432", "site"), "postgresql://u@h:5432/site");
  EXPECT_FALSE(CreateDatabase("postgresql://u@h/x", "bad name; drop").ok());
}

TEST_F(PostgresStoreTest, MigrationsRunOnceForSeveralOpeners) {
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      if (!OpenPostgresStore(db_->url()).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->ListEditions()->empty());
}

TEST_F(PostgresStoreTest, SurvivesLostConnections) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  TerminateConnections();
  // The pooled connections are gone: reads and writes open new ones.
  auto editions = store->ListEditions();
  ASSERT_TRUE(editions.ok()) << editions.error().ToString();
  EXPECT_EQ(editions->size(), 1u);
  TerminateConnections();
  EXPECT_TRUE(store->UpsertEdition({"en", "Gazette", "en", "en_GB", "Europe/London", 2}).ok());
  EXPECT_EQ(store->ListEditions()->size(), 2u);
}

TEST_F(PostgresStoreTest, RunExclusiveRunsOnceAcrossStores) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  std::mutex mu;
  std::condition_variable cv;
  bool inside = false;
  bool release = false;
  Result<bool> first = false;
  std::thread holder([&] {
    first = a->RunExclusive("scheduler", [&]() -> Status {
      std::unique_lock lock(mu);
      inside = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
      return model::Ok();
    });
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return inside; });
  }
  bool ran = false;
  auto second = b->RunExclusive("scheduler", [&]() -> Status {
    ran = true;
    return model::Ok();
  });
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  holder.join();
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_FALSE(ran);
  // Free again once the holder committed.
  auto third = b->RunExclusive("scheduler", [&]() -> Status {
    ran = true;
    return model::Ok();
  });
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(*third);
  EXPECT_TRUE(ran);
}

TEST_F(PostgresStoreTest, ExclusiveWorkFailingRollsBack) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto result = store->RunExclusive("job", [&]() -> Status {
    EXPECT_TRUE(store->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    return model::InvalidInput("no");
  });
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(store->ListEditions()->empty());
}

TEST_F(PostgresStoreTest, WaitForChangeWakesOnAnotherStoresCommit) {
  auto writer = Open();
  auto watcher = Open();
  ASSERT_TRUE(writer && watcher);
  // The first call starts listening; a notice sent after it is kept until the next wait.
  (void)watcher->WaitForChange(0);
  ASSERT_TRUE(writer->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  EXPECT_TRUE(watcher->WaitForChange(30000));
  EXPECT_EQ(*watcher->LatestChangeSeq(), *writer->LatestChangeSeq());
  // Nothing more: the wait ends by its timeout.
  EXPECT_FALSE(watcher->WaitForChange(50));
}

}  // namespace
}  // namespace gazette::storage::postgres
