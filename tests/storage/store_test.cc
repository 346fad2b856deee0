// The Store contract, written once against the interface. Each backend joins through a
// factory in kBackends; the SQLite one uses a file in a fresh temporary folder, the PostgreSQL
// one a fresh database on the test server (skipped when scripts/run-tests.sh did not start
// one).
#include "storage/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "model/site_paths.h"
#include "pg_database.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

using model::Article;
using model::ArticleStatus;
using model::ErrorKind;

struct Backend {
  std::string name;
  // Opens a store kept under `dir`; called again on the same folder, reopens the same data.
  std::function<model::Result<std::unique_ptr<Store>>(const gazette::testing::TempDir& dir)> open;
  bool needs_pg = false;
};

// The database of a test is named after its folder, so that reopening finds the same data.
model::Result<std::unique_ptr<Store>> OpenTestPostgres(const gazette::testing::TempDir& dir) {
  std::string server = gazette::testing::TestPgServerUrl();
  std::string name = gazette::testing::PgDatabaseName(dir.path().string());
  if (Status st = postgres::CreateDatabase(server, name); !st.ok()) return st.error();
  return postgres::OpenPostgresStore(postgres::WithDatabase(server, name));
}

const Backend kBackends[] = {
    {"sqlite",
     [](const gazette::testing::TempDir& dir) {
       return sqlite::OpenSqliteStore(dir / "gazette.db", true);
     }},
    {"postgres", OpenTestPostgres, true},
};

ArticleQuery Q(std::string edition, const std::function<void(ArticleQuery&)>& edit = {}) {
  ArticleQuery q;
  q.edition = std::move(edition);
  if (edit) edit(q);
  return q;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().needs_pg) {
      if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
      pg_ = std::make_unique<gazette::testing::PgDatabase>(dir_.path().string());
      ASSERT_FALSE(pg_->url().empty()) << pg_->error();
    }
    auto opened = GetParam().open(dir_);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    ASSERT_TRUE(store_->UpsertEdition({"vi", "Báo", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 2}).ok());
    auto section = store_->EnsureSection("fr", {"International", "Amérique"});
    ASSERT_TRUE(section.ok()) << section.error().ToString();
    section_ = *section;
  }

  Article MakeArticle(const std::string& slug, ArticleStatus status = ArticleStatus::kPublished,
                      model::UnixSeconds published_at = 1000) {
    Article a;
    a.edition = "fr";
    a.title = "Titre " + slug;
    a.slug = slug;
    a.lead = "Chapeau";
    a.body_html = "<p>Corps</p>";
    a.section_id = section_.id;
    a.status = status;
    if (status == ArticleStatus::kPublished) a.published_at = published_at;
    a.created_at = 500;
    a.updated_at = 600;
    return a;
  }

  Article Save(const Article& a) {
    auto saved = store_->SaveArticle(a, "editor");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : Article{};
  }

  std::vector<std::string> Slugs(const ArticleQuery& q) {
    auto list = store_->ListArticles(q);
    EXPECT_TRUE(list.ok()) << list.error().ToString();
    std::vector<std::string> out;
    if (list.ok()) {
      for (const auto& a : *list) out.push_back(a.slug);
    }
    return out;
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<gazette::testing::PgDatabase> pg_;  // dropped after store_ closes
  std::unique_ptr<Store> store_;
  model::Section section_;
};

TEST_P(StoreTest, ReopenKeepsData) {
  Article saved = Save(MakeArticle("persist"));
  store_.reset();
  auto reopened = GetParam().open(dir_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  auto found = (*reopened)->FindArticleBySlug("fr", "persist");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, saved.id);
  EXPECT_EQ((*reopened)->ListEditions()->size(), 2u);
}

TEST_P(StoreTest, Editions) {
  auto editions = store_->ListEditions();
  ASSERT_TRUE(editions.ok());
  ASSERT_EQ(editions->size(), 2u);
  EXPECT_EQ((*editions)[0].code, "fr");
  EXPECT_EQ((*editions)[1].time_zone, "Asia/Ho_Chi_Minh");
  ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette FR", "fr", "fr_FR", "Europe/Paris", 3}).ok());
  editions = store_->ListEditions();
  ASSERT_EQ(editions->size(), 2u);
  EXPECT_EQ((*editions)[1].name, "Gazette FR");
  auto bad = store_->UpsertEdition({"", "x", "x", "x", "UTC", 0});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
}

