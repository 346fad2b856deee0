// Export of every article in the articles interchange format (JSON Lines), the inverse of
// Importer: importing an export into an empty site reproduces the same pages.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "model/result.h"
#include "storage/store.h"

namespace gazette::services {

struct ExportOptions {
  // Local images are exported as paths under this folder, so the import can copy them.
  std::string media_dir;
};

// Writes one line per article, in id order. Returns how many were written.
model::Result<std::int64_t> ExportArticles(storage::Store& store, const ExportOptions& options,
                                           std::ostream& out);

}  // namespace gazette::services
