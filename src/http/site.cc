#include "http/site.h"

#include <chrono>
#include <filesystem>

#include "http/conditional.h"
#include "http/errors.h"
#include "model/site_paths.h"
#include "render/feeds.h"

namespace gazette::http {

namespace {

constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kRss[] = "application/rss+xml; charset=utf-8";
constexpr char kAtom[] = "application/atom+xml; charset=utf-8";
constexpr char kXml[] = "application/xml; charset=utf-8";
constexpr char kPageCacheControl[] = "public, max-age=60";
constexpr char kFeedCacheControl[] = "public, max-age=300";

std::string EditionKey(const std::string& edition) { return "edition:" + edition; }
std::string GroupKey(model::Id group) { return "group:" + std::to_string(group); }
constexpr char kSiteKey[] = "site";

std::chrono::system_clock::time_point TimeOf(model::UnixSeconds t) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(t));
}

model::UnixSeconds Newest(const std::vector<model::ArticleCard>& cards) {
  model::UnixSeconds newest = 0;
  for (const auto& c : cards) {
    newest = std::max({newest, c.article.updated_at, c.article.published_at.value_or(0)});
  }
  return newest;
}

// What a page render produces before it is cached.
struct Rendered {
  std::string content_type;
  std::string body;
  std::vector<std::string> dependencies;
  std::string cache_control;
  model::UnixSeconds last_modified = 0;
};

}  // namespace

SiteHandlers::SiteHandlers(services::SiteReader& reader, const render::Theme& theme,
                           SiteOptions options)
    : reader_(reader),
      theme_(theme),
      options_(std::move(options)),
      cache_(options_.page_cache ? std::make_unique<PageCache>(options_.page_cache_bytes)
                                 : nullptr),
      assets_(theme.AssetsDir()),
      media_(options_.media_dir) {}

template <typename Make>
Response SiteHandlers::Cached(const Request& request, const std::string& key, Make&& make) {
  if (cache_) {
    if (auto hit = cache_->Get(key)) return ServeCached(request, *hit);
  }
  model::Result<Rendered> rendered = make();
  if (!rendered.ok()) {
    const auto slash = request.path.find('/', 1);
    return Error(request, rendered.error(),
                 request.path.substr(1, slash == std::string::npos ? 0 : slash - 1));
  }
  std::optional<std::chrono::system_clock::time_point> last_modified;
  if (rendered->last_modified > 0) last_modified = TimeOf(rendered->last_modified);
  if (!cache_ && !AcceptsGzip(request.Header("accept-encoding"))) {
    // Nobody will read a gzip form of this page: skip making it, but answer with the same
    // headers as when it exists.
    const bool varies = CachedPage::WouldCompress(rendered->content_type, rendered->body);
    const CachedPage page = CachedPage::Make(
        200, std::move(rendered->content_type), std::move(rendered->body),
        std::move(rendered->dependencies), std::move(rendered->cache_control), last_modified,
        /*compress=*/false);
    Response response = ServeCached(request, page);
    if (varies) response.headers.emplace_back("Vary", "Accept-Encoding");
    return response;
  }
  auto page = std::make_shared<const CachedPage>(CachedPage::Make(
      200, std::move(rendered->content_type), std::move(rendered->body),
      std::move(rendered->dependencies), std::move(rendered->cache_control), last_modified));
  if (cache_) cache_->Put(key, page);
  return ServeCached(request, *page);
}

