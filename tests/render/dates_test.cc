#include "render/dates.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "reference_article.h"

namespace gazette::render {
namespace {

using testing::kPublishedAt;

TEST(DatesTest, FrenchLongDateAndTimeInTheEditionZone) {
  EXPECT_EQ(FormatLocalized(kPublishedAt, "fr_FR", "Asia/Ho_Chi_Minh", DateStyle::kLong),
            "11 juillet 2024");
  EXPECT_EQ(FormatLocalized(kPublishedAt, "fr_FR", "Asia/Ho_Chi_Minh", DateStyle::kTime), "08:32");
  EXPECT_EQ(FormatLocalized(kPublishedAt, "fr_FR", "Asia/Ho_Chi_Minh", DateStyle::kMedium),
            "11 juil. 2024");
}

TEST(DatesTest, VietnameseAndAmericanEnglish) {
  EXPECT_EQ(FormatLocalized(kPublishedAt, "vi_VN", "Asia/Ho_Chi_Minh", DateStyle::kLong),
            "11 tháng 7, 2024");
  EXPECT_EQ(FormatLocalized(kPublishedAt, "en_US", "America/New_York", DateStyle::kLong),
            "July 10, 2024");
  const std::string time =
      FormatLocalized(kPublishedAt, "en_US", "America/New_York", DateStyle::kTime);
  EXPECT_EQ(time.rfind("9:32", 0), 0u) << time;
  EXPECT_NE(time.find("PM"), std::string::npos) << time;
  EXPECT_EQ(FormatLocalized(kPublishedAt, "en_US", "UTC", DateStyle::kMedium), "Jul 11, 2024");
}

TEST(DatesTest, UnknownZoneMeansUtc) {
  EXPECT_EQ(FormatLocalized(kPublishedAt, "fr_FR", "Mars/Olympus", DateStyle::kTime), "01:32");
  EXPECT_EQ(FormatLocalized(kPublishedAt, "fr_FR", "", DateStyle::kTime), "01:32");
  EXPECT_EQ(ZoneOffsetSeconds("Mars/Olympus", kPublishedAt), 0);
  EXPECT_EQ(FormatIso8601InZone(kPublishedAt, "Mars/Olympus"), "2024-07-11T01:32:00Z");
}

TEST(DatesTest, MachineFormats) {
  EXPECT_EQ(ZoneOffsetSeconds("Asia/Ho_Chi_Minh", kPublishedAt), 7 * 3600);
  EXPECT_EQ(FormatIso8601InZone(kPublishedAt, "Asia/Ho_Chi_Minh"), "2024-07-11T08:32:00+07:00");
  EXPECT_EQ(FormatIso8601InZone(kPublishedAt, "America/New_York"), "2024-07-10T21:32:00-04:00");
  EXPECT_EQ(FormatIso8601InZone(kPublishedAt, "Asia/Kolkata"), "2024-07-11T07:02:00+05:30");
  EXPECT_EQ(FormatIso8601InZone(kPublishedAt, "UTC"), "2024-07-11T01:32:00Z");
  EXPECT_EQ(FormatIso8601Z(kPublishedAt), "2024-07-11T01:32:00Z");
  EXPECT_EQ(FormatRfc822(kPublishedAt), "Thu, 11 Jul 2024 01:32:00 +0000");
  EXPECT_EQ(FormatRfc822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(DatesTest, ConcurrentFormattingGivesTheSameText) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([i, &wrong] {
      for (int k = 0; k < 200; ++k) {
        if (FormatLocalized(kPublishedAt, "fr_FR", "Asia/Ho_Chi_Minh", DateStyle::kLong) !=
            "11 juillet 2024") {
          ++wrong[i];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int n : wrong) EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace gazette::render