TEST_P(StoreTest, SectionTree) {
  EXPECT_EQ(section_.path, "international/amerique");
  EXPECT_EQ(section_.slug, "amerique");
  ASSERT_TRUE(section_.parent_id.has_value());
  auto again = store_->EnsureSection("fr", {"International", "Amérique"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, section_.id);
  auto root = store_->FindSectionByPath("fr", "/international/");
  ASSERT_TRUE(root.ok() && root->has_value());
  EXPECT_EQ((*root)->id, *section_.parent_id);
  EXPECT_FALSE(store_->FindSectionByPath("vi", "international")->has_value());
  // Same slug as an existing sibling gets a number.
  auto clash = store_->EnsureSection("fr", {"International", "AMÉRIQUE!"});
  ASSERT_TRUE(clash.ok());
  EXPECT_EQ(clash->path, "international/amerique-2");
  auto symbols = store_->EnsureSection("fr", {"«»"});
  ASSERT_TRUE(symbols.ok());
  EXPECT_EQ(symbols->path, "section");
  EXPECT_EQ(store_->ListSections("fr")->size(), 4u);
  auto viet = store_->EnsureSection("vi", {"Nghệ An – Báo điện tử"});
  ASSERT_TRUE(viet.ok());
  EXPECT_EQ(viet->path, "nghe-an-bao-dien-tu");

  auto no_edition = store_->EnsureSection("xx", {"A"});
  ASSERT_FALSE(no_edition.ok());
  EXPECT_EQ(no_edition.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(store_->EnsureSection("fr", {}).ok());
  EXPECT_FALSE(store_->EnsureSection("fr", {"A", "  "}).ok());
  EXPECT_FALSE(store_->FindSectionByPath("fr", "a").value().has_value()) << "rolled back";
}

TEST_P(StoreTest, DescendantSectionsAreListed) {
  auto europe = store_->EnsureSection("fr", {"International", "Europe"});
  auto sport = store_->EnsureSection("fr", {"Sport"});
  ASSERT_TRUE(europe.ok() && sport.ok());
  Save(MakeArticle("a", ArticleStatus::kPublished, 100));
  Article b = MakeArticle("b", ArticleStatus::kPublished, 200);
  b.section_id = europe->id;
  Save(b);
  Article c = MakeArticle("c", ArticleStatus::kPublished, 300);
  c.section_id = sport->id;
  Save(c);
  ArticleQuery q = Q("fr");
  q.section_id = *section_.parent_id;
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(*store_->CountArticles(q), 2);
  q.section_id = europe->id;
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"b"}));
}

TEST_P(StoreTest, TagsAndAuthors) {
  auto russie = store_->EnsureTag("fr", "Russie");
  ASSERT_TRUE(russie.ok());
  EXPECT_EQ(russie->slug, "russie");
  EXPECT_EQ(store_->EnsureTag("fr", "Russie")->id, russie->id);
  EXPECT_EQ(store_->EnsureTag("fr", "RUSSIE")->slug, "russie-2");
  EXPECT_EQ(store_->EnsureTag("vi", "Russie")->slug, "russie");
  EXPECT_EQ(store_->EnsureTag("fr", "!!")->slug, "tag");
  EXPECT_FALSE(store_->EnsureTag("fr", " ").ok());
  EXPECT_FALSE(store_->EnsureTag("nope", "x").ok());
  auto found = store_->FindTagBySlug("fr", "russie");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "Russie");
  EXPECT_FALSE(store_->FindTagBySlug("fr", "chine")->has_value());

  auto jean = store_->EnsureAuthor("Jean Dupont");
  auto anna = store_->EnsureAuthor("Anna Ивановa");
  ASSERT_TRUE(jean.ok() && anna.ok());
  EXPECT_EQ(jean->slug, "jean-dupont");
  EXPECT_EQ(store_->EnsureAuthor("Jean Dupont")->id, jean->id);
  EXPECT_EQ(store_->EnsureAuthor("Jean  Dupont!")->slug, "jean-dupont-2");
  EXPECT_TRUE(store_->FindAuthorBySlug("jean-dupont")->has_value());
  auto authors = store_->GetAuthors({anna->id, jean->id});
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 2u);
  EXPECT_EQ((*authors)[0].id, anna->id);
  auto tags = store_->GetTags({russie->id, 9999});
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_TRUE(store_->GetTags({})->empty());
}

