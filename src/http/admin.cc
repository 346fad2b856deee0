#include "http/admin.h"

#include <charconv>

#include "http/errors.h"
#include "model/permissions.h"
#include "render/dates.h"

namespace gazette::http {

namespace {

using model::ArticleStatus;
using render::ViewData;

constexpr char kSessionCookie[] = "gazette_session";
constexpr char kLoginCookie[] = "gazette_login";

std::optional<model::Id> ParseId(std::string_view text) {
  model::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::optional<int> ParseInt(std::string_view text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// "2024-07-11 01:32 UTC".
std::string ShowTime(model::UnixSeconds t) {
  std::string iso = render::FormatIso8601Z(t);  // 2024-07-11T01:32:00Z
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string Get(const std::map<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

std::vector<std::string> SplitTags(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Textareas send CRLF line ends; keep LF.
std::string NormalizeNewlines(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

std::string CookieHeader(const std::string& name, const std::string& value, const std::string& path,
                         bool secure, bool clear) {
  std::string out = name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax";
  if (secure) out += "; Secure";
  if (clear) out += "; Max-Age=0";
  return out;
}

const ArticleStatus kStatuses[] = {ArticleStatus::kDraft, ArticleStatus::kReview,
                                   ArticleStatus::kScheduled, ArticleStatus::kPublished,
                                   ArticleStatus::kUnpublished};

}  // namespace

void AddAdminSecurityHeaders(Response& response) {
  response.SetHeader("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; "
                     "img-src 'self' data: https:; object-src 'none'; base-uri 'none'; "
                     "form-action 'self'; frame-ancestors 'none'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("Referrer-Policy", "same-origin");
  response.SetHeader("Cache-Control", "no-store");
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t amp = body.find('&', start);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(start, amp - start);
    const std::size_t eq = pair.find('=');
    std::string key = FormDecode(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
    if (!key.empty()) out.emplace(std::move(key), std::move(value));
    start = amp + 1;
  }
  return out;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t semi = header.find(';', start);
    if (semi == std::string_view::npos) semi = header.size();
    std::string_view part = header.substr(start, semi - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    start = semi + 1;
  }
  return {};
}

AdminHandlers::AdminHandlers(services::Accounts& accounts, services::Editorial& editorial,
                             services::SiteReader& reader, const render::Theme& site_theme,
                             const render::AdminTheme& theme, AdminOptions options)
    : accounts_(accounts),
      editorial_(editorial),
      reader_(reader),
      site_theme_(site_theme),
      theme_(theme),
      options_(options),
      assets_(theme.AssetsDir()) {}

AdminHandlers::~AdminHandlers() = default;

std::string AdminHandlers::T(const Context& ctx, const std::string& key) const {
  return theme_.Message(key, ctx.language);
}

AdminHandlers::Context AdminHandlers::Open(const Request& request) {
  Context ctx{request, "en", {}, std::nullopt};
  const std::string_view accept = request.Header("accept-language");
  if (accept.size() >= 2 && EqualsIgnoreCase(accept.substr(0, 2), "fr")) ctx.language = "fr";
  ctx.token = CookieValue(request.Header("cookie"), kSessionCookie);
  if (!ctx.token.empty()) {
    auto who = accounts_.Authenticate(ctx.token);
    if (who.ok() && who->has_value()) ctx.who = std::move(**who);
  }
  return ctx;
}

std::optional<Response> AdminHandlers::CheckPost(const Context& ctx, const Form& form) {
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (!services::Accounts::CsrfMatches(ctx.who->session, Get(form, "csrf"))) {
    return Message(ctx, 403, T(ctx, "csrf_failed"));
  }
  return std::nullopt;
}

Response AdminHandlers::Page(const Context& ctx, int status, const std::string& name, ViewData data,
                             const std::string& title) {
  data.Set("page_title", title);
  if (ctx.who) {
    const model::User& u = ctx.who->user;
    ViewData me;
    me.Set("display_name", u.display_name.empty() ? u.username : u.display_name)
        .Set("role_label", T(ctx, std::string("role_") + model::RoleName(u.role)))
        .Set("csrf", ctx.who->session.csrf_token)
        .Flag("is_admin", model::MayManageUsers(u.role))
        .Flag("may_catalog", model::MayManageCatalog(u.role));
    data.Nest("me", std::move(me));
    data.Set("csrf", ctx.who->session.csrf_token);
  }
  Response response = Response::Html(status, theme_.Render(name, data, ctx.language));
  response.SetHeader("Content-Language", ctx.language);
  return response;
}

Response AdminHandlers::Message(const Context& ctx, int status, const std::string& message,
                                const std::string& back_url) {
  ViewData data;
  data.Set("message", message).Set("back_url", back_url);
  const std::string title = status == 403   ? T(ctx, "forbidden")
                            : status == 404 ? T(ctx, "not_found")
                                            : T(ctx, "error_title");
  return Page(ctx, status, "message", std::move(data), title);
}

Response AdminHandlers::ErrorPage(const Context& ctx, const model::Error& error) {
  const int status = StatusForError(error.kind);
  if (error.kind == model::ErrorKind::kInternal) return Message(ctx, 500, T(ctx, "error_title"));
  return Message(ctx, status, ErrorText(ctx, error));
}

Response AdminHandlers::LoginPage(const Context& ctx, int status, const std::string& username,
                                  const std::string& error, const std::string& notice) {
  // Double-submit token for the login form: the same random value in a cookie and a field.
  std::string login_csrf = CookieValue(ctx.request.Header("cookie"), kLoginCookie);
  const bool fresh = login_csrf.size() != 64;
  if (fresh) login_csrf = services::Accounts::RandomToken();
  ViewData data;
  data.Set("username", username).Set("login_csrf", login_csrf);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  Context anonymous{ctx.request, ctx.language, {}, std::nullopt};
  Response response = Page(anonymous, status, "login", std::move(data), T(ctx, "login_title"));
  if (fresh) {
    response.headers.emplace_back(
        "Set-Cookie",
        CookieHeader(kLoginCookie, login_csrf, "/admin/login", options_.secure_cookie, false));
  }
  return response;
}

Response AdminHandlers::Home(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  const model::User& me = ctx.who->user;
  struct Box {
    const char* key;
    services::WorkQuery query;
  };
  std::vector<Box> boxes(4);
  boxes[0] = {"my_drafts", {}};
  boxes[0].query.status = ArticleStatus::kDraft;
  boxes[0].query.created_by = me.username;
  boxes[1] = {"in_review", {}};
  boxes[1].query.status = ArticleStatus::kReview;
  boxes[2] = {"scheduled_box", {}};
  boxes[2].query.status = ArticleStatus::kScheduled;
  boxes[3] = {"recently_published", {}};
  boxes[3].query.status = ArticleStatus::kPublished;
  ViewData data;
  for (Box& box : boxes) {
    box.query.limit = 10;
    auto list = editorial_.Work(box.query);
    if (!list.ok()) return ErrorPage(ctx, list.error());
    ViewData view = Rows(ctx, *list);
    view.Set("key", box.key).Set("heading", T(ctx, box.key)).Flag("has_rows", !list->empty());
    data.Add("boxes", std::move(view));
  }
  return Page(ctx, 200, "dashboard", std::move(data), T(ctx, "dashboard"));
}

ViewData AdminHandlers::Rows(const Context& ctx, const std::vector<model::Article>& articles) {
  ViewData view;
  for (const auto& a : articles) {
    ViewData row;
    row.Set("url", "/admin/articles/" + std::to_string(a.id))
        .Set("title", a.title)
        .Set("status", model::StatusName(a.status))
        .Set("status_label", T(ctx, std::string("status_") + model::StatusName(a.status)))
        .Set("edition", a.edition)
        .Set("updated", ShowTime(a.updated_at))
        .Set("updated_iso", render::FormatIso8601Z(a.updated_at));
    view.Add("rows", std::move(row));
  }
  return view;
}

Response AdminHandlers::LoginForm(const Request& request) {
  Context ctx = Open(request);
  if (ctx.who) return Response::Redirect(303, "/admin");
  return LoginPage(ctx, 200, "", "", request.QueryParam("bye") == "1" ? T(ctx, "logged_out") : "");
}

Response AdminHandlers::Login(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  const std::string cookie = CookieValue(request.Header("cookie"), kLoginCookie);
  const std::string submitted = Get(form, "login_csrf");
  if (cookie.size() != 64 || submitted != cookie) {
    return LoginPage(ctx, 403, Get(form, "username"), T(ctx, "csrf_failed"), "");
  }
  const std::string username = Get(form, "username");
  auto attempt = accounts_.Login(username, Get(form, "password"), request.remote_address,
                                 ctx.who ? ctx.token : std::string());
  if (!attempt.ok()) return ErrorPage(ctx, attempt.error());
  using Outcome = services::LoginAttempt::Outcome;
  if (attempt->outcome == Outcome::kThrottled) {
    Response response = LoginPage(ctx, 429, username, T(ctx, "too_many_attempts"), "");
    response.SetHeader("Retry-After", std::to_string(attempt->retry_after_seconds));
    return response;
  }
  if (attempt->outcome == Outcome::kRefused) {
    return LoginPage(ctx, 401, username, T(ctx, "wrong_credentials"), "");
  }
  Response response = Response::Redirect(303, "/admin");
  response.headers.emplace_back("Set-Cookie", CookieHeader(kSessionCookie, attempt->token, "/admin",
                                                           options_.secure_cookie, false));
  response.headers.emplace_back(
      "Set-Cookie", CookieHeader(kLoginCookie, "", "/admin/login", options_.secure_cookie, true));
  return response;
}

Response AdminHandlers::Logout(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  if (auto ended = accounts_.Logout(ctx.token); !ended.ok()) return ErrorPage(ctx, ended.error());
  Response response = Response::Redirect(303, "/admin/login?bye=1");
  response.headers.emplace_back(
      "Set-Cookie", CookieHeader(kSessionCookie, "", "/admin", options_.secure_cookie, true));
  return response;
}

Response AdminHandlers::Articles(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  services::WorkQuery query;
  const std::string status = request.QueryParam("status");
  query.status = model::ParseStatus(status);
  query.edition = request.QueryParam("edition");
  query.title_contains = request.QueryParam("q");
  const bool mine = request.QueryParam("mine") == "1";
  if (mine) query.created_by = ctx.who->user.username;
  query.limit = 100;
  auto list = editorial_.Work(query);
  if (!list.ok()) return ErrorPage(ctx, list.error());
  ViewData data = Rows(ctx, *list);
  data.Flag("has_rows", !list->empty()).Set("q", query.title_contains).Flag("mine", mine);
  if (request.QueryParam("saved") == "1") data.Set("notice", T(ctx, "saved"));
  for (ArticleStatus s : kStatuses) {
    ViewData option;
    option.Set("value", model::StatusName(s))
        .Set("label", T(ctx, std::string("status_") + model::StatusName(s)))
        .Flag("selected", query.status == s);
    data.Add("statuses", std::move(option));
  }
  auto editions = editorial_.Editions();
  if (!editions.ok()) return ErrorPage(ctx, editions.error());
  for (const auto& e : *editions) {
    ViewData option;
    option.Set("value", e.code).Set("label", e.name).Flag("selected", e.code == query.edition);
    data.Add("editions", std::move(option));
  }
  return Page(ctx, 200, "articles", std::move(data), T(ctx, "articles"));
}

Response AdminHandlers::ArticleForm(const Context& ctx, int status, const model::Article* article,
                                    const Form& form, const std::string& error,
                                    const std::string& field, const std::string& notice) {
  const model::User& me = ctx.who->user;
  ViewData data;
  ViewData fields;
  fields.Set("title", Get(form, "title"))
      .Set("lead", Get(form, "lead"))
      .Set("body", Get(form, "body"))
      .Set("tags", Get(form, "tags"))
      .Set("source", Get(form, "source"))
      .Set("edition", Get(form, "edition"))
      .Flag("title_invalid", field == "title")
      .Flag("lead_invalid", field == "lead")
      .Flag("body_invalid", field == "body_html")
      .Flag("section_invalid", field == "section_id")
      .Flag("locked_edition", article != nullptr);
  auto editions = editorial_.Editions();
  if (!editions.ok()) return ErrorPage(ctx, editions.error());
  std::string edition = Get(form, "edition");
  if (edition.empty() && !editions->empty()) edition = reader_.site().default_edition;
  for (const auto& e : *editions) {
    ViewData option;
    option.Set("value", e.code).Set("label", e.name).Flag("selected", e.code == edition);
    fields.Add("editions", std::move(option));
    auto sections = editorial_.Sections(e.code);
    if (!sections.ok()) return ErrorPage(ctx, sections.error());
    for (const auto& s : *sections) {
      std::string label = e.code + " · ";
      const auto chain = services::SectionChain(*sections, s.id);
      for (std::size_t i = 0; i < chain.size(); ++i) label += (i ? " / " : "") + chain[i].name;
      ViewData option;
      option.Set("value", std::to_string(s.id))
          .Set("label", label)
          .Flag("selected", Get(form, "section_id") == std::to_string(s.id));
      fields.Add("sections", std::move(option));
    }
  }
  const ArticleStatus current = article ? article->status : ArticleStatus::kDraft;
  const bool is_translation =
      article && article->translation_group != 0 && article->translation_group != article->id;
  bool own = true;  // reporters change only their own articles
  if (article) {
    auto may = editorial_.MayTouch(me, *article);
    if (!may.ok()) return ErrorPage(ctx, may.error());
    own = *may;
  }
  const bool may_edit = own && model::MayEdit(me.role, current, is_translation);
  if (may_edit) data.Nest("fields", std::move(fields));
  // One button per thing this user may do now; the first is the main one.
  bool first = true;
  auto add_action = [&](const std::string& value, const std::string& label) {
    ViewData action;
    action.Set("value", value).Set("label", label).Flag("primary", first);
    first = false;
    data.Add("actions", std::move(action));
  };
  if (may_edit) add_action("save", T(ctx, "action_save"));
  if (may_edit && article) add_action("save_close", T(ctx, "action_save_close"));
  bool can_schedule = false;
  for (ArticleStatus to : kStatuses) {
    if (!own || to == current || !model::MayTransition(me.role, current, to)) continue;
    if (!article && to != ArticleStatus::kReview) continue;
    add_action(model::StatusName(to), T(ctx, std::string("action_") + model::StatusName(to)));
    if (to == ArticleStatus::kScheduled) can_schedule = true;
  }
  if (article && !may_edit && first) {
    // Nothing this user may do here: the article, read-only, instead of an empty form.
    ViewData view;
    view.Set("title", article->title)
        .Set("lead", article->lead)
        .Set("body_html", article->body_html);
    data.Nest("read_only", std::move(view));
  }
  data.Flag("can_schedule", can_schedule)
      .Set("scheduled_at", Get(form, "scheduled_at"))
      .Flag("schedule_invalid", field == "scheduled_at");
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  if (article) {
    data.Set("article_id", std::to_string(article->id))
        .Set("action_url", "/admin/articles/" + std::to_string(article->id))
        .Set("status", model::StatusName(article->status))
        .Set("status_label", T(ctx, std::string("status_") + model::StatusName(article->status)))
        .Set("revision", Get(form, "revision"));
    if (article->status == ArticleStatus::kPublished) {
      auto path = reader_.PathOf(*article);
      if (path.ok()) data.Set("public_url", *path);
    }
    if (auto added = AddTranslationViews(ctx, *article, data); !added.ok()) {
      return ErrorPage(ctx, added.error());
    }
    if (auto added = AddEditingViews(ctx, *article, own, data); !added.ok()) {
      return ErrorPage(ctx, added.error());
    }
    if (auto added = AddImageView(ctx, *article, data); !added.ok()) {
      return ErrorPage(ctx, added.error());
    }
  } else {
    data.Set("action_url", "/admin/articles/new").Set("revision", "0");
  }
  return Page(ctx, status, "article_form", std::move(data),
              T(ctx, article ? "edit_article" : "new_article"));
}

Response AdminHandlers::NewArticle(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (!model::MayEdit(ctx.who->user.role, ArticleStatus::kDraft, false)) {
    return Message(ctx, 403, T(ctx, "forbidden"));
  }
  return ArticleForm(ctx, 200, nullptr, {}, "", "", "");
}

namespace {

services::ArticleFields FieldsFrom(const std::map<std::string, std::string>& form) {
  services::ArticleFields f;
  f.edition = Get(form, "edition");
  f.title = Get(form, "title");
  f.lead = NormalizeNewlines(Get(form, "lead"));
  f.body_html = NormalizeNewlines(Get(form, "body"));
  f.section_id = ParseId(Get(form, "section_id")).value_or(0);
  f.tags = SplitTags(Get(form, "tags"));
  f.source = Get(form, "source");
  return f;
}

}  // namespace

Response AdminHandlers::CreateArticle(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto created = editorial_.Create(ctx.who->user, FieldsFrom(form));
  if (!created.ok()) {
    const model::Error& e = created.error();
    if (e.kind == model::ErrorKind::kInvalidInput || e.kind == model::ErrorKind::kForbidden) {
      const std::string localized = T(ctx, "invalid_" + e.field);
      return ArticleForm(ctx, StatusForError(e.kind), nullptr, form,
                         localized.empty() ? ErrorText(ctx, e) : localized, e.field, "");
    }
    return ErrorPage(ctx, e);
  }
  std::string id = std::to_string(created->id);
  if (Get(form, "action") == "review") {
    auto moved = editorial_.Save(ctx.who->user, created->id, std::nullopt, created->revision,
                                 services::StatusChange{ArticleStatus::kReview, std::nullopt});
    if (!moved.ok()) return ErrorPage(ctx, moved.error());
  }
  return Response::Redirect(303, "/admin/articles/" + id + "?saved=1");
}

model::Result<AdminHandlers::Form> AdminHandlers::FormOf(const model::Article& a) {
  Form form;
  form["title"] = a.title;
  form["lead"] = a.lead;
  form["body"] = a.body_html;
  form["edition"] = a.edition;
  form["section_id"] = std::to_string(a.section_id);
  form["source"] = a.source;
  form["revision"] = std::to_string(a.revision);
  GAZETTE_ASSIGN_OR_RETURN(auto tags, editorial_.Tags(a.tag_ids));
  std::string tag_text;
  for (const auto& t : tags) tag_text += (tag_text.empty() ? "" : ", ") + t.name;
  form["tags"] = tag_text;
  if (a.scheduled_at) {
    GAZETTE_ASSIGN_OR_RETURN(const std::string zone, editorial_.EditionTimeZone(a.edition));
    form["scheduled_at"] = services::ScheduleTimeValue(*a.scheduled_at, zone);
  }
  return form;
}

Response AdminHandlers::EditArticle(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto article = editorial_.Get(*id);
  if (!article.ok()) return ErrorPage(ctx, article.error());
  if (!*article) return NotFound(request);
  const model::Article& a = **article;
  auto form = FormOf(a);
  if (!form.ok()) return ErrorPage(ctx, form.error());
  std::string notice;
  if (request.QueryParam("saved") == "1") notice = T(ctx, "saved");
  if (request.QueryParam("restored") == "1") notice = T(ctx, "restored");
  if (request.QueryParam("translated") == "1") notice = T(ctx, "translated");
  if (request.QueryParam("translated") == "existing") notice = T(ctx, "translation_exists");
  if (auto marked = MarkEditing(ctx, a); !marked.ok()) return ErrorPage(ctx, marked.error());
  return ArticleForm(ctx, 200, &a, *form, "", "", notice);
}

Response AdminHandlers::TranslateArticle(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  if (!model::MayTranslate(ctx.who->user.role)) return Message(ctx, 403, T(ctx, "forbidden"));
  auto article = editorial_.Get(*id);
  if (!article.ok()) return ErrorPage(ctx, article.error());
  if (!*article) return NotFound(request);
  auto done = editorial_.Translate(ctx.who->user, *id, Get(form, "to"));
  if (!done.ok()) {
    const model::Error& e = done.error();
    if (e.kind == model::ErrorKind::kInternal) return ErrorPage(ctx, e);
    // Shown in the editor, which is left as it was.
    auto fields = FormOf(**article);
    if (!fields.ok()) return ErrorPage(ctx, fields.error());
    return ArticleForm(ctx, StatusForError(e.kind), &**article, *fields,
                       T(ctx, "translate_failed") + " " + e.message, "", "");
  }
  return Response::Redirect(303, "/admin/articles/" + std::to_string(done->article.id) +
                                     (done->existing ? "?translated=existing" : "?translated=1"));
}

model::Status AdminHandlers::AddTranslationViews(const Context& ctx, const model::Article& article,
                                                 ViewData& data) {
  GAZETTE_ASSIGN_OR_RETURN(auto report, editorial_.Report(article.id));
  if (report) {
    const model::IntegrityReport& r = *report;
    ViewData view;
    view.Set("protected_items", std::to_string(r.protected_items))
        .Set("kept", std::to_string(r.kept))
        .Set("missing", std::to_string(r.missing))
        .Set("duplicated", std::to_string(r.duplicated))
        .Set("altered", std::to_string(r.altered))
        .Set("numbers_source", std::to_string(r.numbers_source))
        .Set("numbers_translation", std::to_string(r.numbers_translation))
        .Set("dates_source", std::to_string(r.dates_source))
        .Set("dates_translation", std::to_string(r.dates_translation))
        .Set("issue_count", std::to_string(r.issues.size()))
        .Flag("has_issues", !r.ok());
    if (!r.machine_translation.empty()) view.Set("machine_translation", r.machine_translation);
    for (const auto& issue : r.issues) {
      ViewData row;
      row.Set("field", T(ctx, "field_" + issue.field)).Set("detail", issue.detail);
      view.Add("issues", std::move(row));
    }
    data.Nest("report", std::move(view));
  }
  GAZETTE_ASSIGN_OR_RETURN(auto source, editorial_.SourceOf(article));
  if (source) {
    ViewData view;
    view.Set("id", std::to_string(source->id))
        .Set("edition", source->edition)
        .Set("title", source->title)
        .Set("lead", source->lead)
        .Set("body_html", source->body_html);
    data.Nest("source_article", std::move(view));
  }
  if (editorial_.TranslationEnabled() && model::MayTranslate(ctx.who->user.role)) {
    GAZETTE_ASSIGN_OR_RETURN(auto editions, editorial_.Editions());
    ViewData view;
    bool any = false;
    for (const auto& e : editions) {
      if (e.code == article.edition) continue;
      ViewData option;
      option.Set("value", e.code).Set("label", e.name);
      view.Add("editions", std::move(option));
      any = true;
    }
    view.Set("url", "/admin/articles/" + std::to_string(article.id) + "/translate");
    if (any) data.Nest("translate", std::move(view));
  }
  return model::Ok();
}

Response AdminHandlers::SaveArticle(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto article = editorial_.Get(*id);
  if (!article.ok()) return ErrorPage(ctx, article.error());
  if (!*article) return NotFound(request);
  const model::Article& current = **article;
  std::string action = Get(form, "action").empty() ? "save" : Get(form, "action");
  // "Save and close" ends this user's editing mark and goes back to the list.
  const bool close = action == "save_close";
  if (close) action = "save";
  std::optional<services::StatusChange> change;
  if (action != "save") {
    auto to = model::ParseStatus(action);
    if (!to) return Message(ctx, 400, "unknown action '" + action + "'");
    change = services::StatusChange{*to, std::nullopt};
    if (*to == ArticleStatus::kScheduled) {
      auto zone = editorial_.EditionTimeZone(current.edition);
      if (!zone.ok()) return ErrorPage(ctx, zone.error());
      change->at = services::ParseScheduleTime(Get(form, "scheduled_at"), *zone);
    }
  }
  const bool is_translation =
      current.translation_group != 0 && current.translation_group != current.id;
  std::optional<services::ArticleFields> fields;
  if (model::MayEdit(ctx.who->user.role, current.status, is_translation) ||
      form.count("title") != 0) {
    fields = FieldsFrom(form);
    if (fields->edition.empty()) fields->edition = current.edition;
  }
  const int expected = ParseInt(Get(form, "revision")).value_or(0);
  auto saved = editorial_.Save(ctx.who->user, *id, fields, expected, change);
  if (!saved.ok()) {
    const model::Error& e = saved.error();
    switch (e.kind) {
      case model::ErrorKind::kConflict: {
        const bool stale = e.message.find("someone else") != std::string::npos;
        return ArticleForm(ctx, 409, &current, form,
                           stale ? T(ctx, "stale_save") : ErrorText(ctx, e), "", "");
      }
      case model::ErrorKind::kInvalidInput: {
        const std::string localized = T(ctx, "invalid_" + e.field);
        return ArticleForm(ctx, 400, &current, form,
                           localized.empty() ? ErrorText(ctx, e) : localized, e.field, "");
      }
      case model::ErrorKind::kForbidden:
        return ArticleForm(ctx, 403, &current, form, T(ctx, "forbidden") + " " + ErrorText(ctx, e),
                           "", "");
      case model::ErrorKind::kIntegrity:
        return ArticleForm(ctx, 422, &current, form, T(ctx, "integrity_blocked") + " " + e.message,
                           "", "");
      default:
        return ErrorPage(ctx, e);
    }
  }
  if (close) {
    if (auto done = editorial_.StopEditing(ctx.who->user, *id); !done.ok()) {
      return ErrorPage(ctx, done.error());
    }
    return Response::Redirect(303, "/admin/articles?saved=1");
  }
  if (auto marked = MarkEditing(ctx, *saved); !marked.ok()) return ErrorPage(ctx, marked.error());
  return Response::Redirect(303, "/admin/articles/" + id_text + "?saved=1");
}

Response AdminHandlers::Preview(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto page = reader_.ArticleById(*id);
  if (!page.ok()) return ErrorPage(ctx, page.error());
  Response response = Response::Html(200, site_theme_.RenderArticle(reader_.site(), *page));
  response.SetHeader("X-Robots-Tag", "noindex");
  return response;
}

Response AdminHandlers::Revisions(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto revisions = editorial_.Revisions(*id);
  if (!revisions.ok()) return ErrorPage(ctx, revisions.error());
  if (revisions->empty()) return NotFound(request);
  const int latest = revisions->back().number;
  ViewData data;
  data.Set("article_id", id_text);
  for (auto it = revisions->rbegin(); it != revisions->rend(); ++it) {
    ViewData row;
    row.Set("number", std::to_string(it->number))
        .Set("saved", ShowTime(it->saved_at))
        .Set("saved_iso", render::FormatIso8601Z(it->saved_at))
        .Set("saved_by", it->saved_by)
        .Set("title", it->title)
        .Set("article_id", id_text)
        .Set("latest", std::to_string(latest))
        .Flag("current", it->number == latest);
    data.Add("revisions", std::move(row));
  }
  const auto from = ParseInt(request.QueryParam("from"));
  const auto to = ParseInt(request.QueryParam("to"));
  if (from && to) {
    auto diff = editorial_.Diff(*id, *from, *to);
    if (!diff.ok()) return ErrorPage(ctx, diff.error());
    ViewData view;
    view.Set("heading",
             T(ctx, "diff_heading") + " " + std::to_string(*from) + " → " + std::to_string(*to));
    auto part = [&](const char* label, const std::vector<text::DiffPiece>& pieces) {
      ViewData p;
      p.Set("label", T(ctx, label));
      for (const auto& piece : pieces) {
        ViewData v;
        v.Set("text", piece.text)
            .Flag("same", piece.kind == text::DiffPiece::Kind::kSame)
            .Flag("removed", piece.kind == text::DiffPiece::Kind::kRemoved)
            .Flag("added", piece.kind == text::DiffPiece::Kind::kAdded);
        p.Add("pieces", std::move(v));
      }
      view.Add("parts", std::move(p));
    };
    part("title_label", diff->title);
    part("lead_label", diff->lead);
    part("body_label", diff->body);
    data.Nest("diff", std::move(view));
  }
  return Page(ctx, 200, "revisions", std::move(data), T(ctx, "revisions"));
}

Response AdminHandlers::Restore(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseId(id_text);
  auto number = ParseInt(Get(form, "number"));
  if (!id || !number) return NotFound(request);
  auto restored =
      editorial_.Restore(ctx.who->user, *id, *number, ParseInt(Get(form, "revision")).value_or(0));
  if (!restored.ok()) {
    if (restored.error().kind == model::ErrorKind::kConflict) {
      return Message(ctx, 409, T(ctx, "stale_save"), "/admin/articles/" + id_text + "/revisions");
    }
    return ErrorPage(ctx, restored.error());
  }
  return Response::Redirect(303, "/admin/articles/" + id_text + "?restored=1");
}

Response AdminHandlers::EndSessions(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  if (!model::MayManageUsers(ctx.who->user.role)) return Message(ctx, 403, T(ctx, "forbidden"));
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto ended = accounts_.EndSessions(*id);
  if (!ended.ok()) return ErrorPage(ctx, ended.error());
  return Response::Redirect(303, "/admin/users?ended=1");
}

Response AdminHandlers::Audit(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  auto entries = editorial_.Audit(ctx.who->user, 0, 200);
  if (!entries.ok()) {
    if (entries.error().kind == model::ErrorKind::kForbidden) {
      return Message(ctx, 403, T(ctx, "forbidden"));
    }
    return ErrorPage(ctx, entries.error());
  }
  ViewData data;
  for (const auto& e : *entries) {
    ViewData row;
    row.Set("at", ShowTime(e.at))
        .Set("at_iso", render::FormatIso8601Z(e.at))
        .Set("username", e.username)
        .Set("action", e.action)
        .Set("detail", e.detail);
    if (e.article_id != 0) row.Set("article_id", std::to_string(e.article_id));
    data.Add("entries", std::move(row));
  }
  return Page(ctx, 200, "audit", std::move(data), T(ctx, "audit"));
}

Response AdminHandlers::Asset(const Request& request, const std::string& file) {
  return assets_.Serve(request, file);
}

Response AdminHandlers::NotFound(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  return Message(ctx, 404, T(ctx, "not_found"));
}

}  // namespace gazette::http
