#include "services/article_record.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette::services {
namespace {

using model::ErrorKind;

constexpr char kMinimal[] =
    R"({"id":"a1","title":"Titre","body_html":"<p>Corps</p>","section":"Politique",)"
    R"("published_at":"2024-07-11T08:32:00+07:00"})";

// Replaces the first occurrence of `from` in the minimal line.
std::string Minimal(const std::string& from = "", const std::string& to = "") {
  std::string line = kMinimal;
  if (!from.empty()) {
    const auto at = line.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    line.replace(at, from.size(), to);
  }
  return line;
}

void ExpectInvalid(const std::string& line, const std::string& field, const std::string& words) {
  auto parsed = ParseArticleLine(line);
  ASSERT_FALSE(parsed.ok()) << line;
  EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(parsed.error().field, field) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find(words), std::string::npos) << parsed.error().message;
  if (!field.empty()) {
    EXPECT_NE(parsed.error().message.find(field), std::string::npos) << parsed.error().message;
  }
}

ArticleRecord Full() {
  ArticleRecord r;
  r.id = "nato-2024-07-11";
  r.edition = "fr";
  r.title = "L'OTAN envoie un message à la Russie et à la Chine";
  r.slug = "l-otan-envoie-un-message";
  r.lead = "Le secrétaire général de l'OTAN a déclaré…";
  r.body_html = "<p>« L’approfondissement » de la coopération.</p>\n<p>\"Deux\" \\ lignes</p>";
  r.section = "International/Amérique";
  r.tags = {"OTAN", "Russie", "Chine"};
  r.authors = {"Claire Dubois"};
  r.published_at = "2024-07-11T08:32:00+07:00";
  r.updated_at = "2024-07-11T10:00:00.250Z";
  r.source = "RIA Novosti";
  r.image = ImageRecord{"media/jens-stoltenberg-nato-commerce.jpg",
                        "Le secrétaire général de l'OTAN au sommet de Washington.", "OTAN",
                        "Jens Stoltenberg à Washington"};
  r.translation_of = "nato-en-1";
  return r;
}

TEST(ParseArticleLineTest, MinimalLineGetsDefaults) {
  auto parsed = ParseArticleLine(kMinimal);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->id, "a1");
  EXPECT_EQ(parsed->title, "Titre");
  EXPECT_EQ(parsed->status, "published");
  EXPECT_EQ(parsed->edition, "");
  EXPECT_TRUE(parsed->tags.empty());
  EXPECT_TRUE(parsed->authors.empty());
  EXPECT_FALSE(parsed->image.has_value());
}

TEST(ParseArticleLineTest, ReadsEveryField) {
  const std::string line =
      R"({"id":"x","edition":"vi","title":"T","slug":"t","lead":"L","body_html":"<p>B</p>",)"
      R"("section":"International/Amérique","tags":["OTAN","Chine"],"authors":["A","B"],)"
      R"("published_at":"2024-07-11T08:32:00+07:00","updated_at":"2024-07-12T01:00:00Z",)"
      R"("status":"unpublished","source":"AFP","image":{"src":"a.jpg","caption":"C",)"
      R"("credit":"Photo","alt":"Alt"},"translation_of":"y","extra":{"ignored":[1,2]}})";
  auto parsed = ParseArticleLine(line);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->edition, "vi");
  EXPECT_EQ(parsed->slug, "t");
  EXPECT_EQ(parsed->lead, "L");
  EXPECT_EQ(parsed->section, "International/Amérique");
  EXPECT_EQ(parsed->tags, (std::vector<std::string>{"OTAN", "Chine"}));
  EXPECT_EQ(parsed->authors, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(parsed->updated_at, "2024-07-12T01:00:00Z");
  EXPECT_EQ(parsed->status, "unpublished");
  EXPECT_EQ(parsed->source, "AFP");
  ASSERT_TRUE(parsed->image.has_value());
  EXPECT_EQ(*parsed->image, (ImageRecord{"a.jpg", "C", "Photo", "Alt"}));
  EXPECT_EQ(parsed->translation_of, "y");
}

