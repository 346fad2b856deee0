#include "translate/provider.h"

#include <array>
#include <utility>

namespace gazette::translate {

std::string Iso639_3(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kCodes = {{
      {"fr", "fra"},
      {"es", "spa"},
      {"en", "eng"},
      {"ca", "cat"},
      {"vi", "vie"},
      {"pt", "por"},
      {"it", "ita"},
      {"de", "deu"},
      {"oc", "oci"},
      {"gl", "glg"},
      {"eu", "eus"},
      {"ro", "ron"},
      {"nl", "nld"},
      {"ru", "rus"},
      {"zh", "zho"},
      {"ar", "ara"},
  }};
  for (const auto& [two, three] : kCodes) {
    if (code == two) return std::string(three);
  }
  return std::string(code);
}

}  // namespace gazette::translate
