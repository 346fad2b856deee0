// The gazette command on PostgreSQL: choosing the backend by configuration or --database, and
// a clear failure when the server cannot be reached.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "pg_database.h"
#include "process.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
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

// Runs SQL on the test database with psql (as an operator would).
int Psql(const std::string& url, const std::string& sql) {
  std::string command =
      "psql -q -X -o /dev/null -v ON_ERROR_STOP=1 '" + url + "' -c \"" + sql + "\"";
  return std::system(command.c_str());
}

// Starts `gazette serve` on a free port and returns that port (0 on failure).
uint16_t Serve(const std::vector<std::string>& args, const std::string& log,
               std::unique_ptr<gazette::testing::Process>& process) {
  std::vector<std::string> argv = {GazetteBinary(), "serve", "--listen", "127.0.0.1:0", "--quiet"};
  argv.insert(argv.end(), args.begin(), args.end());
  process = std::make_unique<gazette::testing::Process>(argv, log);
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

// The longest word of an article's slug: folded like the index, so it finds the article.
std::string SlugWord(const std::string& slug) {
  std::string best, word;
  for (char ch : slug + "-") {
    if (ch == '-') {
      if (word.size() > best.size()) best = word;
      word.clear();
    } else {
      word += ch;
    }
  }
  return best;
}

// Total hits of `text` in edition fr, every state.
std::int64_t SearchTotal(storage::Store& store, const std::string& text) {
  storage::SearchQuery q;
  q.edition = "fr";
  q.text = text;
  q.published_only = false;
  auto r = storage::postgres::SearchIndexOf(store)->Search(q);
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? r->total : -1;
}

TEST(PostgresCliTest, MigrateDbCopiesVerifiesAndCanBeRunAgain) {
  if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
  TempDir dir;
  gazette::testing::PgDatabase db(dir.path().string());
  ASSERT_FALSE(db.url().empty()) << db.error();
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  ASSERT_EQ(Gazette({"generate", "--count", "60", "--out", dir / "a.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"import", "--quiet", "--data", site, dir / "a.jsonl"}).exit_code, 0);
  // The newsroom's state moves too: an account with an open session, the audit log, and an
  // article's integrity report.
  model::Id first_article = 0;
  {
    auto sqlite = storage::sqlite::OpenSqliteStore(site + "/gazette.db", false);
    ASSERT_TRUE(sqlite.ok()) << sqlite.error().ToString();
    auto& store = **sqlite;
    auto user = store.CreateUser({0, "ed", "Ed", model::Role::kEditor, false}, "hash");
    ASSERT_TRUE(user.ok()) << user.error().ToString();
    ASSERT_TRUE(store.CreateSession({"token-hash", user->id, "csrf", 10, 20, 9000}).ok());
    ASSERT_TRUE(store.AppendAudit({0, 30, "ed", "login", 0, ""}).ok());
    auto articles = store.ScanArticles(0, 1);
    ASSERT_TRUE(articles.ok() && !articles->empty());
    first_article = articles->front().id;
    model::IntegrityReport report;
    report.protected_items = 3;
    report.issues.push_back({"body_html", "number", "number '40' is missing"});
    report.machine_translation = "apertium";
    ASSERT_TRUE(store.SaveIntegrityReport(first_article, report).ok());
  }

  auto bad = Gazette({"migrate-db", "--data", site, "--to", dir / "other.db"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  auto away = Gazette({"migrate-db", "--data", site, "--to", kUnreachable});
  EXPECT_EQ(away.exit_code, 4) << away.err;

  auto first = Gazette({"migrate-db", "--quiet", "--data", site, "--to", db.url()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("articles: 60 rows, checksum verified"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("revisions: 60 rows"), std::string::npos) << first.out;
  for (const char* table : {"article_integrity", "sessions", "audit_log"}) {
    EXPECT_NE(first.out.find(std::string(table) + ": 1 rows, checksum verified"), std::string::npos)
        << first.out;
  }
  {
    auto pg = storage::postgres::OpenPostgresStore(db.url());
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    auto& store = **pg;
    auto session = store.FindSession("token-hash");
    ASSERT_TRUE(session.ok() && session->has_value());
    auto user = store.FindUser("ed");
    ASSERT_TRUE(user.ok() && user->has_value());
    EXPECT_EQ((*session)->user_id, (*user)->id);
    auto report = store.GetIntegrityReport(first_article);
    ASSERT_TRUE(report.ok() && report->has_value());
    EXPECT_EQ((*report)->protected_items, 3);
    ASSERT_EQ((*report)->issues.size(), 1u);
    EXPECT_EQ((*report)->issues[0].detail, "number '40' is missing");
    EXPECT_EQ((*report)->machine_translation, "apertium");
    // New audit entries take ids after the copied ones.
    ASSERT_TRUE(store.AppendAudit({0, 40, "ed", "logout", 0, ""}).ok());
    auto audit = store.ListAudit(0, 10);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[0].action, "logout");
    EXPECT_GT((*audit)[0].id, (*audit)[1].id);
    // Back as it was copied, for the runs below.
    ASSERT_EQ(Psql(db.url(), "DELETE FROM audit_log WHERE action = 'logout'"), 0);
  }

  // As after an interruption: part of the rows are missing. Running it again completes them.
  ASSERT_EQ(Psql(db.url(),
                 "DELETE FROM revisions WHERE article_id > 30; "
                 "DELETE FROM article_tags WHERE article_id > 30"),
            0);
  auto again = Gazette({"migrate-db", "--quiet", "--data", site, "--to", db.url()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("counts and checksums match"), std::string::npos) << again.out;
  // The copied articles were indexed for search.
  EXPECT_NE(again.out.find("search index built"), std::string::npos) << again.out;
  {
    auto pg = storage::postgres::OpenPostgresStore(db.url());
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    auto one = (*pg)->ScanArticles(0, 1);
    ASSERT_TRUE(one.ok() && !one->empty());
    storage::SearchQuery q;
    q.edition = one->front().edition;
    q.text = SlugWord(one->front().slug);
    q.published_only = false;
    auto hits = storage::postgres::SearchIndexOf(**pg)->Search(q);
    ASSERT_TRUE(hits.ok()) << hits.error().ToString();
    EXPECT_GE(hits->total, 1) << q.text;
  }

  // The PostgreSQL site exports what the SQLite one does, and takes new articles with new ids.
  ASSERT_EQ(Gazette({"export", "--data", site, "--out", dir / "sqlite.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"export", "--data", site, "--database", db.url(), "--out", dir / "pg.jsonl"})
                .exit_code,
            0);
  EXPECT_EQ(ReadFile(dir / "sqlite.jsonl"), ReadFile(dir / "pg.jsonl"));
  WriteFile(dir / "new.jsonl",
            R"({"id":"new-1","title":"Nouveau","body_html":"<p>x</p>","section":"Politique",)"
            R"("published_at":"2024-01-01T00:00:00Z"})"
            "\n");
  auto added = Gazette({"import", "--data", site, "--database", db.url(), dir / "new.jsonl"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("imported 1"), std::string::npos) << added.out;

  // A destination holding rows the source lacks fails the verification.
  auto mixed = Gazette({"migrate-db", "--quiet", "--data", site, "--to", db.url()});
  EXPECT_EQ(mixed.exit_code, 2) << mixed.out;
  EXPECT_NE(mixed.err.find("differs"), std::string::npos) << mixed.err;
}

TEST(PostgresCliTest, SearchReindexAndServeOnPostgres) {
  if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
  TempDir dir;
  gazette::testing::PgDatabase db(dir.path().string());
  ASSERT_FALSE(db.url().empty()) << db.error();
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  std::string config = ReadFile(dir / "site/gazette.toml");
  config.replace(config.find("[site]\n"), 7, "[site]\ndatabase = \"" + db.url() + "\"\n");
  WriteFile(dir / "site/gazette.toml", config);
  ASSERT_EQ(Gazette({"generate", "--count", "40", "--out", dir / "a.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"import", "--quiet", "--data", site, dir / "a.jsonl"}).exit_code, 0);

  auto pg = storage::postgres::OpenPostgresStore(db.url());
  ASSERT_TRUE(pg.ok()) << pg.error().ToString();
  auto articles = (*pg)->ScanArticles(0, 40);
  ASSERT_TRUE(articles.ok() && !articles->empty());
  const model::Article* article = nullptr;
  for (const auto& a : *articles) {
    if (a.edition == "fr" && a.status == model::ArticleStatus::kPublished) article = &a;
  }
  ASSERT_NE(article, nullptr);
  const std::string word = SlugWord(article->slug);
  ASSERT_GE(word.size(), 5u) << article->slug;
  // Imported articles are found at once.
  const std::int64_t found = SearchTotal(**pg, word);
  EXPECT_GE(found, 1) << word;

  // An index lost by the operator comes back with `gazette reindex`.
  ASSERT_EQ(Psql(db.url(), "DELETE FROM search_documents; DELETE FROM search_vocabulary"), 0);
  EXPECT_EQ(SearchTotal(**pg, word), 0);
  auto r = Gazette({"reindex", "--data", site});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("reindexed"), std::string::npos) << r.out;
  EXPECT_EQ(SearchTotal(**pg, word), found);
  storage::SearchQuery typo;
  typo.edition = "fr";
  typo.text = word.substr(0, 2) + word.substr(3);  // one letter missing
  typo.published_only = false;
  auto suggested = storage::postgres::SearchIndexOf(**pg)->Search(typo);
  ASSERT_TRUE(suggested.ok());
  if (suggested->total == 0) {
    EXPECT_EQ(suggested->suggestions.size(), 1u) << typo.text;
  }

  // The site served from PostgreSQL has search.
  std::unique_ptr<gazette::testing::Process> server;
  const uint16_t port = Serve({"--data", site}, dir / "serve.log", server);
  ASSERT_NE(port, 0);
  auto page = gazette::http::testing::Fetch(
      port, gazette::http::testing::MakeRequest("GET", "/fr/search.json?q=" + word, {}));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("\"available\":true"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("/" + article->slug + "\""), std::string::npos) << page->body;
}

TEST(PostgresCliTest, BackupWhileServing) {
  TempDir dir;
  const std::string site = dir / "site";
  ASSERT_EQ(Gazette({"init", "--data", site}).exit_code, 0);
  ASSERT_EQ(Gazette({"generate", "--count", "50", "--out", dir / "a.jsonl"}).exit_code, 0);
  ASSERT_EQ(Gazette({"import", "--quiet", "--data", site, dir / "a.jsonl"}).exit_code, 0);
  gazette::testing::Process server(
      {GazetteBinary(), "serve", "--data", site, "--listen", "127.0.0.1:0", "--quiet"},
      dir / "serve.log");
  auto r = Gazette({"backup", "--data", site, "--out", dir / "backup.db"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "backup.db.partial"));
  // The backup is a whole site database: a site folder around it exports the same articles.
  const std::string restored = dir / "restored";
  ASSERT_EQ(Gazette({"init", "--data", restored}).exit_code, 0);
  std::filesystem::copy_file(dir / "backup.db", restored + "/gazette.db",
                             std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(Gazette({"export", "--data", site, "--out", dir / "a.out"}).exit_code, 0);
  ASSERT_EQ(Gazette({"export", "--data", restored, "--out", dir / "b.out"}).exit_code, 0);
  const std::string original = ReadFile(dir / "a.out");
  EXPECT_EQ(std::count(original.begin(), original.end(), '\n'), 50);
  EXPECT_EQ(original, ReadFile(dir / "b.out"));

  // An existing file is never overwritten.
  auto again = Gazette({"backup", "--data", site, "--out", dir / "a.out"});
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(ReadFile(dir / "a.out"), original);
}

}  // namespace
}  // namespace gazette::cli