TEST_P(StoreTest, Media) {
  model::Media m{0, "2024/07/a.jpg", "Légende", "AFP", "alt", 1200, 800, "image/jpeg", {320, 640}};
  auto id = store_->SaveMedia(m);
  ASSERT_TRUE(id.ok());
  auto got = store_->GetMedia(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->rendition_widths, (std::vector<int>{320, 640}));
  EXPECT_EQ((*got)->caption, "Légende");
  m.id = *id;
  m.rendition_widths = {};
  ASSERT_TRUE(store_->SaveMedia(m).ok());
  EXPECT_TRUE((*store_->GetMedia(*id))->rendition_widths.empty());
  m.id = 9999;
  EXPECT_EQ(store_->SaveMedia(m).error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(store_->GetMedia(9999)->has_value());
}

TEST_P(StoreTest, SearchMediaLibrary) {
  auto add = [&](std::string file, std::string caption, std::string credit, std::string alt) {
    model::Media m{0,
                   std::move(file),
                   std::move(caption),
                   std::move(credit),
                   std::move(alt),
                   800,
                   600,
                   "image/jpeg",
                   {320}};
    auto id = store_->SaveMedia(m);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : model::Id{0};
  };
  const auto nato = add("2026/11/nato-summit.jpg", "Le sommet de l'OTAN", "AFP", "Pupitre");
  const auto flood = add("2026/11/flood.png", "Crue de la Seine", "Reuters", "Quais inondés");
  const auto plain = add("2026/11/100%_sure.webp", "", "", "");

  auto all = store_->SearchMedia({});
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, plain);  // newest first
  EXPECT_EQ((*all)[2].id, nato);
  EXPECT_EQ((*all)[2].rendition_widths, (std::vector<int>{320}));

  auto ids = [&](const std::string& text) {
    std::vector<model::Id> out;
    auto found = store_->SearchMedia({text, 50, 0});
    EXPECT_TRUE(found.ok()) << found.error().ToString();
    if (found.ok()) {
      for (const auto& m : *found) out.push_back(m.id);
    }
    return out;
  };
  EXPECT_EQ(ids("otan"), (std::vector<model::Id>{nato}));         // caption, any ASCII case
  EXPECT_EQ(ids("reuters"), (std::vector<model::Id>{flood}));     // credit
  EXPECT_EQ(ids("inondés"), (std::vector<model::Id>{flood}));     // alt text, UTF-8
  EXPECT_EQ(ids("nato-summit"), (std::vector<model::Id>{nato}));  // file name
  EXPECT_EQ(ids("2026/11"), (std::vector<model::Id>{plain, flood, nato}));
  EXPECT_EQ(ids("%_"), (std::vector<model::Id>{plain}));  // no wildcards
  EXPECT_TRUE(ids("_").size() == 1u);
  EXPECT_TRUE(ids("absent").empty());
  // Words must not match across two fields.
  EXPECT_TRUE(ids("afp pupitre").empty());

  auto page = store_->SearchMedia({"", 1, 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, flood);
}

TEST_P(StoreTest, SaveAndUpdateArticle) {
  auto tag = store_->EnsureTag("fr", "OTAN");
  auto a1 = store_->EnsureAuthor("B");
  auto a2 = store_->EnsureAuthor("A");
  Article a = MakeArticle("l-otan");
  a.external_id = "ext-1";
  a.tag_ids = {tag->id};
  a.author_ids = {a1->id, a2->id};
  a.source = "RIA Novosti";
  Article saved = Save(a);
  EXPECT_GT(saved.id, 0);
  EXPECT_EQ(saved.revision, 1);
  EXPECT_EQ(saved.translation_group, saved.id);
  EXPECT_EQ(saved.author_ids, (std::vector<model::Id>{a1->id, a2->id}));
  EXPECT_EQ(saved.tag_ids, (std::vector<model::Id>{tag->id}));
  EXPECT_EQ(saved.published_at, 1000);
  EXPECT_EQ(saved.body_html, "<p>Corps</p>");

  saved.title = "Nouveau titre";
  saved.author_ids = {a2->id};
  Article updated = Save(saved);
  EXPECT_EQ(updated.id, saved.id);
  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.author_ids, (std::vector<model::Id>{a2->id}));
  EXPECT_EQ(updated.created_at, 500);

  auto by_ext = store_->FindArticleByExternalId("ext-1");
  ASSERT_TRUE(by_ext.ok() && by_ext->has_value());
  EXPECT_EQ((*by_ext)->title, "Nouveau titre");
  EXPECT_FALSE(store_->FindArticleByExternalId("")->has_value());
  EXPECT_FALSE(store_->GetArticle(9999)->has_value());

  auto revisions = store_->ListRevisions(saved.id);
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[0].title, "Titre l-otan");
  EXPECT_EQ((*revisions)[1].number, 2);
  EXPECT_EQ((*revisions)[1].saved_by, "editor");
}

TEST_P(StoreTest, BadArticlesChangeNothing) {
  Article first = Save(MakeArticle("unique"));
  auto seq = *store_->LatestChangeSeq();

  auto dup = store_->SaveArticle(MakeArticle("unique"), "x");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);

  Article other_edition = MakeArticle("unique");
  other_edition.edition = "vi";
  auto vi_section = store_->EnsureSection("vi", {"Thế giới"});
  other_edition.section_id = vi_section->id;
  EXPECT_TRUE(store_->SaveArticle(other_edition, "x").ok()) << "slugs are unique per edition";
  seq = *store_->LatestChangeSeq();

  Article wrong_section = MakeArticle("ws");
  wrong_section.section_id = vi_section->id;
  EXPECT_EQ(store_->SaveArticle(wrong_section, "x").error().kind, ErrorKind::kInvalidInput);
  Article bad_tag = MakeArticle("bt");
  bad_tag.tag_ids = {424242};
  EXPECT_FALSE(store_->SaveArticle(bad_tag, "x").ok());
  Article missing = MakeArticle("missing");
  missing.id = 777;
  EXPECT_EQ(store_->SaveArticle(missing, "x").error().kind, ErrorKind::kNotFound);
  Article ext = MakeArticle("ext");
  ext.external_id = "e";
  Save(ext);
  seq = *store_->LatestChangeSeq();
  Article ext2 = MakeArticle("ext2");
  ext2.external_id = "e";
  EXPECT_EQ(store_->SaveArticle(ext2, "x").error().kind, ErrorKind::kConflict);

  EXPECT_EQ(*store_->LatestChangeSeq(), seq);
  EXPECT_FALSE(store_->FindArticleBySlug("fr", "bt")->has_value());
  EXPECT_FALSE(store_->FindArticleBySlug("fr", "ext2")->has_value());
  EXPECT_EQ(store_->ListRevisions(first.id)->size(), 1u);
}

