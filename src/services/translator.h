// Translate-to-edition (SPEC §5): a machine translation of an article becomes a draft in
// the target edition, linked to its source in the translation group, marked "machine
// translation — needs review", with section and tags mapped to the target edition and its
// integrity report stored. Dates written with month names are re-rendered in the target
// locale by ICU, never translated as words.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/content.h"
#include "model/integrity.h"
#include "model/result.h"
#include "storage/store.h"
#include "text/protect.h"
#include "translate/provider.h"

namespace gazette::services {

struct TranslateOptions {
  std::string target_edition;                // edition code: "es"
  std::vector<text::GlossaryTerm> glossary;  // the target edition's glossary
  std::string translated_by = "translate";
  int batch_size = 20;  // articles per provider call in bulk mode
};

struct TranslateOutcome {
  std::string source_id;   // external id of the source article
  model::Article article;  // the translation (new, or the one found when skipped)
  model::IntegrityReport report;
  bool skipped = false;  // the source already had a translation in the target edition
};

// Which source articles a bulk run translates.
struct BulkSelection {
  std::string source_edition;
  std::string section_path;                 // "" = every section; else with descendants
  std::optional<model::UnixSeconds> since;  // published_at >= since
  std::optional<model::UnixSeconds> until;  // published_at < until
};

// Called after each batch with (done, total).
using TranslateProgress = std::function<void(std::int64_t done, std::int64_t total)>;

class EditionTranslator {
 public:
  EditionTranslator(storage::Store& store, translate::Provider& provider, TranslateOptions options);

  // Translates the article with this external id. Errors: kNotFound (article, edition),
  // kInvalidInput (same edition, unsupported language pair), kUnavailable (provider).
  // An article already translated into the target edition is skipped, not translated again.
  model::Result<TranslateOutcome> TranslateArticle(std::string_view external_id);
  // The same for the article with this id (newsroom articles have no external id; their
  // translation's external id is then "article-<id>-<edition>").
  model::Result<TranslateOutcome> TranslateArticleById(model::Id id);

  // Translates every article of the selection, `batch_size` at a time; resumable: articles
  // already translated into the target edition are skipped.
  model::Result<std::vector<TranslateOutcome>> TranslateSelection(
      const BulkSelection& selection, const TranslateProgress& progress = {});

 private:
  model::Result<std::vector<TranslateOutcome>> TranslateBatch(
      const std::vector<model::Article>& sources);

  storage::Store& store_;
  translate::Provider& provider_;
  TranslateOptions options_;
};

// The publishing rule: an article whose integrity report has issues cannot be published or
// scheduled. The error (kIntegrity) says what is wrong and where.
model::Status CheckPublishable(storage::Store& store, const model::Article& article);

// Publishes a draft (after review): checks the rule, clears the "needs review" mark, sets
// status published and published_at (`at`, or now). kNotFound, kIntegrity.
model::Result<model::Article> PublishArticle(storage::Store& store, std::string_view external_id,
                                             std::optional<model::UnixSeconds> at,
                                             std::string_view published_by);

// Recomputes the integrity report of a translation a person has edited, against its source:
// every number, date, time, amount, percentage, URL and e-mail that translation protects in
// the source's title, lead and body must appear in the same field of `translation` (a date
// with month names as rendered in the target locale), and no placeholder may be left
// (text::LintForReaders). Counts as in a pipeline report (kept, missing; numbers and dates
// of each side); machine_translation is left empty for the caller to carry over.
model::IntegrityReport RecheckTranslation(const model::Article& source,
                                          const model::Article& translation,
                                          const std::string& source_locale,
                                          const std::string& target_locale);

// External id of the translation of `source_id` into `edition`: "<source_id>-<edition>".
std::string TranslationExternalId(std::string_view source_id, std::string_view edition);

}  // namespace gazette::services
