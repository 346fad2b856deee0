// A deterministic synthetic archive in the articles JSON Lines model, for demos, tests and
// benchmarks: the same options give byte-identical records on every machine.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "services/article_record.h"

namespace gazette::services {

struct GeneratorOptions {
  int count = 0;
  std::uint64_t seed = 1;
  std::string edition = "fr";  // "fr" and "en" have their own texts; others use English
  std::string image_prefix;    // image src = image_prefix + file name
  // When set, every third article (index 0, 3, 6, ...) is marked as the translation of the
  // article with the same index in that edition (generated with the same seed).
  std::string translation_of_edition;
};

// Id of the article at `index` (0-based): GeneratedId("fr", 0) == "gen-fr-000001".
std::string GeneratedId(const std::string& edition, int index);

// Calls `sink` once per article, in index order. Each record parses back with
// ParseArticleLine: status "published", published_at within the six years before
// 2024-07-10T12:00:00+07:00 (offset +07:00), about 10% with updated_at, 40% with a
// source, 70% with an image, titles of 6-14 words, bodies of 4-12 blocks and 200-1200
// words. Articles with the same index and seed share section, date, tags, authors and
// image across editions. No slug is set.
void GenerateArchive(const GeneratorOptions& options,
                     const std::function<void(const ArticleRecord&)>& sink);

}  // namespace gazette::services
