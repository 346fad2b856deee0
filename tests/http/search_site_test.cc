// The search page and the search API end to end: a real database (a SQLite file, or
// PostgreSQL in the suite's second run), the real server on a free loopback port, a real
// HTTP client. A second server without a search index shows the "not available" page.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "pg_database.h"
#include "render/theme.h"
#include "services/search.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

using testing::Fetch;
using testing::MakeRequest;

class SearchSiteTest : public ::testing::Test {
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
    site.editions = {{"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 0},
                     {"vi", "Báo", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 1}};
    for (const auto& e : site.editions) ASSERT_TRUE(store_->UpsertEdition(e).ok());
    auto section = store_->EnsureSection("fr", {"International"});
    auto vi_section = store_->EnsureSection("vi", {"Thời sự"});
    ASSERT_TRUE(section.ok() && vi_section.ok());
    section_ = section->id;
    Save("fr", "otan", "L'OTAN envoie un message à la Russie", "La coopération inquiète",
         "<p>Conférence de presse à Washington.</p>", 1000);
    Save("fr", "xss", "Titre <script>alert(1)</script>", "Un chapeau &amp; plus",
         "<p>Texte &lt;img src=x onerror=alert(1)&gt; avec sommet</p>", 2000);
    for (int i = 0; i < 25; ++i) {
      Save("fr", "sommet-" + std::to_string(i), "Sommet numéro " + std::to_string(i), "", "",
           3 * 86400 + i);
    }
    model::Article vi;
    vi.edition = "vi";
    vi.slug = "nghe-an";
    vi.title = "Lũ lụt ở Nghệ An";
    vi.section_id = vi_section->id;
    vi.status = model::ArticleStatus::kPublished;
    vi.published_at = 1000;
    ASSERT_TRUE(store_->SaveArticle(vi, "editor").ok());

    auto theme = render::Theme::Load(GAZETTE_THEME_DIR);
    ASSERT_TRUE(theme.ok()) << theme.error().ToString();
    theme_ = std::move(theme).value().release();
    reader_ = new services::SiteReader(*store_, site);
    search_ =
        new services::SiteSearch(*reader_, *store_, gazette::testing::TestSearchIndex(*store_));
    SiteOptions options;
    options.media_dir = *dir_ / "media";
    options.search = search_;
    handlers_ = new SiteHandlers(*reader_, *theme_, options);
    options.search = nullptr;
    bare_handlers_ = new SiteHandlers(*reader_, *theme_, options);
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = new Server(server_options, MakeRoutes(*handlers_));
    ASSERT_TRUE(server_->Start().ok());
    bare_server_ = new Server(server_options, MakeRoutes(*bare_handlers_));
    ASSERT_TRUE(bare_server_->Start().ok());
  }

  static void TearDownTestSuite() {
    if (bare_server_) bare_server_->Stop();
    if (server_) server_->Stop();
    delete bare_server_;
    delete server_;
    delete bare_handlers_;
    delete handlers_;
    delete search_;
    delete reader_;
    delete theme_;
    delete store_;
    delete dir_;
  }

  static model::Article Save(const std::string& edition, const std::string& slug,
                             const std::string& title, const std::string& lead,
                             const std::string& body, model::UnixSeconds at) {
    model::Article a;
    a.edition = edition;
    a.slug = slug;
    a.title = title;
    a.lead = lead;
    a.body_html = body;
    a.section_id = section_;
    a.status = model::ArticleStatus::kPublished;
    a.published_at = at;
    auto saved = store_->SaveArticle(a, "editor");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : model::Article{};
  }

  static testing::ClientResponse Get(const std::string& target, Server* server = nullptr) {
    auto response = Fetch((server ? server : server_)->port(), MakeRequest("GET", target, {}));
    EXPECT_TRUE(response.has_value()) << target;
    return response.value_or(testing::ClientResponse{});
  }

