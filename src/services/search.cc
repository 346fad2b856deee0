#include "services/search.h"

#include <algorithm>
#include <optional>

#include "text/iso_time.h"
#include "text/search_text.h"

namespace gazette::services {
namespace {

// Midnight UTC of a YYYY-MM-DD date, or nothing.
std::optional<model::UnixSeconds> Day(const std::string& date) {
  if (date.size() != 10) return std::nullopt;
  return text::ParseIso8601(date + "T00:00:00Z");
}

}  // namespace

SiteSearch::SiteSearch(SiteReader& reader, storage::Store& store, storage::SearchIndex* index,
                       int page_size, Clock clock)
    : reader_(reader),
      store_(store),
      index_(index),
      page_size_(page_size),
      clock_(std::move(clock)) {}

model::Result<model::SearchPage> SiteSearch::Search(std::string_view edition,
                                                    const SearchRequest& request) {
  model::SearchPage page;
  GAZETTE_ASSIGN_OR_RETURN(page.edition, reader_.FindEdition(edition));
  GAZETTE_ASSIGN_OR_RETURN(page.sections, store_.ListSections(edition));
  page.available = index_ != nullptr;
  page.query = text::CleanUtf8(request.query.substr(0, 4 * text::kMaxQueryBytes));
  page.sort = request.sort == "date" ? "date" : "relevance";
  page.section = text::CleanUtf8(request.section.substr(0, 200));
  page.tag = text::CleanUtf8(request.tag.substr(0, 200));
  page.author = text::CleanUtf8(request.author.substr(0, 200));
  page.page = std::clamp(request.page, 1, kMaxSearchPage);
  std::optional<model::UnixSeconds> from = Day(request.from);
  std::optional<model::UnixSeconds> to = Day(request.to);
  if (from) page.from = request.from;
  if (to) page.to = request.to;
  if (!index_) return page;

  storage::SearchQuery q;
  q.edition = std::string(edition);
  q.text = request.query;
  q.sort = page.sort == "date" ? storage::SearchSort::kDate : storage::SearchSort::kRelevance;
  q.published_only = true;
  q.now = clock_();
  q.published_from = from;
  if (to) q.published_to = *to + 86399;
  q.limit = page_size_;
  q.offset = (page.page - 1) * page_size_;
  bool unknown_filter = false;
  if (!page.section.empty()) {
    auto it = std::find_if(page.sections.begin(), page.sections.end(),
                           [&](const model::Section& s) { return s.path == page.section; });
    if (it == page.sections.end())
      unknown_filter = true;
    else
      q.section_id = it->id;
  }
  if (!page.tag.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto tag, store_.FindTagBySlug(edition, page.tag));
    if (!tag)
      unknown_filter = true;
    else
      q.tag_id = tag->id;
  }
  if (!page.author.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto author, store_.FindAuthorBySlug(page.author));
    if (!author)
      unknown_filter = true;
    else
      q.author_id = author->id;
  }
  if (unknown_filter) return page;

  GAZETTE_ASSIGN_OR_RETURN(auto results, index_->Search(q));
  page.total = results.total;
  page.total_capped = results.total_capped;
  page.suggestions = std::move(results.suggestions);
  page.query_empty = results.query_empty;
  const std::int64_t pages = (results.total + page_size_ - 1) / std::max(page_size_, 1);
  page.page_count = static_cast<int>(std::clamp<std::int64_t>(pages, 1, kMaxSearchPage));
  std::vector<model::Article> articles;
  for (const auto& hit : results.hits) articles.push_back(hit.article);
  GAZETTE_ASSIGN_OR_RETURN(auto cards, reader_.CardsFor(edition, articles));
  for (std::size_t i = 0; i < cards.size() && i < results.hits.size(); ++i) {
    page.items.push_back({std::move(cards[i]), results.hits[i].title, results.hits[i].snippet});
  }
  return page;
}

}  // namespace gazette::services
