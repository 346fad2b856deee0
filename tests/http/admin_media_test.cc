// The newsroom's media library end to end: a real store, the real server on a free loopback
// port, multipart uploads sent by a raw HTTP client, the public article page beside it.
#include <gtest/gtest.h>

#include <filesystem>
#include <vips/vips8>

#include "admin_forms.h"
#include "http/admin.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "model/site_paths.h"
#include "pg_database.h"
#include "render/admin_theme.h"
#include "render/theme.h"
#include "services/accounts.h"
#include "services/changes.h"
#include "services/editorial.h"
#include "services/media_library.h"
#include "services/site_reader.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::http {
namespace {

namespace fs = std::filesystem;
using testing::ClientResponse;
using testing::Fetch;
using testing::Fields;
using testing::FormBody;
using testing::HiddenValue;
using testing::SetCookieValue;
using vips::VImage;

constexpr char kPassword[] = "a long enough password";
constexpr char kBoundary[] = "----GazetteTestBoundary7MA4YWxk";

struct Upload {
  std::string filename;
  std::string bytes;
};

std::string MultipartBody(const Fields& fields, const std::optional<Upload>& file) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k +
            "\"\r\n\r\n" + v + "\r\n";
  }
  if (file) {
    body += std::string("--") + kBoundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file->filename +
            "\"\r\nContent-Type: image/jpeg\r\n\r\n" + file->bytes + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

std::string Jpeg(int width, int height) {
  VImage xyz = VImage::xyz(width, height);
  VImage image = xyz.bandjoin((xyz[0] + xyz[1]) / 2)
                     .cast(VIPS_FORMAT_UCHAR)
                     .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  image.set("exif-ifd0-Artist", "Secret Photographer");
  void* data = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(".jpg", &data, &size);
  std::string out(static_cast<const char*>(data), size);
  g_free(data);
  return out;
}

struct Session {
  std::string cookie;
  std::string csrf;
};

class AdminMediaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(VIPS_INIT("admin_media_test"), 0); }

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
    accounts_ = std::make_unique<services::Accounts>(*store_, options, services::SystemNow);
    ASSERT_TRUE(accounts_->CreateUser("rita", "Rita", model::Role::kReporter, kPassword).ok());
    ASSERT_TRUE(accounts_->CreateUser("ed", "Ed", model::Role::kEditor, kPassword).ok());
    ASSERT_TRUE(accounts_->CreateUser("tom", "Tom", model::Role::kTranslator, kPassword).ok());
    editorial_ = std::make_unique<services::Editorial>(*store_, services::SystemNow);
    services::MediaLibraryOptions media_options;
    media_options.media_dir = media_dir_;
    media_options.upload.limits.max_file_bytes = kMaxFile;
    media_ = std::make_unique<services::MediaLibrary>(*store_, media_options, services::SystemNow);

    auto theme = render::Theme::Load(GAZETTE_THEME_DIR);
    ASSERT_TRUE(theme.ok()) << theme.error().ToString();
    theme_ = std::move(*theme);
    auto admin_theme = render::AdminTheme::Load(GAZETTE_THEME_DIR "/../admin");
    ASSERT_TRUE(admin_theme.ok()) << admin_theme.error().ToString();
    admin_theme_ = std::move(*admin_theme);
    reader_ = std::make_unique<services::SiteReader>(*store_, site_);
    SiteOptions site_options;
    site_options.media_dir = media_dir_;
    site_options.page_cache = true;
    site_handlers_ = std::make_unique<SiteHandlers>(*reader_, *theme_, site_options);
    admin_ = std::make_unique<AdminHandlers>(*accounts_, *editorial_, *reader_, *theme_,
                                             *admin_theme_, AdminOptions{});
    admin_->EnableMedia(*media_);
    watcher_ = std::make_unique<services::ChangeWatcher>(*store_);
    ServerOptions server_options;
    server_options.access_log = false;
    server_options.upload_path = "/admin/media/upload";
    server_options.max_upload_bytes = kMaxFile + 64 * 1024;
    server_ = std::make_unique<Server>(server_options, MakeRoutes(*site_handlers_, admin_.get()));
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  ClientResponse Send(const std::string& method, const std::string& target,
                      const std::vector<std::string>& headers = {}, const std::string& body = {},
                      const std::string& type = "application/x-www-form-urlencoded") {
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto& h : headers) raw += h + "\r\n";
    if (method == "POST") {
      raw +=
          "Content-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    raw += "\r\n" + body;
    auto response = Fetch(server_->port(), raw);
    EXPECT_TRUE(response.has_value()) << method << " " << target;
    return response.value_or(ClientResponse{});
  }

  ClientResponse Post(const std::string& target, const Session& s, const Fields& fields) {
    return Send("POST", target, {"Cookie: " + s.cookie}, FormBody(fields));
  }

  ClientResponse PostUpload(const Session& s, const Fields& fields,
                            const std::optional<Upload>& file) {
    return Send("POST", "/admin/media/upload", {"Cookie: " + s.cookie}, MultipartBody(fields, file),
                std::string("multipart/form-data; boundary=") + kBoundary);
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
    ClientResponse home = Send("GET", "/admin", {"Cookie: " + s.cookie});
    s.csrf = HiddenValue(home.body, "csrf");
    EXPECT_EQ(s.csrf.size(), 64u);
    return s;
  }

  model::Id CreateArticle(const Session& s, const std::string& title) {
    ClientResponse r = Post("/admin/articles/new", s,
                            {{"csrf", s.csrf},
                             {"title", title},
                             {"lead", "Le chapeau"},
                             {"body", "<p>Corps</p>"},
                             {"edition", "fr"},
                             {"section_id", section_id_},
                             {"revision", "0"},
                             {"action", "save"}});
    EXPECT_EQ(r.status, 303) << r.body;
    return std::stoll(r.Header("location").substr(std::string("/admin/articles/").size()));
  }

  std::vector<model::Media> Library() {
    auto all = store_->SearchMedia({});
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<model::Media>{};
  }

  // What a serving process does between requests: evicts the pages the changes affect.
  void FollowChanges() {
    auto changes = watcher_->Poll();
    ASSERT_TRUE(changes.ok());
    site_handlers_->OnChanges(*changes);
  }

  std::size_t FilesInMedia() {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(media_dir_, ec)) n += e.is_regular_file();
    return n;
  }

  static constexpr std::size_t kMaxFile = 200 * 1024;
  gazette::testing::TempDir dir_;
  std::string media_dir_ = dir_ / "media";
  std::unique_ptr<storage::Store> store_;
  model::SiteInfo site_;
  std::string section_id_;
  std::unique_ptr<services::Accounts> accounts_;
  std::unique_ptr<services::Editorial> editorial_;
  std::unique_ptr<services::MediaLibrary> media_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<render::AdminTheme> admin_theme_;
  std::unique_ptr<services::SiteReader> reader_;
  std::unique_ptr<SiteHandlers> site_handlers_;
  std::unique_ptr<AdminHandlers> admin_;
  std::unique_ptr<services::ChangeWatcher> watcher_;
  std::unique_ptr<Server> server_;
};

