// Sections, tags and authors management in the storage contract, on each backend: SQLite in
// a fresh temporary folder, PostgreSQL in a fresh database on the test server (skipped when
// scripts/run-tests.sh did not start one).
#include <gtest/gtest.h>

#include <memory>

#include "pg_database.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

using model::ErrorKind;

struct CatalogBackend {
  std::string name;
  bool needs_pg = false;
};

const CatalogBackend kCatalogBackends[] = {{"sqlite", false}, {"postgres", true}};

class CatalogStoreTest : public ::testing::TestWithParam<CatalogBackend> {
 protected:
  void SetUp() override {
    model::Result<std::unique_ptr<Store>> opened = model::Unavailable("not opened");
    if (GetParam().needs_pg) {
      if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
      pg_ = std::make_unique<gazette::testing::PgDatabase>(dir_.path().string());
      ASSERT_FALSE(pg_->url().empty()) << pg_->error();
      opened = postgres::OpenPostgresStore(pg_->url());
    } else {
      opened = sqlite::OpenSqliteStore(dir_ / "gazette.db", true);
    }
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    ASSERT_TRUE(store_->UpsertEdition({"en", "Gazette", "en", "en_GB", "Europe/London", 2}).ok());
  }

  // The editions named by the changes recorded after `seq`.
  std::vector<std::string> ChangedEditions(std::int64_t seq) {
    auto changes = store_->ChangesSince(seq, 100);
    EXPECT_TRUE(changes.ok());
    std::vector<std::string> out;
    if (changes.ok()) {
      for (const auto& c : *changes) out.push_back(c.edition);
    }
    return out;
  }

  std::int64_t Seq() {
    auto seq = store_->LatestChangeSeq();
    EXPECT_TRUE(seq.ok());
    return seq.ok() ? *seq : 0;
  }

  model::Id Article(const std::string& slug, model::Id section_id, std::vector<model::Id> tags,
                    std::vector<model::Id> authors) {
    model::Article a;
    a.edition = "fr";
    a.title = slug;
    a.slug = slug;
    a.section_id = section_id;
    a.tag_ids = std::move(tags);
    a.author_ids = std::move(authors);
    a.status = model::ArticleStatus::kPublished;
    a.published_at = 1720000000;
    auto saved = store_->SaveArticle(a, "test");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? saved->id : 0;
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<gazette::testing::PgDatabase> pg_;  // outlives store_: declared first
  std::unique_ptr<Store> store_;
};

TEST_P(CatalogStoreTest, SectionsAreCreatedMovedRenamedAndDeleted) {
  const std::int64_t before = Seq();
  model::Section monde;
  monde.edition = "fr";
  monde.name = "Monde";
  monde.slug = "monde";
  monde.path = "monde";
  auto saved = store_->SaveSection(monde);
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  EXPECT_GT(saved->id, 0);
  EXPECT_EQ(ChangedEditions(before), std::vector<std::string>{"fr"});

  model::Section asie;
  asie.edition = "fr";
  asie.parent_id = saved->id;
  asie.name = "Asie";
  asie.slug = "asie";
  asie.path = "monde/asie";
  asie.position = 3;
  auto child = store_->SaveSection(asie);
  ASSERT_TRUE(child.ok()) << child.error().ToString();
  auto found = store_->GetSection(child->id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->path, "monde/asie");
  EXPECT_EQ((*found)->parent_id, saved->id);
  EXPECT_EQ((*found)->position, 3);
  EXPECT_EQ((*found)->edition, "fr");

  // The same address twice in an edition is a conflict; in another edition it is not.
  model::Section twin = asie;
  twin.id = 0;
  twin.name = "Asie bis";
  auto taken = store_->SaveSection(twin);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(taken.error().field, "slug");
  model::Section english = monde;
  english.edition = "en";
  EXPECT_TRUE(store_->SaveSection(english).ok());
  model::Section nowhere = monde;
  nowhere.edition = "xx";
  auto unknown_edition = store_->SaveSection(nowhere);
  ASSERT_FALSE(unknown_edition.ok());
  EXPECT_EQ(unknown_edition.error().kind, ErrorKind::kInvalidInput);

  // An update keeps the edition it had, whatever it is given.
  model::Section renamed = *child;
  renamed.edition = "en";
  renamed.name = "Asie-Pacifique";
  renamed.slug = "asie-pacifique";
  renamed.path = "monde/asie-pacifique";
  ASSERT_TRUE(store_->SaveSection(renamed).ok());
  auto listed = store_->ListSections("fr");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].name, "Asie-Pacifique");
  EXPECT_EQ((*listed)[1].edition, "fr");
  auto by_path = store_->FindSectionByPath("fr", "monde/asie-pacifique");
  ASSERT_TRUE(by_path.ok() && by_path->has_value());

  model::Section ghost = monde;
  ghost.id = 999999;
  auto missing = store_->SaveSection(ghost);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);

  const std::int64_t before_delete = Seq();
  ASSERT_TRUE(store_->DeleteSection(child->id).ok());
  EXPECT_EQ(ChangedEditions(before_delete), std::vector<std::string>{"fr"});
  auto gone = store_->GetSection(child->id);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  auto again = store_->DeleteSection(child->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
}

