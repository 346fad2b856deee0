// What a public page is made of: aggregates of content values that services/site_reader
// assembles from storage and render/ turns into bytes. No behaviour here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/content.h"

namespace gazette::model {

// Site-wide facts every page needs.
struct SiteInfo {
  std::string name;      // "Gazette"
  std::string base_url;  // absolute, no trailing slash: "http://127.0.0.1:8080"
  std::string default_edition;
  std::vector<Edition> editions;

  bool operator==(const SiteInfo&) const = default;
};

// An article with everything it refers to resolved, for lists and for its own page.
struct ArticleCard {
  Article article;
  std::vector<Section> section_chain;  // root first; the last one is the article's section
  std::vector<Tag> tags;
  std::vector<Author> authors;
  std::optional<Media> image;

  bool operator==(const ArticleCard&) const = default;
};

struct TranslationLink {
  Edition edition;
  std::string path;  // public path of the article in that edition
  std::string title;
};

struct ArticlePage {
  Edition edition;
  ArticleCard card;
  std::vector<ArticleCard> latest;            // newest in the edition, this one excluded
  std::vector<ArticleCard> related;           // sharing tags or section
  std::vector<TranslationLink> translations;  // other editions, this one excluded
  std::vector<Section> sections;              // the edition's whole section tree, for the menu
};

// One page of a list: a section, a tag, an author or the search results.
struct ListingPage {
  enum class Kind { kSection, kTag, kAuthor };
  Kind kind = Kind::kSection;
  Edition edition;
  std::string title;                   // section, tag or author name
  std::string description;             // author bio, for instance
  std::string path;                    // public path of page 1, e.g. "/fr/international/"
  std::vector<Section> section_chain;  // for sections: root first, this one last
  std::vector<Section> subsections;    // for sections: direct children
  std::vector<ArticleCard> featured;   // editor placements, for sections
  std::vector<ArticleCard> items;
  int page = 1;
  int page_count = 1;
  std::vector<Section> sections;  // menu
};

struct SectionBlock {
  Section section;
  std::vector<ArticleCard> items;
};

struct HomePage {
  Edition edition;
  std::vector<ArticleCard> featured;  // "à la une" placements, in order
  std::vector<ArticleCard> latest;
  std::vector<SectionBlock> blocks;  // one per top-level section
  std::vector<Section> sections;     // menu
};

// Feeds: an edition, a section or a tag.
struct FeedPage {
  Edition edition;
  std::string title;
  std::string path;       // HTML page the feed belongs to
  std::string self_path;  // the feed itself
  std::vector<ArticleCard> items;
};

struct SitemapEntry {
  std::string path;
  UnixSeconds last_modified = 0;
  std::string title;     // for news sitemaps
  std::string language;  // for news sitemaps
  UnixSeconds published_at = 0;
};

// One search result: the article and its title and snippet with the matched words between
// kSearchMatchBegin and kSearchMatchEnd (renderers escape first, then turn them into marks).
inline constexpr char kSearchMatchBegin = '\x02';
inline constexpr char kSearchMatchEnd = '\x03';

struct SearchItem {
  ArticleCard card;
  std::string title;
  std::string snippet;
};

// The search page of an edition, and the JSON endpoint's content.
struct SearchPage {
  Edition edition;
  bool available = true;  // false: this site's storage has no search
  std::string query;      // as typed, made valid UTF-8
  std::string sort;       // "relevance" or "date"
  std::string section;    // filters as given: section path, tag slug, author slug,
  std::string tag;        // dates YYYY-MM-DD
  std::string author;
  std::string from;
  std::string to;
  std::vector<SearchItem> items;
  std::int64_t total = 0;
  bool total_capped = false;  // more than `total` match (the count stopped there)
  int page = 1;
  int page_count = 1;
  std::vector<std::string> suggestions;  // "did you mean" queries, when nothing matched
  bool query_empty = false;              // nothing searchable in the query
  std::vector<Section> sections;         // menu
};

}  // namespace gazette::model
