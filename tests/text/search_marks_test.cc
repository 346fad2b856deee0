#include "text/search_marks.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette::text {
namespace {

// Markers shown as brackets.
std::string Show(std::string s) {
  for (char& c : s) {
    if (c == '\x02') c = '[';
    if (c == '\x03') c = ']';
  }
  return s;
}

class SearchMarksTest : public ::testing::Test {
 protected:
  std::string Mark(const std::string& query, const std::string& text) {
    QueryMarks marks(ParseQuery(query), fr_);
    return Show(marks.Mark(text));
  }
  QueryMarks::Snippet Snip(const std::string& query, const std::string& text, int words) {
    QueryMarks marks(ParseQuery(query), fr_);
    QueryMarks::Snippet s = marks.MakeSnippet(text, words);
    s.text = Show(s.text);
    return s;
  }
  Analyzer fr_{"fr"};
};

TEST_F(SearchMarksTest, WordsAreMarkedByTheirTerms) {
  EXPECT_EQ(Mark("élections", "Les Élections régionales et l'élection"),
            "Les [Élections] régionales et l'[élection]");
  EXPECT_EQ(Mark("paris -lyon", "De Paris à Lyon"), "De [Paris] à Lyon");
  EXPECT_EQ(Mark("", "Rien"), "Rien");
  EXPECT_EQ(Mark("le la", "Le chat"), "Le chat");  // stop words only: nothing to mark
}

TEST_F(SearchMarksTest, PhrasesAreMarkedWholeAndOnlyInOrder) {
  EXPECT_EQ(Mark("\"milliards euros\"", "21 milliards d'euros, des euros et des milliards"),
            "21 [milliards d'euros], des euros et des milliards");
  EXPECT_EQ(Mark("\"a b\" b", "b a"), "[b] a");
}

TEST_F(SearchMarksTest, PrefixesMatchTheBeginningOfTerms) {
  EXPECT_EQ(Mark("resta*", "Le restaurant et la restauration, pas la rente"),
            "Le [restaurant] et la [restauration], pas la rente");
}

TEST_F(SearchMarksTest, ShortTextIsWholeWithItsMatches) {
  auto s = Snip("otan", "Le sommet de l'OTAN.", 30);
  EXPECT_TRUE(s.matched);
  EXPECT_EQ(s.text, "Le sommet de l'[OTAN].");
  s = Snip("chine", "Le sommet de l'OTAN.", 30);
  EXPECT_FALSE(s.matched);
  EXPECT_EQ(s.text, "Le sommet de l'OTAN.");
}

TEST_F(SearchMarksTest, SnippetStartsAtTheSentenceOfTheMatch) {
  const std::string text =
      "Alpha bravo charlie delta echo foxtrot golf hotel. Le india juliet kilo lima mike "
      "Vilnius november oscar papa quebec romeo. Sierra tango uniform.";
  auto s = Snip("vilnius", text, 8);
  EXPECT_TRUE(s.matched);
  EXPECT_EQ(s.text, "…Le india juliet kilo lima mike [Vilnius] november oscar…");
  // Too far from the start of its sentence: a few words before the match.
  s = Snip("vilnius", text, 4);
  EXPECT_EQ(s.text, "…mike [Vilnius] november oscar…");
  s = Snip("vilnius", text, 9);
  EXPECT_EQ(s.text, "…Le india juliet kilo lima mike [Vilnius] november oscar papa…");
}

TEST_F(SearchMarksTest, SnippetPrefersTheWindowWithMoreOfTheQuery) {
  const std::string text =
      "Paris alpha bravo. Charlie delta echo foxtrot golf hotel india. Juliet Paris kilo "
      "Berlin lima. Mike november oscar papa quebec romeo sierra.";
  auto s = Snip("paris berlin", text, 6);
  EXPECT_TRUE(s.matched);
  EXPECT_EQ(s.text, "…Juliet [Paris] kilo [Berlin] lima. Mike…");
  // Without matches, the start of the text.
  s = Snip("madrid", text, 3);
  EXPECT_FALSE(s.matched);
  EXPECT_EQ(s.text, "Paris alpha bravo…");
}

TEST_F(SearchMarksTest, AWindowCutByTheEndOfTheTextStartsEarlier) {
  const std::string text = "Alpha bravo charlie delta echo. Foxtrot golf Berlin.";
  auto s = Snip("berlin", text, 4);
  EXPECT_EQ(s.text, "…echo. Foxtrot golf [Berlin].");
}

TEST_F(SearchMarksTest, SnippetMarksOnlyMatchesInsideTheWindow) {
  const std::string text = "Otan alpha bravo charlie delta. Echo foxtrot otan golf hotel otan";
  auto s = Snip("otan", text, 5);
  EXPECT_EQ(s.text, "[Otan] alpha bravo charlie delta…");
}

}  // namespace
}  // namespace gazette::text