TEST_P(CatalogStoreTest, TagsAreListedSavedAndDeletedPerEdition) {
  auto climat = store_->EnsureTag("fr", "Climat");
  auto asie = store_->EnsureTag("fr", "Asie");
  ASSERT_TRUE(climat.ok() && asie.ok());
  ASSERT_TRUE(store_->EnsureTag("en", "Climate").ok());
  auto tags = store_->ListTags("fr");
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "Asie");
  EXPECT_EQ((*tags)[1].name, "Climat");

  const std::int64_t before = Seq();
  auto created = store_->SaveTag({0, "fr", "Énergie", "energie"});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->edition, "fr");
  EXPECT_EQ(ChangedEditions(before), std::vector<std::string>{"fr"});
  auto duplicate = store_->SaveTag({0, "fr", "Energie", "climat"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().kind, ErrorKind::kConflict);
  EXPECT_TRUE(store_->SaveTag({0, "en", "Energy", "energie"}).ok()) << "slugs are per edition";

  auto renamed = store_->SaveTag({climat->id, "", "Climat et météo", "climat-meteo"});
  ASSERT_TRUE(renamed.ok()) << renamed.error().ToString();
  EXPECT_EQ(renamed->edition, "fr");
  auto by_slug = store_->FindTagBySlug("fr", "climat-meteo");
  ASSERT_TRUE(by_slug.ok() && by_slug->has_value());
  EXPECT_EQ((*by_slug)->name, "Climat et météo");
  auto unknown = store_->SaveTag({999999, "", "X", "x"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);

  ASSERT_TRUE(store_->DeleteTag(asie->id).ok());
  auto after = store_->ListTags("fr");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 2u);
  EXPECT_EQ(store_->DeleteTag(asie->id).error().kind, ErrorKind::kNotFound);
}