TEST_F(AdminMediaTest, ReporterUploadsForAnArticleAndEditorPublishesWithSrcset) {
  const Session rita = Login("rita");
  const model::Id id = CreateArticle(rita, "Le sommet de Washington");
  const std::string article = std::to_string(id);

  // The article form offers the library; the library, opened for the article, the upload.
  ClientResponse form = Send("GET", "/admin/articles/" + article, {"Cookie: " + rita.cookie});
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("/admin/media?article=" + article), std::string::npos);
  ClientResponse library =
      Send("GET", "/admin/media?article=" + article, {"Cookie: " + rita.cookie});
  ASSERT_EQ(library.status, 200);
  EXPECT_NE(library.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  EXPECT_NE(library.body.find("value=\"le-sommet-de-washington\""), std::string::npos);

  ClientResponse uploaded = PostUpload(rita,
                                       {{"csrf", rita.csrf},
                                        {"article", article},
                                        {"title", "le-sommet-de-washington"},
                                        {"caption", "Le pupitre du sommet"},
                                        {"credit", "AFP"},
                                        {"alt", ""}},
                                       Upload{"DSC0001.JPG", Jpeg(1300, 700)});
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_EQ(uploaded.Header("location"), "/admin/articles/" + article + "?saved=1");
  auto items = Library();
  ASSERT_EQ(items.size(), 1u);
  const model::Media image = items[0];
  EXPECT_TRUE(image.file.ends_with("/le-sommet-de-washington.jpg")) << image.file;
  EXPECT_EQ(image.rendition_widths, (std::vector<int>{320, 640, 1024}));
  EXPECT_EQ((*store_->GetArticle(id))->image_id, image.id);
  const std::string stored = gazette::testing::ReadFile(fs::path(media_dir_) / image.file);
  EXPECT_EQ(stored.find("Secret Photographer"), std::string::npos);

  // No alt text yet: the editor's publish is refused with the reason, nothing changes.
  const Session ed = Login("ed");
  const int revision = (*store_->GetArticle(id))->revision;
  ClientResponse refused = Post("/admin/articles/" + article, ed,
                                {{"csrf", ed.csrf},
                                 {"title", "Le sommet de Washington"},
                                 {"lead", "Le chapeau"},
                                 {"body", "<p>Corps</p>"},
                                 {"edition", "fr"},
                                 {"section_id", section_id_},
                                 {"revision", std::to_string(revision)},
                                 {"action", "published"}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("alt text"), std::string::npos);
  EXPECT_EQ((*store_->GetArticle(id))->status, model::ArticleStatus::kDraft);

  // The reporter describes the picture; the editor publishes.
  ClientResponse described = Post("/admin/media/" + std::to_string(image.id), rita,
                                  {{"csrf", rita.csrf},
                                   {"alt", "Le secrétaire général au pupitre"},
                                   {"caption", "Le pupitre du sommet"},
                                   {"credit", "AFP"}});
  ASSERT_EQ(described.status, 303) << described.body;
  ClientResponse published = Post("/admin/articles/" + article, ed,
                                  {{"csrf", ed.csrf},
                                   {"title", "Le sommet de Washington"},
                                   {"lead", "Le chapeau"},
                                   {"body", "<p>Corps</p>"},
                                   {"edition", "fr"},
                                   {"section_id", section_id_},
                                   {"revision", std::to_string(revision)},
                                   {"action", "published"}});
  ASSERT_EQ(published.status, 303) << published.body;

  auto path = reader_->PathOf(*store_->GetArticle(id).value());
  ASSERT_TRUE(path.ok());
  ClientResponse page = Send("GET", *path);
  ASSERT_EQ(page.status, 200);
  const std::string stem = "/media/" + image.file.substr(0, image.file.size() - 4);
  EXPECT_NE(page.body.find("<source type=\"image/webp\" srcset=\"" + stem + "-320.webp 320w, " +
                           stem + "-640.webp 640w, " + stem + "-1024.webp 1024w\" sizes=\""),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<source type=\"image/jpeg\" srcset=\"" + stem + "-320.jpg 320w"),
            std::string::npos);
  EXPECT_NE(page.body.find("width=\"1300\" height=\"700\""), std::string::npos);
  EXPECT_NE(page.body.find("alt=\"Le secrétaire général au pupitre\""), std::string::npos);
  ClientResponse webp = Send("GET", stem + "-640.webp");
  EXPECT_EQ(webp.status, 200);
  EXPECT_EQ(webp.Header("content-type"), "image/webp");
}

