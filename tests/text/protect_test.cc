#include "text/protect.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gazette::text {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Originals(const ProtectedText& p, ProtectedKind kind) {
  std::vector<std::string> out;
  for (const auto& item : p.items) {
    if (item.kind == kind) out.push_back(item.original);
  }
  return out;
}

ProtectedText P(std::string_view html, ProtectOptions options = {}) {
  return Protect(html, options);
}

// Round trip through an identity "translation": everything comes back unchanged.
void ExpectRoundTrip(std::string_view html) {
  ProtectOptions options;
  options.target_locale = "fr_FR";
  auto p = Protect(html, options);
  auto r = Restore(p.text, p, "body_html");
  EXPECT_EQ(r.text, html);
  EXPECT_TRUE(r.report.ok()) << model::DescribeIssues(r.report);
}

TEST(ProtectTest, NumbersWithWordsAroundThem) {
  auto p = P("Un plan de 40 milliards d'euros, soit 12,5 % du budget et 1 500 soldats.");
  EXPECT_THAT(Originals(p, ProtectedKind::kNumber), ElementsAre("40", "1 500"));
  EXPECT_THAT(Originals(p, ProtectedKind::kPercent), ElementsAre("12,5 %"));
  EXPECT_THAT(p.text, HasSubstr(" milliards d'euros"));
  EXPECT_EQ(p.text.find("40"), std::string::npos);
}

TEST(ProtectTest, NumbersInsideWordsAreLeftAlone) {
  auto p = P("Le COVID-19, le G7, le F-35 et le 1er ministre, x86.");
  EXPECT_THAT(Originals(p, ProtectedKind::kNumber), IsEmpty());
  EXPECT_THAT(p.text, HasSubstr("COVID-19"));
  EXPECT_THAT(p.text, HasSubstr("G7"));
  EXPECT_THAT(p.text, HasSubstr("F-35"));
}

TEST(ProtectTest, NonBreakingSpacesInNumbersAndPercentages) {
  auto p = P("1\u202F500 personnes, 3,2\u00A0%");
  EXPECT_THAT(Originals(p, ProtectedKind::kNumber), ElementsAre("1\u202F500"));
  EXPECT_THAT(Originals(p, ProtectedKind::kPercent), ElementsAre("3,2\u00A0%"));
}

TEST(ProtectTest, DatesAndTimes) {
  auto p = P("Publié le 11/07/2024 à 08:32, puis le 2024-07-12 vers 9h15.");
  EXPECT_THAT(Originals(p, ProtectedKind::kDate), ElementsAre("11/07/2024", "2024-07-12"));
  EXPECT_THAT(Originals(p, ProtectedKind::kTime), ElementsAre("08:32", "9h15"));
}

TEST(ProtectTest, DatesWithMonthNamesAreRenderedInTheTargetLocale) {
  ProtectOptions options;
  options.target_locale = "es_ES";
  auto p = Protect("Le 11 juillet 2024, le 1er mars et en juillet 2024.", options);
  ASSERT_EQ(Originals(p, ProtectedKind::kDate).size(), 3u);
  EXPECT_EQ(p.items[0].original, "11 juillet 2024");
  EXPECT_EQ(p.items[0].replacement, "11 de julio de 2024");
  EXPECT_EQ(p.items[1].original, "1er mars");
  EXPECT_EQ(p.items[1].replacement, "1 de marzo");
  EXPECT_EQ(p.items[2].replacement, "julio de 2024");
  options.target_locale = "vi_VN";
  EXPECT_EQ(Protect("le 11 juillet 2024", options).items[0].replacement, "11 tháng 7, 2024");
}

TEST(ProtectTest, DateFollowedByPunctuation) {
  ProtectOptions options;
  options.target_locale = "es_ES";
  auto p = Protect("Selon RIA Novosti du 11 juillet, dans", options);
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].replacement, "11 de julio");
  options.source_locale = "en_GB";
  p = Protect("On July 11, he said; on July 12, 2024, too.", options);
  EXPECT_THAT(Originals(p, ProtectedKind::kDate), ElementsAre("July 11", "July 12, 2024"));
}

