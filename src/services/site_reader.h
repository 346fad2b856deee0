// Reads what a public page shows: assembles model/pages.h aggregates from storage.
// Used by the HTTP site handlers and by static export; it never renders. What every page
// needs (sections, tags, authors, the newest articles) comes from a ReadModel that follows
// the change feed at the start of each read, so a page shows every change committed before
// it was asked for.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/pages.h"
#include "model/result.h"
#include "services/read_model.h"
#include "storage/store.h"

namespace gazette::services {

using Clock = std::function<model::UnixSeconds()>;
// The system clock, in Unix seconds.
model::UnixSeconds SystemNow();

struct ReaderOptions {
  int page_size = 20;    // items per list page
  int latest_count = 8;  // "latest" boxes
  int related_count = 4;
  int block_size = 4;  // items per section block on the home page
  int feed_size = 30;
  int sitemap_part_size = 10000;
};

class SiteReader {
 public:
  SiteReader(storage::Store& store, model::SiteInfo site, ReaderOptions options = {},
             Clock clock = SystemNow);

  const model::SiteInfo& site() const { return site_; }
  // The edition with this code, or kNotFound.
  model::Result<model::Edition> FindEdition(std::string_view code) const;

  model::Result<model::HomePage> Home(std::string_view edition);
  // A published article by its slug. kNotFound when absent or not public.
  model::Result<model::ArticlePage> ArticleBySlug(std::string_view edition, std::string_view slug);
  // Any article by id whatever its status (previews).
  model::Result<model::ArticlePage> ArticleById(model::Id id);
  model::Result<model::ListingPage> SectionListing(std::string_view edition, std::string_view path,
                                                   int page);
  model::Result<model::ListingPage> TagListing(std::string_view edition, std::string_view slug,
                                               int page);
  model::Result<model::ListingPage> AuthorListing(std::string_view edition, std::string_view slug,
                                                  int page);

  // Feeds of an edition (section_path and tag_slug empty), a section, or a tag.
  model::Result<model::FeedPage> EditionFeed(std::string_view edition);
  model::Result<model::FeedPage> SectionFeed(std::string_view edition, std::string_view path);
  model::Result<model::FeedPage> TagFeed(std::string_view edition, std::string_view slug);

  // Sitemaps: the paths of every part ("/sitemaps/fr-1.xml"), one part's entries, and the
  // news sitemap entries (articles published in the last 48 hours, every edition).
  model::Result<std::vector<std::string>> SitemapParts();
  model::Result<std::vector<model::SitemapEntry>> SitemapPart(std::string_view edition, int part);
  model::Result<std::vector<model::SitemapEntry>> NewsSitemap();

  // Cards for articles of one edition listed elsewhere (search results), in the same order.
  model::Result<std::vector<model::ArticleCard>> CardsFor(
      std::string_view edition, const std::vector<model::Article>& articles);

  // The public path of a published article (for redirects and links).
  model::Result<std::string> PathOf(const model::Article& article);
  // Where an old path now lives, if it was moved (slug or section change).
  model::Result<std::optional<std::string>> RedirectFor(std::string_view path);

 private:
  // Runs `read` (returning a model::Result) so that all of its reads see one state of the
  // data: one read transaction per page instead of one per query.
  template <typename Read>
  auto InSnapshot(Read&& read) -> decltype(read()) {
    std::optional<decltype(read())> out;
    const model::Status st = store_.InReadTransaction([&]() -> model::Status {
      out.emplace(read());
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return std::move(*out);
  }

  model::Result<model::ArticleCard> Card(const model::Article& article,
                                         const std::vector<model::Section>& sections);
  // Takes `articles` by value: each is moved into its card.
  model::Result<std::vector<model::ArticleCard>> Cards(std::vector<model::Article> articles,
                                                       const std::vector<model::Section>& sections);
  model::Result<std::vector<model::ArticleCard>> Placed(
      std::string_view edition, std::string_view slot, const std::vector<model::Section>& sections);
  model::Result<model::ArticlePage> Page(model::Article article);
  model::Result<model::ListingPage> Listing(model::ListingPage page, storage::ArticleQuery query,
                                            int page_number);
  model::Result<model::FeedPage> Feed(model::FeedPage feed, storage::ArticleQuery query);
  model::Result<std::string> Path(const model::Article& article);  // PathOf, without Follow
  // The sections of `edition` from the read model, copied into a page.
  model::Result<std::vector<model::Section>> SectionsOf(std::string_view edition);

  storage::Store& store_;
  ReadModel model_;
  model::SiteInfo site_;
  ReaderOptions options_;
  Clock clock_;
};

// The chain root..leaf of the section `id` within `sections` (empty if unknown).
std::vector<model::Section> SectionChain(const std::vector<model::Section>& sections, model::Id id);

}  // namespace gazette::services
