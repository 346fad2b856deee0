// The public site end to end: a demo site in a real SQLite file, served by the real server
// on a free loopback port, read with a real HTTP client.
#include "http/site.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "http/routes.h"
#include "http/server.h"
#include "pg_database.h"
#include "render/theme.h"
#include "services/changes.h"
#include "services/demo.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

using testing::Fetch;
using testing::MakeRequest;

constexpr char kArticle[] =
    "/fr/international/amerique/l-otan-envoie-un-message-a-la-russie-et-a-la-chine";

// One demo site for the whole suite: building it (pictures, renditions) is the slow part.
class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
  }

  static void SetUpTestSuite() {
    if (gazette::testing::PostgresRunWithoutServer()) return;
    dir_ = new gazette::testing::TempDir();
    auto store = gazette::testing::OpenTestStore(*dir_ / "gazette.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(store).value().release();
    model::SiteInfo site;
    site.name = "Gazette";
    site.base_url = "http://news.example";
    site.default_edition = "fr";
    site.editions = {{"fr", "Gazette — édition française", "fr", "fr_FR", "Asia/Ho_Chi_Minh", 0},
                     {"en", "Gazette — English edition", "en", "en_GB", "Europe/London", 1}};
    for (const auto& e : site.editions) ASSERT_TRUE(store_->UpsertEdition(e).ok());
    services::DemoOptions demo;
    demo.media_dir = *dir_ / "media";
    demo.work_dir = *dir_ / "pictures";
    demo.french_articles = 40;
    demo.english_articles = 20;
    auto summary = services::CreateDemoContent(*store_, demo);
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();

    auto theme = render::Theme::Load(GAZETTE_THEME_DIR);
    ASSERT_TRUE(theme.ok()) << theme.error().ToString();
    theme_ = std::move(theme).value().release();
    reader_ = new services::SiteReader(*store_, site);
    SiteOptions options;
    options.media_dir = demo.media_dir;
    handlers_ = new SiteHandlers(*reader_, *theme_, options);
    watcher_ = new services::ChangeWatcher(*store_);
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = new Server(server_options, MakeRoutes(*handlers_));
    ASSERT_TRUE(server_->Start().ok());
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Stop();
    delete server_;
    delete watcher_;
    delete handlers_;
    delete reader_;
    delete theme_;
    delete store_;
    delete dir_;
  }

  static testing::ClientResponse Get(const std::string& target,
                                     const std::vector<std::string>& headers = {}) {
    auto response = Fetch(server_->port(), MakeRequest("GET", target, headers));
    EXPECT_TRUE(response.has_value()) << target;
    return response.value_or(testing::ClientResponse{});
  }

  // Applies the changes written since the last call, as the serving process does.
  static void FollowChanges() {
    auto changes = watcher_->Poll();
    ASSERT_TRUE(changes.ok());
    handlers_->OnChanges(*changes);
  }

  static inline gazette::testing::TempDir* dir_ = nullptr;
  static inline storage::Store* store_ = nullptr;
  static inline render::Theme* theme_ = nullptr;
  static inline services::SiteReader* reader_ = nullptr;
  static inline SiteHandlers* handlers_ = nullptr;
  static inline services::ChangeWatcher* watcher_ = nullptr;
  static inline Server* server_ = nullptr;
};

