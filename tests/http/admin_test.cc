// The newsroom admin end to end: a real SQLite file, the real server on a free loopback port,
// the public site beside it, read and written with a raw HTTP client.
#include "http/admin.h"

#include <gtest/gtest.h>

#include <atomic>

#include "admin_forms.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "pg_database.h"
#include "render/admin_theme.h"
#include "render/dates.h"
#include "render/theme.h"
#include "services/accounts.h"
#include "services/changes.h"
#include "services/editorial.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"
#include "text/iso_time.h"
#include "translate/apertium.h"

namespace gazette::http {
namespace {

using testing::ClientResponse;
using testing::Fetch;
using testing::Fields;
using testing::FormBody;
using testing::HiddenValue;
using testing::SetCookieValue;

struct Session {
  std::string cookie;  // "gazette_session=..."
  std::string csrf;
};

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto store = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    site_.name = "Gazette";
    site_.base_url = "http://news.example";
    site_.default_edition = "fr";
    site_.editions = {{"fr", "Gazette — édition française", "fr", "fr_FR", "Europe/Paris", 0}};
    for (const auto& e : site_.editions) ASSERT_TRUE(store_->UpsertEdition(e).ok());
    auto section = store_->EnsureSection("fr", {"Monde"});
    ASSERT_TRUE(section.ok());
    section_id_ = std::to_string(section->id);

    services::AccountsOptions options;
    options.fast_hashing_for_tests = true;
    options.max_failures = 3;
    accounts_ = std::make_unique<services::Accounts>(*store_, options, services::SystemNow);
    ASSERT_TRUE(accounts_->CreateUser("rita", "Rita", model::Role::kReporter, kPassword).ok());
    ASSERT_TRUE(accounts_->CreateUser("ed", "Ed", model::Role::kEditor, kPassword).ok());
    ASSERT_TRUE(accounts_->CreateUser("eve", "Eve", model::Role::kEditor, kPassword).ok());
    editorial_ = std::make_unique<services::Editorial>(*store_, services::SystemNow);

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
    watcher_ = std::make_unique<services::ChangeWatcher>(*store_);
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = std::make_unique<Server>(server_options, MakeRoutes(*site_handlers_, admin_.get()));
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override { server_->Stop(); }

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

  ClientResponse Post(const std::string& target, const Session& s, Fields fields) {
    return Send("POST", target, {"Cookie: " + s.cookie}, FormBody(fields));
  }

  // Logs in through the form: GET (login cookie and token), then POST.
  ClientResponse TryLogin(const std::string& username, const std::string& password) {
    ClientResponse form = Send("GET", "/admin/login");
    const std::string login_cookie = SetCookieValue(form, "gazette_login");
    return Send("POST", "/admin/login", {"Cookie: gazette_login=" + login_cookie},
                FormBody({{"login_csrf", HiddenValue(form.body, "login_csrf")},
                          {"username", username},
                          {"password", password}}));
  }

  Session Login(const std::string& username) {
    ClientResponse r = TryLogin(username, kPassword);
    EXPECT_EQ(r.status, 303) << r.body;
    Session s;
    s.cookie = "gazette_session=" + SetCookieValue(r, "gazette_session");
    ClientResponse home = Send("GET", "/admin", {"Cookie: " + s.cookie});
    EXPECT_EQ(home.status, 200);
    s.csrf = HiddenValue(home.body, "csrf");
    EXPECT_EQ(s.csrf.size(), 64u);
    return s;
  }

  Fields ArticleFields(const std::string& title, const std::string& revision,
                       const std::string& action, const std::string& body = "<p>Corps</p>") {
    return {{"title", title},  {"lead", "Le chapeau"},      {"body", body},
            {"edition", "fr"}, {"section_id", section_id_}, {"tags", "Europe, Climat"},
            {"source", "AFP"}, {"revision", revision},      {"action", action}};
  }

  // Creates a draft as `s` and returns its id.
  model::Id Create(const Session& s, const std::string& title) {
    Fields f = ArticleFields(title, "0", "save");
    f.push_back({"csrf", s.csrf});
    ClientResponse r = Post("/admin/articles/new", s, f);
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string location = r.Header("location");
    return std::stoll(location.substr(std::string("/admin/articles/").size()));
  }

  model::Article Article(model::Id id) {
    auto a = store_->GetArticle(id);
    EXPECT_TRUE(a.ok() && a->has_value());
    return a.ok() && a->has_value() ? **a : model::Article{};
  }

  void FollowChanges() {
    auto changes = watcher_->Poll();
    ASSERT_TRUE(changes.ok());
    site_handlers_->OnChanges(*changes);
  }