  static boost::json::object Json(const std::string& target) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.Header("content-type"), "application/json");
    boost::system::error_code ec;
    auto value = boost::json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return ec || !value.is_object() ? boost::json::object{} : value.as_object();
  }

  static inline gazette::testing::TempDir* dir_ = nullptr;
  static inline storage::Store* store_ = nullptr;
  static inline model::Id section_ = 0;
  static inline render::Theme* theme_ = nullptr;
  static inline services::SiteReader* reader_ = nullptr;
  static inline services::SiteSearch* search_ = nullptr;
  static inline SiteHandlers* handlers_ = nullptr;
  static inline SiteHandlers* bare_handlers_ = nullptr;
  static inline Server* server_ = nullptr;
  static inline Server* bare_server_ = nullptr;
};

TEST_F(SearchSiteTest, PageShowsLocalizedHighlightedResults) {
  auto r = Get("/fr/search?q=coop%C3%A9rer");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
  EXPECT_NE(r.body.find("<html lang=\"fr\""), std::string::npos);
  EXPECT_NE(r.body.find("Recherche"), std::string::npos);
  EXPECT_NE(r.body.find("1 résultat<"), std::string::npos) << "count with ICU plural rules";
  EXPECT_NE(r.body.find("La <mark>coopération</mark> inquiète"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("href=\"/fr/international/otan\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"coopérer\""), std::string::npos) << "query kept in the box";
  EXPECT_NE(r.body.find("name=\"robots\" content=\"noindex\""), std::string::npos);
}

TEST_F(SearchSiteTest, HeaderOfEveryPageHasTheSearchBox) {
  auto r = Get("/fr/international/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("action=\"/fr/search\""), std::string::npos);
  EXPECT_NE(r.body.find("role=\"search\""), std::string::npos);
}

