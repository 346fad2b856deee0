#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "http/conditional.h"
#include "temp_dir.h"

namespace gazette::http {
namespace {

using gazette::testing::TempDir;
using gazette::testing::WriteFile;

Request Get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.headers = std::move(headers);
  return r;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.path() / "root/css/site.css", "body{color:red}" + std::string(2000, ' '));
    WriteFile(dir_.path() / "root/img/logo.png", std::string("\x89PNG....", 8));
    WriteFile(dir_.path() / "root/robots.txt", "User-agent: *\n");
    WriteFile(dir_.path() / "secret.txt", "root:x:0:0:secret\n");
    std::filesystem::create_symlink(dir_.path() / "secret.txt", dir_.path() / "root/link.txt");
    std::filesystem::create_symlink(dir_.path(), dir_.path() / "root/up");
    std::filesystem::create_symlink("/etc", dir_.path() / "root/etc");
    std::filesystem::create_symlink(dir_.path() / "root/robots.txt",
                                    dir_.path() / "root/inside.txt");
  }

  TempDir dir_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndValidators) {
  StaticFiles files(dir_.path() / "root");
  Response css = files.Serve(Get(), "css/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css.Body().substr(0, 15), "body{color:red}");
  EXPECT_EQ(css.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(css.Header("etag"), StrongEtag(css.Body()));
  EXPECT_FALSE(css.Header("last-modified").empty());

  Response png = files.Serve(Get({{"accept-encoding", "gzip"}}), "img/logo.png");
  EXPECT_EQ(png.content_type, "image/png");
  EXPECT_EQ(png.Header("content-encoding"), "");

  // A symlink that stays inside the root is fine.
  EXPECT_EQ(files.Serve(Get(), "inside.txt").Body(), "User-agent: *\n");

  Response gz = files.Serve(Get({{"accept-encoding", "gzip"}}), "css/site.css");
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_EQ(gz.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(*GzipDecompress(gz.Body()), css.Body());

  Response by_etag =
      files.Serve(Get({{"if-none-match", std::string(css.Header("etag"))}}), "css/site.css");
  EXPECT_EQ(by_etag.status, 304);
  EXPECT_TRUE(by_etag.Body().empty());
  Response by_date = files.Serve(
      Get({{"if-modified-since", std::string(css.Header("last-modified"))}}), "css/site.css");
  EXPECT_EQ(by_date.status, 304);

  Request post = Get();
  post.method = "POST";
  EXPECT_EQ(files.Serve(post, "css/site.css").status, 405);
  EXPECT_EQ(files.Serve(Get(), "missing.css").status, 404);
  EXPECT_EQ(files.Serve(Get(), "css").status, 404);
}

TEST_F(StaticFilesTest, RefreshesChangedFiles) {
  StaticFiles files(dir_.path() / "root");
  EXPECT_EQ(files.Serve(Get(), "robots.txt").Body(), "User-agent: *\n");
  WriteFile(dir_.path() / "root/robots.txt", "Disallow: /admin/\nUser-agent: *\n");
  EXPECT_EQ(files.Serve(Get(), "robots.txt").Body(), "Disallow: /admin/\nUser-agent: *\n");
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  StaticFiles files(dir_.path() / "root");
  for (const char* attack : {"../secret.txt", "css/../../secret.txt", "/etc/passwd", "link.txt",
                             "up/secret.txt", "etc/passwd", "..", ".", "",
                             "css\\..\\..\\secret.txt", "./robots.txt", "css//../robots.txt"}) {
    Response r = files.Serve(Get(), attack);
    EXPECT_EQ(r.status, 404) << attack;
    EXPECT_EQ(r.Body().find("root:"), std::string_view::npos) << attack;
  }
  std::string with_nul("robots.txt\0../../etc/passwd", 27);
  EXPECT_EQ(files.Serve(Get(), with_nul).status, 404);

  EXPECT_EQ(files.Resolve("../secret.txt").error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_EQ(files.Resolve("/etc/passwd").error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_EQ(files.Resolve("link.txt").error().kind, model::ErrorKind::kNotFound);
  EXPECT_EQ(files.Resolve("etc/passwd").error().kind, model::ErrorKind::kNotFound);
  ASSERT_TRUE(files.Resolve("css/site.css").ok());
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeForPath("a/b.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("x.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeForPath("x.jpeg"), "image/jpeg");
  EXPECT_EQ(ContentTypeForPath("x.jpg"), "image/jpeg");
  EXPECT_EQ(ContentTypeForPath("x.webp"), "image/webp");
  EXPECT_EQ(ContentTypeForPath("x.gif"), "image/gif");
  EXPECT_EQ(ContentTypeForPath("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeForPath("f.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeForPath("a.json"), "application/json");
  EXPECT_EQ(ContentTypeForPath("a.xml"), "application/xml");
  EXPECT_EQ(ContentTypeForPath("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("dir.v2/README"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("a.exe"), "application/octet-stream");
}

}  // namespace
}  // namespace gazette::http