TEST(ProtectTest, PlacesWithDuAreNotNames) {
  auto p = P("avec la Corée du Nord et Jean de la Fontaine");
  EXPECT_THAT(Originals(p, ProtectedKind::kName), ElementsAre("Jean de la Fontaine"));
}

TEST(ProtectTest, BareMonthNamesAreWords) {
  auto p = P("Le mois de mars et le mai.");
  EXPECT_THAT(p.items, IsEmpty());
}

TEST(ProtectTest, AmountsAndCurrencies) {
  auto p = P("Il coûte 12 €, soit $5 ou 1 500 USD.");
  EXPECT_THAT(Originals(p, ProtectedKind::kAmount), ElementsAre("12 €", "$5", "1 500 USD"));
}

TEST(ProtectTest, UrlsAndEmails) {
  auto p =
      P("Voir https://example.org/a?b=1. Écrire à redaction@gazette.example, ou www.otan.int.");
  EXPECT_THAT(Originals(p, ProtectedKind::kUrl),
              ElementsAre("https://example.org/a?b=1", "www.otan.int"));
  EXPECT_THAT(Originals(p, ProtectedKind::kEmail), ElementsAre("redaction@gazette.example"));
}

TEST(ProtectTest, MarkupWithAttributes) {
  auto p = P(R"(<p class="x">Voir <a href="/fr/a>b" title="L'OTAN 2024">ici</a></p>)");
  EXPECT_THAT(
      Originals(p, ProtectedKind::kMarkup),
      ElementsAre(R"(<p class="x">)", R"(<a href="/fr/a>b" title="L'OTAN 2024">)", "</a>", "</p>"));
  EXPECT_EQ(p.text, PlaceholderFor(0) + "Voir " + PlaceholderFor(1) + "ici" + PlaceholderFor(2) +
                        PlaceholderFor(3));
}

TEST(ProtectTest, NestedQuotesAreText) {
  auto p = P("Il a dit « le message « le plus grave » possible ».");
  EXPECT_THAT(p.items, IsEmpty());
}

TEST(ProtectTest, NamesWithParticles) {
  auto p = P("Selon Jens Stoltenberg et Jean de la Tour, Charles de Gaulle et L'OTAN.");
  EXPECT_THAT(Originals(p, ProtectedKind::kName),
              ElementsAre("Jens Stoltenberg", "Jean de la Tour", "Charles de Gaulle"));
  EXPECT_THAT(p.text, HasSubstr("Selon "));
}

TEST(ProtectTest, SentenceStartersAndAcronymsAreNotNames) {
  auto p = P("La Russie et la Chine. Le Kremlin. L'OTAN et l'UE.");
  EXPECT_THAT(Originals(p, ProtectedKind::kName), IsEmpty());
}

TEST(ProtectTest, GivenNamesAndGlossary) {
  ProtectOptions options;
  options.names = {"Nguyễn Văn An"};
  options.glossary = {{"OTAN", "NATO"}, {"RIA Novosti", ""}};
  auto p = Protect("Selon RIA Novosti, l'OTAN et Nguyễn Văn An.", options);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].kind, ProtectedKind::kTerm);
  EXPECT_EQ(p.items[0].replacement, "RIA Novosti");
  EXPECT_EQ(p.items[1].original, "OTAN");
  EXPECT_EQ(p.items[1].replacement, "NATO");
  EXPECT_EQ(p.items[2].kind, ProtectedKind::kName);
  auto r = Restore(p.text, p, "body_html");
  EXPECT_EQ(r.text, "Selon RIA Novosti, l'NATO et Nguyễn Văn An.");
}

TEST(ProtectTest, RoundTripsUnchanged) {
  ExpectRoundTrip(
      R"(<p>Le <strong>11/07/2024</strong> à 08:32, <a href="https://x.org/?a=1&amp;b=2">40 milliards d'euros</a> &amp; 12,5 %.</p>)");
  ExpectRoundTrip("« Le message le plus grave possible », a déclaré Jens Stoltenberg.");
  ExpectRoundTrip("a < b et 3 > 2, COVID-19");
}

TEST(RestoreTest, DroppedPlaceholderIsMissing) {
  auto p = P("Un plan de 40 milliards.");
  std::string lossy = p.text;
  lossy.erase(lossy.find(PlaceholderFor(0)), PlaceholderFor(0).size());
  auto r = Restore(lossy, p, "lead");
  EXPECT_FALSE(r.report.ok());
  EXPECT_EQ(r.report.missing, 1);
  EXPECT_EQ(r.report.numbers_source, 1);
  EXPECT_EQ(r.report.numbers_translation, 0);
  EXPECT_EQ(model::DescribeIssues(r.report), "lead: number '40' is missing");
}

TEST(RestoreTest, DuplicatedPlaceholderIsReported) {
  auto p = P("Le 11/07/2024.");
  auto r = Restore(p.text + " " + PlaceholderFor(0), p, "body_html");
  EXPECT_EQ(r.report.duplicated, 1);
  EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr("date '11/07/2024' appears 2 times"));
  EXPECT_EQ(r.text, "Le 11/07/2024. 11/07/2024");
}

TEST(RestoreTest, MangledPlaceholderIsAlteredAndNeverShown) {
  auto p = P("Le 11/07/2024 à 08:32.");
  std::string mangled = p.text;
  mangled.replace(mangled.find(PlaceholderFor(0)), PlaceholderFor(0).size(), "<gz-p n='0'>");
  auto r = Restore(mangled, p, "body_html");
  EXPECT_GE(r.report.altered, 1);
  EXPECT_EQ(r.report.missing, 1);
  EXPECT_EQ(r.text.find("gz-p"), std::string::npos);
  EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr("date '11/07/2024' is missing"));
}

