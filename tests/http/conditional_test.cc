#include "http/conditional.h"

#include <gtest/gtest.h>

namespace gazette::http {
namespace {

Request Get(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = "GET";
  r.target = r.path = "/";
  r.headers = std::move(headers);
  return r;
}

TEST(ConditionalTest, ContentHashIsXxh64) {
  // The xxHash project's published values: every length class (tail bytes, a 4-byte word,
  // 8-byte words, 32-byte stripes).
  EXPECT_EQ(ContentHash(""), "ef46db3751d8e999");
  EXPECT_EQ(ContentHash("a"), "d24ec4f1a98c6e5b");
  EXPECT_EQ(ContentHash("abc"), "44bc2cf5ad770999");
  EXPECT_EQ(ContentHash("hello"), "26c7827d889f6da3");
  EXPECT_EQ(ContentHash("The quick brown fox jumps over the lazy dog"), "0b242d361fda71bc");
  EXPECT_EQ(StrongEtag("a"), "\"d24ec4f1a98c6e5b\"");
  EXPECT_NE(StrongEtag("a"), StrongEtag("b"));
  EXPECT_EQ(GzipEtag("\"abc\""), "\"abc-gz\"");
}

TEST(ConditionalTest, HttpDatesRoundTrip) {
  EXPECT_EQ(FormatHttpDate(std::time_t{784111777}), "Sun, 06 Nov 1994 08:49:37 GMT");
  auto parsed = ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parsed), 784111777);
  for (const char* bad :
       {"", "yesterday", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC"}) {
    EXPECT_FALSE(ParseHttpDate(bad).has_value()) << bad;
  }
}

TEST(ConditionalTest, EtagListMatching) {
  std::string tag = "\"abc\"";
  EXPECT_TRUE(EtagListMatches("\"abc\"", tag));
  EXPECT_TRUE(EtagListMatches("W/\"abc\"", tag));
  EXPECT_TRUE(EtagListMatches("\"x\", W/\"y\" ,\"abc\"", tag));
  EXPECT_TRUE(EtagListMatches("*", tag));
  EXPECT_TRUE(EtagListMatches("\"abc-gz\"", tag));
  EXPECT_FALSE(EtagListMatches("\"abcd\"", tag));
  EXPECT_FALSE(EtagListMatches("\"x\", \"y\"", tag));
  EXPECT_FALSE(EtagListMatches("", tag));
  EXPECT_FALSE(EtagListMatches("\"abc\"", ""));
}

TEST(ConditionalTest, NotModifiedRules) {
  std::string lm = "Sun, 06 Nov 1994 08:49:37 GMT";
  EXPECT_TRUE(IsNotModified(Get({{"if-none-match", "\"e\""}}), "\"e\"", lm));
  EXPECT_TRUE(IsNotModified(Get({{"if-modified-since", lm}}), "\"e\"", lm));
  EXPECT_TRUE(IsNotModified(Get({{"if-modified-since", "Mon, 07 Nov 1994 00:00:00 GMT"}}), "", lm));
  EXPECT_FALSE(
      IsNotModified(Get({{"if-modified-since", "Sat, 05 Nov 1994 00:00:00 GMT"}}), "", lm));
  EXPECT_FALSE(IsNotModified(Get({{"if-modified-since", "garbage"}}), "", lm));
  // If-None-Match wins over If-Modified-Since.
  EXPECT_FALSE(
      IsNotModified(Get({{"if-none-match", "\"other\""}, {"if-modified-since", lm}}), "\"e\"", lm));
  Request post = Get({{"if-none-match", "\"e\""}});
  post.method = "POST";
  EXPECT_FALSE(IsNotModified(post, "\"e\"", lm));
}

TEST(ConditionalTest, ApplyConditionalMakes304WithoutBody) {
  Response r = Response::Html(200, "<p>page</p>");
  r.headers = {{"ETag", "\"e\""}, {"Cache-Control", "max-age=60"}};
  ApplyConditional(Get({{"if-none-match", "\"e\""}}), r);
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.Body().empty());
  EXPECT_EQ(r.Header("etag"), "\"e\"");
  EXPECT_EQ(r.Header("cache-control"), "max-age=60");

  Response other = Response::Html(200, "<p>page</p>");
  other.headers = {{"ETag", "\"e\""}};
  ApplyConditional(Get({{"if-none-match", "\"f\""}}), other);
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.Body(), "<p>page</p>");
}

TEST(ConditionalTest, AcceptEncodingQValues) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("br, gzip;q=0.5, deflate"));
  EXPECT_TRUE(AcceptsGzip("GZIP"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000, *"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
}

TEST(ConditionalTest, CompressibleTypes) {
  for (const char* t :
       {"text/html; charset=utf-8", "text/css", "application/json", "application/xml",
        "application/rss+xml", "text/javascript", "application/javascript", "image/svg+xml"}) {
    EXPECT_TRUE(IsCompressible(t)) << t;
  }
  for (const char* t : {"image/png", "image/jpeg", "font/woff2", "application/octet-stream", ""}) {
    EXPECT_FALSE(IsCompressible(t)) << t;
  }
}

TEST(ConditionalTest, GzipRoundTripAndMalformedInput) {
  std::string text(5000, 'x');
  auto gz = GzipCompress(text);
  ASSERT_TRUE(gz.ok());
  EXPECT_LT(gz->size(), text.size());
  auto back = GzipDecompress(*gz);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, text);
  EXPECT_FALSE(GzipDecompress("not gzip at all").ok());
  EXPECT_FALSE(GzipDecompress(*gz, 100).ok());
}

TEST(ConditionalTest, ApplyCompression) {
  std::string page = "<html>" + std::string(2000, 'a') + "</html>";
  Response r = Response::Html(200, page);
  r.headers = {{"ETag", "\"e\""}, {"Vary", "Cookie"}};
  ApplyCompression(Get({{"accept-encoding", "gzip, deflate"}}), r);
  EXPECT_EQ(r.Header("content-encoding"), "gzip");
  EXPECT_EQ(r.Header("vary"), "Cookie, Accept-Encoding");
  EXPECT_EQ(r.Header("etag"), "\"e-gz\"");
  EXPECT_EQ(*GzipDecompress(r.Body()), page);

  Response refused = Response::Html(200, page);
  ApplyCompression(Get({{"accept-encoding", "gzip;q=0"}}), refused);
  EXPECT_EQ(refused.Header("content-encoding"), "");
  EXPECT_EQ(refused.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(refused.Body(), page);

  Response small = Response::Html(200, "<p>short</p>");
  ApplyCompression(Get({{"accept-encoding", "gzip"}}), small);
  EXPECT_EQ(small.Header("content-encoding"), "");

  Response png;
  png.content_type = "image/png";
  png.body = std::string(4000, 'p');
  ApplyCompression(Get({{"accept-encoding", "gzip"}}), png);
  EXPECT_EQ(png.Header("content-encoding"), "");
}

}  // namespace
}  // namespace gazette::http