TEST_F(SiteTest, ReferenceArticleShowsEveryElement) {
  auto r = Get(kArticle);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  const std::string& html = r.body;
  EXPECT_NE(html.find("<html lang=\"fr\""), std::string::npos);
  EXPECT_NE(html.find("OTAN envoie un message à la Russie et à la Chine</h1>"), std::string::npos)
      << "headline";
  EXPECT_NE(html.find("11 juillet 2024"), std::string::npos) << "localized date";
  EXPECT_NE(html.find("08:32"), std::string::npos) << "local time in Asia/Ho_Chi_Minh";
  EXPECT_NE(html.find("datetime=\"2024-07-11T08:32:00+07:00\""), std::string::npos);
  EXPECT_EQ(html.find("DNUM"), std::string::npos) << "no placeholder ever";
  EXPECT_NE(html.find("avait des conséquences négatives sur la stabilité régionale"),
            std::string::npos)
      << "lead";
  EXPECT_NE(html.find("<figcaption"), std::string::npos);
  EXPECT_NE(html.find("OTAN</"), std::string::npos) << "photo credit";
  EXPECT_NE(html.find("jens-stoltenberg-nato-commerce"), std::string::npos) << "SEO file name";
  EXPECT_NE(html.find("« le message le plus grave possible »"), std::string::npos) << "quotations";
  EXPECT_NE(html.find("Selon RIA Novosti"), std::string::npos) << "source line";
  EXPECT_NE(html.find("Copier le lien"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/\""), std::string::npos) << "breadcrumb";
  EXPECT_NE(html.find("href=\"/fr/international/amerique/\""), std::string::npos) << "breadcrumb";
  EXPECT_NE(html.find("href=\"/fr/tag/amerique/\""), std::string::npos) << "tag";
  EXPECT_NE(html.find("href=\"/fr/tag/russie/\""), std::string::npos) << "tag";
  EXPECT_NE(
      html.find("rel=\"canonical\" href=\"http://news.example" + std::string(kArticle) + "\""),
      std::string::npos);
  EXPECT_NE(html.find("hreflang=\"en\""), std::string::npos) << "translation alternate";
  EXPECT_NE(html.find("/en/world/americas/nato-sends-a-message-to-russia-and-china"),
            std::string::npos)
      << "language switcher";
  EXPECT_NE(html.find("property=\"og:title\""), std::string::npos);
  EXPECT_NE(html.find("name=\"twitter:card\""), std::string::npos);
  EXPECT_NE(html.find("application/ld+json"), std::string::npos);
  EXPECT_NE(html.find("NewsArticle"), std::string::npos);
}