// Every revision keeps the body it was saved with, whatever happens to the article later:
// saves with the same body, with a new one, a body put back as it was, a save that fails,
// a transaction rolled back after a save, and reopening the database.
TEST_P(StoreTest, EveryRevisionKeepsItsBody) {
  Article a = MakeArticle("revisions");
  std::vector<std::string> bodies;
  auto save = [&](const std::string& body, const std::string& title) {
    a.body_html = body;
    a.title = title;
    a = Save(a);
    bodies.push_back(body);
  };
  auto expect_bodies = [&](Store& store, const std::string& when) {
    auto revisions = store.ListRevisions(a.id);
    ASSERT_TRUE(revisions.ok()) << revisions.error().ToString();
    ASSERT_EQ(revisions->size(), bodies.size()) << when;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      EXPECT_EQ((*revisions)[i].number, static_cast<int>(i) + 1) << when;
      EXPECT_EQ((*revisions)[i].body_html, bodies[i]) << when << ", revision " << i + 1;
    }
    auto current = store.GetArticle(a.id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->body_html, bodies.back()) << when;
  };
  save("<p>Un</p>", "Titre 1");
  save("<p>Un</p>", "Titre 2");  // same body, new title
  expect_bodies(*store_, "after a save with the same body");
  save("<p>Deux</p>", "Titre 2");
  save("<p>Deux</p>", "Titre 3");
  save("<p>Trois</p>", "Titre 3");
  expect_bodies(*store_, "after new bodies");
  save("<p>Un</p>", "Titre 1");  // an old revision put back
  save("", "Titre vide");
  save("<p>Quatre</p>", "Titre 4");
  expect_bodies(*store_, "after restoring and emptying");

  Article clash = MakeArticle("autre");
  Save(clash);
  Article failing = a;
  failing.slug = "autre";
  failing.body_html = "<p>Refusé</p>";
  EXPECT_EQ(store_->SaveArticle(failing, "editor").error().kind, ErrorKind::kConflict);
  expect_bodies(*store_, "after a refused save");

  Status rolled_back = store_->InTransaction([&]() -> Status {
    Article changed = a;
    changed.body_html = "<p>Annulé</p>";
    auto saved = store_->SaveArticle(changed, "editor");
    if (!saved.ok()) return saved.error();
    return model::Conflict("rolled back on purpose");
  });
  EXPECT_EQ(rolled_back.error().kind, ErrorKind::kConflict);
  expect_bodies(*store_, "after a rolled-back transaction");

  store_.reset();
  auto reopened = GetParam().open(dir_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().ToString();
  store_ = std::move(*reopened);
  expect_bodies(*store_, "after reopening");
  save("<p>Cinq</p>", "Titre 5");
  expect_bodies(*store_, "after a save on the reopened database");
}

TEST_P(StoreTest, RedirectWhenPublishedSlugChanges) {
  Article draft = Save(MakeArticle("brouillon", ArticleStatus::kDraft));
  draft.slug = "brouillon-2";
  Save(draft);
  EXPECT_FALSE(store_->FindRedirect("/fr/international/amerique/brouillon")->has_value())
      << "drafts were never public";

  Article a = Save(MakeArticle("ancien"));
  a.slug = "nouveau";
  Save(a);
  auto to = store_->FindRedirect("/fr/international/amerique/ancien");
  ASSERT_TRUE(to.ok() && to->has_value());
  EXPECT_EQ(**to, "/fr/international/amerique/nouveau");

  auto europe = store_->EnsureSection("fr", {"International", "Europe"});
  a = *store_->GetArticle(a.id).value();
  a.section_id = europe->id;
  Save(a);
  EXPECT_EQ(**store_->FindRedirect("/fr/international/amerique/ancien"),
            "/fr/international/europe/nouveau")
      << "chains collapse to the latest path";
  EXPECT_EQ(**store_->FindRedirect("/fr/international/amerique/nouveau"),
            "/fr/international/europe/nouveau");

  ASSERT_TRUE(store_->SaveRedirect({"/old", "/new"}).ok());
  EXPECT_EQ(**store_->FindRedirect("/old"), "/new");
  EXPECT_FALSE(store_->SaveRedirect({"/same", "/same"}).ok());
  EXPECT_FALSE(store_->SaveRedirect({"", "/x"}).ok());
}

