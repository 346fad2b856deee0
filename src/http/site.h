// The public site's handlers: each turns a matched request into a response, through the
// page cache when it is on. Pages are read by services::SiteReader and drawn by
// render::Theme; no business rule lives here. URLs are in routes.cc.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/page_cache.h"
#include "http/static_files.h"
#include "model/content.h"
#include "render/theme.h"
#include "services/search.h"
#include "services/site_reader.h"

namespace gazette::http {

struct SiteOptions {
  std::string media_dir;
  bool page_cache = true;
  std::size_t page_cache_bytes = 128 << 20;
  services::SiteSearch* search = nullptr;  // null: the search page says it is not available
};

class SiteHandlers {
 public:
  SiteHandlers(services::SiteReader& reader, const render::Theme& theme, SiteOptions options);

  Response Healthz(const Request& request);
  Response Robots(const Request& request);
  Response SitemapIndex(const Request& request);
  Response SitemapPart(const Request& request, const std::string& file);
  Response NewsSitemap(const Request& request);
  Response Asset(const Request& request, const std::string& file);
  Response Media(const Request& request, const std::string& file);
  Response Root(const Request& request);
  // "/fr" -> "/fr/" when the edition exists.
  Response EditionRoot(const Request& request, const std::string& edition);
  Response Home(const Request& request, const std::string& edition);
  Response EditionFeed(const Request& request, const std::string& edition, bool atom);
  Response Section(const Request& request, const std::string& edition, const std::string& path);
  Response SectionFeed(const Request& request, const std::string& edition, const std::string& path,
                       bool atom);
  Response Tag(const Request& request, const std::string& edition, const std::string& slug);
  Response TagFeed(const Request& request, const std::string& edition, const std::string& slug,
                   bool atom);
  Response Author(const Request& request, const std::string& edition, const std::string& slug);
  Response Article(const Request& request, const std::string& edition, const std::string& slug);
  // "/fr/search?q=…&page=N" (HTML) and "/fr/search.json?q=…" (docs/api.md). Never cached:
  // results must follow every publish at once.
  Response Search(const Request& request, const std::string& edition, bool json);
  // No route matched: a redirect if the path moved, else the localized 404 page.
  Response NotFound(const Request& request);

  // Evicts exactly the cached pages that these content changes affect.
  void OnChanges(const std::vector<model::Change>& changes);
  PageCache* cache() { return cache_.get(); }

 private:
  // Serves `key` from the cache, or renders it with `make` (which may fail) and caches it.
  template <typename Make>
  Response Cached(const Request& request, const std::string& key, Make&& make);
  Response FeedResponse(const Request& request, const std::string& edition, bool atom,
                        const std::function<model::Result<model::FeedPage>()>& read);
  // A paginated list (?page=N); an invalid or out-of-range page is the 404 page.
  Response ListingResponse(const Request& request, const std::string& edition,
                           const std::function<model::Result<model::ListingPage>(int page)>& read);
  Response Error(const Request& request, const model::Error& error, const std::string& edition);
  Response NotFoundPage(const Request& request, const std::string& edition);
  int PageNumber(const Request& request) const;  // 0 when the page parameter is invalid

  services::SiteReader& reader_;
  const render::Theme& theme_;
  SiteOptions options_;
  std::unique_ptr<PageCache> cache_;
  StaticFiles assets_;
  StaticFiles media_;
};

}  // namespace gazette::http
