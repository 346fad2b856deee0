// The search contract: full-text search over articles, separate from storage::Store so that
// a backend may offer a Store without search. SQLite implements it with FTS5 and Gazette's
// own tokenizer (storage/sqlite/); a PostgreSQL backend can implement it with its own
// full-text search. The reader's query language is text::ParseQuery's.
//
// Thread safety: like Store, a SearchIndex may be called from many threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/content.h"
#include "model/pages.h"
#include "model/result.h"

namespace gazette::storage {

// kRelevance: best matches first (a backend may rank only the newest matches of a very
// common query, saying so with SearchResults::total_capped). kDate: newest first.
enum class SearchSort { kRelevance, kDate };

struct SearchQuery {
  std::string edition;                  // required
  std::string text;                     // as typed by the reader: any bytes are accepted
  std::optional<model::Id> section_id;  // includes the section's descendants
  std::optional<model::Id> tag_id;
  std::optional<model::Id> author_id;
  std::optional<model::UnixSeconds> published_from;  // inclusive
  std::optional<model::UnixSeconds> published_to;    // inclusive
  SearchSort sort = SearchSort::kRelevance;
  // Public search: published articles whose time has come. false: every state (admin).
  bool published_only = true;
  model::UnixSeconds now = 0;  // for published_only; 0 = no upper bound on published_at
  int limit = 20;              // 0..100
  int offset = 0;              // 0..10000
};

// Snippets mark the matched words with these bytes, which never occur in indexed text: a
// renderer escapes the snippet first, then turns the markers into <mark> and </mark>.
inline constexpr char kMatchBegin = model::kSearchMatchBegin;
inline constexpr char kMatchEnd = model::kSearchMatchEnd;

struct SearchHit {
  model::Article article;  // with tag and author ids, without body_html
  std::string title;       // the title with matches marked
  std::string snippet;     // a few words of the lead or body around the matches, marked
  double score = 0;        // higher is better (relevance sort only)
};

struct SearchResults {
  std::vector<SearchHit> hits;
  std::int64_t total = 0;  // matching articles, all pages (see total_capped)
  // More articles match than `total`: the backend stopped counting there (a very common
  // word); a reader is told "more than total".
  bool total_capped = false;
  // When nothing matched: corrected queries built from the index vocabulary, best first.
  std::vector<std::string> suggestions;
  bool query_empty = false;  // the query had nothing searchable (only stop words, symbols)
  bool truncated = false;    // the query was cut to the length limits
};

using ReindexProgress = std::function<void(std::int64_t done, std::int64_t total)>;

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Matching articles of one edition, one page of them. Bad query text is never an error: it
  // gives empty results (query_empty). Errors: kInvalidInput for a missing edition or limits
  // out of range; kUnavailable when the database fails.
  virtual model::Result<SearchResults> Search(const SearchQuery& query) = 0;

  // Rebuilds the whole index from the articles, calling `progress` after each batch.
  virtual model::Status Reindex(const ReindexProgress& progress) = 0;
};

}  // namespace gazette::storage