  static constexpr char kPassword[] = "a long enough password";
  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  model::SiteInfo site_;
  std::string section_id_;
  std::unique_ptr<services::Accounts> accounts_;
  std::unique_ptr<services::Editorial> editorial_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<render::AdminTheme> admin_theme_;
  std::unique_ptr<services::SiteReader> reader_;
  std::unique_ptr<SiteHandlers> site_handlers_;
  std::unique_ptr<AdminHandlers> admin_;
  std::unique_ptr<services::ChangeWatcher> watcher_;
  std::unique_ptr<Server> server_;
};

TEST_F(AdminTest, AdminRedirectsToTheLoginFormWhenLoggedOut) {
  for (const char* path :
       {"/admin", "/admin/", "/admin/articles", "/admin/articles/1", "/admin/nowhere"}) {
    ClientResponse r = Send("GET", path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location"), "/admin/login") << path;
  }
  ClientResponse form = Send("GET", "/admin/login");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"username\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"password\" type=\"password\""), std::string::npos);
  EXPECT_NE(form.body.find("<label for=\"username\">"), std::string::npos);
  ClientResponse css = Send("GET", "/admin/assets/admin.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type").rfind("text/css", 0), 0u);
}

TEST_F(AdminTest, SecurityHeadersOnEveryAdminPage) {
  Session ed = Login("ed");
  for (const auto& [path, cookie] :
       std::vector<std::pair<std::string, std::string>>{{"/admin/login", ""},
                                                        {"/admin", ed.cookie},
                                                        {"/admin/articles/new", ed.cookie},
                                                        {"/admin/nowhere", ed.cookie}}) {
    ClientResponse r = Send("GET", path,
                            cookie.empty() ? std::vector<std::string>{}
                                           : std::vector<std::string>{"Cookie: " + cookie});
    const std::string csp = r.Header("content-security-policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.Header("referrer-policy"), "same-origin") << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << "no inline script on " << path;
  }
}

TEST_F(AdminTest, LoginSucceedsAndWrongPasswordAndUnknownUserLookTheSame) {
  ClientResponse ok = TryLogin("ed", kPassword);
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(ok.Header("location"), "/admin");
  std::string cookie;
  for (const auto& [k, v] : ok.headers) {
    if (k == "set-cookie" && v.rfind("gazette_session=", 0) == 0) cookie = v;
  }
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/admin"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "not configured for HTTPS";

  ClientResponse form = Send("GET", "/admin/login");
  const std::string login_cookie = "Cookie: gazette_login=" + SetCookieValue(form, "gazette_login");
  const std::string token = HiddenValue(form.body, "login_csrf");
  auto attempt = [&](const std::string& user) {
    return Send(
        "POST", "/admin/login", {login_cookie},
        FormBody({{"login_csrf", token}, {"username", user}, {"password", "not it at all"}}));
  };
  ClientResponse wrong = attempt("rita");
  ClientResponse unknown = attempt("rito");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  std::string unknown_body = unknown.body;
  unknown_body.replace(unknown_body.find("value=\"rito\""), 12, "value=\"rita\"");
  EXPECT_EQ(wrong.body, unknown_body);
  EXPECT_NE(wrong.body.find("Wrong username or password."), std::string::npos);
  EXPECT_TRUE(SetCookieValue(wrong, "gazette_session").empty());
}

TEST_F(AdminTest, LoginWithoutItsCsrfTokenIsRefused) {
  ClientResponse r =
      Send("POST", "/admin/login", {}, FormBody({{"username", "ed"}, {"password", kPassword}}));
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(SetCookieValue(r, "gazette_session").empty());
}

TEST_F(AdminTest, RepeatedFailuresGet429WithRetryAfter) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(TryLogin("eve", "wrong password!").status, 401);
  ClientResponse r = TryLogin("eve", kPassword);
  EXPECT_EQ(r.status, 429);
  const int retry =
      std::stoi(std::string(r.Header("retry-after").empty() ? "0" : r.Header("retry-after")));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 15 * 60);
  EXPECT_TRUE(SetCookieValue(r, "gazette_session").empty());
  // Unknown users are throttled the same way.
  for (int i = 0; i < 3; ++i) TryLogin("nobody", "wrong password!");
  EXPECT_EQ(TryLogin("nobody", "wrong password!").status, 429);
}

TEST_F(AdminTest, PostsWithoutTheCsrfTokenAre403AndChangeNothing) {
  Session rita = Login("rita");
  const model::Id id = Create(rita, "Premier jet");
  const model::Article before = Article(id);
  Fields f = ArticleFields("Changé", std::to_string(before.revision), "save");
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(id), rita, f).status, 403);
  f.push_back({"csrf", std::string(64, 'a')});
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(id), rita, f).status, 403);
  EXPECT_EQ(Post("/admin/articles/new", rita, ArticleFields("Autre", "0", "save")).status, 403);
  EXPECT_EQ(Post("/admin/logout", rita, {}).status, 403);
  const model::Article after = Article(id);
  EXPECT_EQ(after.title, "Premier jet");
  EXPECT_EQ(after.revision, before.revision);
  EXPECT_EQ(store_->ListWork({})->size(), 1u);
  // Someone else's token does not work either.
  Session ed = Login("ed");
  f.back().second = ed.csrf;
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(id), rita, f).status, 403);
  EXPECT_EQ(Article(id).title, "Premier jet");
}

