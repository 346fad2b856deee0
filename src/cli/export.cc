#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/site.h"
#include "services/exporter.h"

namespace gazette::cli {

int RunExport(const ExportOptions& options) {
  auto site = OpenSite(options.data_dir, options.database);
  if (!site.ok()) return Fail(site.error());
  services::ExportOptions export_options;
  export_options.media_dir = std::filesystem::absolute(site->config.MediaDir()).string();

  std::ofstream file;
  if (!options.out.empty()) {
    file.open(options.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(model::Unavailable("cannot write '" + options.out + "'"));
  }
  std::ostream& out = options.out.empty() ? std::cout : file;
  auto written = services::ExportArticles(*site->store, export_options, out);
  if (!written.ok()) return Fail(written.error());
  out.flush();
  if (!out) return Fail(model::Unavailable("cannot write the export"));
  std::cerr << "exported " << *written << " articles\n";
  return 0;
}

}  // namespace gazette::cli
