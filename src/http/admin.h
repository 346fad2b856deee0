// The newsroom admin under /admin: login, dashboard, article lists, the article form with its
// workflow actions, revisions (diff, restore), previews, users and the audit log. Handlers
// parse requests and draw pages; every rule lives in services/accounts.h and
// services/editorial.h. URLs are in routes.cc.
//
// Security: the session cookie is HttpOnly, SameSite=Lax, Path=/admin (+ Secure when
// configured); every POST carries a CSRF token checked against the session (the login form
// uses a double-submit cookie); every admin response carries a CSP without inline script,
// X-Content-Type-Options: nosniff, frame-ancestors 'none', a Referrer-Policy and no-store.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "http/message.h"
#include "http/static_files.h"
#include "render/admin_theme.h"
#include "render/theme.h"
#include "services/accounts.h"
#include "services/catalog.h"
#include "services/editorial.h"
#include "services/media_library.h"
#include "services/site_reader.h"

namespace gazette::http {

struct AdminOptions {
  bool secure_cookie = false;  // add Secure to cookies (the site is served over HTTPS)
};

class AdminHandlers {
 public:
  AdminHandlers(services::Accounts& accounts, services::Editorial& editorial,
                services::SiteReader& reader, const render::Theme& site_theme,
                const render::AdminTheme& theme, AdminOptions options);
  ~AdminHandlers();

  Response Home(const Request& request);
  Response LoginForm(const Request& request);
  Response Login(const Request& request);
  Response Logout(const Request& request);
  Response Articles(const Request& request);
  Response NewArticle(const Request& request);
  Response CreateArticle(const Request& request);
  Response EditArticle(const Request& request, const std::string& id);
  Response SaveArticle(const Request& request, const std::string& id);
  // "Translate to…": machine-translates the article into the edition of the form's `to` field
  // and redirects to the draft (or to the translation that already exists).
  Response TranslateArticle(const Request& request, const std::string& id);
  Response Preview(const Request& request, const std::string& id);
  Response Revisions(const Request& request, const std::string& id);
  Response Restore(const Request& request, const std::string& id);
  Response Users(const Request& request);
  Response EndSessions(const Request& request, const std::string& id);
  Response Audit(const Request& request);
  // Sections, tags, authors, editions (read-only), featured placements and user management
  // (admin_catalog.cc, rules in services/catalog.h). Until EnableCatalog is called, their
  // pages answer 404. Editors and administrators manage the catalog and placements;
  // administrators the users and editions.
  void EnableCatalog(services::Catalog& catalog);
  Response Sections(const Request& request);
  Response CreateSection(const Request& request);
  Response EditSection(const Request& request, const std::string& id);
  Response SaveSection(const Request& request, const std::string& id);
  Response DeleteSection(const Request& request, const std::string& id);
  Response Tags(const Request& request);
  Response CreateTag(const Request& request);
  Response EditTag(const Request& request, const std::string& id);
  Response SaveTag(const Request& request, const std::string& id);
  Response DeleteTag(const Request& request, const std::string& id);
  Response Authors(const Request& request);
  Response CreateAuthor(const Request& request);
  Response EditAuthor(const Request& request, const std::string& id);
  Response SaveAuthor(const Request& request, const std::string& id);
  Response DeleteAuthor(const Request& request, const std::string& id);
  Response Editions(const Request& request);
  // GET ?edition=&slot=&q=: the slot's featured list and articles to add; POST: one edit
  // (fields edition, slot, action add/remove/up/down, article_id).
  Response Placements(const Request& request);
  Response EditPlacements(const Request& request);
  Response CreateUser(const Request& request);
  Response SetUserRole(const Request& request, const std::string& id);
  Response SetUserDisabled(const Request& request, const std::string& id, bool disabled);
  Response Asset(const Request& request, const std::string& file);
  // The editor's periodic "still editing" (POST with the csrf field): 204, or 403/404.
  Response EditingPing(const Request& request, const std::string& id);

  // The media library (admin_media.cc). Without EnableMedia its pages answer 404.
  void EnableMedia(services::MediaLibrary& media) { media_ = &media; }
  // GET /admin/media: search, list and (with ?article=<id>) pick an article's main image.
  Response MediaLibraryPage(const Request& request);
  // POST /admin/media/upload (multipart/form-data): a new image; with the `article` field it
  // becomes that article's main image.
  Response UploadMedia(const Request& request);
  Response EditMedia(const Request& request, const std::string& id);
  Response SaveMedia(const Request& request, const std::string& id);
  Response DeleteMedia(const Request& request, const std::string& id);
  // POST /admin/articles/{id}/image: `image_id` becomes the main image ("" removes it).
  Response SetArticleImage(const Request& request, const std::string& id);
  // Any other /admin path.
  Response NotFound(const Request& request);

 private:
  // One request as the admin sees it: its language, session token and user.
  struct Context {
    const Request& request;
    std::string language = "en";                 // "fr" or "en", from Accept-Language
    std::string token;                           // the session cookie's token ("" when none)
    std::optional<services::Authenticated> who;  // the logged-in user, if any
  };
  using Form = std::map<std::string, std::string>;