TEST_F(AdminMediaTest, FakeOversizedAndMissingFilesAreRefusedKeepingWhatWasTyped) {
  const Session rita = Login("rita");
  const Fields typed = {{"csrf", rita.csrf},
                        {"title", "Crue"},
                        {"caption", "Les quais <inondés>"},
                        {"credit", "Reuters"},
                        {"alt", "Un quai sous l'eau"}};
  ClientResponse fake =
      PostUpload(rita, typed, Upload{"photo.jpg", "This is a text file named photo.jpg.\n"});
  EXPECT_EQ(fake.status, 400);
  EXPECT_NE(fake.body.find("not a supported image (found: text/plain)"), std::string::npos)
      << fake.body;
  EXPECT_NE(fake.body.find("Les quais &lt;inondés&gt;"), std::string::npos);
  EXPECT_NE(fake.body.find("value=\"Reuters\""), std::string::npos);
  EXPECT_NE(fake.body.find("Un quai sous l&apos;eau"), std::string::npos) << fake.body;

  // Bigger than the library's limit, within the server's: the library's clear message.
  std::string big = Jpeg(900, 900);
  while (big.size() <= kMaxFile) big += big;
  ClientResponse oversized =
      PostUpload(rita, typed, Upload{"big.jpg", big.substr(0, kMaxFile + 10)});
  EXPECT_EQ(oversized.status, 400);
  EXPECT_NE(oversized.body.find("the file is too large"), std::string::npos) << oversized.body;
  EXPECT_NE(oversized.body.find("value=\"Reuters\""), std::string::npos);
  // Bigger than the server takes (here its general 1 MiB limit): 413 before any handler.
  ClientResponse huge = PostUpload(rita, typed, Upload{"huge.jpg", std::string(3 << 20, 'x')});
  EXPECT_EQ(huge.status, 413);

  ClientResponse none = PostUpload(rita, typed, std::nullopt);
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("Choose an image file"), std::string::npos);

  ClientResponse garbled = Send("POST", "/admin/media/upload", {"Cookie: " + rita.cookie},
                                "--nope\r\n", "multipart/form-data; boundary=other");
  EXPECT_EQ(garbled.status, 400);
  EXPECT_NE(garbled.body.find("nothing was stored"), std::string::npos);

  EXPECT_TRUE(Library().empty());
  EXPECT_EQ(FilesInMedia(), 0u);
}

