#include "services/importer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "pg_database.h"
#include "services/exporter.h"
#include "services/generator.h"
#include "services/site_reader.h"
#include "services/translator.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"
#include "text/sanitize.h"

namespace gazette::services {
namespace {

using gazette::testing::TempDir;
using gazette::testing::WriteFile;

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    store_ = Open(dir_ / "site.db");
  }

  static std::unique_ptr<storage::Store> Open(const std::string& file) {
    auto store = gazette::testing::OpenTestStore(file);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    for (const auto& [code, locale] : {std::pair{"fr", "fr_FR"}, std::pair{"en", "en_GB"}}) {
      model::Edition e{code, code, code, locale, "UTC", 0};
      EXPECT_TRUE((*store)->UpsertEdition(e).ok());
    }
    return std::move(store).value();
  }

  ImportOptions Options() {
    ImportOptions o;
    o.default_edition = "fr";
    o.editions = {"fr", "en"};
    o.media_dir = dir_ / "media";
    o.batch_size = 2;
    return o;
  }

  ImportSummary Import(const std::string& jsonl, storage::Store* store = nullptr) {
    WriteFile(dir_ / "in.jsonl", jsonl);
    Importer importer(store ? *store : *store_, Options());
    auto summary = importer.ImportFile(dir_ / "in.jsonl");
    EXPECT_TRUE(summary.ok()) << summary.error().ToString();
    return summary.ok() ? *summary : ImportSummary{};
  }

  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

constexpr char kGood1[] =
    R"({"id":"a1","title":"L'OTAN envoie un message","lead":"Chapeau.","body_html":"<p>Texte « cité ».</p>",)"
    R"("section":"International/Amérique","tags":["Russie","Amérique"],"author":"Jeanne Martin",)"
    R"("published_at":"2024-07-11T08:32:00+07:00","source":"RIA Novosti"})";
constexpr char kGood2[] =
    R"({"id":"a2","edition":"en","title":"NATO sends a message","body_html":"<p>Text.</p>",)"
    R"("section":"World","published_at":"2024-07-11T09:00:00Z","translation_of":"a1"})";

TEST_F(ImporterTest, ImportsGoodLinesAndReportsBadOnesWithLineNumbers) {
  const std::string file =
      std::string(kGood1) + "\n" + "{not json\n" +
      R"({"id":"b2","body_html":"<p>x</p>","section":"Politique","published_at":"2024-01-01T00:00:00Z"})"
      "\n" +
      R"({"id":"b3","title":"Date","body_html":"x","section":"S","published_at":"11/07/2024"})"
      "\n" +
      R"({"id":"b4","edition":"de","title":"T","body_html":"x","section":"S","published_at":"2024-01-01T00:00:00Z"})"
      "\n" +
      "\n" + kGood2 + "\n";
  auto summary = Import(file);
  EXPECT_EQ(summary.imported, 2);
  EXPECT_EQ(summary.rejected, 4);
  ASSERT_EQ(summary.errors.size(), 4u);
  EXPECT_EQ(summary.errors[0].line, 2);
  EXPECT_EQ(summary.errors[1].line, 3);
  EXPECT_NE(summary.errors[1].message.find("title"), std::string::npos);
  EXPECT_EQ(summary.errors[2].line, 4);
  EXPECT_NE(summary.errors[2].message.find("published_at"), std::string::npos);
  EXPECT_EQ(summary.errors[3].line, 5);
  EXPECT_NE(summary.errors[3].message.find("edition"), std::string::npos);

  auto a1 = store_->FindArticleByExternalId("a1");
  ASSERT_TRUE(a1.ok() && *a1);
  EXPECT_EQ((*a1)->slug, "l-otan-envoie-un-message");
  EXPECT_EQ((*a1)->tag_ids.size(), 2u);
  EXPECT_EQ((*a1)->source, "RIA Novosti");
  ASSERT_TRUE((*a1)->published_at.has_value());
  EXPECT_EQ(*(*a1)->published_at, 1720661520);  // 2024-07-11T01:32:00Z
  auto a2 = store_->FindArticleByExternalId("a2");
  ASSERT_TRUE(a2.ok() && *a2);
  EXPECT_EQ((*a2)->translation_group, (*a1)->translation_group) << "translation_of links the group";
}

TEST_F(ImporterTest, ReimportUpdatesInsteadOfDuplicating) {
  Import(std::string(kGood1) + "\n");
  std::string changed = kGood1;
  changed.replace(changed.find("Chapeau."), 8, "Nouveau chapeau.");
  auto summary = Import(changed + "\n");
  EXPECT_EQ(summary.imported, 0);
  EXPECT_EQ(summary.updated, 1);
  storage::ArticleQuery q;
  q.edition = "fr";
  auto count = store_->CountArticles(q);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  auto a1 = store_->FindArticleByExternalId("a1");
  EXPECT_EQ((*a1)->lead, "Nouveau chapeau.");
}

TEST_F(ImporterTest, HostileHtmlIsSanitized) {
  const std::string hostile =
      R"({"id":"x","title":"T","section":"S","published_at":"2024-01-01T00:00:00Z",)"
      R"("body_html":"<p onclick=\"alert(1)\">ok</p><script>alert(2)</script><a href=\"javascript:alert(3)\">l</a><img src=x onerror=alert(4)>"})";
  auto summary = Import(hostile + "\n");
  ASSERT_EQ(summary.imported, 1);
  auto a = store_->FindArticleByExternalId("x");
  const std::string& body = (*a)->body_html;
  EXPECT_EQ(body.find("<script"), std::string::npos);
  EXPECT_EQ(body.find("onclick"), std::string::npos);
  EXPECT_EQ(body.find("onerror"), std::string::npos);
  EXPECT_EQ(body.find("javascript:"), std::string::npos);
  EXPECT_NE(body.find("ok"), std::string::npos);
}