TEST(ParseArticleLineTest, SingleAuthorString) {
  auto parsed = ParseArticleLine(Minimal(R"("section")", R"("author":"Claire Dubois","section")"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->authors, (std::vector<std::string>{"Claire Dubois"}));
}

TEST(ParseArticleLineTest, DraftNeedsNoPublicationDate) {
  auto parsed = ParseArticleLine(
      R"({"id":"d","title":"T","body_html":"<p>B</p>","section":"S","status":"draft"})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->status, "draft");
  EXPECT_EQ(parsed->published_at, "");
}

TEST(ParseArticleLineTest, NullOptionalFieldsCountAsAbsent) {
  auto parsed = ParseArticleLine(
      Minimal(R"("section")", R"("lead":null,"tags":null,"image":null,"status":null,"section")"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->lead, "");
  EXPECT_EQ(parsed->status, "published");
  EXPECT_FALSE(parsed->image.has_value());
}

TEST(ParseArticleLineTest, RejectsInvalidJson) {
  for (const std::string line :
       {"", "{", R"({"id":"a",})", "not json", R"({"id":"a"} trailing)", "{\"id\":\"\xC3\x28\"}"}) {
    auto parsed = ParseArticleLine(line);
    ASSERT_FALSE(parsed.ok()) << line;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(parsed.error().message.rfind("invalid JSON: ", 0), 0u) << parsed.error().message;
    EXPECT_GT(parsed.error().message.size(), std::string("invalid JSON: ").size());
  }
}

TEST(ParseArticleLineTest, RejectsNonObjects) {
  for (const std::string line : {"[]", "42", R"("text")", "null", "true"}) {
    ExpectInvalid(line, "", "line is not a JSON object");
  }
}

TEST(ParseArticleLineTest, RejectsMissingRequiredFields) {
  ExpectInvalid(Minimal(R"("id":"a1",)", ""), "id", "is required");
  ExpectInvalid(Minimal(R"("title":"Titre",)", ""), "title", "is required");
  ExpectInvalid(Minimal(R"("body_html":"<p>Corps</p>",)", ""), "body_html", "is required");
  ExpectInvalid(Minimal(R"("section":"Politique",)", ""), "section", "is required");
  ExpectInvalid(Minimal(R"(,"published_at":"2024-07-11T08:32:00+07:00")", ""), "published_at",
                "required for a published article");
  ExpectInvalid(
      Minimal(R"(,"published_at":"2024-07-11T08:32:00+07:00")", R"(,"status":"published")"),
      "published_at", "required for a published article");
  ExpectInvalid(Minimal(R"("id":"a1")", R"("id":null)"), "id", "is required");
  ExpectInvalid(Minimal(R"("title":"Titre")", R"("title":"")"), "title", "must not be empty");
}

TEST(ParseArticleLineTest, RejectsWrongTypes) {
  ExpectInvalid(Minimal(R"("id":"a1")", R"("id":12)"), "id", "must be a string");
  ExpectInvalid(Minimal(R"("title":"Titre")", R"("title":["Titre"])"), "title", "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("lead":false,"section")"), "lead", "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("edition":1,"section")"), "edition", "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("tags":"OTAN","section")"), "tags",
                "must be an array of strings");
  ExpectInvalid(Minimal(R"("section")", R"("tags":["OTAN",3],"section")"), "tags",
                "must be an array of strings");
  ExpectInvalid(Minimal(R"("section")", R"("tags":["OTAN",""],"section")"), "tags",
                "must not contain empty strings");
  ExpectInvalid(Minimal(R"("section")", R"("author":["A"],"section")"), "author",
                "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("authors":"A","section")"), "authors",
                "must be an array of strings");
  ExpectInvalid(Minimal(R"("section")", R"("author":"A","authors":["B"],"section")"), "author",
                "both given");
  ExpectInvalid(Minimal(R"("section")", R"("image":"a.jpg","section")"), "image",
                "must be an object");
  ExpectInvalid(Minimal(R"("section")", R"("image":{"caption":"c"},"section")"), "image.src",
                "is required");
  ExpectInvalid(Minimal(R"("section")", R"("image":{"src":"a.jpg","alt":5},"section")"),
                "image.alt", "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("translation_of":{},"section")"), "translation_of",
                "must be a string");
  ExpectInvalid(Minimal(R"("section")", R"("status":1,"section")"), "status", "must be a string");
}

TEST(ParseArticleLineTest, RejectsUnknownStatus) {
  ExpectInvalid(Minimal(R"("section")", R"("status":"archived","section")"), "status",
                "unknown value \"archived\"");
  ExpectInvalid(Minimal(R"("section")", R"("status":"Published","section")"), "status",
                "unknown value");
}

TEST(ParseArticleLineTest, RejectsMalformedDates) {
  for (const std::string bad :
       {"2024-07-11", "2024-07-11T08:32:00", "11/07/2024 08:32", "2024-13-11T08:32:00Z",
        "2024-07-11T25:32:00Z", "2024-07-11T08:32:00+7", "2024-07-11T08:32:00.Z",
        "2024-07-11 08:32:00Z", "yesterday"}) {
    ExpectInvalid(Minimal("2024-07-11T08:32:00+07:00", bad), "published_at", "ISO 8601");
    ExpectInvalid(Minimal(R"("section")", R"("updated_at":")" + bad + R"(","section")"),
                  "updated_at", "ISO 8601");
  }
  for (const std::string good : {"2024-07-11T08:32Z", "2024-07-11T08:32:00-05:00",
                                 "2024-07-11T08:32:00.123456+07:00", "2024-07-11T08:32:60Z"}) {
    EXPECT_TRUE(ParseArticleLine(Minimal("2024-07-11T08:32:00+07:00", good)).ok()) << good;
  }
}

TEST(ToJsonLineTest, RoundTripsAFullRecord) {
  const ArticleRecord r = Full();
  const std::string line = ToJsonLine(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find(R"("author":"Claire Dubois")"), std::string::npos) << line;
  EXPECT_EQ(line.find(R"("authors")"), std::string::npos) << line;
  auto back = ParseArticleLine(line);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, r);
}

TEST(ToJsonLineTest, SeveralAuthorsAndOmittedFields) {
  ArticleRecord r;
  r.id = "b";
  r.title = "T";
  r.body_html = "<p>B</p>";
  r.section = "Culture";
  r.status = "draft";
  r.authors = {"A", "B"};
  const std::string line = ToJsonLine(r);
  EXPECT_EQ(line, R"({"id":"b","title":"T","body_html":"<p>B</p>","section":"Culture",)"
                  R"("authors":["A","B"],"status":"draft"})");
  auto back = ParseArticleLine(line);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, r);
}

TEST(ToJsonLineTest, ImageWithOnlyASource) {
  ArticleRecord r = Full();
  r.image = ImageRecord{"x.jpg", "", "", ""};
  r.authors.clear();
  r.tags.clear();
  const std::string line = ToJsonLine(r);
  EXPECT_NE(line.find(R"("image":{"src":"x.jpg"})"), std::string::npos) << line;
  EXPECT_EQ(line.find("tags"), std::string::npos);
  auto back = ParseArticleLine(line);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, r);
}

}  // namespace
}  // namespace gazette::services