TEST_F(AdminTest, ReporterSubmitsButCannotPublishEditorPublishesToThePublicSite) {
  Session rita = Login("rita");
  const model::Id id = Create(rita, "Le fleuve déborde");
  const std::string url = "/admin/articles/" + std::to_string(id);
  ClientResponse form = Send("GET", url, {"Cookie: " + rita.cookie});
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"review\""), std::string::npos) << "submit button";
  EXPECT_EQ(form.body.find("value=\"published\""), std::string::npos) << "no publish button";

  Fields submit = ArticleFields("Le fleuve déborde", "1", "review");
  submit.push_back({"csrf", rita.csrf});
  ASSERT_EQ(Post(url, rita, submit).status, 303);
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kReview);

  const int revision = Article(id).revision;
  Fields publish =
      ArticleFields("Le fleuve déborde (publié)", std::to_string(revision), "published");
  publish.push_back({"csrf", rita.csrf});
  ClientResponse refused = Post(url, rita, publish);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("Le fleuve déborde (publié)"), std::string::npos)
      << "typed text kept";
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kReview);
  EXPECT_EQ(Article(id).revision, revision);
  EXPECT_EQ(Article(id).title, "Le fleuve déborde");

  FollowChanges();
  ClientResponse before = Send("GET", "/fr/monde/le-fleuve-deborde");
  EXPECT_EQ(before.status, 404);

  Session ed = Login("ed");
  publish.back().second = ed.csrf;
  ClientResponse published = Post(url, ed, publish);
  ASSERT_EQ(published.status, 303) << published.body;
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kPublished);
  FollowChanges();
  ClientResponse page = Send("GET", "/fr/monde/le-fleuve-deborde");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Le fleuve déborde (publié)"), std::string::npos);

  auto audit = store_->ListAudit(id, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 3u);
  EXPECT_EQ((*audit)[0].action, "publish");
  EXPECT_EQ((*audit)[0].username, "ed");
}

TEST_F(AdminTest, StaleSaveIsRefusedWithAClearMessageAndNothingIsLost) {
  Session ed = Login("ed");
  Session eve = Login("eve");
  const model::Id id = Create(ed, "Version commune");
  const std::string url = "/admin/articles/" + std::to_string(id);
  Fields mine = ArticleFields("Version de Ed", "1", "save", "<p>Texte d'Ed</p>");
  mine.push_back({"csrf", ed.csrf});
  ASSERT_EQ(Post(url, ed, mine).status, 303);
  Fields theirs = ArticleFields("Version d'Eve", "1", "save", "<p>Long texte d'Eve</p>");
  theirs.push_back({"csrf", eve.csrf});
  ClientResponse stale = Post(url, eve, theirs);
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("Someone else saved this article"), std::string::npos);
  EXPECT_NE(stale.body.find("Long texte d&apos;Eve"), std::string::npos) << stale.body;
  EXPECT_NE(stale.body.find("value=\"Version d&apos;Eve\""), std::string::npos);
  const model::Article now = Article(id);
  EXPECT_EQ(now.title, "Version de Ed");
  EXPECT_EQ(now.revision, 2);
}

TEST_F(AdminTest, InvalidFormKeepsWhatWasTypedAndNamesTheField) {
  Session rita = Login("rita");
  Fields f = ArticleFields("", "0", "save", "<p>Mon long texte</p>");
  f.push_back({"csrf", rita.csrf});
  ClientResponse r = Post("/admin/articles/new", rita, f);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("The title is required"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;p&gt;Mon long texte&lt;/p&gt;"), std::string::npos);
  EXPECT_NE(
      r.body.find("name=\"title\" value=\"\" maxlength=\"300\" required aria-invalid=\"true\""),
      std::string::npos);
  EXPECT_TRUE(store_->ListWork({})->empty());
}

TEST_F(AdminTest, BodyIsSanitizedOnSaveAndPreviewIsThePublicPage) {
  Session rita = Login("rita");
  Fields f = ArticleFields("Titre sûr", "0", "save",
                           "<p>Bonjour<script>alert(1)</script></p><img src=x onerror=alert(2)>"
                           "<a href=\"javascript:alert(3)\">lien</a>");
  f.push_back({"csrf", rita.csrf});
  ClientResponse r = Post("/admin/articles/new", rita, f);
  ASSERT_EQ(r.status, 303);
  const model::Id id = std::stoll(r.Header("location").substr(16));
  const std::string body = Article(id).body_html;
  EXPECT_EQ(body.find("script"), std::string::npos) << body;
  EXPECT_EQ(body.find("onerror"), std::string::npos) << body;
  EXPECT_EQ(body.find("javascript"), std::string::npos) << body;
  ClientResponse preview =
      Send("GET", "/admin/articles/" + std::to_string(id) + "/preview", {"Cookie: " + rita.cookie});
  ASSERT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("Titre sûr"), std::string::npos);
  EXPECT_NE(preview.body.find("<p>Bonjour</p>"), std::string::npos);
  EXPECT_EQ(preview.body.find("alert("), std::string::npos);
  EXPECT_NE(preview.Header("content-security-policy"), "");
}

