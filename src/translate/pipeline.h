// Protect -> provider -> restore -> verify -> report, for the texts of articles.
#pragma once

#include <string>
#include <vector>

#include "model/integrity.h"
#include "model/result.h"
#include "text/protect.h"
#include "translate/provider.h"

namespace gazette::translate {

// What an article says, in its source language. `title` and `lead` are plain text,
// `body_html` sanitized HTML.
struct SourceText {
  std::string title;
  std::string lead;
  std::string body_html;
  text::ProtectOptions protect;  // locales, names and glossary for this article
};

struct TranslatedText {
  std::string title;
  std::string lead;
  std::string body_html;
  model::IntegrityReport report;  // issues name "title", "lead" or "body_html"
};

// Translates every text in one provider call. Fails only when the provider fails (unknown
// pair, unreachable service); integrity problems are in each report, never hidden.
model::Result<std::vector<TranslatedText>> TranslateTexts(Provider& provider,
                                                          std::string_view source_language,
                                                          std::string_view target_language,
                                                          const std::vector<SourceText>& texts);

}  // namespace gazette::translate
