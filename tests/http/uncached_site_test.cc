// The public site without the page cache: every page is rendered per request, and the parts
// that pages share (menu, language links, the latest box) are kept between requests by the
// theme. A change in the database must show in the very next response.
#include <gtest/gtest.h>

#include <chrono>

#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "pg_database.h"
#include "render/theme.h"
#include "services/demo.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

using testing::Fetch;
using testing::MakeRequest;

constexpr char kSlug[] = "l-otan-envoie-un-message-a-la-russie-et-a-la-chine";

class UncachedSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto store = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(store).value();
    model::SiteInfo site;
    site.name = "Gazette";
    site.base_url = "http://news.example";
    site.default_edition = "fr";
    site.editions = {{"fr", "Gazette — édition française", "fr", "fr_FR", "Asia/Ho_Chi_Minh", 0},
                     {"en", "Gazette — English edition", "en", "en_GB", "Europe/London", 1}};
    for (const auto& e : site.editions) ASSERT_TRUE(store_->UpsertEdition(e).ok());
    services::DemoOptions demo;
    demo.media_dir = dir_ / "media";
    demo.work_dir = dir_ / "pictures";
    demo.french_articles = 6;
    demo.english_articles = 2;
    auto summary = services::CreateDemoContent(*store_, demo);
    ASSERT_TRUE(summary.ok()) << summary.error().ToString();

    auto theme = render::Theme::Load(GAZETTE_THEME_DIR);
    ASSERT_TRUE(theme.ok()) << theme.error().ToString();
    theme_ = std::move(*theme);
    reader_ = std::make_unique<services::SiteReader>(*store_, site);
    SiteOptions options;
    options.media_dir = demo.media_dir;
    options.page_cache = false;
    handlers_ = std::make_unique<SiteHandlers>(*reader_, *theme_, options);
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = std::make_unique<Server>(server_options, MakeRoutes(*handlers_));
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::string Get(const std::string& target) {
    auto response = Fetch(server_->port(), MakeRequest("GET", target));
    EXPECT_TRUE(response.has_value()) << target;
    EXPECT_EQ(response ? response->status : 0, 200) << target;
    return response ? response->body : std::string();
  }

  model::Section Section(const std::string& path) {
    auto found = store_->FindSectionByPath("fr", path);
    EXPECT_TRUE(found.ok() && *found) << path;
    return found.ok() && *found ? **found : model::Section{};
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<services::SiteReader> reader_;
  std::unique_ptr<SiteHandlers> handlers_;
  std::unique_ptr<Server> server_;
};

TEST_F(UncachedSiteTest, ARenamedSectionShowsInTheNextResponseOfEveryPage) {
  const std::string article = "/fr/international/amerique/" + std::string(kSlug);
  const std::string menu_entry = "<li><a href=\"/fr/international/\" aria-current=\"true\">";
  ASSERT_NE(Get(article).find(menu_entry + "International</a></li>"), std::string::npos);
  ASSERT_NE(Get("/fr/").find(">International</a></li>"), std::string::npos);
  ASSERT_NE(Get(article).find(menu_entry + "International</a></li>"), std::string::npos);

  model::Section section = Section("international");
  section.name = "Monde";
  ASSERT_TRUE(store_->SaveSection(section).ok());

  const std::string page = Get(article);
  EXPECT_NE(page.find(menu_entry + "Monde</a></li>"), std::string::npos) << "the menu";
  EXPECT_NE(page.find("<span itemprop=\"name\">Monde</span>"), std::string::npos)
      << "the breadcrumb";
  EXPECT_EQ(page.find(">International<"), std::string::npos);
  EXPECT_NE(Get("/fr/").find(">Monde</a></li>"), std::string::npos) << "the home page's menu";
  EXPECT_EQ(Get("/fr/").find(">International<"), std::string::npos);
}

TEST_F(UncachedSiteTest, ANewArticleShowsInTheLatestBoxOfTheNextResponse) {
  const std::string article = "/fr/international/amerique/" + std::string(kSlug);
  const std::string before = Get(article);
  ASSERT_NE(before.find("class=\"latest\""), std::string::npos);
  EXPECT_EQ(Get(article), before) << "nothing changed, nothing differs";

  auto found = store_->FindArticleBySlug("fr", kSlug);
  ASSERT_TRUE(found.ok() && *found);
  model::Article fresh = **found;
  fresh.id = 0;
  fresh.external_id = "fresh-article";
  fresh.translation_group = 0;
  fresh.slug = "un-article-tout-frais";
  fresh.title = "Un article tout frais";
  fresh.published_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count() -
                       5;
  ASSERT_TRUE(store_->SaveArticle(fresh, "test").ok());

  const std::string after = Get(article);
  const auto latest = after.find("class=\"latest\"");
  ASSERT_NE(latest, std::string::npos);
  EXPECT_NE(after.find(">Un article tout frais</a>", latest), std::string::npos);

  fresh = **store_->FindArticleBySlug("fr", "un-article-tout-frais");
  fresh.title = "Un article tout frais, corrigé";
  ASSERT_TRUE(store_->SaveArticle(fresh, "test").ok());
  const std::string corrected = Get(article);
  EXPECT_NE(
      corrected.find(">Un article tout frais, corrigé</a>", corrected.find("class=\"latest\"")),
      std::string::npos);
}

}  // namespace
}  // namespace gazette::http
