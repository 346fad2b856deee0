#include "services/generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/article_record.h"

namespace gazette::services {
namespace {

GeneratorOptions Options(int count, std::uint64_t seed, std::string edition = "fr") {
  GeneratorOptions options;
  options.count = count;
  options.seed = seed;
  options.edition = std::move(edition);
  return options;
}

std::vector<std::string> Lines(const GeneratorOptions& options) {
  std::vector<std::string> lines;
  GenerateArchive(options, [&](const ArticleRecord& r) { lines.push_back(ToJsonLine(r)); });
  return lines;
}

std::vector<ArticleRecord> Records(const GeneratorOptions& options) {
  std::vector<ArticleRecord> records;
  GenerateArchive(options, [&](const ArticleRecord& r) { records.push_back(r); });
  return records;
}

// Visible words: tags become spaces, then runs of ASCII whitespace separate words.
int VisibleWords(const std::string& html) {
  int words = 0;
  bool in_tag = false, in_word = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    const bool separator = in_tag || c == ' ' || c == '\n' || c == '\t';
    if (c == '>') in_tag = false;
    if (!separator && !in_word) ++words;
    in_word = !separator;
  }
  return words;
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

TEST(GeneratedIdTest, PadsTheOneBasedIndex) {
  EXPECT_EQ(GeneratedId("fr", 0), "gen-fr-000001");
  EXPECT_EQ(GeneratedId("en", 41), "gen-en-000042");
  EXPECT_EQ(GeneratedId("vi", 1234567), "gen-vi-1234568");
}

TEST(GenerateArchiveTest, SameOptionsSameBytesOtherSeedOtherBytes) {
  GeneratorOptions options = Options(300, 42);
  const auto a = Lines(options);
  const auto b = Lines(options);
  ASSERT_EQ(a.size(), 300u);
  EXPECT_EQ(a, b);

  options.seed = 43;
  const auto c = Lines(options);
  ASSERT_EQ(c.size(), 300u);
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == c[i];
  EXPECT_EQ(same, 0);

  // A longer run starts with the same articles: each article depends only on seed and index.
  options.seed = 42;
  options.count = 10;
  const auto prefix = Lines(options);
  EXPECT_EQ(prefix, std::vector<std::string>(a.begin(), a.begin() + 10));
}

TEST(GenerateArchiveTest, ZeroOrNegativeCountGivesNothing) {
  EXPECT_TRUE(Lines(Options(0, 1)).empty());
  EXPECT_TRUE(Lines(Options(-5, 1)).empty());
}

TEST(GenerateArchiveTest, FrenchRecordsAreValidAndVaried) {
  GeneratorOptions options = Options(2000, 7);
  options.image_prefix = "/media/";
  const auto records = Records(options);
  ASSERT_EQ(records.size(), 2000u);

  std::set<std::string> ids, sections, top_sections, tags, authors, sources;
  int with_image = 0, with_source = 0, with_update = 0, with_h2 = 0, with_quote = 0, with_list = 0,
      guillemets = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const ArticleRecord& r = records[i];
    SCOPED_TRACE(r.id);
    EXPECT_EQ(r.id, GeneratedId("fr", static_cast<int>(i)));
    EXPECT_TRUE(ids.insert(r.id).second);
    EXPECT_EQ(r.edition, "fr");
    EXPECT_EQ(r.status, "published");
    EXPECT_TRUE(r.translation_of.empty());

    auto back = ParseArticleLine(ToJsonLine(r));
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(*back, r);

    const int title_words = VisibleWords(r.title);
    EXPECT_GE(title_words, 6) << r.title;
    EXPECT_LE(title_words, 14) << r.title;
    EXPECT_FALSE(r.lead.empty());
    const int words = VisibleWords(r.body_html);
    EXPECT_GE(words, 200);
    EXPECT_LE(words, 1200);
    const int paragraphs = Count(r.body_html, "<p>") - Count(r.body_html, "<ul>");
    EXPECT_GE(paragraphs, 4);
    EXPECT_LE(paragraphs, 12);
    EXPECT_EQ(r.body_html.find('{'), std::string::npos) << "unfilled placeholder";
    EXPECT_EQ(r.body_html.find("[["), std::string::npos);

    // Within the six years before 2024-07-10T12:00+07:00, lexicographic order is time order.
    EXPECT_EQ(r.published_at.size(), 25u);
    EXPECT_EQ(r.published_at.substr(16), ":00+07:00");
    EXPECT_GE(r.published_at, "2018-07-11T12:00:00+07:00");
    EXPECT_LE(r.published_at, "2024-07-10T12:00:00+07:00");
    if (!r.updated_at.empty()) {
      ++with_update;
      EXPECT_GT(r.updated_at, r.published_at);
      EXPECT_LE(r.updated_at, "2024-07-10T12:00:00+07:00");
    }
    if (r.image) {
      ++with_image;
      EXPECT_EQ(r.image->src.rfind("/media/", 0), 0u) << r.image->src;
      EXPECT_EQ(r.image->src.substr(r.image->src.size() - 4), ".jpg");
      EXPECT_FALSE(r.image->caption.empty());
      EXPECT_FALSE(r.image->credit.empty());
      EXPECT_FALSE(r.image->alt.empty());
    }
    if (!r.source.empty()) {
      ++with_source;
      sources.insert(r.source);
      EXPECT_NE(r.body_html.find("Selon "), std::string::npos);
      EXPECT_NE(r.body_html.find(r.source), std::string::npos);
    }
    EXPECT_GE(r.tags.size(), 2u);
    EXPECT_LE(r.tags.size(), 5u);
    EXPECT_EQ(std::set<std::string>(r.tags.begin(), r.tags.end()).size(), r.tags.size());
    tags.insert(r.tags.begin(), r.tags.end());
    authors.insert(r.authors.begin(), r.authors.end());
    sections.insert(r.section);
    top_sections.insert(r.section.substr(0, r.section.find('/')));
    with_h2 += r.body_html.find("<h2>") != std::string::npos;
    with_quote += r.body_html.find("<blockquote>") != std::string::npos;
    with_list += r.body_html.find("<li>") != std::string::npos;
    guillemets += r.body_html.find("«\u00A0") != std::string::npos;
  }
  EXPECT_GE(sections.size(), 12u);
  EXPECT_GE(top_sections.size(), 8u);
  EXPECT_TRUE(sections.count("International/Amérique"));
  EXPECT_GE(tags.size(), 35u);
  EXPECT_GE(authors.size(), 28u);
  EXPECT_EQ(sources,
            (std::set<std::string>{"AFP", "Reuters", "RIA Novosti", "AP", "DPA", "Kyodo"}));
  EXPECT_NEAR(with_image, 1400, 120);
  EXPECT_NEAR(with_source, 800, 110);
  EXPECT_NEAR(with_update, 200, 60);
  EXPECT_GT(with_h2, 300);
  EXPECT_GT(with_quote, 200);
  EXPECT_GT(with_list, 100);
  EXPECT_GT(guillemets, 1000);
}

TEST(GenerateArchiveTest, PublicationDatesSpreadOverSixYears) {
  std::map<std::string, int> per_year;
  GenerateArchive(Options(3000, 3),
                  [&](const ArticleRecord& r) { ++per_year[r.published_at.substr(0, 4)]; });
  EXPECT_EQ(per_year.size(), 7u);  // mid-2018 to mid-2024
  for (const char* year : {"2019", "2020", "2021", "2022", "2023"}) {
    EXPECT_GT(per_year[year], 400) << year;
  }
}

TEST(GenerateArchiveTest, EnglishAndFallbackEditions) {
  const auto en = Records(Options(200, 5, "en"));
  const auto vi = Records(Options(200, 5, "vi"));
  ASSERT_EQ(en.size(), 200u);
  std::set<std::string> sections;
  int curly = 0;
  for (std::size_t i = 0; i < en.size(); ++i) {
    sections.insert(en[i].section);
    curly += en[i].body_html.find("\u201C") != std::string::npos;
    EXPECT_EQ(en[i].body_html.find("«"), std::string::npos);
    EXPECT_EQ(vi[i].id, GeneratedId("vi", static_cast<int>(i)));
    EXPECT_EQ(vi[i].edition, "vi");
    EXPECT_EQ(vi[i].body_html, en[i].body_html);  // English text for other editions
  }
  EXPECT_TRUE(sections.count("International/Americas"));
  EXPECT_TRUE(sections.count("Economy"));
  EXPECT_GT(curly, 50);
}

TEST(GenerateArchiveTest, TranslationsShareStructureAndPointBack) {
  const auto fr = Records(Options(90, 11));
  GeneratorOptions options = Options(90, 11, "en");
  options.translation_of_edition = "fr";
  const auto en = Records(options);
  ASSERT_EQ(fr.size(), en.size());
  int linked = 0;
  for (std::size_t i = 0; i < en.size(); ++i) {
    if (i % 3 == 0) {
      EXPECT_EQ(en[i].translation_of, fr[i].id);
      ++linked;
    } else {
      EXPECT_TRUE(en[i].translation_of.empty());
    }
    EXPECT_EQ(en[i].published_at, fr[i].published_at);
    EXPECT_EQ(en[i].authors, fr[i].authors);
    EXPECT_EQ(en[i].tags.size(), fr[i].tags.size());
    EXPECT_EQ(en[i].image.has_value(), fr[i].image.has_value());
    if (en[i].image) {
      EXPECT_EQ(en[i].image->src, fr[i].image->src);
    }
  }
  EXPECT_EQ(linked, 30);
}

TEST(GenerateArchiveTest, TwentyThousandArticles) {
  std::size_t bytes = 0;
  int n = 0;
  GenerateArchive(Options(20000, 99), [&](const ArticleRecord& r) {
    bytes += r.body_html.size();
    ++n;
  });
  EXPECT_EQ(n, 20000);
  EXPECT_GT(bytes, 20000u * 1000u);
}

}  // namespace
}  // namespace gazette::services
