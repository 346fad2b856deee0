// Start here for machine translation. A Provider turns HTML fragments from one language into
// another; the pipeline (translate/pipeline.h) protects what must not change before calling
// it and verifies what comes back, so a provider may be as lossy as it likes: the loss shows
// in the integrity report instead of reaching readers.
//
// Implementations: Apertium run locally (translate/apertium.h), Apertium APy and
// LibreTranslate-compatible services over HTTP (translate/http_providers.h). Only cli/ chooses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace gazette::translate {

class Provider {
 public:
  virtual ~Provider() = default;

  // "apertium", "apy", "libretranslate".
  virtual std::string Name() const = 0;

  // Translates each fragment (UTF-8 HTML, entities decoded except &amp; &lt; &gt; &quot;)
  // from `source` to `target` (ISO 639-1 codes: "fr", "es"), keeping markup in place.
  // Returns one output per fragment, in order. kInvalidInput for a language pair the
  // provider does not offer (the message names the pair and those it has); kUnavailable
  // when the provider cannot be reached or run.
  virtual model::Result<std::vector<std::string>> TranslateHtml(
      const std::vector<std::string>& fragments, std::string_view source,
      std::string_view target) = 0;
};

// ISO 639-3 code of an ISO 639-1 code ("fr" -> "fra"); the code itself when unknown.
std::string Iso639_3(std::string_view code);

}  // namespace gazette::translate