TEST_F(AdminMediaTest, AnImageIsDeletedOnlyOnceNoArticleShowsIt) {
  const Session ed = Login("ed");
  const Session rita = Login("rita");
  const model::Id article = CreateArticle(ed, "Crue du Mékong");
  ClientResponse uploaded = PostUpload(ed,
                                       {{"csrf", ed.csrf},
                                        {"title", "Crue du Mékong"},
                                        {"alt", "Un quai sous l'eau"},
                                        {"article", std::to_string(article)}},
                                       Upload{"crue.jpg", Jpeg(700, 400)});
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  ASSERT_EQ(Library().size(), 1u);
  const model::Media image = Library().front();
  const std::size_t files = FilesInMedia();
  ASSERT_GT(files, 1u);
  const std::string page_url = "/admin/media/" + std::to_string(image.id);
  const std::string delete_url = page_url + "/delete";
  const std::vector<std::string> french = {"Cookie: " + ed.cookie, "Accept-Language: fr"};

  // The page lists the article showing it, and offers no delete button.
  ClientResponse page = Send("GET", page_url, french);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Utilisée par"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/admin/articles/" + std::to_string(article) + "\">Crue du"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(page.body.find("action=\"" + delete_url + "\""), std::string::npos);

  // A forged delete is refused with the reason, and nothing is removed.
  ClientResponse in_use = Send("POST", delete_url, french, FormBody({{"csrf", ed.csrf}}));
  EXPECT_EQ(in_use.status, 409);
  EXPECT_NE(in_use.body.find("l’image est l’image principale de 1 article(s)"), std::string::npos)
      << in_use.body;
  EXPECT_EQ(Library().size(), 1u);
  EXPECT_EQ(FilesInMedia(), files);

  // Once the article has no main image: reporters and requests without the token are still
  // refused, an editor deletes it.
  ASSERT_EQ(Post("/admin/articles/" + std::to_string(article) + "/image", ed,
                 {{"csrf", ed.csrf}, {"image_id", ""}})
                .status,
            303);
  EXPECT_EQ(Send("GET", page_url, french).body.find("Crue du"), std::string::npos);
  EXPECT_EQ(Post(delete_url, rita, {{"csrf", rita.csrf}}).status, 403);
  EXPECT_EQ(Post(delete_url, ed, {}).status, 403);
  EXPECT_EQ(Library().size(), 1u);
  EXPECT_EQ(FilesInMedia(), files);

  ClientResponse deleted = Post(delete_url, ed, {{"csrf", ed.csrf}});
  EXPECT_EQ(deleted.status, 303) << deleted.body;
  EXPECT_EQ(deleted.Header("location"), "/admin/media?done=deleted");
  EXPECT_TRUE(Library().empty());
  EXPECT_EQ(FilesInMedia(), 0u);
  EXPECT_EQ(Send("GET", model::MediaPath(image.file)).status, 404);
  EXPECT_EQ(Send("GET", page_url, {"Cookie: " + ed.cookie}).status, 404);
  EXPECT_EQ(Post(delete_url, ed, {{"csrf", ed.csrf}}).status, 404);
}

