// The default theme's pages, byte for byte: every page type rendered from fixed model values
// and compared with tests/data/render/<name>.html. The files were written by the renderer that
// built a whole data tree per page; a faster renderer must produce the same bytes.
//
// After a deliberate change to the default theme or its data, rewrite the files with
// GAZETTE_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "model/site_paths.h"
#include "reference_article.h"
#include "render/theme.h"
#include "temp_dir.h"

namespace gazette::render {
namespace {

using gazette::testing::ReadFile;
using gazette::testing::WriteFile;
using testing::English;
using testing::French;
using testing::kPublishedAt;
using testing::ReferencePage;
using testing::ReferenceSite;
using testing::Vietnamese;

std::unique_ptr<Theme> DefaultTheme() {
  auto theme = Theme::Load(GAZETTE_THEME_DIR);
  EXPECT_TRUE(theme.ok()) << (theme.ok() ? "" : theme.error().ToString());
  return theme.ok() ? std::move(*theme) : nullptr;
}

std::filesystem::path GoldenPath(const std::string& name) {
  return std::filesystem::path(GAZETTE_TEST_DATA_DIR) / "render" / (name + ".html");
}

// The first line where `a` and `b` differ, for a readable failure.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::size_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
    if (expected[i] != actual[i]) {
      const auto end_e = expected.find('\n', i);
      const auto end_a = actual.find('\n', i);
      return "line " + std::to_string(line) + "\nexpected: " +
             expected.substr(start, end_e == std::string::npos ? end_e : end_e - start) +
             "\nactual:   " +
             actual.substr(start, end_a == std::string::npos ? end_a : end_a - start);
    }
    if (expected[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return "one is a prefix of the other (sizes " + std::to_string(expected.size()) + " and " +
         std::to_string(actual.size()) + ")";
}

void ExpectGolden(const std::string& name, const std::string& html) {
  if (std::getenv("GAZETTE_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(GoldenPath(name).parent_path());
    WriteFile(GoldenPath(name), html);
    return;
  }
  const std::string expected = ReadFile(GoldenPath(name));
  ASSERT_FALSE(expected.empty()) << "missing " << GoldenPath(name);
  EXPECT_TRUE(html == expected) << name << ": " << FirstDifference(expected, html);
}

model::ArticlePage PlainEnglishPage() {
  auto page = ReferencePage();
  page.edition = English();
  auto& a = page.card.article;
  a.edition = "en";
  a.title = "Markets & \"prices\" <today>";
  a.slug = "markets-prices-today";
  a.lead = "";
  a.source = "";
  a.updated_at = kPublishedAt + 2 * 3600;
  a.seo_title = "Markets today";
  a.social_title = "Markets: what's new";
  page.card.section_chain.clear();
  page.card.tags.clear();
  page.card.authors.push_back({2, "Ann O'Neil", "ann-oneil", ""});
  page.card.image.reset();
  page.translations.clear();
  page.related.clear();
  for (auto& card : page.latest) card.article.edition = "en";
  page.sections = {{10, "en", std::nullopt, "World", "world", "world", 2},
                   {11, "en", std::nullopt, "Business", "business", "business", 1},
                   {12, "en", 10, "Americas", "americas", "world/americas", 1}};
  return page;
}

model::HomePage FrenchHome() {
  const auto article = ReferencePage();
  model::HomePage home;
  home.edition = French();
  auto second = article.latest.front();
  second.article.id = 44;
  second.article.slug = "second";
  home.featured = {article.card, second, article.latest.front()};
  home.latest = {article.latest.front(), second};
  home.blocks = {{article.sections[0], {article.card, second}},
                 {article.sections[2], {}},
                 {article.sections[1], {article.latest.front()}}};
  home.sections = article.sections;
  return home;
}

model::ListingPage SectionListing(int page_number) {
  const auto article = ReferencePage();
  model::ListingPage listing;
  listing.kind = model::ListingPage::Kind::kSection;
  listing.edition = French();
  listing.title = "International";
  listing.path = "/fr/international/";
  listing.section_chain = {article.sections[0]};
  listing.subsections = {article.sections[1]};
  listing.featured = {article.latest.front()};
  listing.items = {article.card, article.latest.front()};
  listing.sections = article.sections;
  listing.page = page_number;
  listing.page_count = 3;
  return listing;
}

model::ListingPage TagListing() {
  auto listing = SectionListing(1);
  listing.kind = model::ListingPage::Kind::kTag;
  listing.title = "Russie";
  listing.path = "/fr/tag/russie/";
  listing.section_chain.clear();
  listing.subsections.clear();
  listing.featured.clear();
  listing.page_count = 1;
  return listing;
}

model::ListingPage AuthorListing() {
  auto listing = TagListing();
  listing.kind = model::ListingPage::Kind::kAuthor;
  listing.title = "Jeanne Martin";
  listing.description = "Correspondante à Washington <depuis 2019>.";
  listing.path = "/fr/author/jeanne-martin/";
  listing.items.clear();
  return listing;
}

model::SearchPage FrenchSearch() {
  const auto article = ReferencePage();
  model::SearchPage search;
  search.edition = French();
  search.query = "otan \"russie\"";
  search.sort = "date";
  search.section = "international";
  search.from = "2024-01-01";
  search.items = {{article.card, std::string("L'\x02OTAN\x03 envoie"),
                   std::string("un \x02message\x03 à la <Russie>")}};
  search.total = 1;
  search.page = 2;
  search.page_count = 3;
  search.suggestions = {"otan russe"};
  search.sections = article.sections;
  return search;
}

struct Case {
  std::string name;
  std::function<std::string(const Theme&)> render;
};

std::vector<Case> Cases() {
  return {
      {"article_fr",
       [](const Theme& t) { return t.RenderArticle(ReferenceSite(), ReferencePage()); }},
      {"article_vi",
       [](const Theme& t) {
         auto page = ReferencePage();
         page.edition = Vietnamese();
         page.card.article.edition = "vi";
         return t.RenderArticle(ReferenceSite(), page);
       }},
      {"article_en_plain",
       [](const Theme& t) { return t.RenderArticle(ReferenceSite(), PlainEnglishPage()); }},
      {"home_fr", [](const Theme& t) { return t.RenderHome(ReferenceSite(), FrenchHome()); }},
      {"home_en_one_edition",
       [](const Theme& t) {
         auto site = ReferenceSite();
         site.editions = {English()};
         site.default_edition = "en";
         model::HomePage home;
         home.edition = English();
         return t.RenderHome(site, home);
       }},
      {"section_p1",
       [](const Theme& t) { return t.RenderListing(ReferenceSite(), SectionListing(1)); }},
      {"section_p2",
       [](const Theme& t) { return t.RenderListing(ReferenceSite(), SectionListing(2)); }},
      {"tag", [](const Theme& t) { return t.RenderListing(ReferenceSite(), TagListing()); }},
      {"author", [](const Theme& t) { return t.RenderListing(ReferenceSite(), AuthorListing()); }},
      {"search", [](const Theme& t) { return t.RenderSearch(ReferenceSite(), FrenchSearch()); }},
      {"search_empty",
       [](const Theme& t) {
         model::SearchPage search;
         search.edition = French();
         search.query_empty = true;
         search.sections = ReferencePage().sections;
         return t.RenderSearch(ReferenceSite(), search);
       }},
      {"not_found_fr", [](const Theme& t) { return t.RenderNotFound(ReferenceSite(), French()); }},
  };
}

TEST(GoldenTest, EveryPageTypeIsByteIdentical) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  for (const auto& c : Cases()) ExpectGolden(c.name, c.render(*theme));
}

// Whatever a theme keeps between pages must not leak from one page into another: the same
// pages rendered again, in another order and interleaved, give the same bytes.
TEST(GoldenTest, PagesRenderedInAnyOrderAreUnchanged) {
  if (std::getenv("GAZETTE_UPDATE_GOLDEN") != nullptr) GTEST_SKIP();
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  auto cases = Cases();
  for (int round = 0; round < 3; ++round) {
    for (auto it = cases.rbegin(); it != cases.rend(); ++it) {
      ExpectGolden(it->name, it->render(*theme));
      ExpectGolden("article_fr", cases.front().render(*theme));
    }
  }
}

}  // namespace
}  // namespace gazette::render
