#include "services/read_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "pg_database.h"
#include "services/site_reader.h"
#include "temp_dir.h"

namespace gazette::services {
namespace {

using model::ArticleStatus;

class ReadModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto opened = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 0}).ok());
    ASSERT_TRUE(store_->UpsertEdition({"en", "Gazette", "en", "en_GB", "Europe/London", 1}).ok());
    section_ = store_->EnsureSection("fr", {"Monde"})->id;
    for (int i = 1; i <= 3; ++i) Publish("Article " + std::to_string(i), kNow - 100 + i);
  }

  model::Article Publish(const std::string& title, model::UnixSeconds at, model::Id section = 0) {
    model::Article a;
    a.edition = "fr";
    a.title = title;
    a.body_html = "<p>x</p>";
    a.section_id = section != 0 ? section : section_;
    a.status = ArticleStatus::kPublished;
    a.published_at = at;
    a.created_at = a.updated_at = at;
    auto saved = store_->SaveArticle(a, "test");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : a;
  }

  static std::vector<std::string> Titles(const std::vector<model::Article>& articles) {
    std::vector<std::string> out;
    for (const auto& a : articles) out.push_back(a.title);
    return out;
  }

  static constexpr model::UnixSeconds kNow = 1'700'000'000;
  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  model::Id section_ = 0;
};

TEST_F(ReadModelTest, NewestArticlesFollowPublishAndUnpublish) {
  ReadModel model(*store_);
  ASSERT_TRUE(model.Follow().ok());
  auto latest = model.Latest("fr", 0, kNow, 2, {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(Titles(*latest), (std::vector<std::string>{"Article 3", "Article 2"}));
  // Excluding the newest still gives `limit` articles, from the same read.
  latest = model.Latest("fr", 0, kNow, 2, {Titles(*latest).empty() ? 0 : (*latest)[0].id});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(Titles(*latest), (std::vector<std::string>{"Article 2", "Article 1"}));

  model::Article fresh = Publish("Article 4", kNow - 1);
  ASSERT_TRUE(model.Follow().ok());
  latest = model.Latest("fr", 0, kNow, 2, {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(Titles(*latest), (std::vector<std::string>{"Article 4", "Article 3"}));

  fresh.status = ArticleStatus::kUnpublished;
  ASSERT_TRUE(store_->SaveArticle(fresh, "test").ok());
  ASSERT_TRUE(model.Follow().ok());
  latest = model.Latest("fr", 0, kNow, 2, {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(Titles(*latest), (std::vector<std::string>{"Article 3", "Article 2"}));
}

TEST_F(ReadModelTest, NewestArticlesDependOnTheClock) {
  Publish("Plus tard", kNow + 10);
  ReadModel model(*store_);
  auto now = model.Latest("fr", 0, kNow, 1, {});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Titles(*now), (std::vector<std::string>{"Article 3"}));
  auto later = model.Latest("fr", 0, kNow + 10, 1, {});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(Titles(*later), (std::vector<std::string>{"Plus tard"}));
}

TEST_F(ReadModelTest, NewestOfASectionIncludesItsDescendants) {
  auto child = store_->EnsureSection("fr", {"Monde", "Asie"});
  ASSERT_TRUE(child.ok());
  auto other = store_->EnsureSection("fr", {"Sport"});
  ASSERT_TRUE(other.ok());
  Publish("En Asie", kNow - 2, child->id);
  Publish("Au stade", kNow - 1, other->id);
  ReadModel model(*store_);
  auto monde = model.Latest("fr", section_, kNow, 2, {});
  ASSERT_TRUE(monde.ok());
  EXPECT_EQ(Titles(*monde), (std::vector<std::string>{"En Asie", "Article 3"}));
}

TEST_F(ReadModelTest, SectionsFollowChangesAndUnknownIds) {
  ReadModel model(*store_);
  auto before = model.Sections("fr");
  ASSERT_TRUE(before.ok());
  ASSERT_EQ((*before)->size(), 1u);

  // A section used by a newly published article: the change feed says the edition changed.
  auto culture = store_->EnsureSection("fr", {"Culture"});
  ASSERT_TRUE(culture.ok());
  Publish("Au théâtre", kNow - 1, culture->id);
  ASSERT_TRUE(model.Follow().ok());
  auto after = model.Sections("fr");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->size(), 2u);

  // A section not yet behind any change is read when a page names it.
  auto science = store_->EnsureSection("fr", {"Sciences"});
  ASSERT_TRUE(science.ok());
  auto with = model.SectionsWith("fr", science->id);
  ASSERT_TRUE(with.ok());
  EXPECT_TRUE(std::any_of((*with)->begin(), (*with)->end(),
                          [&](const model::Section& s) { return s.id == science->id; }));
  auto other = model.Sections("en");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)->empty());
}

TEST_F(ReadModelTest, TagsAndAuthorsByIdInTheOrderAsked) {
  auto a = store_->EnsureTag("fr", "Alpha");
  auto b = store_->EnsureTag("fr", "Bêta");
  auto ana = store_->EnsureAuthor("Ana Lima");
  ASSERT_TRUE(a.ok() && b.ok() && ana.ok());
  ReadModel model(*store_);
  auto tags = model.Tags({b->id, a->id, 999999});
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "Bêta");
  EXPECT_EQ((*tags)[1].slug, "alpha");
  auto again = model.Tags({a->id});  // from memory now, the same value
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].name, "Alpha");
  auto authors = model.Authors({ana->id});
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 1u);
  EXPECT_EQ((*authors)[0].name, "Ana Lima");
}

