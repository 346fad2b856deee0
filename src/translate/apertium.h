// Apertium run locally (Debian packages apertium and apertium-<pair>), in HTML mode with
// unknown-word marks dropped (`apertium -f html -u`). All fragments of one call go through
// one process run: most of a short run's time is starting the pipeline.
#pragma once

#include <string>

#include "translate/provider.h"

namespace gazette::translate {

struct ApertiumOptions {
  std::string binary = "apertium";
  std::string modes_dir = "/usr/share/apertium/modes";  // where <pair>.mode files are
};

class ApertiumProvider : public Provider {
 public:
  explicit ApertiumProvider(ApertiumOptions options = {});

  std::string Name() const override { return "apertium"; }
  model::Result<std::vector<std::string>> TranslateHtml(const std::vector<std::string>& fragments,
                                                        std::string_view source,
                                                        std::string_view target) override;

  // The installed mode for the pair ("fr-es", "eng-spa"), or kInvalidInput naming the pairs
  // that are installed.
  model::Result<std::string> ModeFor(std::string_view source, std::string_view target) const;

 private:
  ApertiumOptions options_;
};

}  // namespace gazette::translate
