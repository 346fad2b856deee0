#include "http/message.h"

#include <gtest/gtest.h>

namespace gazette::http {
namespace {

TEST(DecodePathTest, DecodesValidPaths) {
  EXPECT_EQ(*DecodePath("/"), "/");
  EXPECT_EQ(*DecodePath("/fr/a%20b"), "/fr/a b");
  EXPECT_EQ(*DecodePath("/vi/ngh%E1%BB%87-an"), "/vi/nghệ-an");
  EXPECT_EQ(*DecodePath("/a.b/..c/.d"), "/a.b/..c/.d");
}

TEST(DecodePathTest, RejectsMalformedAndDangerousPaths) {
  for (const char* bad : {"", "relative", "/%zz", "/%4", "/abc%", "/%00", "/a%0d%0ab", "/a\x01",
                          "/../etc/passwd", "/a/..", "/./a", "/%2e%2e/etc", "/%2E%2e/x", "/a/%2e",
                          "/a\\b", "/a%5cb", "/a%2fb", "/%ff%fe", "/%c0%ae"}) {
    auto result = DecodePath(bad);
    EXPECT_FALSE(result.ok()) << bad;
    if (!result.ok()) {
      EXPECT_EQ(result.error().kind, model::ErrorKind::kInvalidInput) << bad;
    }
  }
}

TEST(RequestTest, HeaderAndQueryLookups) {
  Request r;
  r.headers = {{"accept", "text/html"}, {"x-one", "1"}, {"x-one", "2"}};
  r.query = "q=caf%C3%A9+cr%C3%A8me&page=2&empty=&flag&a%20b=c";
  EXPECT_EQ(r.Header("Accept"), "text/html");
  EXPECT_EQ(r.Header("X-ONE"), "1");
  EXPECT_EQ(r.Header("missing"), "");
  EXPECT_EQ(r.QueryParam("q"), "café crème");
  EXPECT_EQ(r.QueryParam("page"), "2");
  EXPECT_EQ(r.QueryParam("empty"), "");
  EXPECT_EQ(r.QueryParam("a b"), "c");
  EXPECT_EQ(r.QueryParam("nope"), "");
}

TEST(ResponseTest, HelpersAndHeaders) {
  Response text = Response::Text(404, "missing");
  EXPECT_EQ(text.status, 404);
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.Body(), "missing");

  Response redirect = Response::Redirect(301, "/fr/");
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.Header("location"), "/fr/");

  redirect.SetHeader("Cache-Control", "no-store");
  redirect.SetHeader("cache-control", "max-age=60");
  EXPECT_EQ(redirect.Header("Cache-Control"), "max-age=60");
  redirect.RemoveHeader("CACHE-CONTROL");
  EXPECT_EQ(redirect.Header("Cache-Control"), "");

  Response shared;
  shared.body = "ignored";
  shared.shared_body = std::make_shared<const std::string>("shared");
  EXPECT_EQ(shared.Body(), "shared");
  EXPECT_EQ(Response::Json(200, "{}").content_type, "application/json");
  EXPECT_EQ(Response::Html(200, "<p>").content_type, "text/html; charset=utf-8");
}

}  // namespace
}  // namespace gazette::http
