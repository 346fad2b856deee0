#include "services/translator.h"

#include <algorithm>
#include <map>
#include <set>

#include "services/media_library.h"
#include "services/site_reader.h"
#include "text/html.h"
#include "text/sanitize.h"
#include "text/slug.h"
#include "translate/pipeline.h"

namespace gazette::services {

using model::Status;

namespace {

// "Jens Stoltenberg": a tag made of two or more capitalized words names a person or a body
// and is kept; "Russie" is a word to translate.
bool LooksLikeName(const std::string& s) {
  if (s.find(' ') == std::string::npos) return false;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) {
      const unsigned char c = static_cast<unsigned char>(s[start]);
      const bool upper = (c >= 'A' && c <= 'Z') || c >= 0xC3;  // ASCII or a Latin-1 capital
      if (!upper) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string LanguageOf(const std::vector<model::Edition>& editions, std::string_view code,
                       const model::Edition** found) {
  for (const auto& e : editions) {
    if (e.code == code) {
      *found = &e;
      return e.language.empty() ? e.code : e.language;
    }
  }
  *found = nullptr;
  return {};
}

// What names a source in its translation's external id.
std::string SourceKey(const model::Article& a) {
  return a.external_id.empty() ? "article-" + std::to_string(a.id) : a.external_id;
}

}  // namespace

std::string TranslationExternalId(std::string_view source_id, std::string_view edition) {
  return std::string(source_id) + "-" + std::string(edition);
}

EditionTranslator::EditionTranslator(storage::Store& store, translate::Provider& provider,
                                     TranslateOptions options)
    : store_(store), provider_(provider), options_(std::move(options)) {}

model::Result<TranslateOutcome> EditionTranslator::TranslateArticle(std::string_view external_id) {
  GAZETTE_ASSIGN_OR_RETURN(auto source, store_.FindArticleByExternalId(external_id));
  if (!source) return model::NotFound("no article with id '" + std::string(external_id) + "'");
  GAZETTE_ASSIGN_OR_RETURN(auto outcomes, TranslateBatch({*source}));
  return std::move(outcomes.front());
}

model::Result<TranslateOutcome> EditionTranslator::TranslateArticleById(model::Id id) {
  GAZETTE_ASSIGN_OR_RETURN(auto source, store_.GetArticle(id));
  if (!source) return model::NotFound("no article with id " + std::to_string(id));
  GAZETTE_ASSIGN_OR_RETURN(auto outcomes, TranslateBatch({*source}));
  return std::move(outcomes.front());
}

model::Result<std::vector<TranslateOutcome>> EditionTranslator::TranslateSelection(
    const BulkSelection& selection, const TranslateProgress& progress) {
  storage::ArticleQuery query;
  query.edition = selection.source_edition;
  query.published_only = true;
  query.with_body = true;
  query.published_since = selection.since;
  if (!selection.section_path.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(
        auto section, store_.FindSectionByPath(selection.source_edition, selection.section_path));
    if (!section) {
      return model::NotFound("no section '" + selection.section_path + "' in edition '" +
                             selection.source_edition + "'");
    }
    query.section_id = section->id;
  }
  std::vector<model::Article> sources;
  query.limit = 500;
  while (true) {
    GAZETTE_ASSIGN_OR_RETURN(auto page, store_.ListArticles(query));
    for (auto& a : page) {
      if (selection.until && a.published_at && *a.published_at >= *selection.until) continue;
      sources.push_back(std::move(a));
    }
    if (static_cast<int>(page.size()) < query.limit) break;
    query.offset += query.limit;
  }
  // Oldest first, so that an interrupted run resumes where it stopped.
  std::reverse(sources.begin(), sources.end());
  std::vector<TranslateOutcome> outcomes;
  const std::int64_t total = static_cast<std::int64_t>(sources.size());
  const std::size_t batch = static_cast<std::size_t>(std::max(1, options_.batch_size));
  for (std::size_t i = 0; i < sources.size(); i += batch) {
    std::vector<model::Article> part(
        sources.begin() + static_cast<std::ptrdiff_t>(i),
        sources.begin() + static_cast<std::ptrdiff_t>(std::min(sources.size(), i + batch)));
    GAZETTE_ASSIGN_OR_RETURN(auto done, TranslateBatch(part));
    for (auto& o : done) outcomes.push_back(std::move(o));
    if (progress) progress(static_cast<std::int64_t>(outcomes.size()), total);
  }
  if (progress && sources.empty()) progress(0, 0);
  return outcomes;
}

model::Result<std::vector<TranslateOutcome>> EditionTranslator::TranslateBatch(
    const std::vector<model::Article>& sources) {
  GAZETTE_ASSIGN_OR_RETURN(const auto editions, store_.ListEditions());
  const model::Edition* target = nullptr;
  const std::string target_language = LanguageOf(editions, options_.target_edition, &target);
  if (target == nullptr) {
    return model::NotFound("no edition '" + options_.target_edition + "'");
  }

  std::vector<TranslateOutcome> outcomes(sources.size());
  std::vector<std::size_t> todo;  // indexes of sources to translate
  const model::Edition* source_edition = nullptr;
  std::string source_language;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto& s = sources[i];
    outcomes[i].source_id = SourceKey(s);
    const model::Edition* edition = nullptr;
    const std::string language = LanguageOf(editions, s.edition, &edition);
    if (edition == nullptr) return model::NotFound("no edition '" + s.edition + "'");
    if (s.edition == target->code) {
      return model::InvalidInput(
          "article '" + s.external_id + "' is already in edition '" + target->code + "'", "to");
    }
    if (source_edition != nullptr && source_edition->code != edition->code) {
      return model::InvalidInput("one batch translates one edition", "article");
    }
    source_edition = edition;
    source_language = language;
    // Already translated (resumable bulk runs, repeated commands): skip.
    std::optional<model::Article> existing;
    if (s.translation_group != 0) {
      storage::ArticleQuery q;
      q.edition = target->code;
      q.translation_group = s.translation_group;
      q.published_only = false;
      q.limit = 1;
      GAZETTE_ASSIGN_OR_RETURN(auto found, store_.ListArticles(q));
      if (!found.empty()) existing = found.front();
    }
    if (!existing) {
      GAZETTE_ASSIGN_OR_RETURN(auto by_id, store_.FindArticleByExternalId(
                                               TranslationExternalId(SourceKey(s), target->code)));
      existing = by_id;
    }
    if (existing) {
      outcomes[i].article = *existing;
      outcomes[i].skipped = true;
      GAZETTE_ASSIGN_OR_RETURN(auto report, store_.GetIntegrityReport(existing->id));
      if (report) outcomes[i].report = *report;
      continue;
    }
    todo.push_back(i);
  }
  if (todo.empty()) return outcomes;