TEST_F(AdminTest, RevisionsDiffAndRestore) {
  Session rita = Login("rita");
  const model::Id id = Create(rita, "Le chat dort");
  const std::string url = "/admin/articles/" + std::to_string(id);
  Fields f = ArticleFields("Le chien dort", "1", "save");
  f.push_back({"csrf", rita.csrf});
  ASSERT_EQ(Post(url, rita, f).status, 303);
  ClientResponse diff = Send("GET", url + "/revisions?from=1&to=2", {"Cookie: " + rita.cookie});
  ASSERT_EQ(diff.status, 200);
  EXPECT_NE(diff.body.find("<del>chat </del><ins>chien </ins>"), std::string::npos) << diff.body;
  ClientResponse restore =
      Post(url + "/restore", rita, {{"csrf", rita.csrf}, {"revision", "2"}, {"number", "1"}});
  ASSERT_EQ(restore.status, 303);
  EXPECT_EQ(Article(id).title, "Le chat dort");
  EXPECT_EQ(Article(id).revision, 3);
  ClientResponse again =
      Post(url + "/restore", rita, {{"csrf", rita.csrf}, {"revision", "2"}, {"number", "1"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Article(id).revision, 3);
}

TEST_F(AdminTest, EditorSchedulesAndTheSchedulerPublishesLater) {
  Session ed = Login("ed");
  const model::Id id = Create(ed, "Programmé pour demain");
  const std::string url = "/admin/articles/" + std::to_string(id);
  Fields past = ArticleFields("Programmé pour demain", "1", "scheduled");
  past.push_back({"csrf", ed.csrf});
  past.push_back({"scheduled_at", "2001-01-01T10:00"});
  ClientResponse refused = Post(url, ed, past);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("Give a publication time in the future"), std::string::npos);
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kDraft);

  const model::UnixSeconds tomorrow = services::SystemNow() + 24 * 3600;
  // The form's time is on the edition's clock (Europe/Paris here).
  const std::string when = services::ScheduleTimeValue(tomorrow, "Europe/Paris");
  Fields later = ArticleFields("Programmé pour demain", "1", "scheduled");
  later.push_back({"csrf", ed.csrf});
  later.push_back({"scheduled_at", when});
  ASSERT_EQ(Post(url, ed, later).status, 303);
  const model::Article scheduled = Article(id);
  EXPECT_EQ(scheduled.status, model::ArticleStatus::kScheduled);
  EXPECT_EQ(services::ScheduleTimeValue(*scheduled.scheduled_at, "Europe/Paris"), when);
  EXPECT_EQ(*services::PublishDueArticles(*store_, tomorrow - 3600), 0);
  EXPECT_EQ(*services::PublishDueArticles(*store_, tomorrow + 60), 1);
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kPublished);
}

TEST_F(AdminTest, LogoutEndsTheSessionAndAdministratorPagesAreForAdministrators) {
  Session rita = Login("rita");
  EXPECT_EQ(Send("GET", "/admin/users", {"Cookie: " + rita.cookie}).status, 403);
  EXPECT_EQ(Send("GET", "/admin/audit", {"Cookie: " + rita.cookie}).status, 403);
  ClientResponse out = Post("/admin/logout", rita, {{"csrf", rita.csrf}});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(Send("GET", "/admin", {"Cookie: " + rita.cookie}).status, 303);
}

// "Translate to…", the integrity report and side-by-side post-editing, with real Apertium.
class AdminTranslateTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(
        store_
            ->UpsertEdition({"es", "Gaceta — edición española", "es", "es_ES", "Europe/Madrid", 1})
            .ok());
    ASSERT_TRUE(accounts_->CreateUser("tina", "Tina", model::Role::kTranslator, kPassword).ok());
    services::TranslationSetup setup;
    setup.provider = [] {
      return model::Result<std::unique_ptr<translate::Provider>>(
          std::make_unique<translate::ApertiumProvider>());
    };
    editorial_->EnableTranslation(std::move(setup));
  }

  // A French article with numbers, a date and a time, created by `s`.
  model::Id CreateSource(const Session& s) {
    Fields f = {{"title", "Le budget de la défense"},
                {"lead", "Le gouvernement annonce 3 500 postes."},
                {"body", kSourceBody},
                {"edition", "fr"},
                {"section_id", section_id_},
                {"tags", ""},
                {"source", "AFP"},
                {"revision", "0"},
                {"action", "save"},
                {"csrf", s.csrf}};
    ClientResponse r = Post("/admin/articles/new", s, f);
    EXPECT_EQ(r.status, 303) << r.body;
    return std::stoll(r.Header("location").substr(std::string("/admin/articles/").size()));
  }

  ClientResponse Translate(const Session& s, model::Id id, const std::string& to,
                           bool with_csrf = true) {
    Fields f = {{"to", to}};
    if (with_csrf) f.push_back({"csrf", s.csrf});
    return Post("/admin/articles/" + std::to_string(id) + "/translate", s, f);
  }

  // The id in a "/admin/articles/<id>?..." location.
  static model::Id IdIn(const std::string& location) {
    return std::stoll(location.substr(std::string("/admin/articles/").size()));
  }

  std::int64_t CountIn(const std::string& edition) {
    storage::ArticleQuery q;
    q.edition = edition;
    q.published_only = false;
    auto n = store_->CountArticles(q);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  // Saves the translation's form as `s` with `body` and `action`.
  ClientResponse SaveTranslation(const Session& s, const model::Article& a, const std::string& body,
                                 const std::string& action) {
    Fields f = {{"title", a.title},
                {"lead", a.lead},
                {"body", body},
                {"edition", "es"},
                {"section_id", std::to_string(a.section_id)},
                {"tags", ""},
                {"source", a.source},
                {"revision", std::to_string(a.revision)},
                {"action", action},
                {"csrf", s.csrf}};
    return Post("/admin/articles/" + std::to_string(a.id), s, f);
  }

  static constexpr char kSourceBody[] =
      "<p>Le ministre a présenté le plan le 11/07/2024 à 08:32 devant 120 députés.</p>";
};

