#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/site.h"
#include "services/importer.h"

namespace gazette::cli {

int RunImport(const ImportOptions& options) {
  auto site = OpenSite(options.data_dir, options.database);
  if (!site.ok()) return Fail(site.error());
  std::error_code ec;
  const auto total = std::filesystem::file_size(options.file, ec);
  if (ec) return Fail(model::InvalidInput("cannot read '" + options.file + "': " + ec.message()));

  services::ImportOptions import;
  import.default_edition = site->config.default_edition;
  for (const auto& e : site->config.editions) import.editions.push_back(e.code);
  import.media_dir = site->config.MediaDir();
  services::Importer importer(*site->store, import);

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  auto progress = [&](std::uint64_t bytes, const services::ImportSummary& s) {
    if (!show_progress) return;
    const int percent = total == 0 ? 100 : static_cast<int>(bytes * 100 / total);
    std::cerr << "\rimporting: " << percent << "%  " << s.imported << " imported, " << s.updated
              << " updated, " << s.rejected << " rejected" << std::flush;
  };
  auto summary = importer.ImportFile(options.file, progress);
  if (show_progress) std::cerr << "\n";
  if (!summary.ok()) return Fail(summary.error());

  for (const auto& e : summary->errors) {
    std::cerr << options.file << ":" << e.line << ": rejected"
              << (e.id.empty() ? "" : " '" + e.id + "'") << ": " << e.message << "\n";
  }
  // A large archive can warn on every line (missing pictures): show the first ones only.
  constexpr size_t kMaxWarningsShown = 20;
  for (size_t i = 0; i < summary->warnings.size() && i < kMaxWarningsShown; ++i) {
    const auto& w = summary->warnings[i];
    std::cerr << options.file << ":" << w.line << ": warning"
              << (w.id.empty() ? "" : " '" + w.id + "'") << ": " << w.message << "\n";
  }
  if (summary->warnings.size() > kMaxWarningsShown) {
    std::cerr << "... and " << summary->warnings.size() - kMaxWarningsShown << " more warnings\n";
  }
  std::cout << "imported " << summary->imported << ", updated " << summary->updated << ", rejected "
            << summary->rejected << "\n";
  return 0;
}

}  // namespace gazette::cli
