#include "http/routes.h"

#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "http/admin.h"

namespace gazette::http {

namespace {

// Path segments of "/a/b/" are {"a", "b", ""}: the empty last segment keeps the trailing
// slash significant, so "/fr/international/" (a section) and "/fr/x" (an article) differ.
std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path[0] != '/') return out;
  size_t start = 1;
  for (;;) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.emplace_back(path.substr(start));
      return out;
    }
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

struct Params {
  std::vector<std::string> values;  // in pattern order
  const std::string& operator[](size_t i) const { return values[i]; }
};

using RouteHandler = std::function<Response(const Request&, const Params&)>;

// A pattern segment is a literal, "{name}" (one non-empty segment) or "{name...}" (one or
// more non-empty segments joined by '/', as few as leave the rest of the pattern matching).
struct Route {
  std::vector<std::string> pattern;
  RouteHandler handler;
};

bool IsParam(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool IsRest(const std::string& s) {
  return IsParam(s) && s.size() > 5 && s.compare(s.size() - 4, 4, "...}") == 0;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
           Params& params) {
  params.values.clear();
  size_t rest_at = pattern.size();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsRest(pattern[i])) rest_at = i;
  }
  auto match_one = [&](const std::string& p, const std::string& s) {
    if (IsParam(p)) {
      if (s.empty()) return false;
      params.values.push_back(s);
      return true;
    }
    return p == s;
  };
  if (rest_at == pattern.size()) {
    if (pattern.size() != segments.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (!match_one(pattern[i], segments[i])) return false;
    }
    return true;
  }
  const size_t after = pattern.size() - rest_at - 1;
  if (segments.size() < rest_at + 1 + after) return false;
  for (size_t i = 0; i < rest_at; ++i) {
    if (!match_one(pattern[i], segments[i])) return false;
  }
  const size_t rest_end = segments.size() - after;
  std::string joined;
  for (size_t i = rest_at; i < rest_end; ++i) {
    if (segments[i].empty()) return false;
    joined += (i == rest_at ? "" : "/") + segments[i];
  }
  params.values.push_back(joined);
  for (size_t i = 0; i < after; ++i) {
    if (!match_one(pattern[rest_at + 1 + i], segments[rest_end + i])) return false;
  }
  return true;
}

}  // namespace

Handler MakeRoutes(SiteHandlers& site) { return MakeRoutes(site, nullptr); }

