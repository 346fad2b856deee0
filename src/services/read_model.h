// The read model: what nearly every public page needs and rarely changes, kept in memory so
// that a page does not ask the database for it again: each edition's sections, tags and
// authors by id, each edition's newest published articles, and per article its related
// articles and its translations.
//
// It stays exact, not merely recent: Follow() reads the change feed (written by this process,
// another `gazette serve`, `gazette import`, or another node of a cluster) and drops what a
// change may have made wrong, so a page read after Follow() sees every change committed
// before it. Tags and authors are dropped after any change that is not about one article
// (the newsroom's catalog pages rename and delete them); an edition's sections are re-read
// after a change in the edition or when a page names a section they do not hold. The
// newest articles, related articles and translations are kept for one second of the clock
// (the query's `now`) and until a change in their edition.
//
// Thread-safe; readers share immutable snapshots.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/content.h"
#include "model/result.h"
#include "storage/store.h"

namespace gazette::services {

class ReadModel {
 public:
  // Starts empty, after the latest change that exists now.
  explicit ReadModel(storage::Store& store);

  // Applies the changes recorded since the previous call: one small query when there are
  // none. Call it before reading what a page shows.
  model::Status Follow();

  // The sections of `edition`, as Store::ListSections gives them.
  model::Result<std::shared_ptr<const std::vector<model::Section>>> Sections(
      std::string_view edition);
  // As Sections, but re-read first when none of them has the id `section_id` (a section
  // created since they were read).
  model::Result<std::shared_ptr<const std::vector<model::Section>>> SectionsWith(
      std::string_view edition, model::Id section_id);
  // Re-reads the sections of `edition` now (a page names a section path it does not know).
  model::Result<std::shared_ptr<const std::vector<model::Section>>> RereadSections(
      std::string_view edition);

  // The tags (authors) with these ids, as Store::GetTags (GetAuthors) gives them.
  model::Result<std::vector<model::Tag>> Tags(const std::vector<model::Id>& ids);
  model::Result<std::vector<model::Author>> Authors(const std::vector<model::Id>& ids);

  // The newest published articles of `edition` at `now` (published_at <= now), in the
  // section `section_id` and its descendants (0: every section), without `exclude_ids`, at
  // most `limit`, with their tag and author ids but without bodies: what
  // Store::ListArticles answers for that query.
  model::Result<std::vector<model::Article>> Latest(std::string_view edition, model::Id section_id,
                                                    model::UnixSeconds now, int limit,
                                                    const std::vector<model::Id>& exclude_ids);

  // What Store::RelatedArticles(article, now, limit) answers, kept per article for one
  // second of the clock and until a change in its edition. The article's section and tags
  // are part of the key, so an article shown with unsaved changes (a preview) is not
  // answered from a saved one's entry.
  model::Result<std::vector<model::Article>> Related(const model::Article& article,
                                                     model::UnixSeconds now, int limit);

  // The newest published article of `edition` in translation group `group` at `now`, if
  // any: what Store::ListArticles answers for that query with limit 1. Kept as Related.
  model::Result<std::optional<model::Article>> Translation(std::string_view edition,
                                                           model::Id group, model::UnixSeconds now);

 private:
  struct EditionState {
    std::uint64_t generation = 0;  // bumped by each change in the edition
    std::shared_ptr<const std::vector<model::Section>> sections;
    struct Newest {
      model::UnixSeconds now = -1;
      std::size_t asked = 0;  // how many were asked for when `articles` were read
      std::shared_ptr<const std::vector<model::Article>> articles;
    };
    std::unordered_map<model::Id, Newest> newest;  // by section id, 0: the whole edition
    struct RelatedEntry {
      model::UnixSeconds now = -1;
      int limit = 0;
      model::Id section_id = 0;
      std::vector<model::Id> tag_ids;
      std::shared_ptr<const std::vector<model::Article>> articles;
    };
    std::unordered_map<model::Id, RelatedEntry> related;  // by article id
    struct TranslationEntry {
      model::UnixSeconds now = -1;
      std::shared_ptr<const std::optional<model::Article>> article;
    };
    std::unordered_map<model::Id, TranslationEntry> translations;  // by translation group
    void Forget();                                                 // a change in the edition
  };

  EditionState& State(std::string_view edition);  // mu_ held

  // The entries of `kept` (tags_ or authors_) with these ids, in that order, those missing
  // read with `read` and kept as MayKeep and the catalog's generation allow.
  template <typename Entry, typename Read>
  model::Result<std::vector<Entry>> ByIds(const std::vector<model::Id>& ids,
                                          std::unordered_map<model::Id, Entry>& kept, Read&& read);

  // Whether what this thread just read may be kept for other pages. Reads made inside a
  // read transaction come from the state at this thread's last Follow(); once another
  // thread has followed later changes, that state may be older than what is kept.
  bool MayKeep() const;

  storage::Store& store_;
  std::mutex follow_mu_;  // one Follow at a time
  std::atomic<std::int64_t> seen_ = 0;
  std::uint64_t catalog_generation_ = 0;  // bumped when tags_ and authors_ are dropped

  std::mutex mu_;
  std::map<std::string, EditionState, std::less<>> editions_;
  std::unordered_map<model::Id, model::Tag> tags_;
  std::unordered_map<model::Id, model::Author> authors_;
};

}  // namespace gazette::services