TEST(RestoreTest, UnknownIndexIsAltered) {
  auto p = P("40 soldats");
  auto r = Restore(p.text + PlaceholderFor(7), p, "title");
  EXPECT_EQ(r.report.altered, 1);
  EXPECT_EQ(r.report.kept, 1);
}

TEST(RestoreTest, NumbersInWordsAreCompared) {
  auto p = P("Le COVID-19 et le G7.");
  auto r = Restore("El COVID y el G8.", p, "body_html");
  EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr("number '19' is missing"));
  EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr("number '8' was added"));
  EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr("number '7' is missing"));
}

TEST(RestoreTest, PlaceholderLikeTokensLeftAreLeaks) {
  auto p = P("Texte.");
  for (const char* leak : {"DNUM_BBZAHZCACE", "__PH3__", "{{0}}", "[[x]]"}) {
    auto r = Restore(std::string("Texto ") + leak + ".", p, "body_html");
    EXPECT_THAT(model::DescribeIssues(r.report), HasSubstr(leak)) << leak;
  }
}

TEST(LintForReadersTest, ReferencePageLineFlagsPlaceholderAndMissingDate) {
  auto issues = LintForReaders("Amérique Russie DNUM_BBZAHZCACE 08:32", "body_html");
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_THAT(issues[0].detail, HasSubstr("DNUM_BBZAHZCACE"));
  EXPECT_EQ(issues[1].kind, "date");
  EXPECT_THAT(issues[1].detail, HasSubstr("missing date"));
  EXPECT_THAT(issues[1].detail, HasSubstr("08:32"));
  EXPECT_THAT(LintForReaders("Amérique Russie 11 juillet 2024 08:32", "body_html"), IsEmpty());
}

TEST(DecodeEntitiesTest, DecodesAllButMarkupSignificantOnes) {
  EXPECT_EQ(DecodeEntitiesForTranslation("&laquo;&eacute;t&#233;&raquo; &amp; &lt;b&gt; &#x41;"),
            "«été» &amp; &lt;b&gt; A");
  EXPECT_EQ(DecodeEntitiesForTranslation("&unknown; &#0; & x"), "&unknown; &#0; & x");
}

}  // namespace
}  // namespace gazette::text
