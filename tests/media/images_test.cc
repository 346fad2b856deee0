#include "media/images.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vips/vips8>

#include "temp_dir.h"

namespace gazette::media {
namespace {

namespace fs = std::filesystem;
using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;
using model::ErrorKind;
using vips::VImage;

constexpr char kXmp[] = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>";

class ImagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(VIPS_INIT("media_test"), 0); }

  // A 3-band picture with some structure, so encoders have real work to do.
  static VImage Picture(int width, int height) {
    VImage xyz = VImage::xyz(width, height);
    return xyz.bandjoin((xyz[0] + xyz[1]) / 2)
        .cast(VIPS_FORMAT_UCHAR)
        .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
        .copy_memory();
  }

  // A JPEG that carries EXIF and XMP, checked so the stripping test cannot pass vacuously.
  std::string JpegWithMetadata(const std::string& name, int width, int height) {
    VImage image = Picture(width, height);
    image.set("exif-ifd0-Artist", "Test Photographer");
    image.set("exif-ifd0-ImageDescription", "Fixture");
    vips_image_set_blob_copy(image.get_image(), "xmp-data", kXmp, sizeof(kXmp) - 1);
    const std::string path = dir_ / name;
    image.jpegsave(path.c_str(), VImage::option()->set("Q", 90));
    VImage back = VImage::new_from_file(path.c_str());
    EXPECT_NE(back.get_typeof("exif-data"), 0u);
    EXPECT_NE(back.get_typeof("xmp-data"), 0u);
    return path;
  }

  static void ExpectNoMetadata(const std::string& path) {
    VImage image = VImage::new_from_file(path.c_str());
    EXPECT_EQ(image.get_typeof("exif-data"), 0u) << path;
    EXPECT_EQ(image.get_typeof("xmp-data"), 0u) << path;
    EXPECT_EQ(image.get_typeof("iptc-data"), 0u) << path;
    gchar** fields = vips_image_get_fields(image.get_image());
    for (gchar** f = fields; *f; ++f) {
      EXPECT_FALSE(std::string_view(*f).starts_with("exif-")) << path << ": " << *f;
    }
    g_strfreev(fields);
  }

  TempDir dir_;
};

TEST_F(ImagesTest, SniffsRealImagesByContentNotName) {
  VImage image = Picture(40, 30);
  const std::string jpeg = dir_ / "photo.jpg";
  const std::string png = dir_ / "png-named.jpg";
  const std::string webp = dir_ / "webp-named.png";
  image.jpegsave(jpeg.c_str());
  image.pngsave(png.c_str());
  image.webpsave(webp.c_str());

  auto j = SniffImageType(jpeg);
  auto p = SniffImageType(png);
  auto w = SniffImageType(webp);
  ASSERT_TRUE(j.ok()) << j.error().ToString();
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  ASSERT_TRUE(w.ok()) << w.error().ToString();
  EXPECT_EQ(*j, "image/jpeg");
  EXPECT_EQ(*p, "image/png");
  EXPECT_EQ(*w, "image/webp");

  auto info = ProbeImage(webp);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_EQ(info->width, 40);
  EXPECT_EQ(info->height, 30);
  EXPECT_EQ(info->mime_type, "image/webp");
}

TEST_F(ImagesTest, TextFileNamedJpgIsRejected) {
  const std::string path = dir_ / "notes.jpg";
  WriteFile(path, "This is a plain text file, not a photograph.\nSecond line.\n");
  auto sniffed = SniffImageType(path);
  ASSERT_FALSE(sniffed.ok());
  EXPECT_EQ(sniffed.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(sniffed.error().message, "not a supported image (found: text/plain)");

  auto probed = ProbeImage(path);
  ASSERT_FALSE(probed.ok());
  EXPECT_EQ(probed.error().kind, ErrorKind::kInvalidInput);
}

TEST_F(ImagesTest, EmptyAndMissingFilesAreRejected) {
  const std::string empty = dir_ / "empty.png";
  WriteFile(empty, "");
  auto e = SniffImageType(empty);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kInvalidInput);

  auto missing = ProbeImage(dir_ / "nope.jpg");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto missing_sniff = SniffImageType(dir_ / "nope.jpg");
  ASSERT_FALSE(missing_sniff.ok());
  EXPECT_EQ(missing_sniff.error().kind, ErrorKind::kNotFound);
}

