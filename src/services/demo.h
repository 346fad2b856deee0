// The demo site: the reference article (the French edition's NATO story with its photo,
// caption, credit, quotations and source), its English translation, and a generated archive
// in French and English with translations linked, so every page type has content.
#pragma once

#include <string>
#include <vector>

#include "model/result.h"
#include "services/importer.h"
#include "storage/store.h"

namespace gazette::services {

struct DemoOptions {
  std::string media_dir;
  std::string work_dir;  // scratch folder for the generated pictures before import
  int french_articles = 300;
  int english_articles = 150;
  std::uint64_t seed = 2024;
};

// The reference article as an interchange record (edition "fr").
ArticleRecord ReferenceArticle();
// Its English version (edition "en"), translation_of the reference article.
ArticleRecord ReferenceArticleEnglish();

// Imports the demo content and sets the featured placements. Editions "fr" and "en" must
// exist in the store.
model::Result<ImportSummary> CreateDemoContent(storage::Store& store, const DemoOptions& options);

}  // namespace gazette::services
