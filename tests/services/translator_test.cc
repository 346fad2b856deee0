#include "services/translator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../translate/lossy_provider.h"
#include "pg_database.h"
#include "services/importer.h"
#include "temp_dir.h"
#include "translate/apertium.h"

namespace gazette::services {
namespace {

using gazette::testing::TempDir;
using gazette::testing::WriteFile;
using ::testing::HasSubstr;
using translate::Loss;
using translate::LossyProvider;

class TranslatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto store = gazette::testing::OpenTestStore(dir_ / "site.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(store).value();
    for (const auto& e : {model::Edition{"fr", "FR", "fr", "fr_FR", "Asia/Ho_Chi_Minh", 1},
                          model::Edition{"es", "ES", "es", "es_ES", "Europe/Madrid", 2},
                          model::Edition{"en", "EN", "en", "en_GB", "UTC", 3}}) {
      ASSERT_TRUE(store_->UpsertEdition(e).ok());
    }
    const std::string lines =
        R"({"id":"ref","title":"L'OTAN envoie un message à la Russie et à la Chine",)"
        R"("lead":"Le secrétaire général de l'OTAN a parlé le 11 juillet 2024.",)"
        R"("body_html":"<p>Selon Jens Stoltenberg, un plan de 40 milliards d'euros, soit 12,5 % du budget, publié le 11/07/2024 à 08:32.</p>",)"
        R"("section":"International/Amérique","tags":["Russie","Jens Stoltenberg"],"author":"Jeanne Martin",)"
        R"("published_at":"2024-07-11T08:32:00+07:00","source":"RIA Novosti"})"
        "\n"
        R"({"id":"b","title":"Le budget","body_html":"<p>Il atteint 3 milliards.</p>",)"
        R"("section":"Économie","published_at":"2024-07-12T08:00:00Z"})"
        "\n"
        R"({"id":"c","title":"La Chine","body_html":"<p>Le 1er mars 2024.</p>",)"
        R"("section":"International","published_at":"2024-07-13T08:00:00Z"})"
        "\n";
    WriteFile(dir_ / "in.jsonl", lines);
    ImportOptions o;
    o.default_edition = "fr";
    o.editions = {"fr", "es", "en"};
    o.media_dir = dir_ / "media";
    Importer importer(*store_, o);
    auto summary = importer.ImportFile(dir_ / "in.jsonl");
    ASSERT_TRUE(summary.ok() && summary->imported == 3);
  }

  TranslateOptions Options() {
    TranslateOptions o;
    o.target_edition = "es";
    o.glossary = {{"RIA Novosti", ""}};
    return o;
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(TranslatorTest, ApertiumMakesALinkedDraftWithACleanReport) {
  translate::ApertiumProvider apertium;
  EditionTranslator translator(*store_, apertium, Options());
  auto outcome = translator.TranslateArticle("ref");
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_FALSE(outcome->skipped);
  const auto& a = outcome->article;
  EXPECT_TRUE(outcome->report.ok()) << model::DescribeIssues(outcome->report);
  EXPECT_EQ(a.edition, "es");
  EXPECT_EQ(a.external_id, "ref-es");
  EXPECT_EQ(a.status, model::ArticleStatus::kDraft);
  EXPECT_THAT(a.title, HasSubstr("La OTAN envía un mensaje"));
  EXPECT_THAT(a.lead, HasSubstr("11 de julio de 2024"));  // ICU, not word by word
  EXPECT_THAT(a.body_html, HasSubstr("40 millardos de euros"));
  EXPECT_THAT(a.body_html, HasSubstr("12,5 %"));
  EXPECT_THAT(a.body_html, HasSubstr("11/07/2024"));
  EXPECT_THAT(a.body_html, HasSubstr("08:32"));
  EXPECT_THAT(a.body_html, HasSubstr("Jens Stoltenberg"));

  auto source = store_->FindArticleByExternalId("ref");
  EXPECT_EQ(a.translation_group, (*source)->translation_group);
  auto sections = store_->ListSections("es");
  ASSERT_TRUE(sections.ok());
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[0].name, "Internacional");
  auto tags = store_->GetTags(a.tag_ids);
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "Rusia");
  EXPECT_EQ((*tags)[1].name, "Jens Stoltenberg");
  EXPECT_EQ(a.author_ids, (*source)->author_ids);