TEST_F(ImporterTest, LeakedPlaceholderIsFlagged) {
  // The reference page's line: the date leaked as a placeholder before the time.
  const std::string leaked =
      R"({"id":"p","title":"T","section":"S","published_at":"2024-01-01T00:00:00Z",)"
      R"("body_html":"<p>Amérique Russie DNUM_BBZAHZCACE 08:32</p>"})";
  auto summary = Import(leaked + "\n");
  ASSERT_EQ(summary.imported, 1);
  ASSERT_EQ(summary.warnings.size(), 3u);
  EXPECT_NE(summary.warnings[0].message.find("DNUM_BBZAHZCACE"), std::string::npos);
  EXPECT_NE(summary.warnings[1].message.find("missing date"), std::string::npos);
  EXPECT_NE(summary.warnings[2].message.find("imported as a draft"), std::string::npos);

  // Imported as a draft that cannot be published: it never reaches readers.
  auto article = store_->FindArticleByExternalId("p");
  ASSERT_TRUE(article.ok() && article->has_value());
  EXPECT_EQ((*article)->status, model::ArticleStatus::kDraft);
  auto report = store_->GetIntegrityReport((*article)->id);
  ASSERT_TRUE(report.ok() && report->has_value());
  EXPECT_EQ((*report)->issues.size(), 2u);
  auto published = PublishArticle(*store_, "p", std::nullopt, "editor");
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().kind, model::ErrorKind::kIntegrity);
  EXPECT_NE(published.error().message.find("body_html: leaked translation placeholder "
                                           "'DNUM_BBZAHZCACE'"),
            std::string::npos)
      << published.error().message;
  EXPECT_NE(published.error().message.find("missing date"), std::string::npos);

  // Fixed and imported again: the lint's findings go, and it can be published.
  const std::string fixed =
      R"({"id":"p","title":"T","section":"S","published_at":"2024-01-01T00:00:00Z",)"
      R"("body_html":"<p>Amérique Russie 11 juillet 2024 08:32</p>"})";
  summary = Import(fixed + "\n");
  EXPECT_EQ(summary.updated, 1);
  EXPECT_TRUE(summary.warnings.empty());
  published = PublishArticle(*store_, "p", std::nullopt, "editor");
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  EXPECT_EQ(published->status, model::ArticleStatus::kPublished);
}

TEST_F(ImporterTest, DuplicateTitlesGetDistinctSlugs) {
  auto summary = Import(
      std::string(kGood1) + "\n" +
      R"({"id":"a9","title":"L'OTAN envoie un message","body_html":"x","section":"S","published_at":"2024-01-01T00:00:00Z"})"
      "\n");
  ASSERT_EQ(summary.imported, 2);
  auto a9 = store_->FindArticleByExternalId("a9");
  EXPECT_EQ((*a9)->slug, "l-otan-envoie-un-message-2");
}

TEST_F(ImporterTest, ExportThenImportIntoEmptySiteReproducesArticles) {
  Import(std::string(kGood1) + "\n" + kGood2 + "\n");
  std::ostringstream first;
  auto written = ExportArticles(*store_, {(dir_.path() / "media").string()}, first);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(*written, 2);

  auto other = Open(dir_ / "other.db");
  WriteFile(dir_ / "export.jsonl", first.str());
  Importer importer(*other, Options());
  auto summary = importer.ImportFile(dir_ / "export.jsonl");
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->imported, 2);
  EXPECT_EQ(summary->rejected, 0);

  std::ostringstream second;
  ASSERT_TRUE(ExportArticles(*other, {(dir_.path() / "media").string()}, second).ok());
  EXPECT_EQ(first.str(), second.str());
}

// Generated bodies take the sanitizer's fast path, and it gives what the parser gives.
TEST(GeneratedBodiesTest, TakeTheSanitizerFastPathWithTheSameResult) {
  int checked = 0;
  for (const std::string edition : {"fr", "en"}) {
    GeneratorOptions options;
    options.count = 300;
    options.edition = edition;
    GenerateArchive(options, [&](const ArticleRecord& r) {
      EXPECT_TRUE(text::IsCleanSimpleFragment(r.body_html)) << r.id << ": " << r.body_html;
      EXPECT_EQ(text::ParseAndSanitizeHtml(r.body_html), r.body_html) << r.id;
      ++checked;
    });
  }
  EXPECT_EQ(checked, 600);
}

TEST_F(ImporterTest, MissingFileIsAClearError) {
  Importer importer(*store_, Options());
  auto summary = importer.ImportFile(dir_ / "nope.jsonl");
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("nope.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace gazette::services