  Context Open(const Request& request);
  // For POSTs: the session must exist and the form's csrf field must match it. Returns the
  // response to send instead (redirect to login, or 403) when it does not.
  std::optional<Response> CheckPost(const Context& ctx, const Form& form);
  Response Page(const Context& ctx, int status, const std::string& name, render::ViewData data,
                const std::string& title);
  Response Message(const Context& ctx, int status, const std::string& message,
                   const std::string& back_url = "/admin");
  Response ErrorPage(const Context& ctx, const model::Error& error);
  Response LoginPage(const Context& ctx, int status, const std::string& username,
                     const std::string& error, const std::string& notice);
  Response ArticleForm(const Context& ctx, int status, const model::Article* article,
                       const Form& form, const std::string& error, const std::string& field,
                       const std::string& notice);
  // The form's fields as the stored article has them.
  model::Result<Form> FormOf(const model::Article& article);
  // The integrity report, the source article of a translation and the "Translate to…" form.
  model::Status AddTranslationViews(const Context& ctx, const model::Article& article,
                                    render::ViewData& data);
  // "Being edited by": who else has the article open; a notice for reporters about articles
  // that are not theirs (`own` false); the edition's time zone for the schedule field.
  model::Status AddEditingViews(const Context& ctx, const model::Article& article, bool own,
                                render::ViewData& data);
  // Records that the user has `article` open, when they may edit it.
  model::Status MarkEditing(const Context& ctx, const model::Article& article);
  render::ViewData Rows(const Context& ctx, const std::vector<model::Article>& articles);
  // The library page with the upload form refilled from `form` (admin_media.cc).
  Response LibraryPage(const Context& ctx, int status, const Form& form, const std::string& error,
                       const std::string& field);
  Response MediaForm(const Context& ctx, int status, const model::Media& media, const Form& form,
                     const std::string& error, const std::string& field, const std::string& notice);
  // The article form's main image box (admin_media.cc).
  model::Status AddImageView(const Context& ctx, const model::Article& article,
                             render::ViewData& data);
  std::string T(const Context& ctx, const std::string& key) const;
  // A service's error message in the admin's language when the catalog knows it, else as it
  // is (admin_errors.cc).
  std::string ErrorText(const Context& ctx, const model::Error& error) const;

  // admin_catalog.cc. The gate answers instead when the user may not use a catalog page
  // (login redirect, 404 without a catalog, 403); CatalogPost also checks the CSRF token.
  std::optional<Response> CatalogGate(const Context& ctx, bool administrators_only);
  std::optional<Response> CatalogPost(const Context& ctx, const Form& form,
                                      bool administrators_only);
  // The known edition to show (`asked`, else the default), with the edition options.
  model::Result<std::string> ChosenEdition(const std::string& asked, render::ViewData& data);
  Response SectionsPage(const Context& ctx, int status, const std::string& edition,
                        const Form& form, const std::string& error, const std::string& field,
                        const std::string& notice);
  Response TagsPage(const Context& ctx, int status, const std::string& edition, const Form& form,
                    const std::string& error, const std::string& field, const std::string& notice);
  Response AuthorsPage(const Context& ctx, int status, const Form& form, const std::string& error,
                       const std::string& field, const std::string& notice);
  // The edit page of one catalog entry, `form` holding the values shown.
  Response EntryForm(const Context& ctx, int status, const model::Section& section,
                     const Form& form, const std::string& error, const std::string& field,
                     const std::string& notice);
  Response EntryForm(const Context& ctx, int status, const model::Tag& tag, const Form& form,
                     const std::string& error, const std::string& field, const std::string& notice);
  Response EntryForm(const Context& ctx, int status, const model::Author& author, const Form& form,
                     const std::string& error, const std::string& field, const std::string& notice);
  // Sections, tags and authors share the shape of their edit, save and delete handlers;
  // `Kind` (admin_catalog.cc) says how one kind of entry is loaded, read from a form, saved,
  // deleted and addressed.
  template <typename Kind>
  Response EditEntry(const Request& request, const std::string& id_text);
  template <typename Kind>
  Response SaveEntry(const Request& request, const std::string& id_text);
  template <typename Kind>
  Response DeleteEntry(const Request& request, const std::string& id_text);
  Response PlacementsPage(const Context& ctx, int status, const std::string& edition,
                          const std::string& slot, const std::string& query,
                          const std::string& error, const std::string& notice);
  Response UsersPage(const Context& ctx, int status, const Form& form, const std::string& error,
                     const std::string& field, const std::string& notice);

  services::Accounts& accounts_;
  services::Editorial& editorial_;
  services::SiteReader& reader_;
  const render::Theme& site_theme_;
  const render::AdminTheme& theme_;
  AdminOptions options_;
  StaticFiles assets_;
  services::Catalog* catalog_ = nullptr;
  services::MediaLibrary* media_ = nullptr;
};

// Adds the admin's security headers to `response`.
void AddAdminSecurityHeaders(Response& response);

// Parses application/x-www-form-urlencoded text; the first value of a repeated name wins.
std::map<std::string, std::string> ParseForm(std::string_view body);
// The value of cookie `name` in a Cookie header ("" when absent).
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace gazette::http