TEST_F(SiteTest, ConditionalRequestsGet304) {
  auto first = Get(kArticle);
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = Get(kArticle, {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  const std::string modified = first.Header("last-modified");
  ASSERT_FALSE(modified.empty());
  EXPECT_EQ(Get(kArticle, {"If-Modified-Since: " + modified}).status, 304);
  EXPECT_EQ(Get(kArticle, {"If-None-Match: \"other\""}).status, 200);
}

TEST_F(SiteTest, HeadHasHeadersWithoutBody) {
  auto get = Get(kArticle);
  auto head = Fetch(server_->port(), MakeRequest("HEAD", kArticle), /*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head->Header("etag"), get.Header("etag"));
}

TEST_F(SiteTest, GzipWhenAccepted) {
  auto r = Get(kArticle, {"Accept-Encoding: gzip, deflate"});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-encoding"), "gzip");
  auto plain = testing::Gunzip(r.body);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, Get(kArticle).body);
}

TEST_F(SiteTest, LocalizedNotFound) {
  auto fr = Get("/fr/international/amerique/no-such-article");
  EXPECT_EQ(fr.status, 404);
  EXPECT_NE(fr.body.find("lang=\"fr\""), std::string::npos);
  EXPECT_NE(fr.body.find("href=\"/fr/\""), std::string::npos);
  auto en = Get("/en/no-such-section/");
  EXPECT_EQ(en.status, 404);
  EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(fr.body, en.body);
  EXPECT_EQ(Get("/xx/").status, 404);
}

TEST_F(SiteTest, WrongSectionPathRedirectsToCanonical) {
  auto r = Get("/fr/international/l-otan-envoie-un-message-a-la-russie-et-a-la-chine");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("location"), kArticle);
  EXPECT_EQ(Get("/").status, 302);
  EXPECT_EQ(Get("/fr").Header("location"), "/fr/");
}

TEST_F(SiteTest, ListingsAndPagination) {
  auto section = Get("/fr/international/");
  ASSERT_EQ(section.status, 200);
  EXPECT_NE(section.body.find(kArticle), std::string::npos);
  EXPECT_EQ(Get("/fr/tag/russie/").status, 200);
  EXPECT_EQ(Get("/fr/?page=abc").status, 200) << "the home page ignores unknown parameters";
  EXPECT_EQ(Get("/fr/international/?page=abc").status, 404);
  EXPECT_EQ(Get("/fr/international/?page=999").status, 404);
  storage::ArticleQuery q;
  q.edition = "fr";
  q.limit = 5;
  auto list = store_->ListArticles(q);
  ASSERT_TRUE(list.ok());
  std::string path;
  for (const auto& a : *list) {
    if (!a.author_ids.empty()) path = *reader_->PathOf(a);
  }
  ASSERT_FALSE(path.empty());
  auto article = Get(path);
  const auto at = article.body.find("/fr/author/");
  ASSERT_NE(at, std::string::npos) << "bylines link to author pages";
  const std::string author = article.body.substr(at, article.body.find('"', at) - at);
  EXPECT_EQ(Get(author).status, 200) << author;
}

TEST_F(SiteTest, FeedsAndSitemapsAreWellFormed) {
  for (const std::string path :
       {"/fr/feed.xml", "/fr/atom.xml", "/fr/international/feed.xml", "/fr/tag/russie/atom.xml",
        "/sitemap.xml", "/sitemaps/fr-1.xml", "/news-sitemap.xml"}) {
    auto r = Get(path);
    ASSERT_EQ(r.status, 200) << path;
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(r.body.c_str())) << path << " is not well-formed XML";
  }
  auto rss = Get("/fr/feed.xml");
  EXPECT_NE(rss.Header("content-type").find("application/rss+xml"), std::string::npos);
  EXPECT_NE(rss.body.find("<item>"), std::string::npos);
  EXPECT_NE(Get("/sitemaps/fr-1.xml").body.find("http://news.example" + std::string(kArticle)),
            std::string::npos);
  auto robots = Get("/robots.txt");
  EXPECT_NE(robots.body.find("Sitemap: http://news.example/sitemap.xml"), std::string::npos);
  EXPECT_EQ(Get("/sitemaps/fr-x.xml").status, 404);
}

TEST_F(SiteTest, MediaAndAssetsAreServedAndTraversalIsRefused) {
  auto css = Get("/assets/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.Header("cache-control").find("max-age=31536000"), std::string::npos);
  auto image = Get("/media/jens-stoltenberg-nato-commerce.jpg");
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.Header("content-type"), "image/jpeg");
  for (const std::string bad : {"/media/../gazette.db", "/media/%2e%2e/gazette.db",
                                "/assets/..%2fgazette.db", "/media/%00", "/assets/%zz"}) {
    auto r = Get(bad);
    EXPECT_GE(r.status, 400) << bad;
    EXPECT_LT(r.status, 500) << bad;
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos) << bad;
  }
}

TEST_F(SiteTest, ChangesEvictExactlyTheAffectedPages) {
  ASSERT_EQ(Get(kArticle).status, 200);
  auto en_home = Get("/en/");
  ASSERT_EQ(en_home.status, 200);
  const auto before = handlers_->cache()->stats();

  auto article =
      store_->FindArticleBySlug("fr", "l-otan-envoie-un-message-a-la-russie-et-a-la-chine");
  ASSERT_TRUE(article.ok() && *article);
  model::Article edited = **article;
  edited.lead = "Un chapeau corrigé par la rédaction.";
  ASSERT_TRUE(store_->SaveArticle(edited, "test").ok());
  FollowChanges();

  EXPECT_NE(Get(kArticle).body.find("Un chapeau corrigé par la rédaction."), std::string::npos);
  // The English home page does not show the French article: it stays cached.
  auto en_again = Get("/en/");
  EXPECT_EQ(en_again.body, en_home.body);
  EXPECT_GT(handlers_->cache()->stats().hits, before.hits);
}

TEST_F(SiteTest, SlugChangeRedirectsOldUrl) {
  storage::ArticleQuery q;
  q.edition = "fr";
  q.limit = 30;
  auto list = store_->ListArticles(q);
  ASSERT_TRUE(list.ok());
  model::Article target;
  for (const auto& a : *list) {
    if (a.slug.find("l-otan") == std::string::npos) {
      target = a;
      break;
    }
  }
  ASSERT_NE(target.id, 0);
  auto old_path = reader_->PathOf(target);
  ASSERT_TRUE(old_path.ok());
  ASSERT_EQ(Get(*old_path).status, 200);
  auto full = store_->GetArticle(target.id);
  model::Article renamed = **full;
  renamed.slug = renamed.slug + "-renamed";
  ASSERT_TRUE(store_->SaveArticle(renamed, "test").ok());
  FollowChanges();
  auto r = Get(*old_path);
  EXPECT_EQ(r.status, 301);
  EXPECT_NE(r.Header("location").find("-renamed"), std::string::npos);
  EXPECT_EQ(Get(r.Header("location")).status, 200);
}

TEST_F(SiteTest, OnlyGetAndHead) {
  auto r = Fetch(server_->port(), MakeRequest("POST", "/fr/", {"Content-Length: 0"}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 405);
  auto health = Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos);
}

}  // namespace
}  // namespace gazette::http
