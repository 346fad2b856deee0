// View data: what the Mustache templates of a theme see for each page. Built from model
// values only; every string is raw text (templates escape it) except the fields named
// *_html and json_ld, which templates insert with {{{ }}}.
//
// The interface texts are not part of a page's data: a theme renders every page with
// MessagesData(t) beneath it (looked up when the page's data lacks a name), built once per
// catalog rather than once per page.
#pragma once

#include <kainjow/mustache.hpp>

#include "model/pages.h"
#include "render/messages.h"

namespace gazette::render {

using Data = kainjow::mustache::data;

// {"t": the catalog's texts by key}, for {{t.key}} in templates.
Data MessagesData(const Messages::Catalog& t);

Data ArticlePageData(const model::SiteInfo& site, const model::ArticlePage& page,
                     const Messages::Catalog& t);
Data HomePageData(const model::SiteInfo& site, const model::HomePage& page,
                  const Messages::Catalog& t);
Data ListingPageData(const model::SiteInfo& site, const model::ListingPage& page,
                     const Messages::Catalog& t);
Data SearchPageData(const model::SiteInfo& site, const model::SearchPage& page,
                    const Messages::Catalog& t);
// A snippet as HTML: the text escaped, the match markers turned into <mark> elements.
std::string MarkedHtml(std::string_view marked);
// The search page's path with these parameters, page 1 without "page".
std::string SearchPath(const model::SearchPage& page, const std::string& query, int page_number);
Data NotFoundPageData(const model::SiteInfo& site, const model::Edition& edition,
                      const Messages::Catalog& t);

// Public path of an article, from its edition and the last section of its chain.
std::string CardPath(const model::ArticleCard& card);
// base_url + path, or `path` itself when it is already an absolute URL.
std::string AbsoluteUrl(const model::SiteInfo& site, const std::string& path);
// The NewsArticle JSON-LD of an article page, escaped for a <script> element.
std::string NewsArticleJsonLd(const model::SiteInfo& site, const model::ArticlePage& page);

}  // namespace gazette::render
