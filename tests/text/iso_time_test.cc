#include "text/iso_time.h"

#include <gtest/gtest.h>

namespace gazette::text {
namespace {

constexpr model::UnixSeconds kReference = 1720661520;  // 2024-07-11T01:32:00Z

TEST(ParseIso8601Test, AcceptsOffsetsZuluAndFractions) {
  EXPECT_EQ(ParseIso8601("2024-07-11T08:32:00+07:00"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-11T01:32:00Z"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-11T01:32:00.000Z"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-11T01:32:00.987654Z"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-10T21:32:00-04:00"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-11T08:32:00+0700"), kReference);
  EXPECT_EQ(ParseIso8601("2024-07-11T08:32+07:00"), kReference) << "seconds are optional";
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseIso8601("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(ParseIso8601("2024-02-29T00:00:00Z"), 1709164800);
}

TEST(ParseIso8601Test, RejectsInvalidInput) {
  for (const char* bad :
       {"", "garbage", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-07-11T24:00:00Z", "2024-07-11T08:60:00Z", "2024-07-11T08:32:00",
        "2024-07-11T08:32:00+25:00", "2024-07-11", "2024-07-11T08:32:Z", "2024-07-11T08:32:00Zjunk",
        "2024-07-11T08:32:00.Z", "24-07-11T08:32:00Z", "2024-7-11T08:32:00Z"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

TEST(FormatIso8601UtcTest, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatIso8601Utc(kReference), "2024-07-11T01:32:00Z");
  EXPECT_EQ(FormatIso8601Utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601Utc(-1), "1969-12-31T23:59:59Z");
  for (model::UnixSeconds t :
       {model::UnixSeconds{951782400}, kReference, model::UnixSeconds{4102444799}}) {
    EXPECT_EQ(ParseIso8601(FormatIso8601Utc(t)), t);
  }
}

}  // namespace
}  // namespace gazette::text
