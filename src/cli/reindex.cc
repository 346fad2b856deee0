#include <unistd.h>

#include <chrono>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/site.h"

namespace gazette::cli {

int RunReindex(const ReindexOptions& options) {
  auto site = OpenSite(options.data_dir);
  if (!site.ok()) return Fail(site.error());
  storage::SearchIndex* index = SearchIndexOf(*site->store);
  if (!index) return Fail(model::Unavailable("this site's storage has no search index"));

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  constexpr int kBarWidth = 30;
  auto progress = [&](std::int64_t done, std::int64_t total) {
    if (!show_progress) return;
    const int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
    const int filled = percent * kBarWidth / 100;
    std::cerr << "\rreindexing [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kBarWidth - filled), ' ') << "] " << percent
              << "%  " << done << "/" << total << std::flush;
  };
  const auto started = std::chrono::steady_clock::now();
  model::Status st = index->Reindex(progress);
  if (show_progress) std::cerr << "\n";
  if (!st.ok()) return Fail(st.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "reindexed in " << static_cast<long long>(seconds * 1000) << " ms\n";
  return 0;
}

}  // namespace gazette::cli