Handler MakeRoutes(SiteHandlers& site, AdminHandlers* admin) {
  using R = const Request&;
  using P = const Params&;
  std::vector<std::pair<std::string, RouteHandler>> table = {
      {"/healthz", [&](R r, P) { return site.Healthz(r); }},
      {"/robots.txt", [&](R r, P) { return site.Robots(r); }},
      {"/sitemap.xml", [&](R r, P) { return site.SitemapIndex(r); }},
      {"/news-sitemap.xml", [&](R r, P) { return site.NewsSitemap(r); }},
      {"/sitemaps/{file}", [&](R r, P p) { return site.SitemapPart(r, p[0]); }},
      {"/assets/{file...}", [&](R r, P p) { return site.Asset(r, p[0]); }},
      {"/media/{file...}", [&](R r, P p) { return site.Media(r, p[0]); }},
      {"/", [&](R r, P) { return site.Root(r); }},
      {"/{edition}", [&](R r, P p) { return site.EditionRoot(r, p[0]); }},
      {"/{edition}/", [&](R r, P p) { return site.Home(r, p[0]); }},
      {"/{edition}/feed.xml", [&](R r, P p) { return site.EditionFeed(r, p[0], false); }},
      {"/{edition}/atom.xml", [&](R r, P p) { return site.EditionFeed(r, p[0], true); }},
      {"/{edition}/search", [&](R r, P p) { return site.Search(r, p[0], false); }},
      {"/{edition}/search.json", [&](R r, P p) { return site.Search(r, p[0], true); }},
      {"/{edition}/tag/{slug}/", [&](R r, P p) { return site.Tag(r, p[0], p[1]); }},
      {"/{edition}/tag/{slug}/feed.xml",
       [&](R r, P p) { return site.TagFeed(r, p[0], p[1], false); }},
      {"/{edition}/tag/{slug}/atom.xml",
       [&](R r, P p) { return site.TagFeed(r, p[0], p[1], true); }},
      {"/{edition}/author/{slug}/", [&](R r, P p) { return site.Author(r, p[0], p[1]); }},
      {"/{edition}/{section...}/feed.xml",
       [&](R r, P p) { return site.SectionFeed(r, p[0], p[1], false); }},
      {"/{edition}/{section...}/atom.xml",
       [&](R r, P p) { return site.SectionFeed(r, p[0], p[1], true); }},
      {"/{edition}/{section...}/", [&](R r, P p) { return site.Section(r, p[0], p[1]); }},
      {"/{edition}/{section...}/{slug}", [&](R r, P p) { return site.Article(r, p[0], p[2]); }},
  };
  std::vector<Route> routes;
  for (auto& [pattern, handler] : table) routes.push_back({Segments(pattern), std::move(handler)});

  // The newsroom admin: method, pattern, handler. Every response gets the admin's security
  // headers; an unknown /admin path is the admin's 404 (or its login redirect).
  std::vector<std::pair<std::string, Route>> admin_routes;
  if (admin != nullptr) {
    AdminHandlers& a = *admin;
    const std::vector<std::tuple<std::string, std::string, RouteHandler>> admin_table = {
        {"GET", "/admin", [&a](R r, P) { return a.Home(r); }},
        {"GET", "/admin/", [&a](R r, P) { return a.Home(r); }},
        {"GET", "/admin/login", [&a](R r, P) { return a.LoginForm(r); }},
        {"POST", "/admin/login", [&a](R r, P) { return a.Login(r); }},
        {"POST", "/admin/logout", [&a](R r, P) { return a.Logout(r); }},
        {"GET", "/admin/assets/{file...}", [&a](R r, P p) { return a.Asset(r, p[0]); }},
        {"GET", "/admin/articles", [&a](R r, P) { return a.Articles(r); }},
        {"GET", "/admin/articles/new", [&a](R r, P) { return a.NewArticle(r); }},
        {"POST", "/admin/articles/new", [&a](R r, P) { return a.CreateArticle(r); }},
        {"GET", "/admin/articles/{id}", [&a](R r, P p) { return a.EditArticle(r, p[0]); }},
        {"POST", "/admin/articles/{id}", [&a](R r, P p) { return a.SaveArticle(r, p[0]); }},
        {"POST", "/admin/articles/{id}/translate",
         [&a](R r, P p) { return a.TranslateArticle(r, p[0]); }},
        {"GET", "/admin/articles/{id}/preview", [&a](R r, P p) { return a.Preview(r, p[0]); }},
        {"GET", "/admin/articles/{id}/revisions", [&a](R r, P p) { return a.Revisions(r, p[0]); }},
        {"POST", "/admin/articles/{id}/restore", [&a](R r, P p) { return a.Restore(r, p[0]); }},
        {"POST", "/admin/articles/{id}/editing", [&a](R r, P p) { return a.EditingPing(r, p[0]); }},
        {"GET", "/admin/users", [&a](R r, P) { return a.Users(r); }},
        {"POST", "/admin/users/{id}/end-sessions",
         [&a](R r, P p) { return a.EndSessions(r, p[0]); }},
        {"GET", "/admin/audit", [&a](R r, P) { return a.Audit(r); }},
        {"POST", "/admin/users", [&a](R r, P) { return a.CreateUser(r); }},
        {"POST", "/admin/users/{id}/role", [&a](R r, P p) { return a.SetUserRole(r, p[0]); }},
        {"POST", "/admin/users/{id}/disable",
         [&a](R r, P p) { return a.SetUserDisabled(r, p[0], true); }},
        {"POST", "/admin/users/{id}/enable",
         [&a](R r, P p) { return a.SetUserDisabled(r, p[0], false); }},
        {"GET", "/admin/sections", [&a](R r, P) { return a.Sections(r); }},
        {"POST", "/admin/sections", [&a](R r, P) { return a.CreateSection(r); }},
        {"GET", "/admin/sections/{id}", [&a](R r, P p) { return a.EditSection(r, p[0]); }},
        {"POST", "/admin/sections/{id}", [&a](R r, P p) { return a.SaveSection(r, p[0]); }},
        {"POST", "/admin/sections/{id}/delete",
         [&a](R r, P p) { return a.DeleteSection(r, p[0]); }},
        {"GET", "/admin/tags", [&a](R r, P) { return a.Tags(r); }},
        {"POST", "/admin/tags", [&a](R r, P) { return a.CreateTag(r); }},
        {"GET", "/admin/tags/{id}", [&a](R r, P p) { return a.EditTag(r, p[0]); }},
        {"POST", "/admin/tags/{id}", [&a](R r, P p) { return a.SaveTag(r, p[0]); }},
        {"POST", "/admin/tags/{id}/delete", [&a](R r, P p) { return a.DeleteTag(r, p[0]); }},
        {"GET", "/admin/authors", [&a](R r, P) { return a.Authors(r); }},
        {"POST", "/admin/authors", [&a](R r, P) { return a.CreateAuthor(r); }},
        {"GET", "/admin/authors/{id}", [&a](R r, P p) { return a.EditAuthor(r, p[0]); }},
        {"POST", "/admin/authors/{id}", [&a](R r, P p) { return a.SaveAuthor(r, p[0]); }},
        {"POST", "/admin/authors/{id}/delete", [&a](R r, P p) { return a.DeleteAuthor(r, p[0]); }},
        {"GET", "/admin/editions", [&a](R r, P) { return a.Editions(r); }},
        {"GET", "/admin/placements", [&a](R r, P) { return a.Placements(r); }},
        {"POST", "/admin/placements", [&a](R r, P) { return a.EditPlacements(r); }},
        {"GET", "/admin/media", [&a](R r, P) { return a.MediaLibraryPage(r); }},
        {"POST", "/admin/media/upload", [&a](R r, P) { return a.UploadMedia(r); }},
        {"GET", "/admin/media/{id}", [&a](R r, P p) { return a.EditMedia(r, p[0]); }},
        {"POST", "/admin/media/{id}", [&a](R r, P p) { return a.SaveMedia(r, p[0]); }},
        {"POST", "/admin/media/{id}/delete", [&a](R r, P p) { return a.DeleteMedia(r, p[0]); }},
        {"POST", "/admin/articles/{id}/image",
         [&a](R r, P p) { return a.SetArticleImage(r, p[0]); }},
    };
    for (const auto& [method, pattern, handler] : admin_table) {
      admin_routes.push_back({method, Route{Segments(pattern), handler}});
    }
  }

  return [&site, admin, routes = std::move(routes),
          admin_routes = std::move(admin_routes)](const Request& request) -> Response {
    if (admin != nullptr && (request.path == "/admin" || request.path.rfind("/admin/", 0) == 0)) {
      const auto segments = Segments(request.path);
      const std::string method = request.method == "HEAD" ? "GET" : request.method;
      Params params;
      bool path_known = false;
      Response response;
      bool answered = false;
      for (const auto& [route_method, route] : admin_routes) {
        if (!Match(route.pattern, segments, params)) continue;
        path_known = true;
        if (route_method != method) continue;
        response = route.handler(request, params);
        answered = true;
        break;
      }
      if (!answered && path_known) {
        response = Response::Text(405, "Method not allowed\n");
        response.SetHeader("Allow", "GET, HEAD, POST");
      } else if (!answered) {
        response = admin->NotFound(request);
      }
      AddAdminSecurityHeaders(response);
      return response;
    }
    if (!request.IsGetOrHead()) {
      Response response = Response::Text(405, "Method not allowed\n");
      response.SetHeader("Allow", "GET, HEAD");
      return response;
    }
    const auto segments = Segments(request.path);
    Params params;
    for (const auto& route : routes) {
      if (Match(route.pattern, segments, params)) return route.handler(request, params);
    }
    return site.NotFound(request);
  };
}

}  // namespace gazette::http