TEST_F(AdminTranslateTest, TranslatorCreatesTheLinkedDraftAndPostEditsBesideTheSource) {
  Session ed = Login("ed");
  const model::Id source = CreateSource(ed);
  Session tina = Login("tina");
  ClientResponse editor =
      Send("GET", "/admin/articles/" + std::to_string(source), {"Cookie: " + tina.cookie});
  ASSERT_EQ(editor.status, 200);
  EXPECT_NE(editor.body.find("action=\"/admin/articles/" + std::to_string(source) + "/translate\""),
            std::string::npos);
  EXPECT_NE(editor.body.find("<option value=\"es\">"), std::string::npos);
  EXPECT_EQ(editor.body.find("<option value=\"fr\">Gazette"), std::string::npos)
      << "its own edition is not offered";

  ClientResponse made = Translate(tina, source, "es");
  ASSERT_EQ(made.status, 303) << made.body;
  const std::string location = made.Header("location");
  EXPECT_NE(location.find("?translated=1"), std::string::npos) << location;
  const model::Article draft = Article(IdIn(location));
  EXPECT_EQ(draft.edition, "es");
  EXPECT_EQ(draft.status, model::ArticleStatus::kDraft);
  EXPECT_EQ(draft.translation_group, source);
  EXPECT_NE(draft.title, "Le budget de la défense");
  for (const char* kept : {"11/07/2024", "08:32", "120"}) {
    EXPECT_NE(draft.body_html.find(kept), std::string::npos) << kept << " in " << draft.body_html;
  }
  auto report = store_->GetIntegrityReport(draft.id);
  ASSERT_TRUE(report.ok() && report->has_value());
  EXPECT_TRUE((*report)->ok()) << model::DescribeIssues(**report);
  EXPECT_EQ((*report)->machine_translation, "apertium");

  ClientResponse page = Send("GET", location, {"Cookie: " + tina.cookie});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Machine-translated draft created"), std::string::npos);
  EXPECT_NE(page.body.find("Machine translation — needs review (apertium)"), std::string::npos);
  EXPECT_NE(page.body.find("Integrity report"), std::string::npos);
  EXPECT_NE(page.body.find("No integrity problem"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"side-by-side\""), std::string::npos);
  EXPECT_NE(page.body.find("<h3 class=\"source-title\">Le budget de la défense</h3>"),
            std::string::npos);
  EXPECT_NE(page.body.find(kSourceBody), std::string::npos) << "the source body, read-only";
  EXPECT_NE(page.body.find("name=\"title\""), std::string::npos) << "the translator edits";

  // Translating again leads to the same translation; nothing new.
  ClientResponse again = Translate(tina, source, "es");
  ASSERT_EQ(again.status, 303);
  EXPECT_EQ(IdIn(again.Header("location")), draft.id);
  EXPECT_NE(again.Header("location").find("translated=existing"), std::string::npos);
  EXPECT_EQ(CountIn("es"), 1);

  auto audit = store_->ListAudit(draft.id, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "translate");
  EXPECT_EQ((*audit)[0].username, "tina");
}

TEST_F(AdminTranslateTest, ErrorsShowInTheEditorAndChangeNothing) {
  Session ed = Login("ed");
  const model::Id source = CreateSource(ed);
  ClientResponse same = Translate(ed, source, "fr");
  EXPECT_EQ(same.status, 400);
  EXPECT_NE(same.body.find("could not be translated"), std::string::npos) << same.body;
  EXPECT_NE(same.body.find("already in edition"), std::string::npos);
  EXPECT_NE(same.body.find("name=\"title\""), std::string::npos) << "shown in the editor";
  ClientResponse unknown = Translate(ed, source, "xx");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no edition"), std::string::npos);
  ASSERT_TRUE(store_->UpsertEdition({"vi", "Báo", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 2}).ok());
  ClientResponse pair = Translate(ed, source, "vi");
  EXPECT_EQ(pair.status, 400) << pair.body;
  EXPECT_EQ(CountIn("es") + CountIn("vi"), 0);
  EXPECT_EQ(Article(source).revision, 1);
}

