#include "services/read_model.h"

#include <algorithm>

namespace gazette::services {

namespace {

// Past this many entries a by-id map is emptied rather than grown (archives with very many
// tags); it refills from what pages ask for.
constexpr std::size_t kMaxEntries = 200000;

bool Contains(const std::vector<model::Id>& ids, model::Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The latest change this thread's Follow() found, and for which model.
struct Followed {
  const void* model = nullptr;
  std::int64_t seq = 0;
};
thread_local Followed followed_here;

}  // namespace

bool ReadModel::MayKeep() const {
  return followed_here.model != this || followed_here.seq >= seen_.load();
}

ReadModel::ReadModel(storage::Store& store) : store_(store) {
  auto latest = store_.LatestChangeSeq();
  seen_ = latest.ok() ? *latest : 0;
}

model::Status ReadModel::Follow() {
  GAZETTE_ASSIGN_OR_RETURN(const std::int64_t latest, store_.LatestChangeSeq());
  followed_here = {this, latest};
  // Most pages find nothing new: no lock for them.
  if (latest <= seen_.load()) return model::Ok();
  std::lock_guard follow(follow_mu_);
  if (latest <= seen_.load()) return model::Ok();
  for (;;) {
    constexpr int kBatch = 1000;
    GAZETTE_ASSIGN_OR_RETURN(auto changes, store_.ChangesSince(seen_.load(), kBatch));
    if (changes.empty()) break;
    {
      std::lock_guard lock(mu_);
      for (const auto& change : changes) {
        // A change not about one article is the catalog's (a section, tag or author
        // created, renamed or deleted, or an edition): names held here may be stale.
        if (change.article_id == 0) {
          tags_.clear();
          authors_.clear();
          ++catalog_generation_;
        }
        if (change.edition.empty()) {
          // Site-wide (editions): every edition may show it.
          for (auto& [code, state] : editions_) {
            state.Forget();
          }
          continue;
        }
        State(change.edition).Forget();
      }
    }
    seen_ = changes.back().seq;
    if (static_cast<int>(changes.size()) < kBatch) break;
  }
  return model::Ok();
}

void ReadModel::EditionState::Forget() {
  ++generation;
  sections.reset();
  newest.clear();
  related.clear();
  translations.clear();
}

ReadModel::EditionState& ReadModel::State(std::string_view edition) {
  auto it = editions_.find(edition);
  if (it == editions_.end()) it = editions_.emplace(std::string(edition), EditionState{}).first;
  return it->second;
}

model::Result<std::shared_ptr<const std::vector<model::Section>>> ReadModel::RereadSections(
    std::string_view edition) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    generation = State(edition).generation;
  }
  GAZETTE_ASSIGN_OR_RETURN(auto sections, store_.ListSections(edition));
  auto shared = std::make_shared<const std::vector<model::Section>>(std::move(sections));
  std::lock_guard lock(mu_);
  EditionState& state = State(edition);
  // A change during the read may have come after it: keep the result only if none did.
  if (state.generation == generation && MayKeep()) state.sections = shared;
  return shared;
}

model::Result<std::shared_ptr<const std::vector<model::Section>>> ReadModel::Sections(
    std::string_view edition) {
  {
    std::lock_guard lock(mu_);
    if (auto sections = State(edition).sections) return sections;
  }
  return RereadSections(edition);
}

model::Result<std::shared_ptr<const std::vector<model::Section>>> ReadModel::SectionsWith(
    std::string_view edition, model::Id section_id) {
  GAZETTE_ASSIGN_OR_RETURN(auto sections, Sections(edition));
  const bool known = std::any_of(sections->begin(), sections->end(),
                                 [&](const model::Section& s) { return s.id == section_id; });
  if (known) return sections;
  return RereadSections(edition);
}

template <typename Entry, typename Read>
model::Result<std::vector<Entry>> ReadModel::ByIds(const std::vector<model::Id>& ids,
                                                   std::unordered_map<model::Id, Entry>& kept,
                                                   Read&& read) {
  std::vector<model::Id> missing;
  std::unordered_map<model::Id, Entry> fresh;  // what was read here and not kept
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    generation = catalog_generation_;
    for (model::Id id : ids) {
      if (kept.find(id) == kept.end()) missing.push_back(id);
    }
  }
  if (!missing.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto found, read(missing));
    std::lock_guard lock(mu_);
    // A catalog change followed during the read may have come after it.
    const bool keep = catalog_generation_ == generation && MayKeep();
    if (keep && kept.size() + found.size() > kMaxEntries) kept.clear();
    for (auto& entry : found) {
      if (keep) {
        kept.insert_or_assign(entry.id, std::move(entry));
      } else {
        fresh.emplace(entry.id, std::move(entry));
      }
    }
  }
  std::vector<Entry> out;
  out.reserve(ids.size());
  std::lock_guard lock(mu_);
  for (model::Id id : ids) {
    if (auto it = fresh.find(id); it != fresh.end()) {
      out.push_back(it->second);
    } else if (auto known = kept.find(id); known != kept.end()) {
      out.push_back(known->second);
    }
  }
  return out;
}

