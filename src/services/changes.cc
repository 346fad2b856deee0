#include "services/changes.h"

namespace gazette::services {

ChangeWatcher::ChangeWatcher(storage::Store& store) : store_(store) {
  auto latest = store_.LatestChangeSeq();
  seen_ = latest.ok() ? *latest : 0;
}

model::Result<std::vector<model::Change>> ChangeWatcher::Poll() {
  std::vector<model::Change> all;
  for (;;) {
    GAZETTE_ASSIGN_OR_RETURN(auto changes, store_.ChangesSince(seen_, 1000));
    if (changes.empty()) break;
    seen_ = changes.back().seq;
    const bool more = changes.size() == 1000;
    all.insert(all.end(), changes.begin(), changes.end());
    if (!more) break;
  }
  return all;
}

model::Result<int> PublishDueArticles(storage::Store& store, model::UnixSeconds now) {
  int published = 0;
  // Exclusive across every process on the database: on a cluster one node publishes, the
  // others skip this round.
  auto ran = store.RunExclusive("scheduler", [&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto due, store.DueScheduled(now));
    for (auto& article : due) {
      article.status = model::ArticleStatus::kPublished;
      if (!article.published_at) article.published_at = article.scheduled_at.value_or(now);
      article.scheduled_at.reset();
      GAZETTE_ASSIGN_OR_RETURN(auto saved, store.SaveArticle(article, "scheduler"));
      (void)saved;
      ++published;
    }
    return model::Ok();
  });
  if (!ran.ok()) return ran.error();
  return published;
}

}  // namespace gazette::services
