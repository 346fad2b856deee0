#include "model/result.h"

#include <gtest/gtest.h>

namespace gazette::model {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidInput("odd number", "n");
  return n / 2;
}

TEST(ResultTest, CarriesValueOrError) {
  auto good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);

  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(bad.error().field, "n");
  EXPECT_EQ(bad.error().ToString(), "invalid_input: n: odd number");
}

TEST(ResultTest, StatusDefaultsToOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  Status failed = NotFound("no such article");
  ASSERT_FALSE(failed.ok());
  EXPECT_STREQ(ErrorKindName(failed.error().kind), "not_found");
}

}  // namespace
}  // namespace gazette::model
