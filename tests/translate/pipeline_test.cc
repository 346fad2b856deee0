#include "translate/pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lossy_provider.h"

namespace gazette::translate {
namespace {

using ::testing::HasSubstr;

SourceText Reference() {
  SourceText s;
  s.title = "L'OTAN envoie un message à la Russie et à la Chine";
  s.lead = "Le 11 juillet 2024, Jens Stoltenberg a parlé de 40 milliards d'euros.";
  s.body_html = "<p>Publié le 11/07/2024 à 08:32 : 12,5 % de plus.</p>";
  s.protect.target_locale = "es_ES";
  return s;
}

TEST(PipelineTest, FaithfulProviderGivesACleanReport) {
  LossyProvider identity(Loss::kNone, 0);
  auto out = TranslateTexts(identity, "fr", "es", {Reference()});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  const auto& t = (*out)[0];
  EXPECT_TRUE(t.report.ok()) << model::DescribeIssues(t.report);
  EXPECT_EQ(t.title, "L'OTAN envoie un message à la Russie et à la Chine");
  EXPECT_THAT(t.lead, HasSubstr("11 de julio de 2024"));  // re-rendered, not translated
  EXPECT_EQ(t.body_html, "<p>Publié le 11/07/2024 à 08:32 : 12,5 % de plus.</p>");
  EXPECT_EQ(t.report.missing, 0);
  EXPECT_GT(t.report.kept, 5);
  EXPECT_EQ(t.report.numbers_source, t.report.numbers_translation);
  EXPECT_EQ(t.report.dates_source, t.report.dates_translation);
}

// Each way a provider can lose an item is caught, whichever item it is.
class LossTest : public ::testing::TestWithParam<Loss> {};

TEST_P(LossTest, IsCaught) {
  const SourceText source = Reference();
  const auto count =
      text::Protect(text::DecodeEntitiesForTranslation(source.body_html), source.protect)
          .items.size();
  for (std::size_t index = 0; index < count; ++index) {
    LossyProvider lossy(GetParam(), index);
    auto out = TranslateTexts(lossy, "fr", "es", {source});
    ASSERT_TRUE(out.ok());
    const auto& t = (*out)[0];
    EXPECT_FALSE(t.report.ok()) << "item " << index;
    EXPECT_EQ(t.body_html.find("gz-p"), std::string::npos) << t.body_html;
  }
}

INSTANTIATE_TEST_SUITE_P(Losses, LossTest,
                         ::testing::Values(Loss::kDrop, Loss::kMangle, Loss::kDuplicate,
                                           Loss::kLeak));

TEST(PipelineTest, DroppedNumberIsNamedInTheReport) {
  SourceText s;
  s.body_html = "<p>40 milliards d'euros</p>";
  LossyProvider lossy(Loss::kDrop, 1);  // 0 is <p>, 1 is "40"
  auto out = TranslateTexts(lossy, "fr", "es", {s});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(model::DescribeIssues((*out)[0].report), "body_html: number '40' is missing");
  EXPECT_EQ((*out)[0].report.missing, 1);
}

}  // namespace
}  // namespace gazette::translate
