#include "text/placeholder_lint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gazette::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PlaceholderLintTest, FindsTheReferencePageToken) {
  EXPECT_THAT(FindLeakedPlaceholders("Cập nhật DNUM_BBZAHZCACE 08:32"),
              ElementsAre("DNUM_BBZAHZCACE"));
}

TEST(PlaceholderLintTest, FindsOtherPlaceholderFamilies) {
  EXPECT_THAT(FindLeakedPlaceholders("a __PH12__ b {{0}} c {{ name }} d [[3]] e TERM_QXZKWPRA"),
              ElementsAre("__PH12__", "{{0}}", "{{ name }}", "[[3]]", "TERM_QXZKWPRA"));
  EXPECT_THAT(FindLeakedPlaceholders("DNUM_A1B2 and DNUM_A1B2 again"), ElementsAre("DNUM_A1B2"));
  EXPECT_THAT(FindLeakedPlaceholders("<p>le DNUM_ZZZZ à 08:32</p>"), ElementsAre("DNUM_ZZZZ"));
}

TEST(PlaceholderLintTest, IgnoresOrdinaryText) {
  EXPECT_THAT(FindLeakedPlaceholders(
                  "COVID-19, OTAN, RIA Novosti, G7, F-35, NATO, UN_, A_B, 2024-07-11 08:32, "
                  "[lien], {x}, « Nghệ An », C++ and the DNUM prefix alone, snake_case_name"),
              IsEmpty());
  EXPECT_THAT(FindLeakedPlaceholders(""), IsEmpty());
}

}  // namespace
}  // namespace gazette::text
