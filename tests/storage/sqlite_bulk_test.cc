// Bulk writes on SQLite: the full-text index merges less during an import and is merged at
// its end, with FTS5's own settings put back; searches stay exact throughout.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "storage/search.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

// What FTS5 keeps about the index of `table`: its settings and its number of segments (from
// the structure record: a 4-byte cookie, then varints for the levels and the segments).
struct IndexState {
  std::map<std::string, std::int64_t> config;
  std::int64_t segments = -1;
};

std::uint64_t Varint(const unsigned char* p, int size, int& at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 9 && at < size; ++i) {
    const unsigned char c = p[at++];
    if (i == 8) return (v << 8) | c;
    v = (v << 7) | (c & 0x7f);
    if ((c & 0x80) == 0) break;
  }
  return v;
}

IndexState ReadIndexState(const std::string& file, const std::string& table) {
  IndexState state;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string sql = "SELECT k, v FROM " + table + "_config";
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    state.config[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] =
        sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  sql = "SELECT block FROM " + table + "_data WHERE id = 10";
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  if (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, 0));
    const int size = sqlite3_column_bytes(st, 0);
    int at = 4;
    Varint(p, size, at);  // levels
    state.segments = static_cast<std::int64_t>(Varint(p, size, at));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return state;
}

class SqliteBulkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::OpenSqliteStore(file_, true);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    search_ = sqlite::SearchIndexOf(*store_);
    ASSERT_NE(search_, nullptr);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    auto section = store_->EnsureSection("fr", {"Monde"});
    ASSERT_TRUE(section.ok());
    section_id_ = section->id;
  }

  // One article per transaction: each commit writes one index segment.
  void SaveArticles(int from, int to) {
    for (int n = from; n <= to; ++n) {
      model::Article a;
      a.edition = "fr";
      a.title = "Dépêche " + std::to_string(n);
      a.slug = "depeche-" + std::to_string(n);
      a.body_html = "<p>Le port de Marseille accueille un navire.</p>";
      a.section_id = section_id_;
      a.status = model::ArticleStatus::kPublished;
      a.published_at = 1000 + n;
      auto saved = store_->SaveArticle(a, "import");
      ASSERT_TRUE(saved.ok()) << saved.error().ToString();
    }
  }

  std::int64_t Matches(const std::string& text) {
    SearchQuery q;
    q.edition = "fr";
    q.text = text;
    auto results = search_->Search(q);
    EXPECT_TRUE(results.ok()) << results.error().ToString();
    return results.ok() ? results->total : -1;
  }

  gazette::testing::TempDir dir_;
  const std::string file_ = dir_ / "gazette.db";
  std::unique_ptr<Store> store_;
  SearchIndex* search_ = nullptr;
  model::Id section_id_ = 0;
};

TEST_F(SqliteBulkTest, MergesLessDuringAndMergesAtTheEnd) {
  ASSERT_TRUE(store_->BeginBulkWrites().ok());
  IndexState during = ReadIndexState(file_, "search_fr");
  EXPECT_EQ(during.config["automerge"], 16);
  EXPECT_EQ(during.config["crisismerge"], 64);

  SaveArticles(1, 40);
  EXPECT_EQ(Matches("navire"), 40) << "searches are exact during an import";
  EXPECT_EQ(Matches("\"Dépêche 17\""), 1);
  during = ReadIndexState(file_, "search_fr");
  EXPECT_GE(during.segments, 16) << "at most one merge of 16 in 40 commits";

  ASSERT_TRUE(store_->EndBulkWrites().ok());
  IndexState after = ReadIndexState(file_, "search_fr");
  EXPECT_EQ(after.config["automerge"], 4);
  EXPECT_EQ(after.config["crisismerge"], 16);
  EXPECT_LE(after.segments, 3) << "no level keeps 4 segments";
  EXPECT_EQ(Matches("navire"), 40);
  EXPECT_EQ(Matches("\"Dépêche 17\""), 1);
  EXPECT_EQ(Matches("marseille -navire"), 0);
}

TEST_F(SqliteBulkTest, WritesOutsideAnImportMergeAsBefore) {
  SaveArticles(1, 40);
  IndexState state = ReadIndexState(file_, "search_fr");
  EXPECT_EQ(state.config.count("automerge"), 0u) << "FTS5's defaults";
  EXPECT_LT(state.segments, 16);
  EXPECT_EQ(Matches("navire"), 40);
}

}  // namespace
}  // namespace gazette::storage