TEST_P(StoreTest, ListOrderPagingAndCounts) {
  for (int i = 1; i <= 5; ++i)
    Save(MakeArticle("p" + std::to_string(i), ArticleStatus::kPublished, i * 100));
  Save(MakeArticle("tie", ArticleStatus::kPublished, 500));  // same time as p5, larger id
  Save(MakeArticle("draft", ArticleStatus::kDraft));
  ArticleQuery q = Q("fr");
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"tie", "p5", "p4", "p3", "p2", "p1"}));
  EXPECT_EQ(*store_->CountArticles(q), 6);
  q.limit = 2;
  q.offset = 2;
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"p4", "p3"}));
  EXPECT_EQ(*store_->CountArticles(q), 6) << "counts ignore paging";
  q.limit = 20;
  q.offset = 0;
  q.published_since = 300;
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"tie", "p5", "p4", "p3"}));
  q.published_since.reset();
  auto p5 = store_->FindArticleBySlug("fr", "p5");
  q.exclude_ids = {(*p5)->id};
  EXPECT_EQ(*store_->CountArticles(q), 5);
  q.exclude_ids.clear();
  q.published_only = false;
  EXPECT_EQ(*store_->CountArticles(q), 7);
  auto list = store_->ListArticles(Q("fr"));
  EXPECT_TRUE(list->front().body_html.empty()) << "lists leave the body out by default";
  q.with_body = true;
  EXPECT_EQ(store_->ListArticles(q)->front().body_html, "<p>Corps</p>");

  EXPECT_EQ(store_->ListArticles(Q("")).error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(store_->ListArticles(Q("fr", [&](ArticleQuery& x) { x.limit = -1; })).ok());

  auto scanned = store_->ScanArticles(0, 3);
  ASSERT_EQ(scanned->size(), 3u);
  auto rest = store_->ScanArticles(scanned->back().id, 100);
  EXPECT_EQ(rest->size(), 4u);
}

TEST_P(StoreTest, PublishedOnlyHonoursNow) {
  Save(MakeArticle("past", ArticleStatus::kPublished, 100));
  Save(MakeArticle("future", ArticleStatus::kPublished, 5000));
  Save(MakeArticle("review", ArticleStatus::kReview));
  ArticleQuery q = Q("fr", [&](ArticleQuery& x) { x.now = 1000; });
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"past"}));
  q.now = 0;
  EXPECT_EQ(Slugs(q), (std::vector<std::string>{"future", "past"}));
}

TEST_P(StoreTest, TagAuthorAndTranslationFilters) {
  auto tag = store_->EnsureTag("fr", "Chine");
  auto author = store_->EnsureAuthor("Jean");
  Article a = MakeArticle("tagged");
  a.tag_ids = {tag->id};
  Article saved = Save(a);
  Article b = MakeArticle("authored");
  b.author_ids = {author->id};
  Save(b);
  EXPECT_EQ(Slugs(Q("fr", [&](ArticleQuery& x) { x.tag_id = tag->id; })),
            (std::vector<std::string>{"tagged"}));
  EXPECT_EQ(Slugs(Q("fr", [&](ArticleQuery& x) { x.author_id = author->id; })),
            (std::vector<std::string>{"authored"}));

  auto vi_section = store_->EnsureSection("vi", {"Thế giới"});
  Article translation = MakeArticle("ban-dich");
  translation.edition = "vi";
  translation.section_id = vi_section->id;
  translation.translation_group = saved.translation_group;
  Article t = Save(translation);
  EXPECT_EQ(t.translation_group, saved.id);
  EXPECT_EQ(Slugs(Q("vi", [&](ArticleQuery& x) { x.translation_group = saved.translation_group; })),
            (std::vector<std::string>{"ban-dich"}));
  EXPECT_TRUE(Slugs(Q("fr", [&](ArticleQuery& x) { x.translation_group = t.id; })).empty());

  auto related = store_->RelatedArticles(saved, 0, 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u) << "falls back to the section";
  EXPECT_EQ(related->front().slug, "authored");
}

