// Public search: turns a reader's request (query text, filters by slug and date, sort,
// page) into a model::SearchPage through a storage::SearchIndex. Works without an index
// too: the page then says that search is not available.
#pragma once

#include <string>
#include <string_view>

#include "model/pages.h"
#include "model/result.h"
#include "services/site_reader.h"
#include "storage/search.h"
#include "storage/store.h"

namespace gazette::services {

struct SearchRequest {
  std::string query;    // any bytes
  std::string sort;     // "date" sorts newest first; anything else is by relevance
  std::string section;  // section path ("international/amerique"), tag slug, author slug
  std::string tag;
  std::string author;
  std::string from;  // YYYY-MM-DD (UTC), inclusive; ignored when not a date
  std::string to;
  int page = 1;  // 1..kMaxSearchPage
};

inline constexpr int kMaxSearchPage = 50;

class SiteSearch {
 public:
  // `index` may be null (a backend without search).
  SiteSearch(SiteReader& reader, storage::Store& store, storage::SearchIndex* index,
             int page_size = 20, Clock clock = SystemNow);

  bool available() const { return index_ != nullptr; }

  // One page of published results. Errors: kNotFound for an unknown edition; storage
  // failures. Unknown filters (a section that does not exist) give no results.
  model::Result<model::SearchPage> Search(std::string_view edition, const SearchRequest& request);

 private:
  SiteReader& reader_;
  storage::Store& store_;
  storage::SearchIndex* index_;
  int page_size_;
  Clock clock_;
};

}  // namespace gazette::services
