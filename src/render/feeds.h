// Machine-readable outputs: RSS 2.0, Atom 1.0, sitemaps, robots.txt. Pure functions of
// their arguments; absolute URLs are made from site.base_url.
#pragma once

#include <string>
#include <vector>

#include "model/pages.h"

namespace gazette::render {

std::string RenderRss(const model::SiteInfo& site, const model::FeedPage& feed);
std::string RenderAtom(const model::SiteInfo& site, const model::FeedPage& feed);

// <sitemapindex> listing the given sitemap paths.
std::string RenderSitemapIndex(const model::SiteInfo& site,
                               const std::vector<std::string>& sitemap_paths);
// <urlset> of plain entries.
std::string RenderSitemap(const model::SiteInfo& site,
                          const std::vector<model::SitemapEntry>& entries);
// Google News sitemap (<news:news> per entry).
std::string RenderNewsSitemap(const model::SiteInfo& site,
                              const std::vector<model::SitemapEntry>& entries);
std::string RenderRobots(const model::SiteInfo& site);

}  // namespace gazette::render
