#include "text/search_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gazette::text {
namespace {

using Terms = std::vector<std::string>;
using Kind = QueryTerm::Kind;

TEST(FoldText, LowersAndRemovesAccents) {
  EXPECT_EQ(FoldText("Nghệ An"), "nghe an");
  EXPECT_EQ(FoldText("Đà Nẵng"), "da nang");
  EXPECT_EQ(FoldText("ÉCOLE Œuvre"), "ecole oeuvre");
  EXPECT_EQ(FoldText("Straße"), "strasse");
  EXPECT_EQ(FoldText("plain ASCII"), "plain ascii");
}

TEST(CleanUtf8, ReplacesInvalidBytesAndControls) {
  EXPECT_EQ(CleanUtf8("a\xff"
                      "b"),
            "a b");
  EXPECT_EQ(CleanUtf8("a\x02"
                      "b\x03"),
            "a b ");
  EXPECT_EQ(CleanUtf8("\xc3\xa9t\xc3\xa9"), "été");
  EXPECT_EQ(CleanUtf8("\xc3"), " ");
  EXPECT_EQ(CleanUtf8("\xed\xa0\x80"), "   ");  // a UTF-16 surrogate is ill-formed
  EXPECT_EQ(CleanUtf8("d\xc3\xa9j\xc3\xa0\x7fvu \xc3\xa9t\xc3\xa9\t!"),
            "d\xc3\xa9j\xc3\xa0 vu \xc3\xa9t\xc3\xa9\t!");
  EXPECT_EQ(CleanUtf8(""), "");
}

TEST(Analyzer, FrenchStemmingAndStopWords) {
  Analyzer fr("fr");
  EXPECT_TRUE(fr.has_stemmer());
  EXPECT_EQ(fr.Terms("coopération"), fr.Terms("coopérer"));
  EXPECT_EQ(fr.Terms("Coopération"), Terms{"cooper"});
  EXPECT_EQ(fr.Terms("la conférence de presse"), (Terms{"conferent", "press"}));
  EXPECT_EQ(fr.Terms("l'OTAN"), Terms{"otan"});
  EXPECT_EQ(fr.Terms("élections"), fr.Terms("election"));
}

TEST(Analyzer, RememberedWordsGiveTheSameTerms) {
  Analyzer fr("fr");
  const std::string text = "Les Élections élections ÉLECTIONS de la conférence, conférences";
  const Terms first = fr.Terms(text);
  EXPECT_EQ(fr.Terms(text), first);
  EXPECT_EQ(first, (Terms{"elect", "elect", "elect", "conferent", "conferent"}));
  // Stemmed and unstemmed terms of one word are remembered apart.
  EXPECT_EQ(fr.Terms("élections", false), Terms{"elections"});
  EXPECT_EQ(fr.Terms("élections", true), Terms{"elect"});
  // Past the memory's capacity it starts over and the terms stay right.
  for (std::size_t i = 0; i < Analyzer::kMaxCachedWords + 10; ++i) {
    fr.Terms("mot" + std::to_string(i));
  }
  EXPECT_EQ(fr.Terms(text), first);
  EXPECT_EQ(fr.Term("élections", true), "elect");
}

TEST(Analyzer, EnglishAndSpanishStemming) {
  Analyzer en("en-GB");
  EXPECT_EQ(en.language(), "en");
  EXPECT_EQ(en.Terms("running runs"), (Terms{"run", "run"}));
  EXPECT_EQ(en.Terms("the summit of the leaders"), (Terms{"summit", "leader"}));
  Analyzer es("es");
  EXPECT_EQ(es.Terms("políticas"), es.Terms("política"));
  EXPECT_EQ(es.Terms("el presidente de la república"), (Terms{"president", "republ"}));
}

TEST(Analyzer, VietnameseFoldsWithoutStemming) {
  Analyzer vi("vi");
  EXPECT_FALSE(vi.has_stemmer());
  EXPECT_EQ(vi.Terms("Nghệ An"), vi.Terms("Nghe An"));
  EXPECT_EQ(vi.Terms("Nghệ An"), (Terms{"nghe", "an"}));
  EXPECT_EQ(vi.Terms("Đà Nẵng"), (Terms{"da", "nang"}));
}

TEST(Analyzer, OffsetsPointAtTheWords) {
  Analyzer fr("fr");
  std::string text = "Les «élections» 2024";
  std::vector<std::string> words;
  fr.Analyze(text, true, [&](std::string_view, std::size_t b, std::size_t e) {
    words.push_back(text.substr(b, e - b));
    return true;
  });
  EXPECT_EQ(words, (Terms{"élections", "2024"}));
}

TEST(Analyzer, SurvivesBadText) {
  Analyzer fr("fr");
  EXPECT_TRUE(fr.Terms("").empty());
  EXPECT_EQ(fr.Terms("caf\xff\xfe"
                     "e"),
            (Terms{"caf", "e"}));
  EXPECT_TRUE(fr.Terms(std::string(500, 'a')).empty());  // longer than a word can be
  Analyzer unknown("x-1");
  EXPECT_EQ(unknown.language(), "");
  EXPECT_EQ(unknown.Terms("Hello World"), (Terms{"hello", "world"}));
}

TEST(ParseQuery, WordsPhrasesPrefixesExclusions) {
  ParsedQuery q = ParseQuery(R"(otan "conférence de presse" Stolten* -Ukraine -"mer noire")");
  ASSERT_EQ(q.terms.size(), 5u);
  EXPECT_EQ(q.terms[0].text, "otan");
  EXPECT_EQ(q.terms[0].kind, Kind::kWord);
  EXPECT_EQ(q.terms[1].text, "conférence de presse");
  EXPECT_EQ(q.terms[1].kind, Kind::kPhrase);
  EXPECT_EQ(q.terms[2].text, "Stolten");
  EXPECT_EQ(q.terms[2].kind, Kind::kPrefix);
  EXPECT_EQ(q.terms[3].text, "Ukraine");
  EXPECT_TRUE(q.terms[3].excluded);
  EXPECT_EQ(q.terms[4].kind, Kind::kPhrase);
  EXPECT_TRUE(q.terms[4].excluded);
  EXPECT_FALSE(q.truncated);
}

TEST(ParseQuery, UnbalancedQuoteRunsToTheEnd) {
  ParsedQuery q = ParseQuery(R"(a "b c)");
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_EQ(q.terms[1].text, "b c");
  EXPECT_EQ(q.terms[1].kind, Kind::kPhrase);
  EXPECT_TRUE(ParseQuery("\"").terms.empty());
  EXPECT_TRUE(ParseQuery("\"\"\"").terms.empty());
}

TEST(ParseQuery, OperatorsAloneAreIgnored) {
  EXPECT_TRUE(ParseQuery("").terms.empty());
  EXPECT_TRUE(ParseQuery("   ").terms.empty());
  EXPECT_TRUE(ParseQuery("- -- * ** ( ) : ^ + NEAR/").terms.size() == 1u);  // "NEAR/" has a word
  EXPECT_TRUE(ParseQuery("- -- * ** ( ) : ^ +").terms.empty());
}

TEST(ParseQuery, SqlAndFtsSyntaxIsJustText) {
  ParsedQuery q = ParseQuery("'; DROP TABLE articles; -- title:otan NEAR(a b) OR x AND y");
  ASSERT_FALSE(q.terms.empty());
  for (const QueryTerm& t : q.terms) EXPECT_EQ(t.text.find('"'), std::string::npos);
}

TEST(ParseQuery, LongAndInvalidInputIsCut) {
  ParsedQuery q = ParseQuery(std::string(10000, 'x'));
  EXPECT_TRUE(q.truncated);
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_LE(q.terms[0].text.size(), kMaxQueryBytes);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "w" + std::to_string(i) + " ";
  q = ParseQuery(many);
  EXPECT_EQ(q.terms.size(), kMaxQueryTerms);
  EXPECT_TRUE(q.truncated);
  q = ParseQuery(std::string(3000, '\xe9'));  // ill-formed UTF-8: only spaces remain
  EXPECT_TRUE(q.terms.empty());
  q = ParseQuery(std::string(600, 'a') + "\xc3\xa9");  // cut never splits a character
  EXPECT_TRUE(q.truncated);
  q = ParseQuery("\xc3\xa9t\xc3\xa9 \xff");
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_EQ(q.terms[0].text, "été");
}

TEST(EditDistance, CountsCodePoints) {
  EXPECT_EQ(EditDistance("ukraine", "ukraine", 2), 0);
  EXPECT_EQ(EditDistance("ukriane", "ukraine", 2), 2);
  EXPECT_EQ(EditDistance("été", "ete", 2), 2);
  EXPECT_EQ(EditDistance("abc", "abcdefgh", 2), 3);
  EXPECT_EQ(EditDistance("", "ab", 2), 2);
}

}  // namespace
}  // namespace gazette::text
