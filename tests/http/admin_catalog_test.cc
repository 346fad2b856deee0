// The admin's catalog pages end to end: sections, tags, authors, editions, users and the
// featured placements, on a real store, the real server on a free loopback port and the
// public site beside it (with its page cache), read and written with a raw HTTP client.
#include <gtest/gtest.h>

#include "admin_forms.h"
#include "http/admin.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "pg_database.h"
#include "render/admin_theme.h"
#include "render/theme.h"
#include "services/accounts.h"
#include "services/catalog.h"
#include "services/changes.h"
#include "services/editorial.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

using testing::ClientResponse;
using testing::Fetch;
using testing::Fields;
using testing::FormBody;
using testing::HiddenValue;
using testing::SetCookieValue;
bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

struct Session {
  std::string cookie;
  std::string csrf;
};

class AdminCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto store = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    site_.name = "Gazette";
    site_.base_url = "http://news.example";
    site_.default_edition = "fr";
    site_.editions = {{"fr", "Gazette — édition française", "fr", "fr_FR", "Europe/Paris", 0},
                      {"en", "Gazette — English edition", "en", "en_GB", "Europe/London", 1}};
    for (const auto& e : site_.editions) ASSERT_TRUE(store_->UpsertEdition(e).ok());
    auto section = store_->EnsureSection("fr", {"Monde"});
    ASSERT_TRUE(section.ok());
    monde_ = *section;

    services::AccountsOptions options;
    options.fast_hashing_for_tests = true;
    accounts_ = std::make_unique<services::Accounts>(*store_, options, services::SystemNow);
    for (const auto& [name, role] :
         std::vector<std::pair<std::string, model::Role>>{{"ada", model::Role::kAdministrator},
                                                          {"ed", model::Role::kEditor},
                                                          {"rita", model::Role::kReporter},
                                                          {"tom", model::Role::kTranslator}}) {
      ASSERT_TRUE(accounts_->CreateUser(name, name, role, kPassword).ok());
    }
    editorial_ = std::make_unique<services::Editorial>(*store_, services::SystemNow);
    catalog_ = std::make_unique<services::Catalog>(*store_, *accounts_, services::SystemNow);
    auto theme = render::Theme::Load(GAZETTE_THEME_DIR);
    ASSERT_TRUE(theme.ok()) << theme.error().ToString();
    theme_ = std::move(*theme);
    auto admin_theme = render::AdminTheme::Load(GAZETTE_THEME_DIR "/../admin");
    ASSERT_TRUE(admin_theme.ok()) << admin_theme.error().ToString();
    admin_theme_ = std::move(*admin_theme);
    reader_ = std::make_unique<services::SiteReader>(*store_, site_);
    site_handlers_ = std::make_unique<SiteHandlers>(*reader_, *theme_, SiteOptions{});
    admin_ = std::make_unique<AdminHandlers>(*accounts_, *editorial_, *reader_, *theme_,
                                             *admin_theme_, AdminOptions{});
    admin_->EnableCatalog(*catalog_);
    watcher_ = std::make_unique<services::ChangeWatcher>(*store_);
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = std::make_unique<Server>(server_options, MakeRoutes(*site_handlers_, admin_.get()));
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  ClientResponse Send(const std::string& method, const std::string& target,
                      const std::vector<std::string>& headers = {}, const std::string& body = {}) {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto& h : headers) raw += h + "\r\n";
    if (method == "POST") {
      raw += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n";
    }
    raw += "\r\n" + body;
    auto response = Fetch(server_->port(), raw);
    EXPECT_TRUE(response.has_value()) << method << " " << target;
    return response.value_or(ClientResponse{});
  }

  ClientResponse Get(const std::string& target, const Session& s) {
    return Send("GET", target, {"Cookie: " + s.cookie});
  }

  // A POST with the session's CSRF token added.
  ClientResponse Post(const std::string& target, const Session& s, Fields fields) {
    fields.push_back({"csrf", s.csrf});
    return Send("POST", target, {"Cookie: " + s.cookie}, FormBody(fields));
  }

  Session Login(const std::string& username) {
    ClientResponse form = Send("GET", "/admin/login");
    const std::string login_cookie = SetCookieValue(form, "gazette_login");
    ClientResponse r = Send("POST", "/admin/login", {"Cookie: gazette_login=" + login_cookie},
                            FormBody({{"login_csrf", HiddenValue(form.body, "login_csrf")},
                                      {"username", username},
                                      {"password", kPassword}}));
    EXPECT_EQ(r.status, 303) << r.body;
    Session s;
    s.cookie = "gazette_session=" + SetCookieValue(r, "gazette_session");
    ClientResponse home = Get("/admin", s);
    EXPECT_EQ(home.status, 200);
    s.csrf = HiddenValue(home.body, "csrf");
    return s;
  }

  model::Article Publish(const std::string& title, const std::string& slug, model::Id section,
                         model::UnixSeconds at) {
    model::Article a;
    a.edition = "fr";
    a.title = title;
    a.slug = slug;
    a.lead = "Chapeau";
    a.body_html = "<p>Corps</p>";
    a.section_id = section;
    a.status = model::ArticleStatus::kPublished;
    a.published_at = at;
    auto saved = store_->SaveArticle(a, "test");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : model::Article{};
  }

  void FollowChanges() {
    auto changes = watcher_->Poll();
    ASSERT_TRUE(changes.ok());
    site_handlers_->OnChanges(*changes);
  }

  std::vector<model::Section> SectionsOf(const std::string& edition) {
    auto sections = store_->ListSections(edition);
    EXPECT_TRUE(sections.ok());
    return sections.ok() ? *sections : std::vector<model::Section>{};
  }

  std::vector<std::string> AuditActions() {
    auto audit = store_->ListAudit(0, 100);
    EXPECT_TRUE(audit.ok());
    std::vector<std::string> out;
    if (audit.ok()) {
      for (const auto& e : *audit) out.push_back(e.action);
    }
    return out;
  }

  static constexpr char kPassword[] = "a long enough password";
  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  model::SiteInfo site_;
  model::Section monde_;
  std::unique_ptr<services::Accounts> accounts_;
  std::unique_ptr<services::Editorial> editorial_;
  std::unique_ptr<services::Catalog> catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<render::AdminTheme> admin_theme_;
  std::unique_ptr<services::SiteReader> reader_;
  std::unique_ptr<SiteHandlers> site_handlers_;
  std::unique_ptr<AdminHandlers> admin_;
  std::unique_ptr<services::ChangeWatcher> watcher_;
  std::unique_ptr<Server> server_;
};