TEST_F(AdminMediaTest, CsrfAndRolesAreChecked) {
  const Session rita = Login("rita");
  const Upload good{"a.jpg", Jpeg(400, 300)};
  ClientResponse no_csrf = PostUpload(rita, {{"title", "x"}}, good);
  EXPECT_EQ(no_csrf.status, 403);
  ClientResponse wrong_csrf = PostUpload(rita, {{"csrf", std::string(64, 'a')}}, good);
  EXPECT_EQ(wrong_csrf.status, 403);
  ClientResponse anonymous = Send("POST", "/admin/media/upload", {}, MultipartBody({}, good),
                                  std::string("multipart/form-data; boundary=") + kBoundary);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/admin/login");

  const Session tom = Login("tom");
  ClientResponse translator = PostUpload(tom, {{"csrf", tom.csrf}}, good);
  EXPECT_EQ(translator.status, 403);
  EXPECT_TRUE(Library().empty());
  ClientResponse tom_library = Send("GET", "/admin/media", {"Cookie: " + tom.cookie});
  EXPECT_EQ(tom_library.status, 200);
  EXPECT_EQ(tom_library.body.find("enctype=\"multipart/form-data\""), std::string::npos);

  // A real upload, then edits without CSRF or by a translator change nothing.
  ClientResponse ok = PostUpload(rita, {{"csrf", rita.csrf}, {"alt", "Un graphique"}}, good);
  ASSERT_EQ(ok.status, 303) << ok.body;
  const model::Media m = Library().at(0);
  EXPECT_EQ(m.file.substr(m.file.rfind('/') + 1), "a.jpg");
  EXPECT_EQ(Post("/admin/media/" + std::to_string(m.id), rita, {{"alt", "x"}}).status, 403);
  EXPECT_EQ(
      Post("/admin/media/" + std::to_string(m.id), tom, {{"csrf", tom.csrf}, {"alt", "x"}}).status,
      403);
  ClientResponse too_long = Post("/admin/media/" + std::to_string(m.id), rita,
                                 {{"csrf", rita.csrf}, {"alt", std::string(600, 'a')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("longer than 500"), std::string::npos);
  EXPECT_EQ(Library().at(0).alt, "Un graphique");

  // Setting an article's image needs CSRF too.
  const model::Id id = CreateArticle(rita, "Un article");
  EXPECT_EQ(Post("/admin/articles/" + std::to_string(id) + "/image", rita,
                 {{"image_id", std::to_string(m.id)}})
                .status,
            403);
  EXPECT_FALSE((*store_->GetArticle(id))->image_id.has_value());
  ClientResponse set = Post("/admin/articles/" + std::to_string(id) + "/image", rita,
                            {{"csrf", rita.csrf}, {"image_id", std::to_string(m.id)}});
  EXPECT_EQ(set.status, 303);
  EXPECT_EQ((*store_->GetArticle(id))->image_id, m.id);
}

TEST_F(AdminMediaTest, LibrarySearchFindsByCaption) {
  const Session rita = Login("rita");
  ASSERT_EQ(PostUpload(rita, {{"csrf", rita.csrf}, {"caption", "Crue de la Seine"}},
                       Upload{"crue.jpg", Jpeg(400, 300)})
                .status,
            303);
  ASSERT_EQ(PostUpload(rita, {{"csrf", rita.csrf}, {"caption", "Sommet de l'OTAN"}},
                       Upload{"otan.jpg", Jpeg(400, 300)})
                .status,
            303);
  ClientResponse found = Send("GET", "/admin/media?q=seine", {"Cookie: " + rita.cookie});
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("Crue de la Seine"), std::string::npos);
  EXPECT_EQ(found.body.find("Sommet de l&apos;OTAN"), std::string::npos);
  EXPECT_NE(found.body.find("value=\"seine\""), std::string::npos);
  ClientResponse all = Send("GET", "/admin/media", {"Cookie: " + rita.cookie});
  // Not choosing for an article: no article field, a plain upload button, no empty captions.
  EXPECT_EQ(all.body.find("name=\"article\""), std::string::npos);
  EXPECT_EQ(all.body.find("Upload and use"), std::string::npos);
  EXPECT_EQ(all.body.find("<p></p>"), std::string::npos);
  EXPECT_NE(all.body.find("Sommet de l&apos;OTAN"), std::string::npos) << all.body;
}

TEST_F(AdminMediaTest, EditingAnImageUpdatesTheCachedPagesShowingIt) {
  const Session ed = Login("ed");
  const model::Id id = CreateArticle(ed, "La crue de la Seine");
  const std::string article = std::to_string(id);
  ASSERT_EQ(PostUpload(ed,
                       {{"csrf", ed.csrf},
                        {"article", article},
                        {"caption", "Le quai, mardi."},
                        {"credit", "AFP"},
                        {"alt", "Un quai inondé"}},
                       Upload{"crue.jpg", Jpeg(800, 500)})
                .status,
            303);
  const model::Media image = Library().at(0);
  const int revision = (*store_->GetArticle(id))->revision;
  ASSERT_EQ(Post("/admin/articles/" + article, ed,
                 {{"csrf", ed.csrf},
                  {"title", "La crue de la Seine"},
                  {"lead", "Le chapeau"},
                  {"body", "<p>Corps</p>"},
                  {"edition", "fr"},
                  {"section_id", section_id_},
                  {"revision", std::to_string(revision)},
                  {"action", "published"}})
                .status,
            303);
  FollowChanges();
  auto path = reader_->PathOf(*store_->GetArticle(id).value());
  ASSERT_TRUE(path.ok());
  ClientResponse first = Send("GET", *path);
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("Le quai, mardi."), std::string::npos);
  ClientResponse home = Send("GET", "/fr/");
  ASSERT_EQ(home.status, 200);
  ASSERT_NE(home.body.find("La crue de la Seine"), std::string::npos);

  const int article_revision = (*store_->GetArticle(id))->revision;
  ClientResponse edited = Post("/admin/media/" + std::to_string(image.id), ed,
                               {{"csrf", ed.csrf},
                                {"alt", "Le quai de la Tournelle sous l’eau"},
                                {"caption", "Le quai de la Tournelle, mardi matin."},
                                {"credit", "Reuters"}});
  ASSERT_EQ(edited.status, 303) << edited.body;
  // The page was cached: until the change feed is followed it still has the old caption.
  EXPECT_NE(Send("GET", *path).body.find("Le quai, mardi."), std::string::npos);
  FollowChanges();
  ClientResponse after = Send("GET", *path);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("Le quai de la Tournelle, mardi matin."), std::string::npos)
      << after.body;
  EXPECT_NE(after.body.find("Reuters"), std::string::npos);
  EXPECT_NE(after.body.find("alt=\"Le quai de la Tournelle sous l’eau\""), std::string::npos);
  EXPECT_EQ(after.body.find("Le quai, mardi."), std::string::npos);
  // The article itself did not change.
  EXPECT_EQ((*store_->GetArticle(id))->revision, article_revision);
}

}  // namespace
}  // namespace gazette::http
