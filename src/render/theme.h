// Start here for what readers see. A Theme turns page aggregates (model/pages.h) into
// bytes: HTML from Mustache templates in a theme folder (themes/default), feeds, sitemaps.
// It never queries storage; everything a page shows arrives in its argument.
//
// Template choice falls back from the specific to the general, e.g. "article-<slug>",
// then "article-<section-slug>" (the section's own slug), then "article". Interface texts
// come from the theme's messages/<language>.json catalogs, falling back to English.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/pages.h"
#include "model/result.h"

namespace gazette::render {

class Theme {
 public:
  // Loads and parses every template, partial and message catalog under `dir` once.
  // A missing folder or a template that does not parse is a clear kInvalidInput error.
  static model::Result<std::unique_ptr<Theme>> Load(const std::string& dir);
  virtual ~Theme() = default;

  virtual std::string RenderHome(const model::SiteInfo& site,
                                 const model::HomePage& page) const = 0;
  virtual std::string RenderArticle(const model::SiteInfo& site,
                                    const model::ArticlePage& page) const = 0;
  virtual std::string RenderListing(const model::SiteInfo& site,
                                    const model::ListingPage& page) const = 0;
  // The localized search page (search.mustache), results or not.
  virtual std::string RenderSearch(const model::SiteInfo& site,
                                   const model::SearchPage& page) const = 0;
  // The same results as JSON (the search API, docs/api.md).
  static std::string RenderSearchJson(const model::SiteInfo& site, const model::SearchPage& page);
  // The localized "page not found" page of `edition`.
  virtual std::string RenderNotFound(const model::SiteInfo& site,
                                     const model::Edition& edition) const = 0;

  // Folder of static assets (CSS, scripts, fonts), served under /assets/.
  virtual const std::string& AssetsDir() const = 0;
};

}  // namespace gazette::render
