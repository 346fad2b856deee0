#include "http/page_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/conditional.h"

namespace gazette::http {
namespace {

CachedPage Page(std::string body, std::vector<std::string> deps) {
  return CachedPage::Make(200, "text/html; charset=utf-8", std::move(body), std::move(deps),
                          "public, max-age=60");
}

Request Get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.target = r.path = "/fr/";
  r.headers = std::move(headers);
  return r;
}

TEST(PageCacheTest, PutGetAndCounters) {
  PageCache cache(1 << 20);
  EXPECT_EQ(cache.Get("/fr/"), nullptr);
  ASSERT_TRUE(cache.Put("/fr/", Page("<p>accueil</p>", {"edition:fr"})));
  auto hit = cache.Get("/fr/");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit->body, "<p>accueil</p>");
  EXPECT_EQ(hit->etag, StrongEtag("<p>accueil</p>"));
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_GT(stats.bytes, 0u);

  ASSERT_TRUE(cache.Put("/fr/", Page("<p>nouveau</p>", {"edition:fr"})));
  EXPECT_EQ(*cache.Get("/fr/")->body, "<p>nouveau</p>");
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(PageCacheTest, InvalidateEvictsExactlyTheDependents) {
  PageCache cache(1 << 20);
  cache.Put("/fr/", Page("home", {"edition:fr", "article:1", "article:2"}));
  cache.Put("/fr/a/1", Page("one", {"edition:fr", "article:1"}));
  cache.Put("/fr/a/2", Page("two", {"edition:fr", "article:2"}));
  cache.Put("/es/", Page("inicio", {"edition:es"}));

  EXPECT_EQ(cache.Invalidate({"article:1"}), 2u);
  EXPECT_EQ(cache.Get("/fr/"), nullptr);
  EXPECT_EQ(cache.Get("/fr/a/1"), nullptr);
  EXPECT_NE(cache.Get("/fr/a/2"), nullptr);
  EXPECT_NE(cache.Get("/es/"), nullptr);

  EXPECT_EQ(cache.Invalidate({"nothing"}), 0u);
  EXPECT_EQ(cache.Invalidate({"article:2", "edition:es"}), 2u);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().invalidations, 4u);

  // A re-put page is indexed again under its new dependencies only.
  cache.Put("/fr/a/1", Page("one", {"article:1"}));
  cache.Put("/fr/a/1", Page("one v2", {"article:9"}));
  EXPECT_EQ(cache.Invalidate({"article:1"}), 0u);
  EXPECT_EQ(cache.Invalidate({"article:9"}), 1u);

  cache.Put("/x", Page("x", {}));
  EXPECT_TRUE(cache.Erase("/x"));
  EXPECT_FALSE(cache.Erase("/x"));
  cache.Put("/y", Page("y", {}));
  cache.Clear();
  EXPECT_EQ(cache.Get("/y"), nullptr);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(PageCacheTest, LruEvictionRespectsBudget) {
  std::string body(1000, 'b');
  size_t one = Page(body, {"d"}).Bytes() + 2;  // key "/1" and the same dependencies
  PageCache cache(one * 3 + 10, 1);
  cache.Put("/1", Page(body, {"d"}));
  cache.Put("/2", Page(body, {"d"}));
  cache.Put("/3", Page(body, {"d"}));
  ASSERT_NE(cache.Get("/1"), nullptr);  // now /2 is the least recently used
  cache.Put("/4", Page(body, {"d"}));
  EXPECT_EQ(cache.Get("/2"), nullptr);
  EXPECT_NE(cache.Get("/1"), nullptr);
  EXPECT_NE(cache.Get("/3"), nullptr);
  EXPECT_NE(cache.Get("/4"), nullptr);
  auto stats = cache.stats();
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_LE(stats.bytes, one * 3 + 10);
  // An evicted page left the dependency index too.
  EXPECT_EQ(cache.Invalidate({"d"}), 3u);

  EXPECT_FALSE(cache.Put("/huge", Page(std::string(one * 4, 'h'), {})));
  EXPECT_EQ(cache.Get("/huge"), nullptr);
}

TEST(PageCacheTest, ConcurrentAccess) {
  PageCache cache(1 << 20, 8);
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string key = "/k" + std::to_string(i % 50);
        if ((i + t) % 5 == 0) {
          cache.Put(key, Page("body " + key, {"dep" + std::to_string(i % 7)}));
        } else if ((i + t) % 13 == 0) {
          cache.Invalidate({"dep" + std::to_string(i % 7)});
        } else if (auto page = cache.Get(key)) {
          if (*page->body != "body " + key) failed = true;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_FALSE(failed);
  auto stats = cache.stats();
  EXPECT_GT(stats.hits + stats.misses, 0u);
  EXPECT_LE(stats.entries, 50u);
}

TEST(PageCacheTest, ServeCachedSharesBodiesAndAnswers304) {
  std::string html = "<html>" + std::string(3000, 'z') + "</html>";
  auto page = std::make_shared<const CachedPage>(Page(html, {"a"}));
  ASSERT_NE(page->gzip_body, nullptr);

  Response plain = ServeCached(Get(), *page);
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.shared_body.get(), page->body.get());  // shared, not copied
  EXPECT_EQ(plain.Header("etag"), page->etag);
  EXPECT_EQ(plain.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(plain.Header("cache-control"), "public, max-age=60");

  Response gz = ServeCached(Get({{"accept-encoding", "gzip"}}), *page);
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_EQ(gz.shared_body.get(), page->gzip_body.get());
  EXPECT_EQ(*GzipDecompress(gz.Body()), html);

  Response not_modified =
      ServeCached(Get({{"if-none-match", std::string(gz.Header("etag"))}}), *page);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.Body().empty());

  auto small = CachedPage::Make(200, "text/html", "<p>tiny</p>", {});
  EXPECT_EQ(small.gzip_body, nullptr);
  auto png = CachedPage::Make(200, "image/png", std::string(4000, 'p'), {});
  EXPECT_EQ(png.gzip_body, nullptr);
}

}  // namespace
}  // namespace gazette::http
