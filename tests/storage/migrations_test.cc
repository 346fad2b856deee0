#include "storage/migrations.h"

#include <gtest/gtest.h>

namespace gazette::storage {
namespace {

TEST(MigrationsTest, ValidatesVersionsAndContent) {
  EXPECT_TRUE(ValidateMigrations({}).ok());
  EXPECT_TRUE(ValidateMigrations({{1, "a", "x"}, {2, "b", "y"}}).ok());
  EXPECT_FALSE(ValidateMigrations({{2, "a", "x"}}).ok());
  EXPECT_FALSE(ValidateMigrations({{1, "a", "x"}, {3, "b", "y"}}).ok());
  EXPECT_FALSE(ValidateMigrations({{1, "", "x"}}).ok());
  EXPECT_FALSE(ValidateMigrations({{1, "a", ""}}).ok());
}

TEST(MigrationsTest, PendingAreTheNewerOnesInOrder) {
  std::vector<Migration> all = {{1, "a", "x"}, {2, "b", "y"}, {3, "c", "z"}};
  auto pending = PendingMigrations(all, 1);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0]->version, 2);
  EXPECT_EQ((*pending)[1]->version, 3);
  EXPECT_EQ(PendingMigrations(all, 0)->size(), 3u);
  EXPECT_TRUE(PendingMigrations(all, 3)->empty());
  auto newer = PendingMigrations(all, 4);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().kind, model::ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace gazette::storage