  auto report = store_->GetIntegrityReport(a.id);
  ASSERT_TRUE(report.ok() && report->has_value());
  EXPECT_EQ((*report)->machine_translation, "apertium");
  EXPECT_GT((*report)->kept, 5);
  EXPECT_EQ((*report)->missing, 0);

  // Again: skipped, nothing new.
  auto again = translator.TranslateArticle("ref");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->skipped);
  EXPECT_EQ(again->article.id, a.id);

  // Publishing (the review) clears the mark.
  auto published = PublishArticle(*store_, "ref-es", std::nullopt, "editor");
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  report = store_->GetIntegrityReport(a.id);
  EXPECT_EQ((*report)->machine_translation, "");
}

// Readers of the translation see a caption in their language; the photo file is shared.
TEST_F(TranslatorTest, PhotoCaptionAndAltTextAreTranslatedWithTheArticle) {
  WriteFile(dir_ / "photo.jsonl",
            R"({"id":"p","title":"Le sommet de Washington","body_html":"<p>Un texte.</p>",)"
            R"("section":"International","published_at":"2024-07-11T08:32:00+07:00",)"
            R"("image":{"src":"https://images.example/otan.jpg","credit":"OTAN",)"
            R"("caption":"Le secrétaire général de l'OTAN au sommet de 2024 à Washington.",)"
            R"("alt":"Le secrétaire général au pupitre"}})"
            "\n");
  ImportOptions o;
  o.default_edition = "fr";
  o.editions = {"fr", "es", "en"};
  o.media_dir = dir_ / "media";
  Importer importer(*store_, o);
  ASSERT_TRUE(importer.ImportFile(dir_ / "photo.jsonl").ok());
  auto source = store_->FindArticleByExternalId("p");
  ASSERT_TRUE(source.ok() && *source && (*source)->image_id);

  translate::ApertiumProvider apertium;
  EditionTranslator translator(*store_, apertium, Options());
  auto outcome = translator.TranslateArticle("p");
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_TRUE(outcome->report.ok()) << model::DescribeIssues(outcome->report);
  ASSERT_TRUE(outcome->article.image_id.has_value());
  EXPECT_NE(*outcome->article.image_id, *(*source)->image_id);
  auto translated = store_->GetMedia(*outcome->article.image_id);
  ASSERT_TRUE(translated.ok() && *translated);
  EXPECT_THAT((*translated)->caption, HasSubstr("secretario general"));
  EXPECT_THAT((*translated)->caption, HasSubstr("2024"));
  EXPECT_THAT((*translated)->alt, HasSubstr("secretario general"));
  EXPECT_EQ((*translated)->file, "https://images.example/otan.jpg");
  EXPECT_EQ((*translated)->credit, "OTAN");
  auto original = store_->GetMedia(*(*source)->image_id);
  EXPECT_EQ((*original)->caption,
            "Le secrétaire général de l'OTAN au sommet de 2024 à Washington.");
}

