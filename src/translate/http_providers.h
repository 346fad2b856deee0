// Translation services over HTTP (libcurl). Both send HTML and expect markup kept in place.
#pragma once

#include <string>

#include "translate/provider.h"

namespace gazette::translate {

struct HttpProviderOptions {
  std::string url;      // base URL: "http://127.0.0.1:2737", "https://translate.example.org"
  std::string api_key;  // LibreTranslate: sent as api_key when not empty
  long timeout_seconds = 60;
};

// Apertium APy: GET-style form POST to /translate with q, langpair=fra|spa, format=html,
// markUnknown=no; one request per fragment.
class ApyProvider : public Provider {
 public:
  explicit ApyProvider(HttpProviderOptions options);
  std::string Name() const override { return "apy"; }
  model::Result<std::vector<std::string>> TranslateHtml(const std::vector<std::string>& fragments,
                                                        std::string_view source,
                                                        std::string_view target) override;

 private:
  HttpProviderOptions options_;
};

// The LibreTranslate API: POST /translate with JSON {q: [...], source, target, format: "html",
// api_key}; answer {translatedText: [...]}. One request per call.
class LibreTranslateProvider : public Provider {
 public:
  explicit LibreTranslateProvider(HttpProviderOptions options);
  std::string Name() const override { return "libretranslate"; }
  model::Result<std::vector<std::string>> TranslateHtml(const std::vector<std::string>& fragments,
                                                        std::string_view source,
                                                        std::string_view target) override;

 private:
  HttpProviderOptions options_;
};

}  // namespace gazette::translate
