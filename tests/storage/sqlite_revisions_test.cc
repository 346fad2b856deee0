// How the SQLite store keeps revision bodies: the article's current body is not stored a
// second time in its revisions (NULL), yet every reader (the store, the table copy of
// `gazette migrate-db`) sees each revision's exact body, also after upgrading an older
// database.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/sqlite/schema.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "storage/table_copy.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

using model::Article;

// Runs `sql` on the database file directly; the first column of each row, NULL as nullopt.
std::vector<std::optional<std::string>> Query(const std::string& file, const std::string& sql) {
  std::vector<std::optional<std::string>> out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(st, 0);
    out.push_back(text == nullptr
                      ? std::nullopt
                      : std::optional<std::string>(reinterpret_cast<const char*>(text)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void Exec(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::vector<std::string> Bodies(Store& store, model::Id article_id) {
  std::vector<std::string> out;
  auto revisions = store.ListRevisions(article_id);
  EXPECT_TRUE(revisions.ok()) << revisions.error().ToString();
  if (revisions.ok()) {
    for (const auto& r : *revisions) out.push_back(r.body_html);
  }
  return out;
}

class SqliteRevisionsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open() {
    auto opened = sqlite::OpenSqliteStore(file_, true);
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  gazette::testing::TempDir dir_;
  const std::string file_ = dir_ / "gazette.db";
};

TEST_F(SqliteRevisionsTest, OnlyBodiesNoLongerCurrentAreStored) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  auto section = store->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  Article a;
  a.edition = "fr";
  a.title = "Titre";
  a.slug = "titre";
  a.section_id = section->id;
  a.status = model::ArticleStatus::kDraft;
  for (const char* body : {"<p>Un</p>", "<p>Un</p>", "<p>Deux</p>", "<p>Trois</p>"}) {
    a.body_html = body;
    auto saved = store->SaveArticle(a, "editor");
    ASSERT_TRUE(saved.ok()) << saved.error().ToString();
    a = *saved;
  }
  EXPECT_EQ(Bodies(*store, a.id),
            (std::vector<std::string>{"<p>Un</p>", "<p>Un</p>", "<p>Deux</p>", "<p>Trois</p>"}));
  store.reset();
  // Revisions 1 and 2 were copied when "Deux" replaced their body, 3 when "Trois" came; the
  // newest has no copy of its own.
  EXPECT_EQ(Query(file_, "SELECT body_html FROM revisions ORDER BY number"),
            (std::vector<std::optional<std::string>>{"<p>Un</p>", "<p>Un</p>", "<p>Deux</p>",
                                                     std::nullopt}));
}

TEST_F(SqliteRevisionsTest, TableCopyReadsEveryBody) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  auto section = store->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  Article a;
  a.edition = "fr";
  a.title = "Titre";
  a.slug = "titre";
  a.section_id = section->id;
  a.status = model::ArticleStatus::kDraft;
  a.body_html = "<p>Avant</p>";
  a = *store->SaveArticle(a, "editor");
  a.body_html = "<p>Après</p>";
  a = *store->SaveArticle(a, "editor");
  store.reset();

  auto reader = sqlite::OpenSqliteTableReader(file_);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  const TableSpec* revisions = nullptr;
  for (const auto& t : SiteTables()) {
    if (t.name == "revisions") revisions = &t;
  }
  ASSERT_NE(revisions, nullptr);
  auto rows = (*reader)->ReadRows(*revisions, 0, 10);
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0][6], std::optional<std::string>("<p>Avant</p>"));
  EXPECT_EQ((*rows)[1][6], std::optional<std::string>("<p>Après</p>"));
}

// A database at schema version 6 stored every revision's body; upgrading keeps them all and
// drops only the copies of the current body.
TEST_F(SqliteRevisionsTest, UpgradeKeepsEveryRevision) {
  std::string sql =
      "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at INTEGER NOT NULL);";
  for (const auto& m : sqlite::SqliteMigrations()) {
    if (m.version > 6) break;
    sql += m.sql;
    sql += "INSERT INTO schema_version VALUES (" + std::to_string(m.version) + ", 'm', 0);";
  }
  sql += R"sql(
INSERT INTO editions (code, name, language, locale, time_zone) VALUES
  ('fr', 'Gazette', 'fr', 'fr_FR', 'Europe/Paris');
INSERT INTO sections (id, edition, name, slug, path) VALUES (1, 'fr', 'Monde', 'monde', 'monde');
INSERT INTO articles (id, edition, translation_group, title, slug, body_html, section_id, status,
                      created_at, updated_at, revision)
  VALUES (1, 'fr', 1, 'Titre', 'titre', '<p>Trois</p>', 1, 'draft', 1, 1, 3);
INSERT INTO revisions (article_id, number, saved_at, saved_by, title, lead, body_html) VALUES
  (1, 1, 1, 'a', 'Titre', '', '<p>Un</p>'),
  (1, 2, 2, 'b', 'Titre', '', '<p>Trois</p>'),
  (1, 3, 3, 'c', 'Titre', '', '<p>Trois</p>');
)sql";
  Exec(file_, sql);

  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(Bodies(*store, 1),
            (std::vector<std::string>{"<p>Un</p>", "<p>Trois</p>", "<p>Trois</p>"}));
  auto article = store->GetArticle(1);
  ASSERT_TRUE(article.ok() && article->has_value());
  Article a = **article;
  a.body_html = "<p>Quatre</p>";
  ASSERT_TRUE(store->SaveArticle(a, "d").ok());
  EXPECT_EQ(Bodies(*store, 1), (std::vector<std::string>{"<p>Un</p>", "<p>Trois</p>",
                                                         "<p>Trois</p>", "<p>Quatre</p>"}));
  store.reset();
  EXPECT_EQ(Query(file_, "SELECT max(version) FROM schema_version"),
            (std::vector<std::optional<std::string>>{
                std::to_string(sqlite::SqliteMigrations().back().version)}));
  EXPECT_EQ(Query(file_, "SELECT saved_by FROM revisions WHERE number = 1 AND saved_by = 'a'"),
            (std::vector<std::optional<std::string>>{"a"}))
      << "the first saver's index still answers";
}

}  // namespace
}  // namespace gazette::storage
