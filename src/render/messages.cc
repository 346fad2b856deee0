#include "render/messages.h"

#include <unicode/msgfmt.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gazette::render {

std::string FormatCount(const std::string& pattern, const std::string& locale, std::int64_t count) {
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat format(icu::UnicodeString::fromUTF8(pattern), icu::Locale(locale.c_str()),
                            status);
  if (U_FAILURE(status)) return pattern;
  icu::UnicodeString names[] = {"count"};
  icu::Formattable values[] = {icu::Formattable(static_cast<int64_t>(count))};
  icu::UnicodeString out;
  format.format(names, values, 1, out, status);
  if (U_FAILURE(status)) return pattern;
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}
namespace fs = std::filesystem;

model::Result<Messages> Messages::Load(const std::string& dir) {
  Messages messages;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return messages;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    boost::system::error_code parse_error;
    boost::json::value value = boost::json::parse(buffer.str(), parse_error);
    if (parse_error || !value.is_object()) {
      return model::InvalidInput("message catalog is not a JSON object: " + entry.path().string());
    }
    Catalog catalog;
    for (const auto& [key, text] : value.as_object()) {
      if (!text.is_string()) {
        return model::InvalidInput("message '" + std::string(key) + "' is not a string in " +
                                   entry.path().string());
      }
      catalog.emplace(std::string(key), std::string(text.as_string()));
    }
    messages.catalogs_.emplace(entry.path().stem().string(), std::move(catalog));
  }
  if (auto it = messages.catalogs_.find("en"); it != messages.catalogs_.end()) {
    messages.english_ = it->second;
    for (auto& [language, catalog] : messages.catalogs_) {
      for (const auto& [key, text] : messages.english_) catalog.emplace(key, text);
    }
  }
  return messages;
}

const Messages::Catalog& Messages::For(const std::string& language) const {
  if (auto it = catalogs_.find(language); it != catalogs_.end()) return it->second;
  const auto dash = language.find_first_of("-_");
  if (dash != std::string::npos) {
    if (auto it = catalogs_.find(language.substr(0, dash)); it != catalogs_.end()) {
      return it->second;
    }
  }
  return english_;
}

}  // namespace gazette::render
