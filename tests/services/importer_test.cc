#include "services/importer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vips/vips8>

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

// A line of `n`: good, or (every 97th) not JSON, or (every 101st) of an unknown edition.
std::string NumberedLine(int n) {
  if (n % 97 == 0) return "{not json " + std::to_string(n);
  const std::string edition = n % 101 == 0 ? "de" : "fr";
  return R"({"id":"n)" + std::to_string(n) + R"(","edition":")" + edition + R"(","title":"Titre )" +
         std::to_string(n) +
         R"(","body_html":"<p>Texte.</p>","section":"S","published_at":"2024-01-01T00:00:00Z"})";
}

// The file is read on a thread of its own, several chunks ahead of the writes: the results,
// their order, the line numbers and the progress must be those of reading line by line.
TEST_F(ImporterTest, LongFileKeepsOrderLineNumbersAndProgress) {
  // Lines that are not JSON are reported as they are read, the others' problems when their
  // batch (500 parsed lines) is written: that is the order of the errors.
  std::string file;
  std::vector<std::int64_t> bad_lines;
  std::vector<std::int64_t> in_batch;
  int parsed = 0;
  std::int64_t line = 0;
  for (int n = 1; n <= 2600; ++n) {
    ++line;
    file += NumberedLine(n) + (n % 50 == 0 ? "\r\n" : "\n");
    if (n % 97 == 0) {
      bad_lines.push_back(line);
    } else {
      if (n % 101 == 0) in_batch.push_back(line);
      if (++parsed % 500 == 0) {
        bad_lines.insert(bad_lines.end(), in_batch.begin(), in_batch.end());
        in_batch.clear();
      }
    }
    if (n % 400 == 0) {
      file += "  \n";  // blank lines count in line numbers
      ++line;
    }
  }
  bad_lines.insert(bad_lines.end(), in_batch.begin(), in_batch.end());
  WriteFile(dir_ / "long.jsonl", file);
  ImportOptions options = Options();
  options.batch_size = 500;
  Importer importer(*store_, options);
  std::vector<std::uint64_t> bytes_seen;
  std::vector<std::int64_t> imported_seen;
  auto summary = importer.ImportFile(dir_ / "long.jsonl",
                                     [&](std::uint64_t bytes, const ImportSummary& so_far) {
                                       bytes_seen.push_back(bytes);
                                       imported_seen.push_back(so_far.imported);
                                     });
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const auto bad = static_cast<std::int64_t>(bad_lines.size());
  EXPECT_EQ(summary->imported, 2600 - bad);
  EXPECT_EQ(summary->rejected, bad);
  ASSERT_EQ(summary->errors.size(), bad_lines.size());
  for (std::size_t i = 0; i < bad_lines.size(); ++i) {
    EXPECT_EQ(summary->errors[i].line, bad_lines[i]) << "error " << i;
  }
  // 2,600 lines, 26 of them not JSON: 5 full batches, then the rest and the links.
  ASSERT_EQ(bytes_seen.size(), 6u);
  EXPECT_EQ(bytes_seen.back(), file.size());
  for (std::size_t i = 1; i < bytes_seen.size(); ++i) {
    EXPECT_GT(bytes_seen[i], bytes_seen[i - 1]);
    EXPECT_GE(imported_seen[i], imported_seen[i - 1]);
  }
  EXPECT_EQ(imported_seen.front(), 500 - 5) << "101, 202, 303, 404 and 505 in the first batch";
  auto n1234 = store_->FindArticleByExternalId("n1234");
  ASSERT_TRUE(n1234.ok() && n1234->has_value());
  EXPECT_EQ((*n1234)->title, "Titre 1234");
}

std::string SmallJpeg() {
  vips::VImage image = vips::VImage::black(16, 16, vips::VImage::option()->set("bands", 3));
  void* data = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(".jpg", &data, &size);
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

// A storage-side failure in the middle of a long file (here the image cannot be copied into
// the media folder) ends the import with that error while the reading thread is ahead; the
// batches before it stay, the failed one leaves nothing.
TEST_F(ImporterTest, FailureMidFileStopsTheImportAndKeepsEarlierBatches) {
  WriteFile(dir_ / "photo.jpg", SmallJpeg());
  WriteFile(dir_ / "not-a-folder", "x");
  auto lines = [](int from, int to, int with_image) {
    std::string file;
    for (int n = from; n <= to; ++n) {
      std::string line =
          R"({"id":"f)" + std::to_string(n) + R"(","title":"Titre )" + std::to_string(n) +
          R"(","body_html":"<p>Texte.</p>","section":"S","published_at":"2024-01-01T00:00:00Z")";
      if (n == with_image) line += R"(,"image":{"src":"photo.jpg"})";
      file += line + "}\n";
    }
    return file;
  };
  // The reader holds at most a few thousand lines: with 3,000 it waits for room when the
  // second batch fails.
  WriteFile(dir_ / "failing.jsonl", lines(1, 3000, 150));
  ImportOptions options = Options();
  options.batch_size = 100;
  options.media_dir = dir_ / "not-a-folder/media";
  Importer importer(*store_, options);
  auto summary = importer.ImportFile(dir_ / "failing.jsonl");
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("cannot copy image"), std::string::npos)
      << summary.error().ToString();
  storage::ArticleQuery q;
  q.edition = "fr";
  q.published_only = false;
  auto count = store_->CountArticles(q);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 100);
  EXPECT_TRUE(store_->FindArticleByExternalId("f100")->has_value());
  EXPECT_FALSE(store_->FindArticleByExternalId("f101")->has_value());

  // The same store takes the next import as usual.
  WriteFile(dir_ / "next.jsonl", lines(1, 200, 150));
  options.media_dir = dir_ / "media";
  Importer again(*store_, options);
  auto second = again.ImportFile(dir_ / "next.jsonl");
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->imported, 100);
  EXPECT_EQ(second->updated, 100);
  auto with_image = store_->FindArticleByExternalId("f150");
  ASSERT_TRUE(with_image.ok() && with_image->has_value());
  EXPECT_TRUE((*with_image)->image_id.has_value());
}

TEST_F(ImporterTest, MissingFileIsAClearError) {
  Importer importer(*store_, Options());
  auto summary = importer.ImportFile(dir_ / "nope.jsonl");
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("nope.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace gazette::services