TEST_F(AdminTranslateTest, ReportersMayNotTranslateAndTheCsrfTokenIsRequired) {
  Session rita = Login("rita");
  const model::Id source = CreateSource(rita);
  ClientResponse editor =
      Send("GET", "/admin/articles/" + std::to_string(source), {"Cookie: " + rita.cookie});
  EXPECT_EQ(editor.body.find("/translate\""), std::string::npos) << "no form for reporters";
  EXPECT_EQ(Translate(rita, source, "es").status, 403);
  Session tina = Login("tina");
  EXPECT_EQ(Translate(tina, source, "es", false).status, 403);
  EXPECT_EQ(CountIn("es"), 0);
  auto audit = store_->ListAudit(0, 50);
  ASSERT_TRUE(audit.ok());
  for (const auto& e : *audit) EXPECT_NE(e.action, "translate");
}

TEST_F(AdminTranslateTest, AReportWithIssuesBlocksPublishingUntilTheTranslationIsFixed) {
  Session ed = Login("ed");
  const model::Id source = CreateSource(ed);
  Session tina = Login("tina");
  ClientResponse made = Translate(tina, source, "es");
  ASSERT_EQ(made.status, 303) << made.body;
  const model::Id id = IdIn(made.Header("location"));
  const model::Article draft = Article(id);
  const std::string url = "/admin/articles/" + std::to_string(id);

  // The translator loses the date while post-editing: the report is recomputed and blocks.
  std::string broken = draft.body_html;
  broken.replace(broken.find("11/07/2024"), 10, "ayer");
  ClientResponse saved = SaveTranslation(tina, draft, broken, "save");
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto report = store_->GetIntegrityReport(id);
  ASSERT_TRUE(report.ok() && report->has_value());
  ASSERT_FALSE((*report)->ok());
  EXPECT_EQ((*report)->missing, 1);
  EXPECT_EQ((*report)->machine_translation, "apertium") << "still needs review";
  ClientResponse page = Send("GET", url, {"Cookie: " + ed.cookie});
  EXPECT_NE(page.body.find("Blocks publication until fixed"), std::string::npos);
  EXPECT_NE(page.body.find("<td>Body</td><td>date &apos;11/07/2024&apos; of the source is missing"),
            std::string::npos)
      << page.body;

  ClientResponse refused = SaveTranslation(ed, Article(id), broken, "published");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("cannot be published"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("11/07/2024"), std::string::npos);
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kDraft);

  // Fixed: the recomputed report is clean and the editor publishes.
  ClientResponse published = SaveTranslation(ed, Article(id), draft.body_html, "published");
  ASSERT_EQ(published.status, 303) << published.body;
  EXPECT_EQ(Article(id).status, model::ArticleStatus::kPublished);
  report = store_->GetIntegrityReport(id);
  ASSERT_TRUE(report.ok() && report->has_value());
  EXPECT_TRUE((*report)->ok()) << model::DescribeIssues(**report);
  EXPECT_EQ((*report)->machine_translation, "") << "publishing is the review";
}

// The admin with a clock the test moves: "being edited by" marks and schedule times.
class AdminClockTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    server_->Stop();
    now_ = *text::ParseIso8601("2026-11-27T08:05:00Z");
    editorial_ = std::make_unique<services::Editorial>(*store_, [this] { return now_.load(); });
    admin_ = std::make_unique<AdminHandlers>(*accounts_, *editorial_, *reader_, *theme_,
                                             *admin_theme_, AdminOptions{});
    ServerOptions server_options;
    server_options.access_log = false;
    server_ = std::make_unique<Server>(server_options, MakeRoutes(*site_handlers_, admin_.get()));
    ASSERT_TRUE(server_->Start().ok());
  }

  ClientResponse Open(const Session& s, model::Id id) {
    return Send("GET", "/admin/articles/" + std::to_string(id), {"Cookie: " + s.cookie});
  }

  std::atomic<model::UnixSeconds> now_{0};
};

