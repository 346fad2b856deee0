// Bulk writes on SQLite: the full-text index merges less during an import and is merged at
// its end, with FTS5's own settings put back; searches stay exact throughout.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "storage/search.h"
#include "storage/sqlite/search_tokenizer.h"
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

// Everything the full-text index of `table` holds (each term's document, column and
// position, through fts5vocab), the vocabulary, and FTS5's own integrity check of the index
// against the text it was built from.
struct IndexContent {
  std::vector<std::tuple<std::string, std::int64_t, std::string, int>> instances;
  std::vector<std::pair<std::string, std::int64_t>> vocabulary;
  bool intact = false;
};

IndexContent ReadIndexContent(const std::string& file, const std::string& table) {
  IndexContent content;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_TRUE(sqlite::RegisterSearchTokenizer(db));
  EXPECT_TRUE(sqlite::RegisterSearchTextFunctions(db));
  char* error = nullptr;
  const std::string create =
      "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, " + table + ", 'instance')";
  EXPECT_EQ(sqlite3_exec(db, create.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT term, doc, col, offset FROM temp.v", -1, &st, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    content.instances.emplace_back(
        reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1),
        reinterpret_cast<const char*>(sqlite3_column_text(st, 2)), sqlite3_column_int(st, 3));
  }
  sqlite3_finalize(st);
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT term, docs FROM search_terms ORDER BY tbl, term", -1,
                               &st, nullptr),
            SQLITE_OK);
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    content.vocabulary.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                                    sqlite3_column_int64(st, 1));
  }
  sqlite3_finalize(st);
  const std::string check =
      "INSERT INTO " + table + " (" + table + ", rank) VALUES ('integrity-check', 1)";
  content.intact = sqlite3_exec(db, check.c_str(), nullptr, nullptr, &error) == SQLITE_OK;
  EXPECT_TRUE(content.intact) << (error ? error : "");
  sqlite3_close(db);
  return content;
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

  model::Article Dispatch(int n, model::UnixSeconds at) const {
    model::Article a;
    a.edition = "fr";
    a.title = "Dépêche " + std::to_string(n) + " : l'escale du navire";
    a.slug = "depeche-" + std::to_string(n);
    a.lead = n % 3 == 0 ? "" : "Le port de Marseille, " + std::to_string(n * 7) + " conteneurs";
    a.body_html = "<p>Le port de <b>Marseille</b> accueille un navire venu de Gênes.</p><p>Les " +
                  std::to_string(n) + " dockers déchargent ; le navire repart à l'aube.</p>";
    a.section_id = section_id_;
    a.status = model::ArticleStatus::kPublished;
    a.published_at = at;
    return a;
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

TEST_F(SqliteBulkTest, ATransactionWritesOneSegmentWhateverThePublicationOrder) {
  // Keys follow publication times; the documents of a transaction reach the index in key
  // order, so FTS5 writes them out once, at the commit.
  std::vector<int> order(60);
  for (int i = 0; i < 60; ++i) order[static_cast<std::size_t>(i)] = i + 1;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  Status saved = store_->InTransaction([&]() -> Status {
    for (int n : order) {
      auto a = store_->SaveArticle(Dispatch(n, 1000 + 3600 * n), "import");
      if (!a.ok()) return a.error();
    }
    return model::Ok();
  });
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  EXPECT_EQ(ReadIndexState(file_, "search_fr").segments, 1);
  EXPECT_EQ(Matches("navire"), 60);
  EXPECT_EQ(Matches("\"Dépêche 17\""), 1);
  EXPECT_TRUE(ReadIndexContent(file_, "search_fr").intact);
}

TEST_F(SqliteBulkTest, PreparedSavesIndexExactlyAsSaves) {
  // The same articles saved into a second database, each with the work prepared ahead: on
  // another thread, from other text (not used), or none; the index is the same.
  gazette::testing::TempDir other_dir;
  const std::string other_file = other_dir / "gazette.db";
  auto opened = sqlite::OpenSqliteStore(other_file, true);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  std::unique_ptr<Store> other = std::move(*opened);
  ASSERT_TRUE(other->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  ASSERT_TRUE(other->EnsureSection("fr", {"Monde"}).ok());

  std::vector<model::Article> articles;
  for (int n = 1; n <= 30; ++n) articles.push_back(Dispatch(n, 1000 + 7919 * (n % 11)));
  std::vector<std::shared_ptr<const Store::PreparedSave>> prepared(articles.size());
  std::thread ahead([&] {
    for (std::size_t i = 0; i < articles.size(); ++i) {
      model::Article source = articles[i];
      if (i % 5 == 1) source.body_html += "<p>Autre texte.</p>";  // not what is saved
      if (i % 5 != 2) prepared[i] = other->PrepareSave(source);
    }
  });
  ahead.join();
  EXPECT_NE(prepared[0], nullptr);
  for (const auto& batch : {std::pair{0, 12}, std::pair{12, 30}}) {
    ASSERT_TRUE(store_
                    ->InTransaction([&]() -> Status {
                      for (int i = batch.first; i < batch.second; ++i) {
                        auto a = store_->SaveArticle(articles[static_cast<std::size_t>(i)], "x");
                        if (!a.ok()) return a.error();
                      }
                      return model::Ok();
                    })
                    .ok());
    ASSERT_TRUE(other
                    ->InTransaction([&]() -> Status {
                      for (int i = batch.first; i < batch.second; ++i) {
                        const auto k = static_cast<std::size_t>(i);
                        auto a = other->SavePreparedArticle(articles[k], "x", prepared[k].get());
                        if (!a.ok()) return a.error();
                      }
                      return model::Ok();
                    })
                    .ok());
  }
  const IndexContent expected = ReadIndexContent(file_, "search_fr");
  const IndexContent actual = ReadIndexContent(other_file, "search_fr");
  EXPECT_GT(expected.instances.size(), 30u * 20u);
  EXPECT_EQ(actual.instances, expected.instances);
  EXPECT_EQ(actual.vocabulary, expected.vocabulary);
  EXPECT_TRUE(actual.intact);
}

TEST_F(SqliteBulkTest, ARolledBackSavepointWritesItsEarlierDocumentsAgain) {
  // A search inside a savepoint writes the transaction's documents so far into the index;
  // rolling the savepoint back takes them out again, and the commit writes the ones saved
  // before it.
  Status st = store_->InTransaction([&]() -> Status {
    auto a = store_->SaveArticle(Dispatch(1, 5000), "x");
    if (!a.ok()) return a.error();
    Status inner = store_->InTransaction([&]() -> Status {
      model::Article b = Dispatch(2, 1000);
      b.title = "Le paquebot";
      auto saved = store_->SaveArticle(b, "x");
      if (!saved.ok()) return saved.error();
      EXPECT_EQ(Matches("navire"), 2);
      EXPECT_EQ(Matches("paquebot"), 1);
      return model::Conflict("changed our mind");
    });
    EXPECT_FALSE(inner.ok());
    return model::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_EQ(Matches("navire"), 1);
  EXPECT_EQ(Matches("paquebot"), 0);
  const IndexContent content = ReadIndexContent(file_, "search_fr");
  EXPECT_TRUE(content.intact);
  EXPECT_EQ(content.vocabulary.end(),
            std::find_if(content.vocabulary.begin(), content.vocabulary.end(),
                         [](const auto& t) { return t.first == "paquebot"; }));
}

}  // namespace
}  // namespace gazette::storage