TEST_F(AdminCatalogTest, NavigationLinksOnlyThePagesTheUserMayUse) {
  const std::string ada = Get("/admin", Login("ada")).body;
  const std::string ed = Get("/admin", Login("ed")).body;
  const std::string rita = Get("/admin", Login("rita")).body;
  for (const char* link : {"href=\"/admin/sections\"", "href=\"/admin/tags\"",
                           "href=\"/admin/authors\"", "href=\"/admin/placements\""}) {
    EXPECT_TRUE(Has(ada, link)) << link;
    EXPECT_TRUE(Has(ed, link)) << link;
    EXPECT_FALSE(Has(rita, link)) << link;
  }
  for (const char* link : {"href=\"/admin/users\"", "href=\"/admin/editions\""}) {
    EXPECT_TRUE(Has(ada, link)) << link;
    EXPECT_FALSE(Has(ed, link)) << link;
    EXPECT_FALSE(Has(rita, link)) << link;
  }
}

TEST_F(AdminCatalogTest, LoggedOutVisitorsGoToTheLoginForm) {
  for (const char* path : {"/admin/sections", "/admin/tags", "/admin/authors", "/admin/editions",
                           "/admin/placements", "/admin/sections/1"}) {
    ClientResponse r = Send("GET", path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location"), "/admin/login") << path;
  }
  ClientResponse post = Send("POST", "/admin/sections", {}, FormBody({{"name", "X"}}));
  EXPECT_EQ(post.status, 303);
  EXPECT_EQ(SectionsOf("fr").size(), 1u);
}

TEST_F(AdminCatalogTest, ReportersAndTranslatorsAreRefusedAndNothingChanges) {
  const model::Article a = Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  auto tag = store_->EnsureTag("fr", "Climat");
  auto author = store_->EnsureAuthor("Ana Lima");
  ASSERT_TRUE(tag.ok() && author.ok());
  const std::size_t audit_before = AuditActions().size();
  for (const char* who : {"rita", "tom"}) {
    Session s = Login(who);
    for (const std::string& path : std::vector<std::string>{
             "/admin/sections", "/admin/tags", "/admin/authors", "/admin/placements",
             "/admin/editions", "/admin/users", "/admin/sections/" + std::to_string(monde_.id)}) {
      EXPECT_EQ(Get(path, s).status, 403) << who << " " << path;
    }
    const std::string id = std::to_string(monde_.id);
    EXPECT_EQ(Post("/admin/sections", s, {{"edition", "fr"}, {"name", "Sport"}}).status, 403);
    EXPECT_EQ(Post("/admin/sections/" + id, s, {{"name", "Autre"}, {"slug", "monde"}}).status, 403);
    EXPECT_EQ(Post("/admin/sections/" + id + "/delete", s, {}).status, 403);
    EXPECT_EQ(Post("/admin/tags", s, {{"edition", "fr"}, {"name", "Sport"}}).status, 403);
    EXPECT_EQ(Post("/admin/tags/" + std::to_string(tag->id) + "/delete", s, {}).status, 403);
    EXPECT_EQ(Post("/admin/authors", s, {{"name", "Bruno"}}).status, 403);
    EXPECT_EQ(Post("/admin/authors/" + std::to_string(author->id), s, {{"name", "X"}}).status, 403);
    EXPECT_EQ(Post("/admin/placements", s,
                   {{"edition", "fr"},
                    {"slot", "home"},
                    {"action", "add"},
                    {"article_id", std::to_string(a.id)}})
                  .status,
              403);
    EXPECT_EQ(Post("/admin/users", s,
                   {{"username", "mallory"}, {"role", "administrator"}, {"password", kPassword}})
                  .status,
              403);
  }
  // Editors manage the catalog but not users or editions.
  Session ed = Login("ed");
  EXPECT_EQ(Get("/admin/editions", ed).status, 403);
  EXPECT_EQ(Get("/admin/users", ed).status, 403);
  EXPECT_EQ(Post("/admin/users", ed,
                 {{"username", "mallory"}, {"role", "administrator"}, {"password", kPassword}})
                .status,
            403);
  auto rita = store_->FindUser("rita");
  ASSERT_TRUE(rita.ok() && rita->has_value());
  EXPECT_EQ(
      Post("/admin/users/" + std::to_string((*rita)->id) + "/role", ed, {{"role", "administrator"}})
          .status,
      403);

  EXPECT_EQ(SectionsOf("fr").size(), 1u);
  EXPECT_EQ(SectionsOf("fr")[0].name, "Monde");
  EXPECT_EQ(store_->ListTags("fr")->size(), 1u);
  EXPECT_EQ(store_->ListAuthors()->size(), 1u);
  EXPECT_EQ(store_->ListAuthors()->front().name, "Ana Lima");
  EXPECT_TRUE(store_->ListPlacements("fr", "home")->empty());
  EXPECT_FALSE(store_->FindUser("mallory")->has_value());
  EXPECT_EQ((*store_->FindUser("rita"))->role, model::Role::kReporter);
  EXPECT_EQ(AuditActions().size(), audit_before);
}

TEST_F(AdminCatalogTest, PostsWithoutTheCsrfTokenAreRefused) {
  Session ed = Login("ed");
  const model::Article a = Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  const std::string body = FormBody({{"edition", "fr"}, {"name", "Sport"}});
  EXPECT_EQ(Send("POST", "/admin/sections", {"Cookie: " + ed.cookie}, body).status, 403);
  EXPECT_EQ(Send("POST", "/admin/sections", {"Cookie: " + ed.cookie},
                 body + "&csrf=" + std::string(64, 'a'))
                .status,
            403);
  EXPECT_EQ(Send("POST", "/admin/tags", {"Cookie: " + ed.cookie}, body).status, 403);
  EXPECT_EQ(Send("POST", "/admin/authors", {"Cookie: " + ed.cookie}, body).status, 403);
  EXPECT_EQ(Send("POST", "/admin/placements", {"Cookie: " + ed.cookie},
                 FormBody({{"edition", "fr"},
                           {"slot", "home"},
                           {"action", "add"},
                           {"article_id", std::to_string(a.id)}}))
                .status,
            403);
  EXPECT_EQ(SectionsOf("fr").size(), 1u);
  EXPECT_TRUE(store_->ListTags("fr")->empty());
  EXPECT_TRUE(store_->ListAuthors()->empty());
  EXPECT_TRUE(store_->ListPlacements("fr", "home")->empty());
}

TEST_F(AdminCatalogTest, SectionsAreCreatedEditedAndDeletedWithClearRefusals) {
  Session ed = Login("ed");
  ClientResponse list = Get("/admin/sections?edition=fr", ed);
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Has(list.body, "Monde"));
  EXPECT_TRUE(Has(list.body, "/fr/monde/"));

  ClientResponse created =
      Post("/admin/sections", ed, {{"edition", "fr"}, {"name", "International"}, {"slug", ""}});
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(created.Header("location"), "/admin/sections?edition=fr&done=created");
  auto international = store_->FindSectionByPath("fr", "international");
  ASSERT_TRUE(international.ok() && international->has_value());
  const std::string intl_id = std::to_string((*international)->id);
  ClientResponse child = Post("/admin/sections", ed,
                              {{"edition", "fr"},
                               {"name", "Amérique"},
                               {"slug", "amerique"},
                               {"parent_id", intl_id},
                               {"position", "2"}});
  ASSERT_EQ(child.status, 303) << child.body;
  auto amerique = store_->FindSectionByPath("fr", "international/amerique");
  ASSERT_TRUE(amerique.ok() && amerique->has_value());
  EXPECT_EQ((*amerique)->position, 2);
  const std::string amerique_id = std::to_string((*amerique)->id);

  // Duplicate address: 409, the typed name kept, nothing added.
  ClientResponse duplicate = Post(
      "/admin/sections", ed, {{"edition", "fr"}, {"name", "Le Monde entier"}, {"slug", "monde"}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_TRUE(Has(duplicate.body, "already used")) << duplicate.body;
  EXPECT_TRUE(Has(duplicate.body, "value=\"Le Monde entier\""));
  EXPECT_TRUE(Has(duplicate.body, "aria-invalid=\"true\""));
  // A malformed slug, a reserved one, a missing name, a bad position.
  ClientResponse malformed =
      Post("/admin/sections", ed, {{"edition", "fr"}, {"name", "Sport"}, {"slug", "Sport & co"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(Has(malformed.body, "lowercase letters"));
  EXPECT_TRUE(Has(malformed.body, "value=\"Sport &amp; co\""));
  EXPECT_EQ(
      Post("/admin/sections", ed, {{"edition", "fr"}, {"name", "Tags"}, {"slug", "tag"}}).status,
      400);
  EXPECT_EQ(Post("/admin/sections", ed, {{"edition", "fr"}, {"name", "  "}}).status, 400);
  EXPECT_EQ(Post("/admin/sections", ed, {{"edition", "fr"}, {"name", "Sport"}, {"position", "abc"}})
                .status,
            400);
  // A parent from another edition.
  auto english = store_->EnsureSection("en", {"World"});
  ASSERT_TRUE(english.ok());
  EXPECT_EQ(Post("/admin/sections", ed,
                 {{"edition", "fr"}, {"name", "Sport"}, {"parent_id", std::to_string(english->id)}})
                .status,
            400);
  EXPECT_EQ(SectionsOf("fr").size(), 3u);

  // A section cannot become its own ancestor.
  ClientResponse cycle =
      Post("/admin/sections/" + intl_id, ed,
           {{"name", "International"}, {"slug", "international"}, {"parent_id", amerique_id}});
  EXPECT_EQ(cycle.status, 400);
  EXPECT_TRUE(Has(cycle.body, "under itself")) << cycle.body;
  ClientResponse self =
      Post("/admin/sections/" + intl_id, ed,
           {{"name", "International"}, {"slug", "international"}, {"parent_id", intl_id}});
  EXPECT_EQ(self.status, 400);
  auto unchanged = store_->GetSection((*international)->id);
  ASSERT_TRUE(unchanged.ok() && unchanged->has_value());
  EXPECT_FALSE((*unchanged)->parent_id.has_value());

  // Moving a section without published articles carries its subsections along.
  ClientResponse moved = Post("/admin/sections/" + intl_id, ed,
                              {{"name", "Étranger"}, {"slug", "etranger"}, {"position", "1"}});
  ASSERT_EQ(moved.status, 303) << moved.body;
  auto carried = store_->GetSection((*amerique)->id);
  ASSERT_TRUE(carried.ok() && carried->has_value());
  EXPECT_EQ((*carried)->path, "etranger/amerique");

  // Deleting: refused while subsections or articles use it, with the reason.
  ClientResponse has_children = Post("/admin/sections/" + intl_id + "/delete", ed, {});
  EXPECT_EQ(has_children.status, 409);
  EXPECT_TRUE(Has(has_children.body, "subsections"));
  Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  ClientResponse in_use = Post("/admin/sections/" + std::to_string(monde_.id) + "/delete", ed, {});
  EXPECT_EQ(in_use.status, 409);
  EXPECT_TRUE(Has(in_use.body, "used by 1 article")) << in_use.body;
  ClientResponse edit_in_use = Get("/admin/sections/" + std::to_string(monde_.id), ed);
  EXPECT_FALSE(Has(edit_in_use.body, "/delete\"")) << "no delete button for a used section";
  EXPECT_EQ(SectionsOf("fr").size(), 3u);
  // A section with published articles keeps its address.
  ClientResponse readdress = Post("/admin/sections/" + std::to_string(monde_.id), ed,
                                  {{"name", "Monde"}, {"slug", "planete"}});
  EXPECT_EQ(readdress.status, 409);
  EXPECT_TRUE(Has(readdress.body, "published article")) << readdress.body;
  EXPECT_TRUE(Has(readdress.body, "value=\"planete\"")) << "typed slug kept";

  ASSERT_EQ(Post("/admin/sections/" + amerique_id + "/delete", ed, {}).status, 303);
  ASSERT_EQ(Post("/admin/sections/" + intl_id + "/delete", ed, {}).status, 303);
  EXPECT_EQ(SectionsOf("fr").size(), 1u);
  EXPECT_EQ(Get("/admin/sections/" + intl_id, ed).status, 404);
  EXPECT_EQ(Post("/admin/sections/" + intl_id + "/delete", ed, {}).status, 404);

  const auto actions = AuditActions();
  for (const char* action : {"section.create", "section.update", "section.delete"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  }
}

TEST_F(AdminCatalogTest, RenamingASectionShowsOnThePublicSiteAtOnce) {
  Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  ClientResponse before = Send("GET", "/fr/monde/");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(Has(before.body, "Le vaste monde"));
  EXPECT_EQ(Send("GET", "/fr/monde/").body, before.body) << "served from the page cache";
  Session ed = Login("ed");
  ASSERT_EQ(Post("/admin/sections/" + std::to_string(monde_.id), ed,
                 {{"name", "Le vaste monde"}, {"slug", "monde"}})
                .status,
            303);
  FollowChanges();
  ClientResponse after = Send("GET", "/fr/monde/");
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(Has(after.body, "Le vaste monde"));
  EXPECT_TRUE(Has(Send("GET", "/fr/monde/crue").body, "Le vaste monde"));
}

TEST_F(AdminCatalogTest, TagsAreManagedPerEditionAndATagInUseIsKept) {
  Session ed = Login("ed");
  ASSERT_EQ(Post("/admin/tags", ed, {{"edition", "fr"}, {"name", "Climat"}}).status, 303);
  ASSERT_EQ(
      Post("/admin/tags", ed, {{"edition", "en"}, {"name", "Climate"}, {"slug", "climat"}}).status,
      303)
      << "slugs are unique per edition";
  ClientResponse duplicate =
      Post("/admin/tags", ed, {{"edition", "fr"}, {"name", "Climat 2"}, {"slug", "climat"}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_TRUE(Has(duplicate.body, "value=\"Climat 2\""));
  EXPECT_EQ(Post("/admin/tags", ed, {{"edition", "fr"}, {"name", "X"}, {"slug", "a--b"}}).status,
            400);
  EXPECT_EQ(Post("/admin/tags", ed, {{"edition", "zz"}, {"name", "X"}}).status, 400);
  auto climat = store_->FindTagBySlug("fr", "climat");
  ASSERT_TRUE(climat.ok() && climat->has_value());
  const std::string id = std::to_string((*climat)->id);
  ClientResponse list = Get("/admin/tags?edition=fr", ed);
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Has(list.body, "/fr/tag/climat/"));

  model::Article a = Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  a.tag_ids = {(*climat)->id};
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());
  ClientResponse in_use = Post("/admin/tags/" + id + "/delete", ed, {});
  EXPECT_EQ(in_use.status, 409);
  EXPECT_TRUE(Has(in_use.body, "used by 1 article"));
  EXPECT_TRUE(store_->FindTagBySlug("fr", "climat")->has_value());

  EXPECT_EQ(Send("GET", "/fr/tag/climat/").status, 200);
  ASSERT_EQ(
      Post("/admin/tags/" + id, ed, {{"name", "Climat et météo"}, {"slug", "climat-meteo"}}).status,
      303);
  FollowChanges();
  EXPECT_EQ(Send("GET", "/fr/tag/climat/").status, 404);
  ClientResponse renamed = Send("GET", "/fr/tag/climat-meteo/");
  EXPECT_EQ(renamed.status, 200);
  EXPECT_TRUE(Has(renamed.body, "Climat et météo"));

  a.tag_ids = {};
  a.revision = 0;
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());
  ASSERT_EQ(Post("/admin/tags/" + id + "/delete", ed, {}).status, 303);
  EXPECT_FALSE(store_->FindTagBySlug("fr", "climat-meteo")->has_value());
}

TEST_F(AdminCatalogTest, RefusalsFromTheCatalogSpeakTheAdminsLanguage) {
  Session ed = Login("ed");
  auto french = [&](const std::string& target, Fields fields) {
    fields.push_back({"csrf", ed.csrf});
    return Send("POST", target, {"Cookie: " + ed.cookie, "Accept-Language: fr-FR,fr;q=0.9"},
                FormBody(fields));
  };
  ClientResponse bad_slug =
      french("/admin/tags", {{"edition", "fr"}, {"name", "X"}, {"slug", "a--b"}});
  EXPECT_EQ(bad_slug.status, 400);
  EXPECT_TRUE(Has(bad_slug.body, "le slug ne peut contenir que des lettres minuscules a-z"))
      << bad_slug.body;
  EXPECT_FALSE(Has(bad_slug.body, "the slug may only contain"));
  EXPECT_FALSE(store_->FindTagBySlug("fr", "a--b")->has_value());

  // The part that varies is carried over.
  ASSERT_EQ(Post("/admin/tags", ed, {{"edition", "fr"}, {"name", "Climat"}}).status, 303);
  auto climat = store_->FindTagBySlug("fr", "climat");
  ASSERT_TRUE(climat.ok() && climat->has_value());
  model::Article a = Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  a.tag_ids = {(*climat)->id};
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());
  const std::string delete_url = "/admin/tags/" + std::to_string((*climat)->id) + "/delete";
  ClientResponse in_use = french(delete_url, {});
  EXPECT_EQ(in_use.status, 409);
  EXPECT_TRUE(Has(in_use.body, "le mot-clé est utilisé par 1 article(s)")) << in_use.body;
  // The English admin keeps the services' own words.
  ClientResponse english = Post(delete_url, ed, {});
  EXPECT_TRUE(Has(english.body, "the tag is used by 1 article(s): remove it from them first"));

  // A message with two varying parts (the slug, then the edition).
  ClientResponse taken =
      french("/admin/tags", {{"edition", "fr"}, {"name", "Climat encore"}, {"slug", "climat"}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(Has(taken.body, "le slug « climat » est déjà utilisé dans l’édition fr"))
      << taken.body;
  EXPECT_FALSE(store_->FindTagBySlug("fr", "climat-encore")->has_value());
}

TEST_F(AdminCatalogTest, AuthorsAreManagedAndAnAuthorWithBylinesIsKept) {
  Session ed = Login("ed");
  ASSERT_EQ(Post("/admin/authors", ed, {{"name", "Ana Lima"}, {"bio", "Reporter."}}).status, 303);
  auto ana = store_->FindAuthorBySlug("ana-lima");
  ASSERT_TRUE(ana.ok() && ana->has_value());
  EXPECT_EQ((*ana)->bio, "Reporter.");
  ClientResponse duplicate =
      Post("/admin/authors", ed, {{"name", "Ana Lima"}, {"slug", "ana-lima"}, {"bio", "Autre"}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_TRUE(Has(duplicate.body, ">Autre</textarea>"));
  EXPECT_EQ(Post("/admin/authors", ed, {{"name", ""}}).status, 400);
  const std::string id = std::to_string((*ana)->id);
  ASSERT_EQ(Get("/admin/authors/" + id, ed).status, 200);

  model::Article a = Publish("Crue du Mékong", "crue", monde_.id, 1720000000);
  a.author_ids = {(*ana)->id};
  ASSERT_TRUE(store_->SaveArticle(a, "test").ok());
  EXPECT_TRUE(Has(Send("GET", "/fr/monde/crue").body, "Ana Lima"));
  ASSERT_EQ(
      Post("/admin/authors/" + id, ed, {{"name", "Ana Lima Costa"}, {"slug", "ana-lima"}}).status,
      303);
  FollowChanges();
  EXPECT_TRUE(Has(Send("GET", "/fr/monde/crue").body, "Ana Lima Costa"));
  ClientResponse in_use = Post("/admin/authors/" + id + "/delete", ed, {});
  EXPECT_EQ(in_use.status, 409);
  EXPECT_TRUE(Has(in_use.body, "signs 1 article"));
  EXPECT_TRUE(store_->FindAuthorBySlug("ana-lima")->has_value());
  ASSERT_EQ(Post("/admin/authors", ed, {{"name", "Bruno"}}).status, 303);
  auto bruno = store_->FindAuthorBySlug("bruno");
  ASSERT_TRUE(bruno.ok() && bruno->has_value());
  ASSERT_EQ(Post("/admin/authors/" + std::to_string((*bruno)->id) + "/delete", ed, {}).status, 303);
  EXPECT_EQ(store_->ListAuthors()->size(), 1u);
}

TEST_F(AdminCatalogTest, EditionsAreShownReadOnlyToAdministrators) {
  Session ada = Login("ada");
  ClientResponse page = Get("/admin/editions", ada);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "Europe/Paris"));
  EXPECT_TRUE(Has(page.body, "en_GB"));
  EXPECT_TRUE(Has(page.body, "configuration file"));
  EXPECT_FALSE(Has(page.body, "<form method=\"post\" action=\"/admin/editions"));
  EXPECT_EQ(Send("POST", "/admin/editions", {"Cookie: " + ada.cookie}, "").status, 405);
}

TEST_F(AdminCatalogTest, AdministratorsCreateUsersChangeRolesAndDisableThem) {
  Session ada = Login("ada");
  ClientResponse page = Get("/admin/users", ada);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "action=\"/admin/users\""));

  ClientResponse short_password = Post(
      "/admin/users", ada,
      {{"username", "nina"}, {"display_name", "Nina"}, {"role", "editor"}, {"password", "short"}});
  EXPECT_EQ(short_password.status, 400);
  EXPECT_TRUE(Has(short_password.body, "value=\"nina\""));
  EXPECT_FALSE(Has(short_password.body, "value=\"short\"")) << "a password is never echoed";
  EXPECT_EQ(
      Post("/admin/users", ada, {{"username", "nina"}, {"role", "chief"}, {"password", kPassword}})
          .status,
      400);
  EXPECT_EQ(Post("/admin/users", ada,
                 {{"username", "Bad Name"}, {"role", "editor"}, {"password", kPassword}})
                .status,
            400);
  ClientResponse taken = Post("/admin/users", ada,
                              {{"username", "rita"}, {"role", "editor"}, {"password", kPassword}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_FALSE(store_->FindUser("nina")->has_value());

  ClientResponse created = Post("/admin/users", ada,
                                {{"username", "nina"},
                                 {"display_name", "Nina"},
                                 {"role", "editor"},
                                 {"password", kPassword}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto nina = store_->FindUser("nina");
  ASSERT_TRUE(nina.ok() && nina->has_value());
  EXPECT_EQ((*nina)->role, model::Role::kEditor);
  Session nina_session = Login("nina");
  EXPECT_EQ(Get("/admin/sections", nina_session).status, 200);

  const std::string id = std::to_string((*nina)->id);
  ASSERT_EQ(Post("/admin/users/" + id + "/role", ada, {{"role", "reporter"}}).status, 303);
  EXPECT_EQ((*store_->FindUser("nina"))->role, model::Role::kReporter);
  EXPECT_EQ(Get("/admin/sections", nina_session).status, 403) << "the new role applies at once";
  EXPECT_EQ(Post("/admin/users/" + id + "/role", ada, {{"role", "chief"}}).status, 400);

  ASSERT_EQ(Post("/admin/users/" + id + "/disable", ada, {}).status, 303);
  EXPECT_TRUE((*store_->FindUser("nina"))->disabled);
  EXPECT_EQ(Get("/admin", nina_session).status, 303) << "their sessions ended";
  ASSERT_EQ(Post("/admin/users/" + id + "/enable", ada, {}).status, 303);
  EXPECT_FALSE((*store_->FindUser("nina"))->disabled);

  // An administrator cannot lock themselves out.
  auto me = store_->FindUser("ada");
  const std::string my_id = std::to_string((*me)->id);
  EXPECT_EQ(Post("/admin/users/" + my_id + "/disable", ada, {}).status, 400);
  EXPECT_EQ(Post("/admin/users/" + my_id + "/role", ada, {{"role", "reporter"}}).status, 400);
  EXPECT_EQ((*store_->FindUser("ada"))->role, model::Role::kAdministrator);
  EXPECT_FALSE((*store_->FindUser("ada"))->disabled);
  EXPECT_EQ(Post("/admin/users/999999/disable", ada, {}).status, 404);

  const auto actions = AuditActions();
  for (const char* action : {"user.create", "user.role", "user.disable", "user.enable"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  }
}

TEST_F(AdminCatalogTest, PlacementChangesReorderThePublicHomePageAtOnce) {
  const model::Article older = Publish("Le Mékong en crue", "crue", monde_.id, 1720000000);
  const model::Article newer = Publish("Sommet de l'OTAN", "otan", monde_.id, 1720100000);
  model::Article draft;
  draft.edition = "fr";
  draft.title = "Brouillon";
  draft.slug = "brouillon";
  draft.section_id = monde_.id;
  auto saved_draft = store_->SaveArticle(draft, "test");
  ASSERT_TRUE(saved_draft.ok());

  Session ed = Login("ed");
  ClientResponse page = Get("/admin/placements?edition=fr&slot=home", ed);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "Sommet de l")) << page.body;
  EXPECT_FALSE(Has(page.body, "Brouillon")) << "only published articles are offered";
  ClientResponse search = Get("/admin/placements?edition=fr&slot=home&q=m%C3%A9kong", ed);
  EXPECT_TRUE(Has(search.body, "Le Mékong en crue"));
  EXPECT_FALSE(Has(search.body, "OTAN"));

  ClientResponse home_before = Send("GET", "/fr/");
  ASSERT_EQ(home_before.status, 200);
  EXPECT_FALSE(Has(home_before.body, "class=\"featured\""));

  auto edit = [&](const std::string& action, model::Id id, const std::string& slot = "home") {
    return Post("/admin/placements", ed,
                {{"edition", "fr"},
                 {"slot", slot},
                 {"action", action},
                 {"article_id", std::to_string(id)}});
  };
  ClientResponse added = edit("add", older.id);
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.Header("location"), "/admin/placements?edition=fr&slot=home&saved=1");
  ASSERT_EQ(edit("add", newer.id).status, 303);
  auto ids = [&](const std::string& slot) {
    std::vector<model::Id> out;
    auto placements = store_->ListPlacements("fr", slot);
    EXPECT_TRUE(placements.ok());
    if (placements.ok()) {
      for (const auto& p : *placements) out.push_back(p.article_id);
    }
    return out;
  };
  EXPECT_EQ(ids("home"), (std::vector<model::Id>{older.id, newer.id}));
  FollowChanges();
  ClientResponse home = Send("GET", "/fr/");
  ASSERT_TRUE(Has(home.body, "class=\"featured\""));
  EXPECT_LT(home.body.find("Le Mékong en crue"), home.body.find("Sommet de l"));

  ASSERT_EQ(edit("up", newer.id).status, 303);
  EXPECT_EQ(ids("home"), (std::vector<model::Id>{newer.id, older.id}));
  FollowChanges();
  home = Send("GET", "/fr/");
  EXPECT_LT(home.body.find("Sommet de l"), home.body.find("Le Mékong en crue"));
  ASSERT_EQ(edit("up", newer.id).status, 303) << "the first moving up changes nothing";
  ASSERT_EQ(edit("down", newer.id).status, 303);
  EXPECT_EQ(ids("home"), (std::vector<model::Id>{older.id, newer.id}));

  // Refusals: nothing changes.
  ClientResponse twice = edit("add", older.id);
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(Has(twice.body, "already featured"));
  ClientResponse unpublished = edit("add", saved_draft->id);
  EXPECT_EQ(unpublished.status, 400);
  EXPECT_TRUE(Has(unpublished.body, "only a published article"));
  EXPECT_EQ(edit("add", 999999).status, 400);
  EXPECT_EQ(edit("jump", older.id).status, 400);
  EXPECT_EQ(edit("add", older.id, "sidebar").status, 400);
  EXPECT_EQ(edit("remove", saved_draft->id).status, 404);
  EXPECT_EQ(Post("/admin/placements", ed,
                 {{"edition", "fr"}, {"slot", "home"}, {"action", "add"}, {"article_id", "x"}})
                .status,
            400);
  EXPECT_EQ(ids("home"), (std::vector<model::Id>{older.id, newer.id}));

  ASSERT_EQ(edit("remove", older.id).status, 303);
  EXPECT_EQ(ids("home"), (std::vector<model::Id>{newer.id}));

  // A section page has its own list.
  const std::string slot = "section:" + std::to_string(monde_.id);
  ASSERT_EQ(edit("add", older.id, slot).status, 303);
  FollowChanges();
  ClientResponse section = Send("GET", "/fr/monde/");
  EXPECT_TRUE(Has(section.body, "class=\"featured\""));
  EXPECT_EQ(ids(slot), (std::vector<model::Id>{older.id}));
  ClientResponse section_admin = Get("/admin/placements?edition=fr&slot=" + slot, ed);
  EXPECT_TRUE(Has(section_admin.body, "Le Mékong en crue"));

  const auto actions = AuditActions();
  for (const char* action :
       {"placement.add", "placement.up", "placement.down", "placement.remove"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  }
}

}  // namespace
}  // namespace gazette::http
