#include "render/messages.h"

#include <gtest/gtest.h>

namespace gazette::render {
namespace {

constexpr char kFrench[] = "{count, plural, one {# résultat} other {# résultats}}";

TEST(FormatCountTest, FollowsTheLocalesPluralRules) {
  EXPECT_EQ(FormatCount(kFrench, "fr_FR", 0), "0 résultat");  // French: 0 and 1 are "one"
  EXPECT_EQ(FormatCount(kFrench, "fr_FR", 1), "1 résultat");
  EXPECT_EQ(FormatCount(kFrench, "fr_FR", 2), "2 résultats");
  const char english[] = "{count, plural, one {# result} other {# results}}";
  EXPECT_EQ(FormatCount(english, "en_GB", 0), "0 results");
  EXPECT_EQ(FormatCount(english, "en_GB", 1), "1 result");
  EXPECT_EQ(FormatCount(english, "en_GB", 1500), "1,500 results");
}

TEST(FormatCountTest, ABrokenPatternIsShownNotFatal) {
  EXPECT_EQ(FormatCount("{count, plural, one {", "fr_FR", 3), "{count, plural, one {");
}

}  // namespace
}  // namespace gazette::render
