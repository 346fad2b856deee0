#include "http/routes.h"

#include <functional>
#include <string_view>
#include <vector>

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

Handler MakeRoutes(SiteHandlers& site) {
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

  return [&site, routes = std::move(routes)](const Request& request) -> Response {
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
