#include "text/zoned_time.h"

#include <gtest/gtest.h>

#include "text/iso_time.h"

namespace gazette::text {
namespace {

model::UnixSeconds Utc(const std::string& iso) { return ParseIso8601(iso).value(); }

TEST(ZonedTimeTest, WallClockTimesAreReadInTheEditionsZone) {
  EXPECT_EQ(ParseLocalDateTime("2026-12-01T09:00", "Asia/Ho_Chi_Minh"),
            Utc("2026-12-01T02:00:00Z"));
  EXPECT_EQ(ParseLocalDateTime("2026-12-01 09:00", "Asia/Ho_Chi_Minh"),
            Utc("2026-12-01T02:00:00Z"));
  EXPECT_EQ(ParseLocalDateTime("2026-12-01T09:00:30", "Asia/Ho_Chi_Minh"),
            Utc("2026-12-01T02:00:30Z"));
  // Paris: UTC+1 in winter, UTC+2 in summer.
  EXPECT_EQ(ParseLocalDateTime("2026-01-15T12:00", "Europe/Paris"), Utc("2026-01-15T11:00:00Z"));
  EXPECT_EQ(ParseLocalDateTime("2026-07-15T12:00", "Europe/Paris"), Utc("2026-07-15T10:00:00Z"));
  // No zone, or one ICU does not know: UTC.
  EXPECT_EQ(ParseLocalDateTime("2026-12-01T09:00", ""), Utc("2026-12-01T09:00:00Z"));
  EXPECT_EQ(ParseLocalDateTime("2026-12-01T09:00", "Mars/Olympus"), Utc("2026-12-01T09:00:00Z"));
}

TEST(ZonedTimeTest, ATimeSkippedByDaylightSavingMovesForward) {
  // 2026-03-29 02:30 does not exist in Paris (02:00 → 03:00): 03:00 local, 01:00 UTC.
  EXPECT_EQ(ParseLocalDateTime("2026-03-29T02:30", "Europe/Paris"), Utc("2026-03-29T01:00:00Z"));
}

TEST(ZonedTimeTest, MalformedOrImpossibleValuesAreRefused) {
  for (const char* bad :
       {"", "2026-12-01", "2026-12-01T9:00", "2026-13-01T09:00", "2026-04-31T09:00",
        "2026-02-29T09:00", "2026-12-01T24:00", "2026-12-01T09:60", "2026-12-01X09:00",
        "2026-12-01T09:00Z", "abcd-12-01T09:00", "2026-12-01T09:00:61"}) {
    EXPECT_FALSE(ParseLocalDateTime(bad, "Asia/Ho_Chi_Minh").has_value()) << bad;
  }
  EXPECT_TRUE(ParseLocalDateTime("2028-02-29T09:00", "Asia/Ho_Chi_Minh").has_value());
}

TEST(ZonedTimeTest, FormatsTheWallClockOfTheZone) {
  EXPECT_EQ(FormatLocalDateTime(Utc("2026-12-01T02:00:00Z"), "Asia/Ho_Chi_Minh"),
            "2026-12-01T09:00");
  EXPECT_EQ(FormatLocalDateTime(Utc("2026-12-31T20:30:00Z"), "Asia/Ho_Chi_Minh"),
            "2027-01-01T03:30");
  EXPECT_EQ(FormatLocalDateTime(Utc("2026-07-15T10:00:00Z"), "Europe/Paris"), "2026-07-15T12:00");
  EXPECT_EQ(FormatLocalDateTime(Utc("2026-07-15T10:00:00Z"), ""), "2026-07-15T10:00");
  // Round trip.
  const model::UnixSeconds t = Utc("2026-10-25T03:00:00Z");
  EXPECT_EQ(ParseLocalDateTime(FormatLocalDateTime(t, "Europe/Paris"), "Europe/Paris"), t);
}

}  // namespace
}  // namespace gazette::text
