// Content changes as seen by one process: what was written (by this process, another
// `gazette serve`, or `gazette import`) since the last look. Serving processes poll it to
// evict exactly the pages a change affects.
#pragma once

#include <cstdint>
#include <vector>

#include "model/content.h"
#include "model/result.h"
#include "storage/store.h"

namespace gazette::services {

class ChangeWatcher {
 public:
  // Starts after the latest change that exists now.
  explicit ChangeWatcher(storage::Store& store);
  // The changes since the previous call (or construction), oldest first.
  model::Result<std::vector<model::Change>> Poll();

 private:
  storage::Store& store_;
  std::int64_t seen_ = 0;
};

// Publishes scheduled articles whose time has come; returns how many went live. Missed
// schedules (the server was down) are published at the next call.
model::Result<int> PublishDueArticles(storage::Store& store, model::UnixSeconds now);

}  // namespace gazette::services