TEST_F(SearchSiteTest, SnippetsAreEscaped) {
  auto r = Get("/fr/search?q=script+sommet+onerror");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(r.body.find("<img src=x"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;<mark>script</mark>&gt;"), std::string::npos) << r.body;
  auto q = Get("/fr/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
  ASSERT_EQ(q.status, 200);
  EXPECT_EQ(q.body.find("<script>alert(1)"), std::string::npos);
}

TEST_F(SearchSiteTest, JsonEndpointReturnsTheSameResults) {
  auto j = Json("/fr/search.json?q=otan");
  EXPECT_EQ(j["total"].as_int64(), 1);
  auto& results = j["results"].as_array();
  ASSERT_EQ(results.size(), 1u);
  auto& first = results[0].as_object();
  EXPECT_EQ(first["path"].as_string(), "/fr/international/otan");
  EXPECT_EQ(first["url"].as_string(), "http://news.example/fr/international/otan");
  EXPECT_EQ(first["title_html"].as_string(),
            "L&#39;<mark>OTAN</mark> envoie un message à la Russie");
}

TEST_F(SearchSiteTest, PaginationSortAndFilters) {
  auto page1 = Json("/fr/search.json?q=sommet&sort=date");
  EXPECT_EQ(page1["total"].as_int64(), 26);
  EXPECT_EQ(page1["page_count"].as_int64(), 2);
  EXPECT_EQ(page1["results"].as_array()[0].as_object()["path"].as_string(),
            "/fr/international/sommet-24");
  auto page2 = Json("/fr/search.json?q=sommet&sort=date&page=2");
  EXPECT_EQ(page2["results"].as_array().size(), 6u);
  auto html = Get("/fr/search?q=sommet&sort=date");
  EXPECT_NE(html.body.find("href=\"/fr/search?q=sommet&amp;sort=date&amp;page=2\""),
            std::string::npos);
  EXPECT_EQ(Json("/fr/search.json?q=sommet&to=1970-01-01")["total"].as_int64(), 1);
  EXPECT_EQ(Json("/fr/search.json?q=sommet&section=international")["total"].as_int64(), 26);
  EXPECT_EQ(Json("/fr/search.json?q=sommet&section=nowhere")["total"].as_int64(), 0);
  EXPECT_EQ(Json("/fr/search.json?q=sommet&tag=nowhere")["total"].as_int64(), 0);
  EXPECT_EQ(Json("/fr/search.json?q=sommet&from=not-a-date")["total"].as_int64(), 26);
}

TEST_F(SearchSiteTest, VietnameseWithoutDiacritics) {
  auto j = Json("/vi/search.json?q=Nghe+An");
  EXPECT_EQ(j["total"].as_int64(), 1);
  auto r = Get("/vi/search?q=nghe+an");
  EXPECT_NE(r.body.find("<mark>Nghệ</mark> <mark>An</mark>"), std::string::npos) << r.body;
}

TEST_F(SearchSiteTest, DidYouMean) {
  auto j = Json("/fr/search.json?q=Russsie");
  EXPECT_EQ(j["total"].as_int64(), 0);
  ASSERT_EQ(j["suggestions"].as_array().size(), 1u);
  EXPECT_EQ(j["suggestions"].as_array()[0].as_string(), "Russie");
  auto r = Get("/fr/search?q=Russsie");
  EXPECT_NE(r.body.find("Vouliez-vous dire"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/fr/search?q=Russie\""), std::string::npos);
}

TEST_F(SearchSiteTest, PublishAndUnpublishShowAtOnce) {
  EXPECT_EQ(Json("/fr/search.json?q=zanzibar")["total"].as_int64(), 0);
  model::Article a = Save("fr", "zanzibar", "Escale à Zanzibar", "", "", 5000);
  EXPECT_EQ(Json("/fr/search.json?q=zanzibar")["total"].as_int64(), 1);
  a.status = model::ArticleStatus::kDraft;
  ASSERT_TRUE(store_->SaveArticle(a, "editor").ok());
  EXPECT_EQ(Json("/fr/search.json?q=zanzibar")["total"].as_int64(), 0);
}

TEST_F(SearchSiteTest, BadInputNeverFails) {
  const char* queries[] = {
      "%22", "%22%22%22", "%FF%FE%FD", "%C3",          "*",
      "-",   "NEAR(a+b)", "a+OR",      "title%3Aotan", "%27%3B+DROP+TABLE+articles%3B--",
      "(",   "%00otan",   "%01otan",   "otan%22+-%22", "la+le+les",
      "",    "%5C",       "%7B%7D%5E"};
  for (const char* q : queries) {
    for (const char* path : {"/fr/search?q=", "/fr/search.json?q="}) {
      auto r = Get(std::string(path) + q);
      EXPECT_EQ(r.status, 200) << path << q;
    }
  }
  EXPECT_EQ(Get("/fr/search?q=otan&page=abc").status, 200);
  EXPECT_EQ(Get("/fr/search?q=otan&page=999999").status, 200);
  std::string long_query(5000, 'a');
  EXPECT_EQ(Get("/fr/search?q=" + long_query).status, 200);
  // 10,000 characters, each two bytes of UTF-8 written as six in the URL.
  std::string long_accented;
  for (int i = 0; i < 10000; ++i) long_accented += "%C3%A9";
  // The over-long word is dropped and the rest of the query still answers.
  auto long_page = Get("/fr/search?q=otan+" + long_accented);
  EXPECT_EQ(long_page.status, 200);
  EXPECT_NE(long_page.body.find("class=\"search-status\" role=\"status\">1 résultat"),
            std::string::npos);
  EXPECT_EQ(Get("/fr/search.json?q=" + long_accented).status, 200);
  auto empty = Get("/fr/search?q=la+le+les");
  EXPECT_NE(empty.body.find("Saisissez un ou plusieurs mots"), std::string::npos);
  EXPECT_EQ(Get("/zz/search?q=otan").status, 404);
  EXPECT_EQ(Get("/zz/search.json?q=otan").status, 404);
}

TEST_F(SearchSiteTest, WithoutAnIndexThePageSaysSo) {
  auto r = Get("/fr/search?q=otan", bare_server_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("pas disponible"), std::string::npos)
      << r.body.substr(r.body.find("<main"), 1500);
  auto j = Get("/fr/search.json?q=otan", bare_server_);
  ASSERT_EQ(j.status, 200);
  EXPECT_NE(j.body.find("\"available\":false"), std::string::npos);
}

}  // namespace
}  // namespace gazette::http