TEST_P(CatalogStoreTest, AuthorsAreSavedSiteWideAndDeletedWithTheirBylines) {
  auto ana = store_->EnsureAuthor("Ana Lima");
  ASSERT_TRUE(ana.ok());
  const std::int64_t before = Seq();
  auto bruno = store_->SaveAuthor({0, "Bruno Costa", "bruno-costa", "Correspondant à Lisbonne."});
  ASSERT_TRUE(bruno.ok()) << bruno.error().ToString();
  // An author shows in every edition: the change is site-wide.
  EXPECT_EQ(ChangedEditions(before), std::vector<std::string>{""});
  auto taken = store_->SaveAuthor({0, "Ana Lima bis", ana->slug, ""});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  auto updated = store_->SaveAuthor({ana->id, "Ana Lima", "ana", "Reporter."});
  ASSERT_TRUE(updated.ok());
  auto found = store_->FindAuthorBySlug("ana");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->bio, "Reporter.");
  auto authors = store_->ListAuthors();
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 2u);
  EXPECT_EQ((*authors)[0].name, "Ana Lima");
  EXPECT_EQ(store_->SaveAuthor({999999, "X", "x", ""}).error().kind, ErrorKind::kNotFound);

  auto section = store_->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  auto tag = store_->EnsureTag("fr", "Climat");
  ASSERT_TRUE(tag.ok());
  const model::Id article = Article("crue", section->id, {tag->id}, {bruno->id, ana->id});
  ASSERT_TRUE(store_->DeleteAuthor(bruno->id).ok());
  ASSERT_TRUE(store_->DeleteTag(tag->id).ok());
  auto a = store_->GetArticle(article);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->author_ids, std::vector<model::Id>{ana->id});
  EXPECT_TRUE((*a)->tag_ids.empty());
  EXPECT_EQ(store_->DeleteAuthor(bruno->id).error().kind, ErrorKind::kNotFound);
}

TEST_P(CatalogStoreTest, ASectionInUseCannotBeDeleted) {
  auto section = store_->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  Article("crue", section->id, {}, {});
  EXPECT_FALSE(store_->DeleteSection(section->id).ok());
  auto still = store_->GetSection(section->id);
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());
}

TEST_P(CatalogStoreTest, EditingAnImageRecordsAChangeForEachArticleShowingIt) {
  auto section = store_->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  model::Media photo;
  photo.file = "2026/11/quai.jpg";
  photo.caption = "Le quai, mardi.";
  auto photo_id = store_->SaveMedia(photo);
  ASSERT_TRUE(photo_id.ok()) << photo_id.error().ToString();
  const model::Id with = Article("avec-photo", section->id, {}, {});
  const model::Id without = Article("sans-photo", section->id, {}, {});
  auto article = store_->GetArticle(with);
  ASSERT_TRUE(article.ok() && article->has_value());
  model::Article a = **article;
  a.image_id = *photo_id;
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());

  const std::int64_t before = Seq();
  photo.id = *photo_id;
  photo.caption = "Le quai de la Tournelle, mardi matin.";
  auto saved = store_->SaveMedia(photo);
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  auto changes = store_->ChangesSince(before, 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].article_id, with);
  EXPECT_EQ((*changes)[0].edition, "fr");
  EXPECT_NE((*changes)[0].article_id, without);

  // An unknown image: kNotFound, and no change recorded.
  const std::int64_t after = Seq();
  photo.id = *photo_id + 100;
  auto unknown = store_->SaveMedia(photo);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(Seq(), after);
}

TEST_P(CatalogStoreTest, AnImageIsDeletedOnlyWhenNoArticleShowsIt) {
  auto section = store_->EnsureSection("fr", {"Monde"});
  ASSERT_TRUE(section.ok());
  model::Media photo;
  photo.file = "2026/11/quai.jpg";
  auto photo_id = store_->SaveMedia(photo);
  ASSERT_TRUE(photo_id.ok()) << photo_id.error().ToString();
  const model::Id with = Article("avec-photo", section->id, {}, {});
  Article("sans-photo", section->id, {}, {});
  model::Article a = **store_->GetArticle(with);
  a.image_id = *photo_id;
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());

  WorkQuery users;
  users.image_id = *photo_id;
  auto listed = store_->ListWork(users);
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, with);

  auto refused = store_->DeleteMedia(*photo_id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_TRUE(store_->GetMedia(*photo_id)->has_value());

  a = **store_->GetArticle(with);
  a.image_id.reset();
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());
  EXPECT_TRUE(store_->ListWork(users)->empty());
  ASSERT_TRUE(store_->DeleteMedia(*photo_id).ok());
  EXPECT_FALSE(store_->GetMedia(*photo_id)->has_value());
  auto again = store_->DeleteMedia(*photo_id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogStoreTest, ::testing::ValuesIn(kCatalogBackends),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace gazette::storage