// The newsroom renames tags and authors: the names held in memory follow the change feed.
TEST_F(ReadModelTest, RenamedTagsAndAuthorsShowAfterFollow) {
  auto tag = store_->EnsureTag("fr", "Alpha");
  auto author = store_->EnsureAuthor("Ana Lima");
  ASSERT_TRUE(tag.ok() && author.ok());
  ReadModel model(*store_);
  ASSERT_TRUE(model.Tags({tag->id}).ok());
  ASSERT_TRUE(model.Authors({author->id}).ok());
  model::Tag renamed_tag = *tag;
  renamed_tag.name = "Alpha renommé";
  ASSERT_TRUE(store_->SaveTag(renamed_tag).ok());
  model::Author renamed_author = *author;
  renamed_author.name = "Ana Lima Costa";
  ASSERT_TRUE(store_->SaveAuthor(renamed_author).ok());
  ASSERT_TRUE(model.Follow().ok());
  auto tags = model.Tags({tag->id});
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].name, "Alpha renommé");
  auto authors = model.Authors({author->id});
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 1u);
  EXPECT_EQ((*authors)[0].name, "Ana Lima Costa");
}

// The site reader follows the change feed itself: a page read right after a save shows it.
TEST_F(ReadModelTest, RelatedArticlesFollowChangesAndTheArticlesTags) {
  const model::Id t = store_->EnsureTag("fr", "T")->id;
  const model::Id u = store_->EnsureTag("fr", "U")->id;
  auto tagged = [&](const std::string& title, model::UnixSeconds at, model::Id tag) {
    model::Article a = Publish(title, at);
    a.tag_ids = {tag};
    auto saved = store_->SaveArticle(a, "test");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : a;
  };
  const model::Article a = tagged("A", kNow - 10, t);
  model::Article b = tagged("B", kNow - 20, t);
  tagged("C", kNow - 50, u);

  ReadModel model(*store_);
  ASSERT_TRUE(model.Follow().ok());
  auto related = model.Related(a, kNow, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"B"});

  // A change in the edition shows in the next answer.
  b.title = "B, edited";
  ASSERT_TRUE(store_->SaveArticle(b, "test").ok());
  ASSERT_TRUE(model.Follow().ok());
  related = model.Related(a, kNow, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"B, edited"});

  // The same article shown with other tags (a preview) is answered for those tags.
  model::Article preview = a;
  preview.tag_ids = {u};
  related = model.Related(preview, kNow, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"C"});
  related = model.Related(a, kNow, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"B, edited"});

  // A scheduled article shows once the clock reaches it.
  tagged("D", kNow + 5, t);
  ASSERT_TRUE(model.Follow().ok());
  related = model.Related(a, kNow, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"B, edited"});
  related = model.Related(a, kNow + 10, 1);
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(Titles(*related), std::vector<std::string>{"D"});
}