TEST_F(ImagesTest, TruncatedJpegIsRejectedWithoutRenditions) {
  const std::string whole = dir_ / "whole.jpg";
  Picture(400, 300).jpegsave(whole.c_str(), VImage::option()->set("Q", 95));
  const std::string bytes = ReadFile(whole);
  ASSERT_GT(bytes.size(), 2000u);
  const std::string cut = dir_ / "cut.jpg";
  WriteFile(cut, bytes.substr(0, bytes.size() / 2));

  ASSERT_TRUE(SniffImageType(cut).ok());  // the header still looks like a JPEG
  auto probed = ProbeImage(cut);
  ASSERT_FALSE(probed.ok());
  EXPECT_EQ(probed.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(probed.error().message.find("cannot decode image"), std::string::npos)
      << probed.error().message;

  auto made = MakeRenditions(cut, {100});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(fs::exists(dir_ / "cut-100.jpg"));
  EXPECT_FALSE(fs::exists(dir_ / "cut-100.webp"));
}

TEST_F(ImagesTest, LimitsAreEnforced) {
  const std::string path = dir_ / "big.png";
  Picture(300, 200).pngsave(path.c_str());

  auto fine = ProbeImage(path);
  ASSERT_TRUE(fine.ok()) << fine.error().ToString();
  EXPECT_EQ(fine->width, 300);
  EXPECT_EQ(fine->height, 200);
  EXPECT_EQ(fine->mime_type, "image/png");

  ImageLimits pixels;
  pixels.max_pixels = 300 * 200 - 1;
  auto too_many = ProbeImage(path, pixels);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(too_many.error().message.find("300x200 pixels"), std::string::npos)
      << too_many.error().message;

  pixels.max_pixels = 300 * 200;
  EXPECT_TRUE(ProbeImage(path, pixels).ok());

  ImageLimits bytes;
  bytes.max_file_bytes = 100;
  auto too_big = ProbeImage(path, bytes);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(too_big.error().message.find("too large"), std::string::npos);
}

TEST_F(ImagesTest, RenditionsAreScaledAndStripped) {
  const std::string source = JpegWithMetadata("report.jpg", 320, 240);

  auto made = MakeRenditions(source, {100, 320, 640, 100});
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ(*made, (std::vector<int>{100, 320}));
  EXPECT_FALSE(fs::exists(dir_ / "report-640.jpg"));
  EXPECT_FALSE(fs::exists(dir_ / "report-640.webp"));

  for (int w : *made) {
    for (const char* ext : {".jpg", ".webp"}) {
      const std::string path = dir_ / ("report-" + std::to_string(w) + ext);
      auto info = ProbeImage(path);
      ASSERT_TRUE(info.ok()) << path << ": " << info.error().ToString();
      EXPECT_EQ(info->width, w) << path;
      EXPECT_EQ(info->height, w * 240 / 320) << path;
      EXPECT_EQ(info->mime_type, std::string(ext) == ".jpg" ? "image/jpeg" : "image/webp");
      ExpectNoMetadata(path);
    }
  }
}

TEST_F(ImagesTest, RenditionsOfPngWithAlpha) {
  const std::string source = dir_ / "logo.png";
  VImage rgb = Picture(200, 100);
  rgb.bandjoin(128)
      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
      .pngsave(source.c_str());
  auto made = MakeRenditions(source, {50});
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  auto jpeg = ProbeImage(dir_ / "logo-50.jpg");
  ASSERT_TRUE(jpeg.ok()) << jpeg.error().ToString();
  EXPECT_EQ(VImage::new_from_file((dir_ / "logo-50.jpg").c_str()).bands(), 3);
  EXPECT_TRUE(ProbeImage(dir_ / "logo-50.webp").ok());
}

TEST_F(ImagesTest, RenditionsRejectBadWidthsAndWriteNothing) {
  const std::string source = dir_ / "a.jpg";
  Picture(100, 80).jpegsave(source.c_str());
  auto made = MakeRenditions(source, {50, 0});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(fs::exists(dir_ / "a-50.jpg"));

  auto text = MakeRenditions(dir_ / "missing.jpg", {50});
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().kind, ErrorKind::kNotFound);
}