TEST_F(AdminClockTest, AnEditorWhoOpensAnArticleSeesWhoElseIsEditingIt) {
  Session ed = Login("ed");
  Session eve = Login("eve");
  const model::Id id = Create(ed, "Un article à deux");
  ClientResponse first = Open(ed, id);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.find("is editing this article"), std::string::npos) << "nobody else yet";

  // 08:05 UTC is 09:05 in Paris, the edition's zone.
  ClientResponse second = Open(eve, id);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Ed is editing this article (since 09:05)."), std::string::npos)
      << second.body;
  ClientResponse french = Send("GET", "/admin/articles/" + std::to_string(id),
                               {"Cookie: " + eve.cookie, "Accept-Language: fr-FR"});
  EXPECT_NE(french.body.find("Ed modifie cet article (depuis 09:05)."), std::string::npos);
  // And ed now sees eve, who opened it at 09:05 too.
  EXPECT_NE(Open(ed, id).body.find("Eve is editing this article"), std::string::npos);

  // The editor script's ping keeps the mark alive; without it, it lapses after 5 minutes.
  now_ += 4 * 60;
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(id) + "/editing", ed, {}).status, 403)
      << "the ping needs the csrf token";
  ClientResponse ping =
      Post("/admin/articles/" + std::to_string(id) + "/editing", ed, {{"csrf", ed.csrf}});
  EXPECT_EQ(ping.status, 204);
  now_ += 4 * 60;  // ed pinged 4 minutes ago, eve opened 8 minutes ago
  ClientResponse later = Open(eve, id);
  EXPECT_NE(later.body.find("Ed is editing this article (since 09:05)."), std::string::npos);
  now_ += 6 * 60;
  EXPECT_EQ(Open(eve, id).body.find("Ed is editing"), std::string::npos) << "lapsed";

  // Saving refreshes the mark; "save and close" ends it.
  Fields save = ArticleFields("Un article à deux", std::to_string(Article(id).revision), "save");
  save.push_back({"csrf", ed.csrf});
  ASSERT_EQ(Post("/admin/articles/" + std::to_string(id), ed, save).status, 303);
  EXPECT_NE(Open(eve, id).body.find("Ed is editing this article (since 09:19)."),
            std::string::npos);
  Fields close =
      ArticleFields("Un article à deux", std::to_string(Article(id).revision), "save_close");
  close.push_back({"csrf", ed.csrf});
  ClientResponse closed = Post("/admin/articles/" + std::to_string(id), ed, close);
  ASSERT_EQ(closed.status, 303);
  EXPECT_EQ(closed.Header("location"), "/admin/articles?saved=1");
  EXPECT_EQ(Open(eve, id).body.find("Ed is editing"), std::string::npos) << "closed";
  EXPECT_EQ(Post("/admin/articles/999999/editing", ed, {{"csrf", ed.csrf}}).status, 404);
}

TEST_F(AdminClockTest, ScheduleTimesAreReadAndShownInTheEditionsTimeZone) {
  ASSERT_TRUE(
      store_->UpsertEdition({"vi", "Gazette — tiếng Việt", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 1})
          .ok());
  auto section = store_->EnsureSection("vi", {"Thế giới"});
  ASSERT_TRUE(section.ok());
  Session ed = Login("ed");
  Fields f = {{"title", "Lịch đăng bài"},
              {"lead", ""},
              {"body", "<p>Nội dung</p>"},
              {"edition", "vi"},
              {"tags", ""},
              {"source", ""},
              {"section_id", std::to_string(section->id)},
              {"revision", "0"},
              {"action", "save"},
              {"csrf", ed.csrf}};
  ClientResponse created = Post("/admin/articles/new", ed, f);
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string url =
      created.Header("location").substr(0, created.Header("location").find('?'));
  const model::Id id = std::stoll(url.substr(std::string("/admin/articles/").size()));

  ClientResponse form = Send("GET", url, {"Cookie: " + ed.cookie});
  EXPECT_NE(form.body.find("(Asia/Ho_Chi_Minh)</label>"), std::string::npos);
  for (auto& [k, v] : f) {
    if (k == "action") v = "scheduled";
    if (k == "revision") v = std::to_string(Article(id).revision);
  }
  f.push_back({"scheduled_at", "2026-12-01T09:00"});
  ClientResponse scheduled = Post(url, ed, f);
  ASSERT_EQ(scheduled.status, 303) << scheduled.body;
  const model::Article a = Article(id);
  EXPECT_EQ(a.status, model::ArticleStatus::kScheduled);
  ASSERT_TRUE(a.scheduled_at.has_value());
  EXPECT_EQ(render::FormatIso8601Z(*a.scheduled_at), "2026-12-01T02:00:00Z");
  EXPECT_EQ(render::FormatIso8601Z(*a.published_at), "2026-12-01T02:00:00Z");
  EXPECT_EQ(*services::PublishDueArticles(*store_, *text::ParseIso8601("2026-12-01T01:59:00Z")), 0);
  // The form shows it back on the edition's clock.
  form = Send("GET", url, {"Cookie: " + ed.cookie});
  EXPECT_NE(form.body.find("scheduled for <time>2026-12-01 09:00 (Asia/Ho_Chi_Minh)</time>"),
            std::string::npos)
      << form.body;
  // Unscheduled, it is a draft again, without a time.
  for (auto& [k, v] : f) {
    if (k == "action") v = "draft";
    if (k == "revision") v = std::to_string(Article(id).revision);
  }
  ASSERT_EQ(Post(url, ed, f).status, 303);
  EXPECT_EQ(Article(id).scheduled_at, std::nullopt);
}