  GAZETTE_ASSIGN_OR_RETURN(const auto sections, store_.ListSections(source_edition->code));
  std::map<model::Id, const model::Section*> section_by_id;
  for (const auto& s : sections) section_by_id[s.id] = &s;

  // One provider call: each article, then its section path's names and its tags' names.
  struct Plan {
    std::size_t article_text = 0;
    std::vector<std::string> section_names;
    std::string section_path;
    std::vector<std::string> tag_names;
    std::size_t first_name_text = 0;
    // The main image: its caption and alt text are translated with the article (title and
    // lead of one more text); the translation gets its own media record for the same file.
    std::optional<model::Media> image;
    std::size_t image_text = 0;
  };
  std::vector<Plan> plans(todo.size());
  std::vector<translate::SourceText> texts;
  text::ProtectOptions base;
  base.source_locale = source_edition->locale;
  base.target_locale = target->locale;
  base.glossary = options_.glossary;
  for (std::size_t k = 0; k < todo.size(); ++k) {
    const auto& s = sources[todo[k]];
    auto& plan = plans[k];
    translate::SourceText t;
    t.title = s.title;
    t.lead = s.lead;
    t.body_html = s.body_html;
    t.protect = base;
    GAZETTE_ASSIGN_OR_RETURN(auto authors, store_.GetAuthors(s.author_ids));
    for (const auto& a : authors) t.protect.names.push_back(a.name);
    GAZETTE_ASSIGN_OR_RETURN(auto tags, store_.GetTags(s.tag_ids));
    for (const auto& tag : tags) {
      plan.tag_names.push_back(tag.name);
      if (LooksLikeName(tag.name)) t.protect.names.push_back(tag.name);
    }
    for (auto it = section_by_id.find(s.section_id); it != section_by_id.end();) {
      plan.section_names.insert(plan.section_names.begin(), it->second->name);
      if (plan.section_path.empty()) plan.section_path = it->second->path;
      if (!it->second->parent_id) break;
      it = section_by_id.find(*it->second->parent_id);
    }
    plan.article_text = texts.size();
    texts.push_back(std::move(t));
    plan.first_name_text = texts.size();
    for (const auto& name : plan.section_names) {
      translate::SourceText n;
      n.title = name;
      n.protect = base;
      texts.push_back(std::move(n));
    }
    for (const auto& name : plan.tag_names) {
      translate::SourceText n;
      n.title = name;
      n.protect = base;
      if (LooksLikeName(name)) n.protect.names.push_back(name);
      texts.push_back(std::move(n));
    }
    if (s.image_id) {
      GAZETTE_ASSIGN_OR_RETURN(plan.image, store_.GetMedia(*s.image_id));
      if (plan.image && (!plan.image->caption.empty() || !plan.image->alt.empty())) {
        translate::SourceText caption;
        caption.title = plan.image->caption;
        caption.lead = plan.image->alt;
        caption.protect = texts[plan.article_text].protect;  // the same names stay intact
        plan.image_text = texts.size();
        texts.push_back(std::move(caption));
      } else {
        plan.image.reset();
      }
    }
  }
  GAZETTE_ASSIGN_OR_RETURN(auto translated, translate::TranslateTexts(provider_, source_language,
                                                                      target_language, texts));

