// View data: what the Mustache templates of a theme see for each page. Built from model
// values only; every string is raw text (templates escape it) except the fields named
// *_html and json_ld, which templates insert with {{{ }}}.
//
// A page's data is two layers, looked up from the top: EditionData at the bottom (what
// every page of an edition shows alike, and the "latest" box, so that a theme can build it
// once and share it between pages), then the page's own data from *PageData, which
// overrides some names of the edition layer (alternates, languages, has_languages, feeds,
// search_url). Together they hold exactly the names of one page's data.
#pragma once

#include <functional>
#include <kainjow/mustache.hpp>
#include <vector>

#include "model/pages.h"
#include "render/messages.h"

namespace gazette::render {

using Data = kainjow::mustache::data;

// Which entries of the edition's menu (its top-level sections, by position) a page at
// `path` is in: the menu's "current" flags.
std::vector<bool> MenuCurrent(const model::Edition& edition,
                              const std::vector<model::Section>& sections, const std::string& path);
// The edition layer: the interface texts ({"t": the catalog's texts by key}, for {{t.key}}),
// site and edition names, home, search and assets URLs, the menu of `sections` with the
// `current` flags of MenuCurrent, the language links and the edition's feeds; with `latest`
// (pages that have the box: home and articles) also "latest" and "has_latest".
Data EditionData(const model::SiteInfo& site, const model::Edition& edition,
                 const Messages::Catalog& t, const std::vector<model::Section>& sections,
                 const std::vector<bool>& current,
                 const std::vector<model::ArticleCard>* latest = nullptr);

// One card's data (the default theme's card and card_small partials).
Data CardData(const model::Edition& edition, const model::ArticleCard& card);
// A list of cards' data: CardData of each, in order.
Data CardsData(const model::Edition& edition, const std::vector<model::ArticleCard>& cards);
// How a page's lists of cards (related, featured, section blocks, listing items) are made:
// CardsData, or a list whose items the theme replaces by the same cards' data, kept between
// pages, when a template enters them.
using CardList = std::function<Data(const model::Edition& edition,
                                    const std::vector<model::ArticleCard>& cards)>;

Data ArticlePageData(const model::SiteInfo& site, const model::ArticlePage& page,
                     const Messages::Catalog& t, const CardList& cards = CardsData);
Data HomePageData(const model::SiteInfo& site, const model::HomePage& page,
                  const CardList& cards = CardsData);
Data ListingPageData(const model::SiteInfo& site, const model::ListingPage& page,
                     const Messages::Catalog& t, const CardList& cards = CardsData);
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