// Lists by tag, author and section are read either through the relation or along the
// newest-first index, depending on how many articles match; both must give the same lists.
TEST_P(StoreTest, FiltersGiveTheSameListsForRareAndCommonValues) {
  auto common = store_->EnsureTag("fr", "Commun");
  auto rare = store_->EnsureTag("fr", "Rare");
  auto prolific = store_->EnsureAuthor("Prolifique");
  auto occasional = store_->EnsureAuthor("Occasionnel");
  auto small = store_->EnsureSection("fr", {"Petite"});
  ASSERT_TRUE(common.ok() && rare.ok() && prolific.ok() && occasional.ok() && small.ok());
  struct Expected {
    std::vector<std::string> common, rare, prolific, occasional, small, big;
  } expected;
  // Published newest first: i = 119 is the newest; every 10th is a draft, every 7th is
  // scheduled after `now`.
  const model::UnixSeconds now = 100000;
  for (int i = 0; i < 120; ++i) {
    const bool draft = i % 10 == 3;
    const bool future = i % 7 == 5;
    Article a = MakeArticle("n" + std::to_string(i),
                            draft ? ArticleStatus::kDraft : ArticleStatus::kPublished,
                            future ? now + 10 + i : 1000 + i);
    a.tag_ids = {common->id};
    if (i % 40 == 1) a.tag_ids.push_back(rare->id);
    a.author_ids = {i % 30 == 2 ? occasional->id : prolific->id};
    if (i % 50 == 4) a.section_id = small->id;
    Save(a);
  }
  for (int i = 119; i >= 0; --i) {
    if (i % 10 == 3 || i % 7 == 5) continue;
    const std::string slug = "n" + std::to_string(i);
    expected.common.push_back(slug);
    if (i % 40 == 1) expected.rare.push_back(slug);
    (i % 30 == 2 ? expected.occasional : expected.prolific).push_back(slug);
    (i % 50 == 4 ? expected.small : expected.big).push_back(slug);
  }
  auto check = [&](const std::function<void(ArticleQuery&)>& filter,
                   const std::vector<std::string>& all, const std::string& what) {
    ArticleQuery q = Q("fr", filter);
    q.now = now;
    q.limit = 1000;
    EXPECT_EQ(Slugs(q), all) << what;
    EXPECT_EQ(*store_->CountArticles(q), static_cast<std::int64_t>(all.size())) << what;
    for (int offset : {0, 1, 3}) {
      q.limit = 2;
      q.offset = offset;
      std::vector<std::string> page(all.begin() + std::min<std::size_t>(offset, all.size()),
                                    all.begin() + std::min<std::size_t>(offset + 2, all.size()));
      EXPECT_EQ(Slugs(q), page) << what << " offset " << offset;
    }
    if (!all.empty()) {
      q.limit = 1000;
      q.offset = 0;
      q.exclude_ids = {(*store_->FindArticleBySlug("fr", all.front()))->id};
      EXPECT_EQ(Slugs(q), std::vector<std::string>(all.begin() + 1, all.end())) << what;
      EXPECT_EQ(*store_->CountArticles(q), static_cast<std::int64_t>(all.size()) - 1) << what;
    }
  };
  check([&](ArticleQuery& q) { q.tag_id = common->id; }, expected.common, "common tag");
  check([&](ArticleQuery& q) { q.tag_id = rare->id; }, expected.rare, "rare tag");
  check([&](ArticleQuery& q) { q.author_id = prolific->id; }, expected.prolific, "prolific");
  check([&](ArticleQuery& q) { q.author_id = occasional->id; }, expected.occasional, "occasional");
  check([&](ArticleQuery& q) { q.section_id = small->id; }, expected.small, "small section");
  check([&](ArticleQuery& q) { q.section_id = *section_.parent_id; }, expected.big, "section tree");
  check(
      [&](ArticleQuery& q) {
        q.section_id = small->id;
        q.edition = "vi";
      },
      {}, "a section of another edition");

  // Related: newest first among articles sharing a tag, whether the tag is rare or common.
  auto newest_rare = store_->FindArticleBySlug("fr", expected.rare.front());
  Article only_rare = **newest_rare;
  only_rare.tag_ids = {rare->id};
  auto related = store_->RelatedArticles(only_rare, now, 2);
  ASSERT_TRUE(related.ok()) << related.error().ToString();
  std::vector<std::string> slugs;
  for (const auto& a : *related) slugs.push_back(a.slug);
  EXPECT_EQ(slugs, std::vector<std::string>(expected.rare.begin() + 1, expected.rare.begin() + 3));
  only_rare.tag_ids = {common->id};
  related = store_->RelatedArticles(only_rare, now, 2);
  ASSERT_TRUE(related.ok());
  slugs.clear();
  for (const auto& a : *related) slugs.push_back(a.slug);
  std::vector<std::string> want;
  for (const auto& slug : expected.common) {
    if (slug != only_rare.slug && want.size() < 2) want.push_back(slug);
  }
  EXPECT_EQ(slugs, want);
}

TEST_P(StoreTest, PlacementsKeepOrder) {
  Article a = Save(MakeArticle("a"));
  Article b = Save(MakeArticle("b"));
  Article c = Save(MakeArticle("c"));
  ASSERT_TRUE(store_->SetPlacements("fr", "home", {c.id, a.id, b.id}).ok());
  auto placed = store_->ListPlacements("fr", "home");
  ASSERT_TRUE(placed.ok());
  ASSERT_EQ(placed->size(), 3u);
  EXPECT_EQ((*placed)[0].article_id, c.id);
  EXPECT_EQ((*placed)[2].article_id, b.id);
  ASSERT_TRUE(store_->SetPlacements("fr", "home", {b.id}).ok());
  EXPECT_EQ(store_->ListPlacements("fr", "home")->size(), 1u);
  EXPECT_FALSE(store_->SetPlacements("fr", "home", {a.id, 99999}).ok());
  EXPECT_EQ(store_->ListPlacements("fr", "home")->front().article_id, b.id) << "unchanged";
  EXPECT_TRUE(store_->ListPlacements("vi", "home")->empty());
}