TEST_F(ImagesTest, DemoImageIsDeterministicJpegWithoutMetadata) {
  const std::string a = dir_ / "jens-stoltenberg-nato-commerce.jpg";
  const std::string b = dir_ / "again.jpg";
  const std::string c = dir_ / "other.jpg";
  ASSERT_TRUE(MakeDemoImage(a, 640, 360, "Sommet de l'OTAN & <Washington>", 7).ok());
  ASSERT_TRUE(MakeDemoImage(b, 640, 360, "Sommet de l'OTAN & <Washington>", 7).ok());
  ASSERT_TRUE(MakeDemoImage(c, 640, 360, "Sommet de l'OTAN & <Washington>", 8).ok());

  auto info = ProbeImage(a);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 360);
  EXPECT_EQ(info->mime_type, "image/jpeg");
  EXPECT_EQ(ReadFile(a), ReadFile(b));
  EXPECT_NE(ReadFile(a), ReadFile(c));
  ExpectNoMetadata(a);

  // Not flat: a demo photo has a sky, a sun and a skyline.
  VImage image = VImage::new_from_file(a.c_str());
  EXPECT_GT(image.deviate(), 10.0);

  const std::string unlabeled = dir_ / "plain.jpg";
  ASSERT_TRUE(MakeDemoImage(unlabeled, 33, 17, "", 0).ok());
  auto small = ProbeImage(unlabeled);
  ASSERT_TRUE(small.ok()) << small.error().ToString();
  EXPECT_EQ(small->width, 33);
  EXPECT_EQ(small->height, 17);
}

TEST_F(ImagesTest, DemoImageRejectsBadSizes) {
  const std::string path = dir_ / "bad.jpg";
  auto status = MakeDemoImage(path, 0, 100, "x", 1);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(MakeDemoImage(path, 100, 100000, "x", 1).ok());
  EXPECT_FALSE(fs::exists(path));
}

// --- uploads

std::string Encoded(const VImage& image, const char* suffix) {
  void* data = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(suffix, &data, &size);
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(ImagesTest, UploadsOfEachTypeGetRenditionsInBothFormats) {
  const std::string media = dir_ / "media";
  struct Case {
    const char* suffix;
    const char* mime;
    const char* ext;
  };
  for (const Case& c : {Case{".jpg", "image/jpeg", ".jpg"}, Case{".png", "image/png", ".png"},
                        Case{".webp", "image/webp", ".webp"}}) {
    SCOPED_TRACE(c.mime);
    auto stored =
        StoreUpload(Encoded(Picture(1200, 600), c.suffix), media, "2026/11", "nato-summit");
    ASSERT_TRUE(stored.ok()) << stored.error().ToString();
    EXPECT_EQ(stored->mime_type, c.mime);
    EXPECT_EQ(stored->width, 1200);
    EXPECT_EQ(stored->height, 600);
    // 1600 is wider than the image: never upscaled.
    EXPECT_EQ(stored->rendition_widths, (std::vector<int>{320, 640, 1024}));
    EXPECT_TRUE(stored->file.starts_with("2026/11/nato-summit")) << stored->file;
    EXPECT_TRUE(stored->file.ends_with(c.ext)) << stored->file;
    const fs::path file = fs::path(media) / stored->file;
    const std::string stem = (file.parent_path() / file.stem()).string();
    ASSERT_TRUE(fs::exists(file));
    for (int w : stored->rendition_widths) {
      VImage jpg = VImage::new_from_file((stem + "-" + std::to_string(w) + ".jpg").c_str());
      VImage webp = VImage::new_from_file((stem + "-" + std::to_string(w) + ".webp").c_str());
      EXPECT_EQ(jpg.width(), w);
      EXPECT_EQ(webp.width(), w);
      EXPECT_EQ(jpg.height(), w / 2);
      ExpectNoMetadata(stem + "-" + std::to_string(w) + ".webp");
    }
  }
  // Same stem three times: three names, nothing overwritten.
  EXPECT_EQ(FilesIn(media).size(), 3u * 7u);
}

TEST_F(ImagesTest, UploadStripsExifAndTurnsThePictureUpright) {
  VImage image = Picture(900, 400);
  image.set("exif-ifd0-Artist", "Test Photographer");
  image.set("orientation", 6);  // shown rotated 90° clockwise
  vips_image_set_blob_copy(image.get_image(), "xmp-data", kXmp, sizeof(kXmp) - 1);
  const std::string bytes = Encoded(image, ".jpg");
  VImage check = VImage::new_from_buffer(bytes.data(), bytes.size(), "");
  ASSERT_NE(check.get_typeof("exif-data"), 0u);
  ASSERT_NE(bytes.find("Test Photographer"), std::string::npos);

  const std::string media = dir_ / "media";
  auto stored = StoreUpload(bytes, media, "", "portrait");
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->file, "portrait.jpg");
  EXPECT_EQ(stored->width, 400);
  EXPECT_EQ(stored->height, 900);
  EXPECT_EQ(stored->rendition_widths, (std::vector<int>{320}));
  const std::string original = dir_ / "media/portrait.jpg";
  ExpectNoMetadata(original);
  EXPECT_EQ(ReadFile(original).find("Test Photographer"), std::string::npos);
  EXPECT_EQ(ReadFile(original).find("Exif"), std::string::npos);
  EXPECT_EQ(VImage::new_from_file(original.c_str()).width(), 400);
  ExpectNoMetadata(dir_ / "media/portrait-320.jpg");
}