  const auto now = SystemNow();
  for (std::size_t k = 0; k < todo.size(); ++k) {
    const auto& s = sources[todo[k]];
    const auto& plan = plans[k];
    auto& t = translated[plan.article_text];
    auto& outcome = outcomes[todo[k]];
    model::Article a;
    a.external_id = TranslationExternalId(SourceKey(s), target->code);
    a.edition = target->code;
    a.translation_group = s.translation_group != 0 ? s.translation_group : s.id;
    a.title = t.title;
    a.lead = t.lead;
    a.body_html = text::SanitizeHtml(t.body_html);
    a.author_ids = s.author_ids;
    a.source = s.source;
    a.image_id = s.image_id;
    a.status = model::ArticleStatus::kDraft;
    a.created_at = now;
    a.updated_at = now;
    model::IntegrityReport report = std::move(t.report);
    if (a.title.empty()) report.issues.push_back({"title", "missing", "the title is empty"});
    report.machine_translation = provider_.Name();

    Status saved = store_.InTransaction([&]() -> Status {
      // Section: the target edition's section at the same path, else the translated names.
      GAZETTE_ASSIGN_OR_RETURN(auto same_path,
                               store_.FindSectionByPath(target->code, plan.section_path));
      if (same_path) {
        a.section_id = same_path->id;
      } else {
        std::vector<std::string> names;
        for (std::size_t n = 0; n < plan.section_names.size(); ++n) {
          const auto& name = translated[plan.first_name_text + n].title;
          names.push_back(name.empty() ? plan.section_names[n] : name);
        }
        if (names.empty()) names.push_back("General");
        GAZETTE_ASSIGN_OR_RETURN(auto section, store_.EnsureSection(target->code, names));
        a.section_id = section.id;
      }
      for (std::size_t n = 0; n < plan.tag_names.size(); ++n) {
        const auto& name = translated[plan.first_name_text + plan.section_names.size() + n].title;
        GAZETTE_ASSIGN_OR_RETURN(
            auto tag, store_.EnsureTag(target->code, name.empty() ? plan.tag_names[n] : name));
        if (std::find(a.tag_ids.begin(), a.tag_ids.end(), tag.id) == a.tag_ids.end()) {
          a.tag_ids.push_back(tag.id);
        }
      }
      if (plan.image) {
        const auto& caption = translated[plan.image_text];
        model::Media media = *plan.image;
        media.id = 0;
        if (!caption.title.empty()) media.caption = caption.title;
        if (!caption.lead.empty()) media.alt = caption.lead;
        for (const auto& issue : caption.report.issues) {
          report.issues.push_back(
              {issue.field == "lead" ? "image.alt" : "image.caption", issue.kind, issue.detail});
        }
        GAZETTE_ASSIGN_OR_RETURN(a.image_id, store_.SaveMedia(media));
      }
      std::string base_slug = text::Slugify(a.title);
      if (base_slug.empty()) base_slug = text::Slugify(s.slug);
      a.slug = base_slug;
      for (int n = 2;; ++n) {
        GAZETTE_ASSIGN_OR_RETURN(auto holder, store_.FindArticleBySlug(a.edition, a.slug));
        if (!holder) break;
        a.slug = base_slug + "-" + std::to_string(n);
      }
      GAZETTE_ASSIGN_OR_RETURN(auto stored, store_.SaveArticle(a, options_.translated_by));
      a = std::move(stored);
      return store_.SaveIntegrityReport(a.id, report);
    });
    GAZETTE_RETURN_IF_ERROR(saved);
    outcome.article = a;
    outcome.report = std::move(report);
  }
  return outcomes;
}

namespace {

// What a person's edit must keep: the items whose value does not depend on wording.
bool IsChecked(text::ProtectedKind kind) {
  using K = text::ProtectedKind;
  return kind != K::kMarkup && kind != K::kTerm && kind != K::kName;
}

bool IsNumberLike(text::ProtectedKind kind) {
  using K = text::ProtectedKind;
  return kind == K::kNumber || kind == K::kAmount || kind == K::kPercent;
}

}  // namespace

model::IntegrityReport RecheckTranslation(const model::Article& source,
                                          const model::Article& translation,
                                          const std::string& source_locale,
                                          const std::string& target_locale) {
  model::IntegrityReport report;
  text::ProtectOptions from;
  from.source_locale = source_locale;
  from.target_locale = target_locale;
  from.detect_names = false;
  // The translation is read in its own language, so that its dates are recognised as such.
  text::ProtectOptions to = from;
  to.source_locale = target_locale;
  const std::pair<const char*, std::pair<const std::string*, const std::string*>> fields[] = {
      {"title", {&source.title, &translation.title}},
      {"lead", {&source.lead, &translation.lead}},
      {"body_html", {&source.body_html, &translation.body_html}}};
  for (const auto& [field, texts] : fields) {
    const auto src = text::Protect(text::DecodeEntitiesForTranslation(*texts.first), from);
    const auto dst = text::Protect(text::DecodeEntitiesForTranslation(*texts.second), to);
    std::multiset<std::string> present;
    for (const auto& item : dst.items) {
      if (!IsChecked(item.kind)) continue;
      present.insert(item.original);
      if (IsNumberLike(item.kind)) ++report.numbers_translation;
      if (item.kind == text::ProtectedKind::kDate) ++report.dates_translation;
    }
    for (const auto& item : src.items) {
      if (!IsChecked(item.kind)) continue;
      ++report.protected_items;
      if (IsNumberLike(item.kind)) ++report.numbers_source;
      if (item.kind == text::ProtectedKind::kDate) ++report.dates_source;
      if (auto it = present.find(item.replacement); it != present.end()) {
        present.erase(it);
        ++report.kept;
        continue;
      }
      ++report.missing;
      report.issues.push_back({field, "missing",
                               std::string(text::ProtectedKindName(item.kind)) + " '" +
                                   item.replacement + "' of the source is missing"});
    }
    for (auto& issue : text::LintForReaders(*texts.second, field)) {
      report.issues.push_back(std::move(issue));
    }
  }
  return report;
}

model::Status CheckPublishable(storage::Store& store, const model::Article& article) {
  model::IntegrityReport report;
  if (article.id != 0) {
    auto stored = store.GetIntegrityReport(article.id);
    if (stored.ok() && stored->has_value()) {
      report.issues = (*stored)->issues;
    } else if (!stored.ok() && stored.error().kind != model::ErrorKind::kUnavailable) {
      return stored.error();
    }
  }
  // The text as it is now, whatever the report says.
  for (auto& issue : text::LintForReaders(article.title, "title")) report.issues.push_back(issue);
  for (auto& issue : text::LintForReaders(article.lead, "lead")) report.issues.push_back(issue);
  for (auto& issue : text::LintForReaders(article.body_html, "body_html")) {
    report.issues.push_back(issue);
  }
  if (report.ok()) return model::Ok();
  const std::size_t n = report.issues.size();
  return model::Integrity(
      "article '" + article.external_id + "' cannot be published: " + std::to_string(n) +
      (n == 1 ? " problem" : " problems") + " — " + model::DescribeIssues(report));
}

model::Result<model::Article> PublishArticle(storage::Store& store, std::string_view external_id,
                                             std::optional<model::UnixSeconds> at,
                                             std::string_view published_by) {
  GAZETTE_ASSIGN_OR_RETURN(auto found, store.FindArticleByExternalId(external_id));
  if (!found) return model::NotFound("no article with id '" + std::string(external_id) + "'");
  model::Article article = *found;
  GAZETTE_RETURN_IF_ERROR(CheckPublishable(store, article));
  GAZETTE_RETURN_IF_ERROR(CheckImageAlt(store, article));
  article.status = model::ArticleStatus::kPublished;
  article.scheduled_at.reset();
  if (at) {
    article.published_at = *at;
  } else if (!article.published_at) {
    article.published_at = SystemNow();
  }
  article.updated_at = std::max(article.updated_at, *article.published_at);
  model::Article saved;
  Status done = store.InTransaction([&]() -> Status {
    GAZETTE_ASSIGN_OR_RETURN(saved, store.SaveArticle(article, published_by));
    auto report = store.GetIntegrityReport(saved.id);
    if (report.ok() && report->has_value() && !(*report)->machine_translation.empty()) {
      model::IntegrityReport reviewed = **report;
      reviewed.machine_translation.clear();  // publishing is the review
      return store.SaveIntegrityReport(saved.id, reviewed);
    }
    return model::Ok();
  });
  GAZETTE_RETURN_IF_ERROR(done);
  return saved;
}

}  // namespace gazette::services