TEST_P(StoreTest, ChangesFeed) {
  auto start = store_->LatestChangeSeq();
  ASSERT_TRUE(start.ok());
  Article a = Save(MakeArticle("a"));
  ASSERT_TRUE(store_->SetPlacements("fr", "home", {a.id}).ok());
  ASSERT_TRUE(store_->UpsertEdition({"en", "Gazette", "en", "en_GB", "UTC", 3}).ok());
  auto changes = store_->ChangesSince(*start, 10);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].article_id, a.id);
  EXPECT_EQ((*changes)[0].edition, "fr");
  EXPECT_EQ((*changes)[0].translation_group, a.translation_group);
  EXPECT_EQ((*changes)[1].edition, "fr");
  EXPECT_EQ((*changes)[1].article_id, 0);
  EXPECT_EQ((*changes)[2].edition, "");
  EXPECT_LT((*changes)[0].seq, (*changes)[1].seq);
  EXPECT_EQ(*store_->LatestChangeSeq(), (*changes)[2].seq);
  EXPECT_EQ(store_->ChangesSince(*start, 1)->size(), 1u);
}

TEST_P(StoreTest, DueScheduled) {
  Article soon = MakeArticle("soon", ArticleStatus::kScheduled);
  soon.published_at = 2000;
  Save(soon);
  Article later = MakeArticle("later", ArticleStatus::kScheduled);
  later.scheduled_at = 9000;
  Save(later);
  Save(MakeArticle("live", ArticleStatus::kPublished, 100));
  EXPECT_TRUE(store_->DueScheduled(1000)->empty());
  auto due = store_->DueScheduled(2000);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().slug, "soon");
  EXPECT_EQ(store_->DueScheduled(10000)->size(), 2u);
}

