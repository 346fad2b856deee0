#include "model/content.h"

#include <gtest/gtest.h>

#include "model/site_paths.h"

namespace gazette::model {
namespace {

TEST(ContentTest, StatusNamesRoundTrip) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kReview, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
    auto parsed = ParseStatus(StatusName(s));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(ParseStatus("live").has_value());
  EXPECT_FALSE(ParseStatus("").has_value());
}

TEST(SitePathsTest, BuildsPublicPaths) {
  EXPECT_EQ(EditionPath("fr"), "/fr/");
  EXPECT_EQ(SectionPath("fr", "international/amerique"), "/fr/international/amerique/");
  EXPECT_EQ(ArticlePath("fr", "international/amerique", "l-otan"),
            "/fr/international/amerique/l-otan");
  EXPECT_EQ(TagPath("fr", "russie"), "/fr/tag/russie/");
  EXPECT_EQ(AuthorPath("en", "jane-doe"), "/en/author/jane-doe/");
  EXPECT_EQ(MediaPath("2024/07/a.jpg"), "/media/2024/07/a.jpg");
  EXPECT_EQ(MediaPath("https://cdn.example/a.jpg"), "https://cdn.example/a.jpg");
}

}  // namespace
}  // namespace gazette::model
