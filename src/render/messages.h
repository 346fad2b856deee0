// Interface texts of a theme: messages/<language>.json files, each a flat JSON object of
// strings. Every catalog is merged over English, so a missing key shows the English text.
#pragma once

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

}  // namespace gazette::render
