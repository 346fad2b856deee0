#include "text/diff.h"

#include <gtest/gtest.h>

namespace gazette::text {
namespace {

using K = DiffPiece::Kind;

std::string Side(const std::vector<DiffPiece>& pieces, K other) {
  std::string out;
  for (const auto& p : pieces) {
    if (p.kind == K::kSame || p.kind == other) out += p.text;
  }
  return out;
}

TEST(WordDiffTest, MarksChangedWords) {
  auto d = WordDiff("Le chat dort ici", "Le chien dort ici");
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].kind, K::kSame);
  EXPECT_EQ(d[0].text, "Le ");
  EXPECT_EQ(d[1].kind, K::kRemoved);
  EXPECT_EQ(d[1].text, "chat ");
  EXPECT_EQ(d[2].kind, K::kAdded);
  EXPECT_EQ(d[2].text, "chien ");
  EXPECT_EQ(d[3].text, "dort ici");
}

TEST(WordDiffTest, BothSidesAreRecoverable) {
  const std::string a = "<p>Un deux trois.</p>\n<p>Quatre</p>";
  const std::string b = "<p>Un trois, quatre.</p><h2>Titre</h2>";
  auto d = WordDiff(a, b);
  EXPECT_EQ(Side(d, K::kRemoved), a);
  EXPECT_EQ(Side(d, K::kAdded), b);
}

TEST(WordDiffTest, IdenticalAndEmpty) {
  auto same = WordDiff("a b", "a b");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].kind, K::kSame);
  EXPECT_TRUE(WordDiff("", "").empty());
  auto added = WordDiff("", "x");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].kind, K::kAdded);
}

TEST(WordDiffTest, HugeInputsFallBackToReplace) {
  auto d = WordDiff("a b c", "a b d", 2);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].kind, K::kRemoved);
  EXPECT_EQ(d[1].kind, K::kAdded);
}

}  // namespace
}  // namespace gazette::text
