#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/site.h"
#include "services/translator.h"
#include "text/iso_time.h"
#include "translate/apertium.h"
#include "translate/http_providers.h"

namespace gazette::cli {

model::Result<std::unique_ptr<translate::Provider>> MakeTranslationProvider(
    const SiteConfig& config, const std::string& chosen) {
  const std::string name = chosen.empty() ? config.translation.provider : chosen;
  if (name == "apertium")
    return std::unique_ptr<translate::Provider>(std::make_unique<translate::ApertiumProvider>());
  if (name == "apy" || name == "libretranslate") {
    if (config.translation.url.empty()) {
      return model::InvalidInput(
          "the " + name + " provider needs [translation] url in " + config.ConfigFile(),
          "translation.url");
    }
    translate::HttpProviderOptions http{config.translation.url, config.translation.api_key, 120};
    if (name == "apy") {
      return std::unique_ptr<translate::Provider>(std::make_unique<translate::ApyProvider>(http));
    }
    return std::unique_ptr<translate::Provider>(
        std::make_unique<translate::LibreTranslateProvider>(http));
  }
  return model::InvalidInput("unknown provider '" + name + "' (apertium, apy or libretranslate)",
                             "provider");
}

namespace {

model::Result<std::optional<model::UnixSeconds>> ParseWhen(const std::string& text,
                                                           const char* field) {
  if (text.empty()) return std::optional<model::UnixSeconds>();
  auto t = text::ParseIso8601(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!t) {
    return model::InvalidInput("'" + text + "' is not an ISO 8601 date (2024-07-11) or date-time",
                               field);
  }
  return std::optional<model::UnixSeconds>(*t);
}

void PrintOutcome(const services::TranslateOutcome& o, std::ostream& out) {
  const auto& r = o.report;
  out << (o.skipped ? "already translated '" : "translated '") << o.source_id << "' -> '"
      << o.article.external_id << "' (" << o.article.edition << ", " << o.article.slug
      << "): " << model::StatusName(o.article.status);
  if (!r.machine_translation.empty()) {
    out << ", machine translation (" << r.machine_translation << ") \u2014 needs review";
  }
  out << "\n  integrity: " << r.kept << " of " << r.protected_items << " protected items kept, "
      << r.missing << " missing, " << r.duplicated << " duplicated, " << r.altered
      << " altered; numbers " << r.numbers_translation << "/" << r.numbers_source << ", dates "
      << r.dates_translation << "/" << r.dates_source << "\n";
  for (const auto& issue : r.issues) {
    out << "  problem: " << issue.field << ": " << issue.detail << "\n";
  }
  if (!r.ok()) out << "  it cannot be published until these problems are fixed\n";
}

}  // namespace

int RunTranslate(const TranslateOptions& options) {
  const bool bulk = !options.section.empty() || !options.since.empty() || !options.until.empty();
  if (options.article.empty() == !bulk) {
    return Fail(model::InvalidInput(
        "give either --article ID, or --section PATH and/or --since/--until for a bulk run"));
  }
  auto site = OpenSite(options.data_dir);
  if (!site.ok()) return Fail(site.error());
  auto provider = MakeTranslationProvider(site->config, options.provider);
  if (!provider.ok()) return Fail(provider.error());

  services::TranslateOptions translate;
  translate.target_edition = options.to;
  if (auto it = site->config.glossaries.find(options.to); it != site->config.glossaries.end()) {
    for (const auto& e : it->second) translate.glossary.push_back({e.term, e.translation});
  }
  services::EditionTranslator translator(*site->store, **provider, translate);

  if (!bulk) {
    auto outcome = translator.TranslateArticle(options.article);
    if (!outcome.ok()) return Fail(outcome.error());
    PrintOutcome(*outcome, std::cout);
    return 0;
  }

  services::BulkSelection selection;
  selection.source_edition = options.from.empty() ? site->config.default_edition : options.from;
  selection.section_path = options.section;
  auto since = ParseWhen(options.since, "since");
  if (!since.ok()) return Fail(since.error());
  auto until = ParseWhen(options.until, "until");
  if (!until.ok()) return Fail(until.error());
  selection.since = *since;
  selection.until = *until;

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  auto progress = [&](std::int64_t done, std::int64_t total) {
    if (!show_progress) return;
    constexpr int kWidth = 30;
    const int filled = total == 0 ? kWidth : static_cast<int>(done * kWidth / total);
    std::cerr << "\rtranslating [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << done << "/"
              << total << std::flush;
  };
  auto outcomes = translator.TranslateSelection(selection, progress);
  if (show_progress) std::cerr << "\n";
  if (!outcomes.ok()) return Fail(outcomes.error());
  std::int64_t translated = 0, skipped = 0, with_problems = 0, items = 0, kept = 0, lost = 0;
  for (const auto& o : *outcomes) {
    ++(o.skipped ? skipped : translated);
    if (!o.skipped) {
      items += o.report.protected_items;
      kept += o.report.kept;
      lost += o.report.missing + o.report.duplicated + o.report.altered;
    }
    if (!o.report.ok()) {
      ++with_problems;
      std::cerr << "'" << o.article.external_id << "': " << model::DescribeIssues(o.report) << "\n";
    }
  }
  std::cout << "translated " << translated << ", skipped " << skipped
            << " (already translated), with integrity problems " << with_problems
            << "; protected items " << items << ", kept " << kept << ", lost " << lost << "\n";
  return 0;
}

int RunPublish(const PublishOptions& options) {
  auto site = OpenSite(options.data_dir);
  if (!site.ok()) return Fail(site.error());
  std::optional<model::UnixSeconds> at;
  if (!options.at.empty()) {
    at = text::ParseIso8601(options.at);
    if (!at) {
      return Fail(model::InvalidInput("'" + options.at + "' is not an ISO 8601 date-time", "at"));
    }
  }
  auto published = services::PublishArticle(*site->store, options.article, at, "publish");
  if (!published.ok()) return Fail(published.error());
  std::cout << "published '" << published->external_id << "' (" << published->edition << ", "
            << published->slug << ")\n";
  return 0;
}

}  // namespace gazette::cli
