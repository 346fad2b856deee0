// One article of the JSON Lines interchange format (docs: formats/articles-jsonl):
// parsed and validated from a line, and written back as one line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace gazette::services {

struct ImageRecord {
  std::string src, caption, credit, alt;

  bool operator==(const ImageRecord&) const = default;
};

struct ArticleRecord {
  std::string id, edition, title, slug, lead, body_html;
  std::string section;  // "/"-separated path: "International/Amérique"
  std::vector<std::string> tags, authors;
  std::string published_at, updated_at;  // ISO 8601 text exactly as in the file
  std::string status = "published";      // draft|review|scheduled|published|unpublished
  std::string source;
  std::optional<ImageRecord> image;
  std::string translation_of;

  bool operator==(const ArticleRecord&) const = default;
};

// Parses and validates one line. Errors are kInvalidInput naming the field (Error::field
// is set too): invalid JSON (with the parser's message), not an object, a missing or empty
// required field (id, title, body_html, section; published_at when the status is
// "published"), a wrong type, an unknown status, a date that is not
// YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or ±HH:MM, or both "author" and "authors".
// "author" (string) gives one author, "authors" (array of strings) several; null counts as
// absent for optional fields; unknown fields are ignored.
model::Result<ArticleRecord> ParseArticleLine(std::string_view line);

// One line without a trailing newline. Empty fields are omitted; "author" is written for
// one author, "authors" for several; status is always written. For a record that
// ParseArticleLine accepts, ParseArticleLine(ToJsonLine(r)) == r.
std::string ToJsonLine(const ArticleRecord& record);

}  // namespace gazette::services