TEST_P(StoreTest, TransactionRollbackLeavesNothing) {
  auto seq = *store_->LatestChangeSeq();
  Status failed = store_->InTransaction([&]() -> Status {
    EXPECT_TRUE(store_->SaveArticle(MakeArticle("ghost"), "x").ok());
    EXPECT_TRUE(store_->EnsureTag("fr", "Fantôme").ok());
    EXPECT_TRUE(store_->FindArticleBySlug("fr", "ghost")->has_value()) << "visible inside";
    return model::Conflict("changed my mind");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kConflict);
  EXPECT_FALSE(store_->FindArticleBySlug("fr", "ghost")->has_value());
  EXPECT_FALSE(store_->FindTagBySlug("fr", "fantome")->has_value());
  EXPECT_EQ(*store_->LatestChangeSeq(), seq);

  Status thrown = store_->InTransaction([&]() -> Status {
    EXPECT_TRUE(store_->SaveArticle(MakeArticle("thrown"), "x").ok());
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_FALSE(store_->FindArticleBySlug("fr", "thrown")->has_value());

  Status ok = store_->InTransaction([&]() -> Status {
    auto inner = store_->InTransaction([&]() -> Status {
      EXPECT_TRUE(store_->SaveArticle(MakeArticle("inner-undone"), "x").ok());
      return model::Internal("inner fails");
    });
    EXPECT_FALSE(inner.ok());
    auto saved = store_->SaveArticle(MakeArticle("kept"), "x");
    return saved.ok() ? model::Ok() : Status(saved.error());
  });
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_TRUE(store_->FindArticleBySlug("fr", "kept")->has_value());
  EXPECT_FALSE(store_->FindArticleBySlug("fr", "inner-undone")->has_value());
}

// A page's reads in one read transaction: they see one state even while another thread
// writes (SQLite), the status of the work comes back, and inside a write transaction the
// reads see its writes.
TEST_P(StoreTest, ReadTransactionSeesOneState) {
  Article saved = Save(MakeArticle("etat"));
  const bool snapshot = !GetParam().needs_pg;  // PostgreSQL answers each read on its own
  std::string first, second;
  Status read = store_->InReadTransaction([&]() -> Status {
    first = (*store_->FindArticleBySlug("fr", "etat"))->title;
    std::thread writer([&] {
      Article changed = saved;
      changed.title = "Titre changé";
      auto done = store_->SaveArticle(changed, "editor");
      EXPECT_TRUE(done.ok()) << done.error().ToString();
    });
    writer.join();
    second = (*store_->FindArticleBySlug("fr", "etat"))->title;
    return model::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(first, "Titre etat");
  EXPECT_EQ(second, snapshot ? "Titre etat" : "Titre changé");
  EXPECT_EQ((*store_->FindArticleBySlug("fr", "etat"))->title, "Titre changé");

  Status failed = store_->InReadTransaction([&]() -> Status { return model::NotFound("gone"); });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kNotFound);

  Status thrown = store_->InReadTransaction([&]() -> Status { throw std::runtime_error("boom"); });
  EXPECT_FALSE(thrown.ok());

  Status nested = store_->InTransaction([&]() -> Status {
    EXPECT_TRUE(store_->SaveArticle(MakeArticle("dedans"), "x").ok());
    return store_->InReadTransaction([&]() -> Status {
      return store_->FindArticleBySlug("fr", "dedans")->has_value() ? model::Ok()
                                                                    : model::NotFound("dedans");
    });
  });
  EXPECT_TRUE(nested.ok()) << nested.error().ToString();
  // The connection went back to the pool with its read ended: writes go on.
  EXPECT_TRUE(store_->SaveArticle(MakeArticle("apres"), "x").ok());
}

TEST_P(StoreTest, ConcurrentReadsAndWrites) {
  for (int i = 0; i < 20; ++i)
    Save(MakeArticle("c" + std::to_string(i), ArticleStatus::kPublished, i));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 30; ++k) {
        auto list = store_->ListArticles(Q("fr", [&](ArticleQuery& x) { x.limit = 5; }));
        if (!list.ok() || list->size() != 5) ++failures;
        auto one = store_->FindArticleBySlug("fr", "c7");
        if (!one.ok() || !one->has_value()) ++failures;
        if (t == 0 && k % 5 == 0) {
          if (!store_->SaveArticle(MakeArticle("w" + std::to_string(k)), "w").ok()) ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*store_->CountArticles(Q("fr")), 26);
}

TEST_P(StoreTest, IntegrityReportRoundTripsAndIsReplaced) {
  Article a = Save(MakeArticle("mt", ArticleStatus::kDraft));
  auto none = store_->GetIntegrityReport(a.id);
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_FALSE(none->has_value());

  model::IntegrityReport r;
  r.protected_items = 7;
  r.kept = 5;
  r.missing = 1;
  r.duplicated = 1;
  r.numbers_source = 3;
  r.numbers_translation = 2;
  r.dates_source = 1;
  r.machine_translation = "apertium";
  r.issues = {{"body_html", "number", "number '40' is missing"},
              {"lead", "leaked", "tab\there, newline\nthere"}};
  ASSERT_TRUE(store_->SaveIntegrityReport(a.id, r).ok());
  auto got = store_->GetIntegrityReport(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const auto& g = **got;
  EXPECT_EQ(g.protected_items, 7);
  EXPECT_EQ(g.kept, 5);
  EXPECT_EQ(g.missing, 1);
  EXPECT_EQ(g.duplicated, 1);
  EXPECT_EQ(g.numbers_source, 3);
  EXPECT_EQ(g.numbers_translation, 2);
  EXPECT_EQ(g.dates_source, 1);
  EXPECT_EQ(g.machine_translation, "apertium");
  ASSERT_EQ(g.issues.size(), 2u);
  EXPECT_EQ(g.issues[0].field, "body_html");
  EXPECT_EQ(g.issues[0].kind, "number");
  EXPECT_EQ(g.issues[0].detail, "number '40' is missing");
  EXPECT_EQ(g.issues[1].detail, "tab here, newline there");

  ASSERT_TRUE(store_->SaveIntegrityReport(a.id, model::IntegrityReport{}).ok());
  got = store_->GetIntegrityReport(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_TRUE((*got)->ok());
  EXPECT_EQ((*got)->machine_translation, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return info.param.name; });

TEST(SqliteStoreOpenTest, MissingFileWithoutCreateIsAnError) {
  gazette::testing::TempDir dir;
  auto opened = sqlite::OpenSqliteStore(dir / "absent.db", false);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));
}

TEST(SqliteStoreOpenTest, FileThatIsNotADatabaseIsAnError) {
  gazette::testing::TempDir dir;
  std::string garbage(4096, 'x');
  gazette::testing::WriteFile(dir / "bad.db", "this is not a database\n" + garbage);
  auto opened = sqlite::OpenSqliteStore(dir / "bad.db", true);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(opened.error().message.find("not a SQLite database"), std::string::npos);
  EXPECT_EQ(gazette::testing::ReadFile(dir / "bad.db"), "this is not a database\n" + garbage);
}

TEST(SqliteStoreOpenTest, CreatesAndReopensWithoutCreate) {
  gazette::testing::TempDir dir;
  ASSERT_TRUE(sqlite::OpenSqliteStore(dir / "g.db", true).ok());
  auto again = sqlite::OpenSqliteStore(dir / "g.db", false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)->ListEditions()->empty());
  EXPECT_FALSE(sqlite::OpenSqliteStore("", true).ok());
}

// Threads serving pages do not wait on each other for SQLite's allocation statistics: the
// store turns them off before any connection exists, so SQLite counts nothing.
TEST(SqliteSettings, AllocationStatisticsAreOff) {
  gazette::testing::TempDir dir;
  auto store = sqlite::OpenSqliteStore(dir / "gazette.db", true);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  ASSERT_TRUE((*store)->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
  sqlite3_int64 used = -1;
  sqlite3_int64 highest = -1;
  ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highest, 0), SQLITE_OK);
  EXPECT_EQ(used, 0);
  EXPECT_EQ(highest, 0);
}

}  // namespace
}  // namespace gazette::storage