model::Result<std::vector<model::Tag>> ReadModel::Tags(const std::vector<model::Id>& ids) {
  return ByIds(ids, tags_,
               [&](const std::vector<model::Id>& missing) { return store_.GetTags(missing); });
}

model::Result<std::vector<model::Author>> ReadModel::Authors(const std::vector<model::Id>& ids) {
  return ByIds(ids, authors_,
               [&](const std::vector<model::Id>& missing) { return store_.GetAuthors(missing); });
}

model::Result<std::vector<model::Article>> ReadModel::Latest(
    std::string_view edition, model::Id section_id, model::UnixSeconds now, int limit,
    const std::vector<model::Id>& exclude_ids) {
  std::vector<model::Article> out;
  if (limit <= 0) return out;
  // The first `limit` articles left after removing the excluded ones are among the newest
  // limit + exclude_ids.size(), whichever those ids are.
  const std::size_t needed = static_cast<std::size_t>(limit) + exclude_ids.size();
  std::shared_ptr<const std::vector<model::Article>> newest;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    EditionState& state = State(edition);
    generation = state.generation;
    auto it = state.newest.find(section_id);
    if (it != state.newest.end() && it->second.now == now && it->second.asked >= needed) {
      newest = it->second.articles;
    }
  }
  if (!newest) {
    storage::ArticleQuery q;
    q.edition = std::string(edition);
    if (section_id != 0) q.section_id = section_id;
    q.now = now;
    q.limit = static_cast<int>(needed);
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.ListArticles(q));
    newest = std::make_shared<const std::vector<model::Article>>(std::move(found));
    std::lock_guard lock(mu_);
    EditionState& state = State(edition);
    auto& kept = state.newest[section_id];
    const bool holds_more = kept.articles && kept.now == now && kept.asked > needed;
    if (state.generation == generation && !holds_more && MayKeep()) kept = {now, needed, newest};
  }
  for (const auto& article : *newest) {
    if (static_cast<int>(out.size()) == limit) break;
    if (!Contains(exclude_ids, article.id)) out.push_back(article);
  }
  return out;
}

model::Result<std::vector<model::Article>> ReadModel::Related(const model::Article& article,
                                                              model::UnixSeconds now, int limit) {
  std::shared_ptr<const std::vector<model::Article>> related;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    EditionState& state = State(article.edition);
    generation = state.generation;
    auto it = state.related.find(article.id);
    if (it != state.related.end() && it->second.now == now && it->second.limit == limit &&
        it->second.section_id == article.section_id && it->second.tag_ids == article.tag_ids) {
      related = it->second.articles;
    }
  }
  if (!related) {
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.RelatedArticles(article, now, limit));
    related = std::make_shared<const std::vector<model::Article>>(std::move(found));
    std::lock_guard lock(mu_);
    EditionState& state = State(article.edition);
    if (state.generation == generation && MayKeep()) {
      if (state.related.size() >= kMaxEntries) state.related.clear();
      state.related[article.id] = {now, limit, article.section_id, article.tag_ids, related};
    }
  }
  return *related;
}

model::Result<std::optional<model::Article>> ReadModel::Translation(std::string_view edition,
                                                                    model::Id group,
                                                                    model::UnixSeconds now) {
  std::shared_ptr<const std::optional<model::Article>> translation;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    EditionState& state = State(edition);
    generation = state.generation;
    auto it = state.translations.find(group);
    if (it != state.translations.end() && it->second.now == now) {
      translation = it->second.article;
    }
  }
  if (!translation) {
    storage::ArticleQuery q;
    q.edition = std::string(edition);
    q.translation_group = group;
    q.now = now;
    q.limit = 1;
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.ListArticles(q));
    translation = std::make_shared<const std::optional<model::Article>>(
        found.empty() ? std::nullopt : std::optional<model::Article>(std::move(found.front())));
    std::lock_guard lock(mu_);
    EditionState& state = State(edition);
    if (state.generation == generation && MayKeep()) {
      if (state.translations.size() >= kMaxEntries) state.translations.clear();
      state.translations[group] = {now, translation};
    }
  }
  return *translation;
}

}  // namespace gazette::services