TEST_F(ReadModelTest, TranslationFollowsPublishAndUnpublish) {
  const model::Article source = Publish("Source", kNow - 10);
  ReadModel model(*store_);
  ASSERT_TRUE(model.Follow().ok());
  auto found = model.Translation("en", source.translation_group, kNow);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());

  model::Article translation;
  translation.edition = "en";
  translation.title = "Translation";
  translation.body_html = "<p>x</p>";
  translation.section_id = store_->EnsureSection("en", {"World"})->id;
  translation.translation_group = source.translation_group;
  translation.status = ArticleStatus::kPublished;
  translation.published_at = translation.created_at = translation.updated_at = kNow - 5;
  auto saved = store_->SaveArticle(translation, "test");
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  ASSERT_TRUE(model.Follow().ok());
  found = model.Translation("en", source.translation_group, kNow);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->title, "Translation");

  saved->status = ArticleStatus::kUnpublished;
  ASSERT_TRUE(store_->SaveArticle(*saved, "test").ok());
  ASSERT_TRUE(model.Follow().ok());
  found = model.Translation("en", source.translation_group, kNow);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

// A page reads inside one read transaction, from the state its Follow() saw. When another
// thread follows a later change meanwhile, what the page then reads is older than what the
// model already knows: the page may show it, but it must not be kept for later pages.
TEST_F(ReadModelTest, ReadsOlderThanTheFollowedChangesAreNotKept) {
  auto tag = store_->EnsureTag("fr", "Alpha");
  ASSERT_TRUE(tag.ok());
  ReadModel model(*store_);
  model::Status read = store_->InReadTransaction([&]() -> model::Status {
    EXPECT_TRUE(model.Follow().ok());
    std::thread other_page([&] {
      model::Tag renamed = *tag;
      renamed.name = "Alpha renommé";
      EXPECT_TRUE(store_->SaveTag(renamed).ok());
      auto sections = store_->ListSections("fr");
      EXPECT_TRUE(sections.ok() && !sections->empty());
      model::Section monde = sections->front();
      monde.name = "Le monde";
      EXPECT_TRUE(store_->SaveSection(monde).ok());
      EXPECT_TRUE(model.Follow().ok());
    });
    other_page.join();
    // Read now, from this page's state (SQLite) or the newest (PostgreSQL): either is right
    // for this page.
    auto tags = model.Tags({tag->id});
    EXPECT_TRUE(tags.ok() && tags->size() == 1);
    auto sections = model.Sections("fr");
    EXPECT_TRUE(sections.ok() && (*sections)->size() == 1);
    return model::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.error().ToString();

  ASSERT_TRUE(model.Follow().ok());
  auto tags = model.Tags({tag->id});
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].name, "Alpha renommé");
  auto sections = model.Sections("fr");
  ASSERT_TRUE(sections.ok());
  ASSERT_EQ((*sections)->size(), 1u);
  EXPECT_EQ((*sections)->front().name, "Le monde");
}

TEST_F(ReadModelTest, SiteReaderShowsAChangeInTheNextPage) {
  model::SiteInfo site;
  site.name = "Gazette";
  site.default_edition = "fr";
  site.editions = {{"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 0}};
  SiteReader reader(*store_, site, {}, [] { return kNow; });
  auto first = store_->FindArticleBySlug("fr", "article-1");
  ASSERT_TRUE(first.ok() && *first);
  auto page = reader.ArticleBySlug("fr", "article-1");
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  ASSERT_FALSE(page->latest.empty());
  EXPECT_EQ(page->latest.front().article.title, "Article 3");

  auto culture = store_->EnsureSection("fr", {"Culture"});
  ASSERT_TRUE(culture.ok());
  Publish("Tout frais", kNow - 1, culture->id);
  page = reader.ArticleBySlug("fr", "article-1");
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->latest.empty());
  EXPECT_EQ(page->latest.front().article.title, "Tout frais");
  ASSERT_FALSE(page->latest.front().section_chain.empty());
  EXPECT_EQ(page->latest.front().section_chain.back().name, "Culture");
  auto home = reader.Home("fr");
  ASSERT_TRUE(home.ok());
  EXPECT_TRUE(std::any_of(home->sections.begin(), home->sections.end(),
                          [](const model::Section& s) { return s.name == "Culture"; }));
}

}  // namespace
}  // namespace gazette::services
