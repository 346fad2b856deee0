// Interface texts of a theme: messages/<language>.json files, each a flat JSON object of
// strings. Every catalog is merged over English, so a missing key shows the English text.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "model/result.h"

namespace gazette::render {

class Messages {
 public:
  using Catalog = std::map<std::string, std::string>;

  // Reads every *.json file of `dir`. A file that is not a JSON object of strings is a
  // kInvalidInput error naming the file. A missing folder gives empty catalogs.
  static model::Result<Messages> Load(const std::string& dir);

  // The catalog of `language` ("fr", "pt-BR" falls back to "pt"), else English.
  const Catalog& For(const std::string& language) const;

 private:
  std::map<std::string, Catalog> catalogs_;
  Catalog english_;
};

// Formats an ICU MessageFormat pattern with one numeric argument `count`, e.g.
// "{count, plural, one {# résultat} other {# résultats}}", by `locale`'s plural rules. A
// pattern that does not parse is returned as it is, so a broken catalog shows, not crashes.
std::string FormatCount(const std::string& pattern, const std::string& locale, std::int64_t count);

}  // namespace gazette::render
