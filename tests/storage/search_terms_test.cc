// The PostgreSQL backend's search terms: tsvector and tsquery literals built from
// text::Analyzer's terms, surface forms. Pure functions, no database.
#include "storage/postgres/search_terms.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette::storage::postgres {
namespace {

TEST(SearchTermsTest, LanguageKeys) {
  EXPECT_EQ(LanguageKey("fr"), "fr");
  EXPECT_EQ(LanguageKey("fr-FR"), "fr");
  EXPECT_EQ(LanguageKey("EN_gb"), "en");
  EXPECT_EQ(LanguageKey(""), "xx");
  EXPECT_EQ(LanguageKey("x"), "xx");
  EXPECT_EQ(LanguageKey("f'r"), "xx");
}

TEST(SearchTermsTest, DocumentWeighsFieldsAndLeavesGapsBetweenThem) {
  text::Analyzer fr("fr");
  DocumentTerms doc = AnalyzeDocument(fr, "Le pétrole", "Pétrole et or", "Or noir");
  // Title: petrol@1; gap; lead: petrol@3, or@4; gap; body: or@6, noir@7.
  EXPECT_EQ(doc.vector, "'noir':7C 'or':4B,6C 'petrol':1A,3B");
  EXPECT_EQ(doc.distinct, (std::vector<std::string>{"noir", "or", "petrol"}));
  EXPECT_EQ(AnalyzeDocument(fr, "", "", "").vector, "");
}

TEST(SearchTermsTest, DocumentStaysWithinPostgresLimits) {
  text::Analyzer en("en");
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "peace ";
  body += "finally";
  DocumentTerms doc = AnalyzeDocument(en, "", "", body);
  // 255 positions at most for one lexeme; positions stop at 16383.
  EXPECT_NE(doc.vector.find("'final':16383C"), std::string::npos);
  const std::string peace = doc.vector.substr(doc.vector.find("'peac'"));
  EXPECT_EQ(std::count(peace.begin(), peace.end(), ','), kMaxPositionsPerTerm - 1);
}

TEST(SearchTermsTest, QueryLiteralQuotesEveryLexeme) {
  text::Analyzer fr("fr");
  auto literal = [&](const std::string& q) { return QueryLiteral(text::ParseQuery(q), fr); };
  EXPECT_EQ(literal("pétrole"), "(('petrol'))");
  EXPECT_EQ(literal("\"conférence de presse\" Stolten* -Ukraine"),
            "(('conferent' <-> 'press') & ('stolten':*)) & !('ukrain')");
  EXPECT_EQ(literal("l'OTAN"), "(('otan'))");
  EXPECT_EQ(literal("O'Neil"), "(('o' <-> 'neil'))");
  EXPECT_EQ(literal("'; DROP TABLE articles; --"), "(('drop') & ('tabl') & ('articl'))");
  EXPECT_EQ(literal("a & bz | !cy <-> :* ()"), "(('bz') & ('cy'))");
  EXPECT_EQ(literal("-presse"), "");
  EXPECT_EQ(literal("la le les"), "");
  EXPECT_EQ(literal(""), "");
  EXPECT_EQ(QuotedLexeme("it's\\"), "'it''s\\\\'");
  EXPECT_EQ(TextArrayLiteral({"a\"b", "c\\", ""}), "{\"a\\\"b\",\"c\\\\\",\"\"}");
}

TEST(SearchTermsTest, SurfaceForms) {
  text::Analyzer fr("fr");
  EXPECT_EQ(SurfaceForm("L'Ukraine et la Russie", fr, "ukrain"), "Ukraine");
  EXPECT_EQ(SurfaceForm("rien", fr, "ukrain"), "");
}

TEST(SearchTermsTest, FormatQueryWritesTheQueryLanguageBack) {
  EXPECT_EQ(FormatQuery(text::ParseQuery("a  \"b c\" -d e* -\"f g\"")), "a \"b c\" -d e* -\"f g\"");
}

}  // namespace
}  // namespace gazette::storage::postgres