TEST_F(AdminTest, ReportersChangeOnlyTheirOwnArticles) {
  Session ed = Login("ed");
  Session rita = Login("rita");
  const model::Id theirs = Create(ed, "L'article d'Ed");
  const model::Article before = Article(theirs);
  const std::string url = "/admin/articles/" + std::to_string(theirs);

  // Read-only for rita: no body field, no buttons, a notice.
  ClientResponse page = Send("GET", url, {"Cookie: " + rita.cookie});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Reporters change only their own articles"), std::string::npos);
  EXPECT_EQ(page.body.find("name=\"body\""), std::string::npos);
  EXPECT_EQ(page.body.find("name=\"action\""), std::string::npos);
  EXPECT_NE(page.body.find("<section class=\"card read-only\""), std::string::npos);
  EXPECT_NE(page.body.find("<p>Corps</p>"), std::string::npos) << "the body, read-only";

  for (const char* action : {"save", "review", "save_close"}) {
    Fields f = ArticleFields("Réécrit par Rita", std::to_string(before.revision), action);
    f.push_back({"csrf", rita.csrf});
    ClientResponse r = Post(url, rita, f);
    EXPECT_EQ(r.status, 403) << action;
    EXPECT_NE(r.body.find("only their own articles"), std::string::npos) << r.body;
  }
  ClientResponse restore =
      Post(url + "/restore", rita, {{"csrf", rita.csrf}, {"number", "1"}, {"revision", "1"}});
  EXPECT_EQ(restore.status, 403);
  const model::Article after = Article(theirs);
  EXPECT_EQ(after.revision, before.revision);
  EXPECT_EQ(after.title, before.title);
  EXPECT_EQ(after.status, model::ArticleStatus::kDraft);
  // Opening it did not mark rita as editing it.
  EXPECT_EQ(Send("GET", url, {"Cookie: " + ed.cookie}).body.find("Rita is editing"),
            std::string::npos);

  // Her own draft she edits and submits.
  const model::Id mine = Create(rita, "L'article de Rita");
  Fields f = ArticleFields("L'article de Rita, revu", "1", "review");
  f.push_back({"csrf", rita.csrf});
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(mine), rita, f).status, 303);
  EXPECT_EQ(Article(mine).status, model::ArticleStatus::kReview);

  // An article with her byline is hers too (authors are names: her display name).
  auto author = store_->EnsureAuthor("Rita");
  ASSERT_TRUE(author.ok());
  model::Article bylined = Article(theirs);
  bylined.author_ids = {author->id};
  ASSERT_TRUE(store_->SaveArticle(bylined, "ed").ok());
  Fields g = ArticleFields("Signé Rita", std::to_string(Article(theirs).revision), "save");
  g.push_back({"csrf", rita.csrf});
  EXPECT_EQ(Post(url, rita, g).status, 303);
  EXPECT_EQ(Article(theirs).title, "Signé Rita");
}

TEST_F(AdminTest, RefusalsOfArticleChangesSpeakTheAdminsLanguage) {
  Session ed = Login("ed");
  Session rita = Login("rita");
  const model::Id theirs = Create(ed, "L'article d'Ed");
  const std::string url = "/admin/articles/" + std::to_string(theirs);
  auto french_post = [&](const Session& s, Fields f) {
    f.push_back({"csrf", s.csrf});
    return Send("POST", url, {"Cookie: " + s.cookie, "Accept-Language: fr-FR,fr;q=0.9"},
                FormBody(f));
  };

  ClientResponse not_hers =
      french_post(rita, ArticleFields("Réécrit", std::to_string(Article(theirs).revision), "save"));
  EXPECT_EQ(not_hers.status, 403);
  EXPECT_NE(not_hers.body.find("un reporter ne peut modifier que ses propres articles"),
            std::string::npos)
      << not_hers.body;
  EXPECT_EQ(not_hers.body.find("only their own articles"), std::string::npos);

  // The status name inside the message is translated too.
  model::Article published = Article(theirs);
  published.status = model::ArticleStatus::kPublished;
  published.published_at = 1720000000;
  ASSERT_TRUE(store_->SaveArticle(published, "ed").ok());
  ClientResponse too_late =
      french_post(rita, ArticleFields("Réécrit", std::to_string(Article(theirs).revision), "save"));
  EXPECT_EQ(too_late.status, 403);
  EXPECT_NE(too_late.body.find("ne permet pas de modifier un article à l’état « Publié »"),
            std::string::npos)
      << too_late.body;
  EXPECT_EQ(Article(theirs).title, "L'article d'Ed");
}

TEST_F(AdminTest, TheEditorScriptEnhancesTheBodyFieldWithoutInlineScript) {
  Session ed = Login("ed");
  const model::Id id = Create(ed, "Avec l'éditeur");
  ClientResponse page = Send("GET", "/admin/articles/" + std::to_string(id),
                             {"Cookie: " + ed.cookie, "Accept-Language: fr"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<script src=\"/admin/assets/editor.js\" defer></script>"),
            std::string::npos);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  // The textarea stays (forms work without JavaScript) and carries the toolbar's labels.
  EXPECT_NE(page.body.find("<textarea id=\"body\" name=\"body\""), std::string::npos);
  EXPECT_NE(page.body.find("data-label-bold=\"Gras\""), std::string::npos);
  EXPECT_NE(
      page.body.find("data-editing-url=\"/admin/articles/" + std::to_string(id) + "/editing\""),
      std::string::npos);
  ClientResponse css = Send("GET", "/admin/assets/editor.css");
  EXPECT_EQ(css.status, 200);
}

}  // namespace
}  // namespace gazette::http
