// The gazette command as a user runs it: real processes, real files, real HTTP.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "process.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::cli {
namespace {

namespace fs = std::filesystem;
using gazette::testing::GazetteBinary;
using gazette::testing::Process;
using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;

class CliTest : public ::testing::Test {
 protected:
  gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
    args.insert(args.begin(), GazetteBinary());
    return gazette::testing::Run(args);
  }
  std::string Site() {
    const std::string site = dir_ / "site";
    auto r = Gazette({"init", "--data", site});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return site;
  }
  // Starts `gazette serve` on a free port and returns that port (0 on failure).
  uint16_t Serve(const std::string& site, std::unique_ptr<Process>& process) {
    const std::string log = dir_ / "serve.log";
    process =
        std::make_unique<Process>(std::vector<std::string>{GazetteBinary(), "serve", "--data", site,
                                                           "--listen", "127.0.0.1:0", "--quiet"},
                                  log);
    const std::string prefix = "http://127.0.0.1:";
    for (int i = 0; i < 200 && process->Running(); ++i) {
      const std::string text = ReadFile(log);
      const auto at = text.find(prefix);
      if (at != std::string::npos && text.find('/', at + prefix.size()) != std::string::npos) {
        return static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "server did not start: " << ReadFile(log);
    return 0;
  }
  TempDir dir_;
};

TEST_F(CliTest, HelpListsEverySubcommand) {
  auto r = Gazette({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"init", "serve", "import", "export", "generate", "reindex"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  EXPECT_EQ(Gazette({"serve", "--help"}).exit_code, 0);
  EXPECT_NE(Gazette({"frobnicate"}).exit_code, 0);
}

TEST_F(CliTest, InitCreatesASiteOnceOnly) {
  const std::string site = Site();
  EXPECT_TRUE(fs::exists(site + "/gazette.toml"));
  EXPECT_TRUE(fs::exists(site + "/gazette.db"));
  EXPECT_TRUE(fs::is_directory(site + "/media"));
  auto again = Gazette({"init", "--data", site});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already"), std::string::npos);
}

TEST_F(CliTest, MissingOrCorruptSiteGivesAClearError) {
  auto missing = Gazette({"serve", "--data", dir_ / "nowhere"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;

  const std::string site = Site();
  WriteFile(site + "/gazette.db", std::string(4096, 'x'));
  auto corrupt = Gazette({"export", "--data", site});
  EXPECT_NE(corrupt.exit_code, 0);
  EXPECT_NE(corrupt.err.find("gazette: "), std::string::npos);
  EXPECT_EQ(corrupt.err.find("terminate"), std::string::npos) << "no crash: " << corrupt.err;

  const std::string site2 = dir_ / "site2";
  ASSERT_EQ(Gazette({"init", "--data", site2}).exit_code, 0);
  WriteFile(site2 + "/gazette.toml", "[site\nname=");
  auto bad_config = Gazette({"export", "--data", site2});
  EXPECT_EQ(bad_config.exit_code, 2);
  EXPECT_NE(bad_config.err.find("gazette.toml:"), std::string::npos) << bad_config.err;
}

TEST_F(CliTest, GenerateIsDeterministic) {
  ASSERT_EQ(
      Gazette({"generate", "--count", "50", "--seed", "3", "--out", dir_ / "a.jsonl"}).exit_code,
      0);
  ASSERT_EQ(
      Gazette({"generate", "--count", "50", "--seed", "3", "--out", dir_ / "b.jsonl"}).exit_code,
      0);
  ASSERT_EQ(
      Gazette({"generate", "--count", "50", "--seed", "4", "--out", dir_ / "c.jsonl"}).exit_code,
      0);
  EXPECT_EQ(ReadFile(dir_ / "a.jsonl"), ReadFile(dir_ / "b.jsonl"));
  EXPECT_NE(ReadFile(dir_ / "a.jsonl"), ReadFile(dir_ / "c.jsonl"));
  EXPECT_NE(Gazette({"generate", "--count", "0", "--out", dir_ / "d.jsonl"}).exit_code, 0);
}

TEST_F(CliTest, ImportReportsBadLinesAndExportRoundTrips) {
  const std::string site = Site();
  ASSERT_EQ(Gazette({"generate", "--count", "30", "--out", dir_ / "good.jsonl"}).exit_code, 0);
  std::string content = ReadFile(dir_ / "good.jsonl");
  content += "this is not json\n";
  content +=
      R"({"id":"x","title":"No section","body_html":"<p>x</p>","published_at":"2024-01-01T00:00:00Z"})"
      "\n";
  WriteFile(dir_ / "mixed.jsonl", content);

  auto r = Gazette({"import", "--data", site, dir_ / "mixed.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 30, updated 0, rejected 2"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("mixed.jsonl:31: rejected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mixed.jsonl:32: rejected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("section"), std::string::npos) << r.err;

  auto again = Gazette({"import", "--data", site, dir_ / "good.jsonl"});
  EXPECT_NE(again.out.find("imported 0, updated 30, rejected 0"), std::string::npos) << again.out;

  auto exported = Gazette({"export", "--data", site, "--out", dir_ / "export.jsonl"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string site2 = dir_ / "site2";
  ASSERT_EQ(Gazette({"init", "--data", site2}).exit_code, 0);
  auto reimport = Gazette({"import", "--data", site2, dir_ / "export.jsonl"});
  EXPECT_NE(reimport.out.find("imported 30, updated 0, rejected 0"), std::string::npos)
      << reimport.out;
  ASSERT_EQ(Gazette({"export", "--data", site2, "--out", dir_ / "export2.jsonl"}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_ / "export.jsonl"), ReadFile(dir_ / "export2.jsonl"));
}

TEST_F(CliTest, KilledImportLeavesAConsistentDatabase) {
  const std::string site = Site();
  ASSERT_EQ(Gazette({"generate", "--count", "6000", "--out", dir_ / "big.jsonl"}).exit_code, 0);
  {
    Process import({GazetteBinary(), "import", "--quiet", "--data", site, dir_ / "big.jsonl"},
                   dir_ / "import.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    import.Kill(SIGKILL);
    import.Wait();
  }
  {
    auto store = storage::sqlite::OpenSqliteStore(site + "/gazette.db", false);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    storage::ArticleQuery q;
    q.edition = "fr";
    q.published_only = false;
    auto count = (*store)->CountArticles(q);
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count % 5000, 0) << "only whole batches are committed, got " << *count;
  }
  auto resumed = Gazette({"import", "--quiet", "--data", site, dir_ / "big.jsonl"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("rejected 0"), std::string::npos) << resumed.out;
  auto exported = Gazette({"export", "--data", site});
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 6000);
}

TEST_F(CliTest, ServeFollowsImportsAndStopsOnSigterm) {
  const std::string site = Site();
  WriteFile(
      dir_ / "one.jsonl",
      R"({"id":"n1","title":"Première version","body_html":"<p>x</p>","section":"Politique","published_at":"2024-01-01T00:00:00Z"})"
      "\n");
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "one.jsonl"}).exit_code, 0);
  std::unique_ptr<Process> server;
  const uint16_t port = Serve(site, server);
  ASSERT_NE(port, 0);
  auto page =
      gazette::http::testing::Fetch(port, gazette::http::testing::MakeRequest("GET", "/fr/"));
  ASSERT_TRUE(page.has_value());
  EXPECT_NE(page->body.find("Première version"), std::string::npos);

  WriteFile(
      dir_ / "one.jsonl",
      R"({"id":"n1","title":"Seconde version","body_html":"<p>x</p>","section":"Politique","published_at":"2024-01-01T00:00:00Z"})"
      "\n");
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "one.jsonl"}).exit_code, 0);
  bool updated = false;
  for (int i = 0; i < 100 && !updated; ++i) {
    auto again =
        gazette::http::testing::Fetch(port, gazette::http::testing::MakeRequest("GET", "/fr/"));
    updated = again && again->body.find("Seconde version") != std::string::npos;
    if (!updated) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(updated)
      << "the cached home page follows an import into the running server's database";

  server->Kill(SIGTERM);
  EXPECT_EQ(server->Wait(), 0) << "clean stop on SIGTERM";
}

// Without the page cache every page is read per request, through the read model (sections,
// tags, authors, newest articles in memory). What another process imports shows in the very
// next response: no waiting, no polling.
TEST_F(CliTest, UncachedPagesShowAnotherProcessImportAtOnce) {
  const std::string site = Site();
  WriteFile(
      dir_ / "a.jsonl",
      R"({"id":"a1","title":"Le premier article","slug":"premier","body_html":"<p>x</p>","section":"Politique","tags":["Budget"],"authors":["Ana Lima"],"published_at":"2024-01-01T00:00:00Z"})"
      "\n");
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "a.jsonl"}).exit_code, 0);
  const std::string log = dir_ / "serve-uncached.log";
  Process server({GazetteBinary(), "serve", "--data", site, "--listen", "127.0.0.1:0", "--quiet",
                  "--no-cache"},
                 log);
  uint16_t port = 0;
  const std::string prefix = "http://127.0.0.1:";
  for (int i = 0; i < 200 && server.Running() && port == 0; ++i) {
    const std::string text = ReadFile(log);
    const auto at = text.find(prefix);
    if (at != std::string::npos && text.find('/', at + prefix.size()) != std::string::npos) {
      port = static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ASSERT_NE(port, 0) << ReadFile(log);
  auto get = [&](const std::string& path) {
    auto r = gazette::http::testing::Fetch(port, gazette::http::testing::MakeRequest("GET", path));
    EXPECT_TRUE(r.has_value()) << path;
    return r ? r->body : std::string();
  };
  const std::string article = "/fr/politique/premier";
  ASSERT_NE(get(article).find("Le premier article"), std::string::npos);
  ASSERT_NE(get("/fr/").find("Le premier article"), std::string::npos);
  EXPECT_EQ(get("/fr/").find("/fr/culture/"), std::string::npos);

  // Another process: a second article in a new section with a new tag and author, and a
  // new title for the first.
  WriteFile(
      dir_ / "b.jsonl",
      R"({"id":"a1","title":"Le premier article, corrigé","slug":"premier","body_html":"<p>x</p>","section":"Politique","tags":["Budget"],"authors":["Ana Lima"],"published_at":"2024-01-01T00:00:00Z"})"
      "\n"
      R"({"id":"b1","title":"Un second article","slug":"second","body_html":"<p>y</p>","section":"Culture","tags":["Cinéma"],"authors":["Bo Chen"],"published_at":"2024-01-02T00:00:00Z"})"
      "\n");
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "b.jsonl"}).exit_code, 0);
  const std::string home = get("/fr/");
  EXPECT_NE(home.find("Un second article"), std::string::npos);
  EXPECT_NE(home.find("Le premier article, corrigé"), std::string::npos);
  EXPECT_NE(home.find("href=\"/fr/culture/\""), std::string::npos) << "the menu has the section";
  const std::string first = get(article);
  EXPECT_NE(first.find("Le premier article, corrigé"), std::string::npos);
  EXPECT_NE(first.find("Un second article"), std::string::npos) << "in the latest articles";
  const std::string second = get("/fr/culture/second");
  EXPECT_NE(second.find("Cinéma"), std::string::npos);
  EXPECT_NE(second.find("Bo Chen"), std::string::npos);

  // Unpublished by another import: gone from every list at once.
  WriteFile(
      dir_ / "c.jsonl",
      R"({"id":"b1","title":"Un second article","slug":"second","body_html":"<p>y</p>","section":"Culture","status":"unpublished","published_at":"2024-01-02T00:00:00Z"})"
      "\n");
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "c.jsonl"}).exit_code, 0);
  EXPECT_EQ(get("/fr/").find("Un second article"), std::string::npos);
  EXPECT_EQ(get(article).find("Un second article"), std::string::npos);
  auto gone = gazette::http::testing::Fetch(
      port, gazette::http::testing::MakeRequest("GET", "/fr/culture/second"));
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(gone->status, 404);
  server.Kill(SIGTERM);
  EXPECT_EQ(server.Wait(), 0);
}

}  // namespace
}  // namespace gazette::cli

namespace gazette::cli {
namespace {

class ReindexCliTest : public ::testing::Test {
 protected:
  gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
    args.insert(args.begin(), GazetteBinary());
    return gazette::testing::Run(args);
  }
  TempDir dir_;
};

TEST_F(ReindexCliTest, RebuildsTheIndexAndReportsBadSites) {
  const std::string site = dir_ / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  ASSERT_EQ(Gazette({"generate", "--count", "40", "--out", dir_ / "a.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"import", "--data", site, dir_ / "a.jsonl"}).exit_code, 0);
  auto r = Gazette({"reindex", "--data", site});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("reindexed"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("reindexing ["), std::string::npos) << "no progress bar off a terminal";
  EXPECT_EQ(Gazette({"reindex", "--data", site, "--quiet"}).exit_code, 0);
  auto missing = Gazette({"reindex", "--data", dir_ / "nowhere"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("gazette: "), std::string::npos);
  EXPECT_NE(Gazette({"reindex"}).exit_code, 0);
}

}  // namespace
}  // namespace gazette::cli