int SiteHandlers::PageNumber(const Request& request) const {
  const std::string page = request.QueryParam("page");
  if (page.empty()) return 1;
  if (page.size() > 6 || page.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(page);
}

Response SiteHandlers::Error(const Request& request, const model::Error& error,
                             const std::string& edition) {
  if (error.kind == model::ErrorKind::kNotFound) return NotFoundPage(request, edition);
  return ErrorResponse(error);
}

Response SiteHandlers::NotFoundPage(const Request& request, const std::string& edition) {
  auto found = reader_.FindEdition(edition);
  if (!found.ok()) found = reader_.FindEdition(reader_.site().default_edition);
  Response response = Response::Html(
      404, found.ok() ? theme_.RenderNotFound(reader_.site(), *found) : std::string("Not found"));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response SiteHandlers::Healthz(const Request&) {
  std::string body = "{\"status\":\"ok\"";
  if (cache_) {
    const auto s = cache_->stats();
    body += ",\"page_cache\":{\"entries\":" + std::to_string(s.entries) +
            ",\"bytes\":" + std::to_string(s.bytes) + ",\"hits\":" + std::to_string(s.hits) +
            ",\"misses\":" + std::to_string(s.misses) +
            ",\"evictions\":" + std::to_string(s.evictions) +
            ",\"invalidations\":" + std::to_string(s.invalidations) + "}";
  }
  body += "}";
  Response response = Response::Json(200, std::move(body));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response SiteHandlers::Robots(const Request& request) {
  return Cached(request, "/robots.txt", [&]() -> model::Result<Rendered> {
    return Rendered{"text/plain; charset=utf-8",
                    render::RenderRobots(reader_.site()),
                    {kSiteKey},
                    "public, max-age=3600",
                    0};
  });
}

Response SiteHandlers::SitemapIndex(const Request& request) {
  return Cached(request, "/sitemap.xml", [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto parts, reader_.SitemapParts());
    return Rendered{
        kXml, render::RenderSitemapIndex(reader_.site(), parts), {kSiteKey}, kFeedCacheControl, 0};
  });
}

Response SiteHandlers::SitemapPart(const Request& request, const std::string& file) {
  // "fr-2.xml" -> edition "fr", part 2.
  const auto dash = file.rfind('-');
  const auto dot = file.rfind(".xml");
  if (dash == std::string::npos || dot == std::string::npos || dot + 4 != file.size() ||
      dot <= dash + 1 || dot - dash - 1 > 6 ||
      file.find_first_not_of("0123456789", dash + 1) != dot) {
    return NotFound(request);
  }
  const std::string edition = file.substr(0, dash);
  const int part = std::stoi(file.substr(dash + 1, dot - dash - 1));
  return Cached(request, request.path, [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto entries, reader_.SitemapPart(edition, part));
    return Rendered{kXml,
                    render::RenderSitemap(reader_.site(), entries),
                    {kSiteKey, EditionKey(edition)},
                    kFeedCacheControl,
                    0};
  });
}

Response SiteHandlers::NewsSitemap(const Request& request) {
  return Cached(request, "/news-sitemap.xml", [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto entries, reader_.NewsSitemap());
    return Rendered{
        kXml, render::RenderNewsSitemap(reader_.site(), entries), {kSiteKey}, kFeedCacheControl, 0};
  });
}

Response SiteHandlers::Asset(const Request& request, const std::string& file) {
  return assets_.Serve(request, file);
}

Response SiteHandlers::Media(const Request& request, const std::string& file) {
  return media_.Serve(request, file);
}

Response SiteHandlers::Root(const Request&) {
  Response response = Response::Redirect(302, model::EditionPath(reader_.site().default_edition));
  return response;
}

Response SiteHandlers::EditionRoot(const Request& request, const std::string& edition) {
  if (!reader_.FindEdition(edition).ok()) return NotFound(request);
  return Response::Redirect(301, model::EditionPath(edition));
}

Response SiteHandlers::Home(const Request& request, const std::string& edition) {
  return Cached(request, request.path, [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto page, reader_.Home(edition));
    const auto newest = std::max(Newest(page.featured), Newest(page.latest));
    return Rendered{kHtml,
                    theme_.RenderHome(reader_.site(), page),
                    {EditionKey(edition)},
                    kPageCacheControl,
                    newest};
  });
}

Response SiteHandlers::FeedResponse(const Request& request, const std::string& edition, bool atom,
                                    const std::function<model::Result<model::FeedPage>()>& read) {
  return Cached(request, request.path, [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto feed, read());
    feed.self_path = request.path;
    return Rendered{
        atom ? kAtom : kRss,
        atom ? render::RenderAtom(reader_.site(), feed) : render::RenderRss(reader_.site(), feed),
        {EditionKey(edition)},
        kFeedCacheControl,
        Newest(feed.items)};
  });
}

Response SiteHandlers::ListingResponse(
    const Request& request, const std::string& edition,
    const std::function<model::Result<model::ListingPage>(int page)>& read) {
  const int page = PageNumber(request);
  if (page < 1) return NotFoundPage(request, edition);
  // Other query parameters do not change the page: they must not multiply cache entries.
  const std::string key = request.path + (page > 1 ? "?page=" + std::to_string(page) : "");
  return Cached(request, key, [&]() -> model::Result<Rendered> {
    GAZETTE_ASSIGN_OR_RETURN(auto listing, read(page));
    return Rendered{kHtml,
                    theme_.RenderListing(reader_.site(), listing),
                    {EditionKey(edition)},
                    kPageCacheControl,
                    Newest(listing.items)};
  });
}

Response SiteHandlers::EditionFeed(const Request& request, const std::string& edition, bool atom) {
  return FeedResponse(request, edition, atom, [&] { return reader_.EditionFeed(edition); });
}