TEST_F(ImagesTest, CmykUploadBecomesSrgbWithoutProfile) {
  VImage cmyk = Picture(400, 200).icc_export(VImage::option()->set("output_profile", "cmyk"));
  ASSERT_EQ(cmyk.bands(), 4);
  const std::string bytes = Encoded(cmyk, ".jpg");
  ASSERT_EQ(VImage::new_from_buffer(bytes.data(), bytes.size(), "").interpretation(),
            VIPS_INTERPRETATION_CMYK);

  auto stored = StoreUpload(bytes, dir_ / "media", "", "cmyk");
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  for (const std::string name : {"cmyk.jpg", "cmyk-320.jpg", "cmyk-320.webp"}) {
    VImage out = VImage::new_from_file((dir_ / ("media/" + name)).c_str());
    EXPECT_EQ(out.bands(), 3) << name;
    EXPECT_EQ(out.interpretation(), VIPS_INTERPRETATION_sRGB) << name;
    EXPECT_EQ(out.get_typeof(VIPS_META_ICC_NAME), 0u) << name;
  }
}

TEST_F(ImagesTest, RefusedUploadsWriteNothing) {
  const std::string media = dir_ / "media";
  auto fake = StoreUpload("This is a text file named photo.jpg\n", media, "", "photo");
  ASSERT_FALSE(fake.ok());
  EXPECT_EQ(fake.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(fake.error().field, "file");
  EXPECT_NE(fake.error().message.find("not a supported image (found: text/plain)"),
            std::string::npos)
      << fake.error().message;

  UploadOptions small;
  small.limits.max_file_bytes = 1000;
  auto heavy = StoreUpload(Encoded(Picture(400, 400), ".png"), media, "", "heavy", small);
  ASSERT_FALSE(heavy.ok());
  EXPECT_NE(heavy.error().message.find("the file is too large"), std::string::npos)
      << heavy.error().message;

  UploadOptions few_pixels;
  few_pixels.limits.max_pixels = 100 * 100;
  auto wide = StoreUpload(Encoded(Picture(200, 100), ".jpg"), media, "", "wide", few_pixels);
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().message.find("200 × 100 pixels"), std::string::npos)
      << wide.error().message;

  std::string truncated = Encoded(Picture(300, 300), ".jpg");
  truncated.resize(truncated.size() / 2);
  auto broken = StoreUpload(truncated, media, "", "broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kInvalidInput);

  EXPECT_EQ(StoreUpload("", media, "", "empty").error().message, "the file is empty");
  EXPECT_FALSE(StoreUpload(Encoded(Picture(50, 50), ".jpg"), media, "", "../evil").ok());
  EXPECT_FALSE(StoreUpload(Encoded(Picture(50, 50), ".jpg"), media, "../up", "x").ok());
  EXPECT_TRUE(FilesIn(media).empty());
}

TEST_F(ImagesTest, RemoveStoredImageRemovesRenditions) {
  const std::string media = dir_ / "media";
  auto stored = StoreUpload(Encoded(Picture(700, 350), ".jpg"), media, "a", "pic");
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(FilesIn(media).size(), 5u);
  RemoveStoredImage(media, *stored);
  EXPECT_TRUE(FilesIn(media).empty());
}

TEST_F(ImagesTest, RemoveStoredImageNeverLeavesTheMediaFolder) {
  const std::string media = dir_ / "media";
  fs::create_directories(media);
  const fs::path outside = dir_ / "outside.jpg";
  std::ofstream(outside) << "not ours";
  for (const std::string& file :
       {std::string("../outside.jpg"), std::string("a/../../outside.jpg"), outside.string()}) {
    RemoveStoredImage(media, {file, 10, 10, "image/jpeg", {}});
    EXPECT_TRUE(fs::exists(outside)) << file;
  }
}

}  // namespace
}  // namespace gazette::media