TEST_F(TranslatorTest, LossyProviderIsCaughtAndTheDraftCannotBePublished) {
  LossyProvider lossy(Loss::kDrop, 3);
  EditionTranslator translator(*store_, lossy, Options());
  auto outcome = translator.TranslateArticle("ref");
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_FALSE(outcome->report.ok());
  EXPECT_GE(outcome->report.missing, 1);
  auto published = PublishArticle(*store_, "ref-es", std::nullopt, "editor");
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().kind, model::ErrorKind::kIntegrity);
  EXPECT_THAT(published.error().message, HasSubstr("cannot be published"));
  EXPECT_THAT(published.error().message, HasSubstr("is missing"));
  auto draft = store_->FindArticleByExternalId("ref-es");
  EXPECT_EQ((*draft)->status, model::ArticleStatus::kDraft);

  // Nor can an import publish it.
  WriteFile(dir_ / "publish.jsonl",
            R"({"id":"ref-es","edition":"es","title":"T","section":"S","status":"published",)"
            R"("published_at":"2024-07-11T08:32:00Z","body_html":"<p>x</p>"})"
            "\n");
  ImportOptions o;
  o.default_edition = "fr";
  o.editions = {"fr", "es", "en"};
  o.media_dir = dir_ / "media";
  Importer importer(*store_, o);
  auto summary = importer.ImportFile(dir_ / "publish.jsonl");
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->updated, 1);
  ASSERT_FALSE(summary->warnings.empty());
  EXPECT_THAT(summary->warnings[0].message, HasSubstr("kept as a draft"));
  draft = store_->FindArticleByExternalId("ref-es");
  EXPECT_EQ((*draft)->status, model::ArticleStatus::kDraft);
}

TEST_F(TranslatorTest, ForcedGlossaryTranslation) {
  LossyProvider identity(Loss::kNone, 0);
  TranslateOptions o = Options();
  o.glossary.push_back({"OTAN", "NATO"});
  EditionTranslator translator(*store_, identity, o);
  auto outcome = translator.TranslateArticle("ref");
  ASSERT_TRUE(outcome.ok());
  EXPECT_THAT(outcome->article.title, HasSubstr("L'NATO"));
}

TEST_F(TranslatorTest, UnsupportedPairAndBadInputChangeNothing) {
  translate::ApertiumProvider apertium;
  TranslateOptions o = Options();
  o.target_edition = "en";
  EditionTranslator to_english(*store_, apertium, o);
  auto r = to_english.TranslateArticle("ref");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_THAT(r.error().message, HasSubstr("no fr\u2192en translation pair"));

  o.target_edition = "xx";
  EditionTranslator nowhere(*store_, apertium, o);
  EXPECT_EQ(nowhere.TranslateArticle("ref").error().kind, model::ErrorKind::kNotFound);
  o.target_edition = "fr";
  EditionTranslator same(*store_, apertium, o);
  EXPECT_EQ(same.TranslateArticle("ref").error().kind, model::ErrorKind::kInvalidInput);
  EditionTranslator translator(*store_, apertium, Options());
  EXPECT_EQ(translator.TranslateArticle("nope").error().kind, model::ErrorKind::kNotFound);

  storage::ArticleQuery q;
  q.edition = "en";
  q.published_only = false;
  EXPECT_EQ(*store_->CountArticles(q), 0);
  q.edition = "es";
  EXPECT_EQ(*store_->CountArticles(q), 0);
}

TEST_F(TranslatorTest, BulkBySectionIsResumable) {
  LossyProvider identity(Loss::kNone, 0);
  TranslateOptions o = Options();
  o.batch_size = 1;
  EditionTranslator translator(*store_, identity, o);
  BulkSelection selection;
  selection.source_edition = "fr";
  selection.section_path = "international";
  std::vector<std::pair<std::int64_t, std::int64_t>> steps;
  auto first = translator.TranslateSelection(
      selection, [&](std::int64_t done, std::int64_t total) { steps.emplace_back(done, total); });
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_EQ(first->size(), 2u);  // "ref" (in International/Amérique) and "c"
  EXPECT_EQ(steps.back(), std::make_pair(std::int64_t{2}, std::int64_t{2}));
  // Everything again, by date range: the two done are skipped, the third is translated.
  selection.section_path.clear();
  selection.since = 0;
  auto second = translator.TranslateSelection(selection);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 3u);
  int skipped = 0;
  for (const auto& o2 : *second) skipped += o2.skipped ? 1 : 0;
  EXPECT_EQ(skipped, 2);
  selection.section_path = "nope";
  EXPECT_EQ(translator.TranslateSelection(selection).error().kind, model::ErrorKind::kNotFound);
}

}  // namespace
}  // namespace gazette::services