Response SiteHandlers::Section(const Request& request, const std::string& edition,
                               const std::string& path) {
  return ListingResponse(request, edition,
                         [&](int page) { return reader_.SectionListing(edition, path, page); });
}

Response SiteHandlers::SectionFeed(const Request& request, const std::string& edition,
                                   const std::string& path, bool atom) {
  return FeedResponse(request, edition, atom, [&] { return reader_.SectionFeed(edition, path); });
}

Response SiteHandlers::Tag(const Request& request, const std::string& edition,
                           const std::string& slug) {
  return ListingResponse(request, edition,
                         [&](int page) { return reader_.TagListing(edition, slug, page); });
}

Response SiteHandlers::TagFeed(const Request& request, const std::string& edition,
                               const std::string& slug, bool atom) {
  return FeedResponse(request, edition, atom, [&] { return reader_.TagFeed(edition, slug); });
}

Response SiteHandlers::Author(const Request& request, const std::string& edition,
                              const std::string& slug) {
  return ListingResponse(request, edition,
                         [&](int page) { return reader_.AuthorListing(edition, slug, page); });
}

Response SiteHandlers::Article(const Request& request, const std::string& edition,
                               const std::string& slug) {
  if (cache_) {
    if (auto hit = cache_->Get(request.path)) return ServeCached(request, *hit);
  }
  auto page = reader_.ArticleBySlug(edition, slug);
  if (!page.ok()) {
    if (page.error().kind == model::ErrorKind::kNotFound) return NotFound(request);
    return Error(request, page.error(), edition);
  }
  const auto& chain = page->card.section_chain;
  const std::string canonical =
      model::ArticlePath(edition, chain.empty() ? "" : chain.back().path, slug);
  if (canonical != request.path) return Response::Redirect(301, canonical);
  return Cached(request, request.path, [&]() -> model::Result<Rendered> {
    std::vector<std::string> dependencies = {EditionKey(edition)};
    if (page->card.article.translation_group != 0) {
      dependencies.push_back(GroupKey(page->card.article.translation_group));
    }
    return Rendered{kHtml, theme_.RenderArticle(reader_.site(), *page), std::move(dependencies),
                    kPageCacheControl, page->card.article.updated_at};
  });
}

Response SiteHandlers::NotFound(const Request& request) {
  auto moved = reader_.RedirectFor(request.path);
  if (moved.ok() && *moved) return Response::Redirect(301, **moved);
  const auto slash = request.path.find('/', 1);
  return NotFoundPage(
      request, request.path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1));
}

Response SiteHandlers::Search(const Request& request, const std::string& edition, bool json) {
  services::SearchRequest search;
  search.query = request.QueryParam("q");
  search.sort = request.QueryParam("sort");
  search.section = request.QueryParam("section");
  search.tag = request.QueryParam("tag");
  search.author = request.QueryParam("author");
  search.from = request.QueryParam("from");
  search.to = request.QueryParam("to");
  search.page = PageNumber(request);
  if (search.page < 1) search.page = 1;
  model::Result<model::SearchPage> page = model::NotFound("no search");
  if (options_.search) {
    page = options_.search->Search(edition, search);
  } else {
    // Without a search index the page still renders, saying so.
    model::SearchPage empty;
    auto found = reader_.FindEdition(edition);
    if (!found.ok()) {
      page = found.error();
    } else {
      empty.edition = *found;
      empty.available = false;
      empty.query = search.query;
      page = std::move(empty);
    }
  }
  if (!page.ok()) {
    if (json && page.error().kind == model::ErrorKind::kNotFound) {
      Response response = Response::Json(404, "{\"error\":\"unknown edition\"}");
      response.SetHeader("Cache-Control", "no-store");
      return response;
    }
    return Error(request, page.error(), edition);
  }
  Response response =
      json ? Response::Json(200, render::Theme::RenderSearchJson(reader_.site(), *page))
           : Response::Html(200, theme_.RenderSearch(reader_.site(), *page));
  response.SetHeader("Cache-Control", "no-cache");
  return response;
}

void SiteHandlers::OnChanges(const std::vector<model::Change>& changes) {
  if (!cache_ || changes.empty()) return;
  std::vector<std::string> keys = {kSiteKey};
  for (const auto& change : changes) {
    if (change.edition.empty()) {
      cache_->Clear();  // site-wide change (editions): everything may show it
      return;
    }
    keys.push_back(EditionKey(change.edition));
    if (change.translation_group != 0) keys.push_back(GroupKey(change.translation_group));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  cache_->Invalidate(keys);
}

}  // namespace gazette::http
