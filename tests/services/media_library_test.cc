#include "services/media_library.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <vips/vips8>

#include "pg_database.h"
#include "services/editorial.h"
#include "temp_dir.h"

namespace gazette::services {
namespace {

namespace fs = std::filesystem;
using model::ArticleStatus;
using model::ErrorKind;
using model::Role;
using vips::VImage;

std::string Jpeg(int width, int height) {
  VImage xyz = VImage::xyz(width, height);
  VImage image = xyz.bandjoin((xyz[0] + xyz[1]) / 2)
                     .cast(VIPS_FORMAT_UCHAR)
                     .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* data = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(".jpg", &data, &size);
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

std::size_t FilesIn(const std::string& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) n += e.is_regular_file();
  return n;
}

class MediaLibraryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(VIPS_INIT("media_library_test"), 0); }

  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto opened = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    section_ = store_->EnsureSection("fr", {"Monde"})->id;
    MediaLibraryOptions options;
    options.media_dir = media_dir_;
    library_ = std::make_unique<MediaLibrary>(*store_, options, [this] { return now_; });
    editorial_ = std::make_unique<Editorial>(*store_, [this] { return now_; });
  }

  model::Article Draft(const std::string& title) {
    ArticleFields f;
    f.edition = "fr";
    f.title = title;
    f.body_html = "<p>Corps</p>";
    f.section_id = section_;
    auto a = editorial_->Create(reporter_, f);
    EXPECT_TRUE(a.ok()) << a.error().ToString();
    return a.ok() ? *a : model::Article{};
  }

  gazette::testing::TempDir dir_;
  std::string media_dir_ = dir_ / "media";
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<MediaLibrary> library_;
  std::unique_ptr<Editorial> editorial_;
  model::Id section_ = 0;
  model::UnixSeconds now_ = 1'794'000'000;  // 2026-11-07
  model::User reporter_{1, "rita", "Rita", Role::kReporter, false};
  model::User editor_{2, "ed", "Ed", Role::kEditor, false};
  model::User translator_{3, "tom", "Tom", Role::kTranslator, false};
};

TEST_F(MediaLibraryTest, ReporterUploadsWithAnSeoNameAndFindsItAgain) {
  auto m =
      library_->Upload(reporter_, Jpeg(1100, 600), "IMG_0042.JPG", "Sommet de l'OTAN à Washington",
                       {" Le sommet ", "AFP", "Le pupitre du sommet"});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->file, "2026/11/sommet-de-l-otan-a-washington.jpg");
  EXPECT_EQ(m->caption, "Le sommet");  // trimmed
  EXPECT_EQ(m->width, 1100);
  EXPECT_EQ(m->rendition_widths, (std::vector<int>{320, 640, 1024}));
  EXPECT_TRUE(fs::exists(fs::path(media_dir_) / m->file));

  // Without a name, the uploaded file's own name gives the slug.
  auto second = library_->Upload(reporter_, Jpeg(400, 300), "C:\\Photos\\Crue été.png", "", {});
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->file, "2026/11/crue-ete.jpg");  // the sniffed type's extension

  auto found = library_->Search({"otan", 10, 0});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, m->id);
  auto audit = store_->ListAudit(0, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ((*audit)[0].action, "upload");
}

TEST_F(MediaLibraryTest, RefusalsStoreNothing) {
  auto fake = library_->Upload(reporter_, "not a picture at all\n", "photo.jpg", "", {});
  ASSERT_FALSE(fake.ok());
  EXPECT_EQ(fake.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(fake.error().field, "file");

  auto translator = library_->Upload(translator_, Jpeg(100, 100), "a.jpg", "", {});
  ASSERT_FALSE(translator.ok());
  EXPECT_EQ(translator.error().kind, ErrorKind::kForbidden);

  auto long_alt =
      library_->Upload(reporter_, Jpeg(100, 100), "a.jpg", "", {"", "", std::string(501, 'a')});
  ASSERT_FALSE(long_alt.ok());
  EXPECT_EQ(long_alt.error().field, "alt");

  MediaLibraryOptions small;
  small.media_dir = media_dir_;
  small.upload.limits.max_file_bytes = 2000;
  MediaLibrary strict(*store_, small, [this] { return now_; });
  auto big = strict.Upload(editor_, Jpeg(800, 800), "big.jpg", "", {});
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("too large"), std::string::npos);

  EXPECT_TRUE(library_->Search({})->empty());
  EXPECT_EQ(FilesIn(media_dir_), 0u);
}

TEST_F(MediaLibraryTest, UpdateChangesWordsOnly) {
  auto m = library_->Upload(reporter_, Jpeg(400, 300), "a.jpg", "photo", {});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto updated = library_->Update(reporter_, m->id, {"Légende", "Reuters", "Un quai"});
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  auto got = library_->Get(m->id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->alt, "Un quai");
  EXPECT_EQ((*got)->file, m->file);
  EXPECT_EQ((*got)->rendition_widths, m->rendition_widths);
  EXPECT_EQ(library_->Update(translator_, m->id, {}).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(library_->Update(reporter_, 9999, {}).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(library_->Update(reporter_, m->id, {std::string(1001, 'c'), "", ""}).error().field,
            "caption");
  EXPECT_EQ((*library_->Get(m->id))->caption, "Légende");
}

TEST_F(MediaLibraryTest, PublishingNeedsAltTextOnTheMainImage) {
  auto m = library_->Upload(reporter_, Jpeg(400, 300), "a.jpg", "photo", {"Légende", "AFP", ""});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  model::Article a = Draft("Un article illustré");
  auto with_image = editorial_->SetImage(reporter_, a.id, m->id);
  ASSERT_TRUE(with_image.ok()) << with_image.error().ToString();
  EXPECT_EQ(with_image->image_id, m->id);
  EXPECT_EQ(editorial_->SetImage(reporter_, a.id, 9999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(editorial_->SetImage(translator_, a.id, m->id).error().kind, ErrorKind::kForbidden);

  auto refused = editorial_->Save(editor_, a.id, std::nullopt, with_image->revision,
                                  StatusChange{ArticleStatus::kPublished, std::nullopt});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(refused.error().field, "image");
  EXPECT_NE(refused.error().message.find("alt text"), std::string::npos);
  EXPECT_EQ((*editorial_->Get(a.id))->status, ArticleStatus::kDraft);
  auto scheduled = editorial_->Save(editor_, a.id, std::nullopt, with_image->revision,
                                    StatusChange{ArticleStatus::kScheduled, now_ + 3600});
  EXPECT_FALSE(scheduled.ok());

  ASSERT_TRUE(library_->Update(reporter_, m->id, {"Légende", "AFP", "Un quai de Seine"}).ok());
  auto published = editorial_->Save(editor_, a.id, std::nullopt, with_image->revision,
                                    StatusChange{ArticleStatus::kPublished, std::nullopt});
  ASSERT_TRUE(published.ok()) << published.error().ToString();

  // A published article cannot get an image without alt text either.
  auto bare = library_->Upload(reporter_, Jpeg(400, 300), "b.jpg", "bare", {});
  ASSERT_TRUE(bare.ok());
  auto swapped = editorial_->SetImage(editor_, a.id, bare->id);
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.error().field, "image");
  EXPECT_EQ((*editorial_->Get(a.id))->image_id, m->id);
  // Removing the image is always possible.
  ASSERT_TRUE(editorial_->SetImage(editor_, a.id, std::nullopt).ok());
  EXPECT_FALSE((*editorial_->Get(a.id))->image_id.has_value());
}

}  // namespace
}  // namespace gazette::services
