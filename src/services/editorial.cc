#include "services/editorial.h"

#include "model/permissions.h"
#include "services/media_library.h"
#include "services/translator.h"
#include "text/iso_time.h"
#include "text/sanitize.h"
#include "text/slug.h"

namespace gazette::services {

namespace {

using model::ArticleStatus;

std::size_t Utf8Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsTranslation(const model::Article& a) {
  return a.translation_group != 0 && a.translation_group != a.id;
}

std::string Trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<model::UnixSeconds> ParseScheduleTime(const std::string& value) {
  if (value.size() == 16) return text::ParseIso8601(value + ":00Z");
  if (value.size() == 19) return text::ParseIso8601(value + "Z");
  return std::nullopt;
}

Editorial::Editorial(storage::Store& store, Clock clock)
    : store_(store), clock_(std::move(clock)) {}

model::Status Editorial::Validate(const ArticleFields& f) {
  if (f.edition.empty()) return model::InvalidInput("choose an edition", "edition");
  if (Trimmed(f.title).empty()) return model::InvalidInput("the title is required", "title");
  if (Utf8Length(f.title) > 300) {
    return model::InvalidInput("the title has at most 300 characters", "title");
  }
  if (Utf8Length(f.lead) > 2000) {
    return model::InvalidInput("the lead has at most 2000 characters", "lead");
  }
  if (f.section_id <= 0) return model::InvalidInput("choose a section", "section_id");
  if (f.body_html.size() > (512u << 10)) {
    return model::InvalidInput("the body is larger than 512 KiB", "body_html");
  }
  return model::Ok();
}

const char* Editorial::ActionName(ArticleStatus from, ArticleStatus to) {
  switch (to) {
    case ArticleStatus::kReview:
      return "submit";
    case ArticleStatus::kScheduled:
      return "schedule";
    case ArticleStatus::kPublished:
      return "publish";
    case ArticleStatus::kUnpublished:
      return "unpublish";
    case ArticleStatus::kDraft:
      return from == ArticleStatus::kScheduled ? "unschedule" : "return to draft";
  }
  return "save";
}

model::Status Editorial::Apply(const ArticleFields& f, model::Article& a) {
  GAZETTE_RETURN_IF_ERROR(Validate(f));
  if (a.id != 0 && f.edition != a.edition) {
    return model::InvalidInput("an article's edition cannot change", "edition");
  }
  a.edition = f.edition;
  a.title = Trimmed(f.title);
  a.lead = Trimmed(f.lead);
  // Whatever the client sent, only the allowlist survives.
  a.body_html = text::SanitizeHtml(f.body_html);
  a.section_id = f.section_id;
  a.source = Trimmed(f.source);
  if (!f.slug.empty()) a.slug = f.slug;
  a.tag_ids.clear();
  for (const std::string& name : f.tags) {
    const std::string tag = Trimmed(name);
    if (tag.empty()) continue;
    GAZETTE_ASSIGN_OR_RETURN(auto saved, store_.EnsureTag(a.edition, tag));
    a.tag_ids.push_back(saved.id);
  }
  return model::Ok();
}

model::Result<model::Article> Editorial::SaveAudited(const model::User& user,
                                                     const model::Article& article,
                                                     int expected_revision,
                                                     const std::string& action,
                                                     const std::string& detail) {
  std::optional<model::Article> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    auto result = expected_revision == 0
                      ? store_.SaveArticle(article, user.username)
                      : store_.SaveArticleAtRevision(article, user.username, expected_revision);
    if (!result.ok()) return result.error();
    saved = std::move(*result);
    return store_.AppendAudit({0, clock_(), user.username, action, saved->id,
                               detail.empty()
                                   ? "revision " + std::to_string(saved->revision)
                                   : detail + ", revision " + std::to_string(saved->revision)});
  }));
  return std::move(*saved);
}

model::Result<model::Article> Editorial::Create(const model::User& user,
                                                const ArticleFields& fields) {
  if (!model::MayEdit(user.role, ArticleStatus::kDraft, false)) {
    return model::Forbidden("your role cannot write articles");
  }
  model::Article a;
  a.status = ArticleStatus::kDraft;
  GAZETTE_RETURN_IF_ERROR(Apply(fields, a));
  const model::UnixSeconds now = clock_();
  a.created_at = now;
  a.updated_at = now;
  std::optional<model::Article> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    if (fields.slug.empty()) {
      // Two articles may share a title; the second gets "-2", and so on.
      std::string base = text::Slugify(a.title);
      if (base.empty()) base = "article";
      a.slug = base;
      for (int n = 2;; ++n) {
        GAZETTE_ASSIGN_OR_RETURN(auto taken, store_.FindArticleBySlug(a.edition, a.slug));
        if (!taken) break;
        a.slug = base + "-" + std::to_string(n);
      }
    }
    // Tags are created inside the transaction too, so a refused article leaves none behind.
    GAZETTE_ASSIGN_OR_RETURN(auto result, SaveAudited(user, a, 0, "create", ""));
    saved = std::move(result);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Result<model::Article> Editorial::Save(const model::User& user, model::Id id,
                                              const std::optional<ArticleFields>& fields,
                                              int expected_revision,
                                              const std::optional<StatusChange>& change) {
  if (expected_revision <= 0) {
    return model::InvalidInput("the form does not say which revision it edits", "revision");
  }
  std::optional<model::Article> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto current, store_.GetArticle(id));
    if (!current) return model::NotFound("no article with id " + std::to_string(id));
    model::Article a = *current;
    const ArticleStatus from = a.status;
    const bool changes_status = change && change->to != from;
    if (fields && !model::MayEdit(user.role, from, IsTranslation(a))) {
      return model::Forbidden(std::string("your role cannot edit an article that is ") +
                              model::StatusName(from));
    }
    if (changes_status && !model::MayTransition(user.role, from, change->to)) {
      return model::Forbidden(std::string("your role cannot move an article from ") +
                              model::StatusName(from) + " to " + model::StatusName(change->to));
    }
    if (fields || changes_status) {
      GAZETTE_ASSIGN_OR_RETURN(const bool may, MayTouch(user, a));
      if (!may) return model::Forbidden("reporters may change only their own articles");
    }
    if (!fields && !changes_status) return model::InvalidInput("nothing to save");
    const model::UnixSeconds now = clock_();
    if (fields) GAZETTE_RETURN_IF_ERROR(Apply(*fields, a));
    a.updated_at = now;
    std::string action = "save";
    if (changes_status) {
      action = ActionName(from, change->to);
      a.status = change->to;
      switch (change->to) {
        case ArticleStatus::kScheduled:
          if (!change->at || *change->at <= now) {
            return model::InvalidInput("a schedule time in the future is required", "scheduled_at");
          }
          a.scheduled_at = change->at;
          a.published_at = change->at;
          break;
        case ArticleStatus::kPublished:
          // A scheduled article published now goes live now; a republished one keeps its
          // original publication time.
          if (from == ArticleStatus::kScheduled || !a.published_at) a.published_at = now;
          a.scheduled_at.reset();
          break;
        case ArticleStatus::kDraft:
          if (from == ArticleStatus::kScheduled) {
            a.scheduled_at.reset();
            a.published_at.reset();
          }
          break;
        case ArticleStatus::kReview:
        case ArticleStatus::kUnpublished:
          break;
      }
    } else if (from == ArticleStatus::kPublished) {
      action = "correct";
    }
    if (fields && IsTranslation(a)) GAZETTE_RETURN_IF_ERROR(RecheckReport(a));
    // What readers can see (now or at its time) must pass the integrity check: no leaked
    // translation placeholder, no unresolved problem in a machine translation's report.
    if (a.status == ArticleStatus::kPublished || a.status == ArticleStatus::kScheduled) {
      GAZETTE_RETURN_IF_ERROR(CheckPublishable(store_, a));
    }
    // Readers who cannot see the main image are told what it shows: no publishing without
    // alt text. A correction of an already published article is not held back by it.
    if (changes_status &&
        (a.status == ArticleStatus::kPublished || a.status == ArticleStatus::kScheduled)) {
      GAZETTE_RETURN_IF_ERROR(CheckImageAlt(store_, a));
    }
    GAZETTE_ASSIGN_OR_RETURN(auto result, SaveAudited(user, a, expected_revision, action, ""));
    saved = std::move(result);
    if (a.status == ArticleStatus::kPublished && from != ArticleStatus::kPublished) {
      // Publishing is the review: the "machine translation — needs review" mark goes.
      GAZETTE_ASSIGN_OR_RETURN(auto report, Report(saved->id));
      if (report && !report->machine_translation.empty()) {
        report->machine_translation.clear();
        GAZETTE_RETURN_IF_ERROR(store_.SaveIntegrityReport(saved->id, *report));
      }
    }
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Result<model::Article> Editorial::SetImage(const model::User& user, model::Id id,
                                                  std::optional<model::Id> image_id) {
  std::optional<model::Article> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto current, store_.GetArticle(id));
    if (!current) return model::NotFound("no article with id " + std::to_string(id));
    model::Article a = *current;
    if (!model::MayEdit(user.role, a.status, IsTranslation(a))) {
      return model::Forbidden(std::string("your role cannot edit an article that is ") +
                              model::StatusName(a.status));
    }
    if (image_id) {
      GAZETTE_ASSIGN_OR_RETURN(auto image, store_.GetMedia(*image_id));
      if (!image) return model::NotFound("no image with id " + std::to_string(*image_id));
    }
    a.image_id = image_id;
    a.updated_at = clock_();
    if (a.status == ArticleStatus::kPublished || a.status == ArticleStatus::kScheduled) {
      GAZETTE_RETURN_IF_ERROR(CheckImageAlt(store_, a));
    }
    GAZETTE_ASSIGN_OR_RETURN(
        auto result,
        SaveAudited(user, a, a.revision, "image",
                    image_id ? "image " + std::to_string(*image_id) : std::string("no image")));
    saved = std::move(result);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Status Editorial::RecheckReport(const model::Article& article) {
  GAZETTE_ASSIGN_OR_RETURN(auto stored, Report(article.id));
  if (!stored) return model::Ok();  // nothing to keep up to date
  GAZETTE_ASSIGN_OR_RETURN(auto source, SourceOf(article));
  if (!source) return model::Ok();
  GAZETTE_ASSIGN_OR_RETURN(auto editions, store_.ListEditions());
  std::string source_locale, target_locale;
  for (const auto& e : editions) {
    if (e.code == source->edition) source_locale = e.locale;
    if (e.code == article.edition) target_locale = e.locale;
  }
  model::IntegrityReport report =
      RecheckTranslation(*source, article, source_locale, target_locale);
  report.machine_translation = stored->machine_translation;
  return store_.SaveIntegrityReport(article.id, report);
}

void Editorial::EnableTranslation(TranslationSetup setup) { translation_ = std::move(setup); }

model::Result<TranslationDone> Editorial::Translate(const model::User& user, model::Id id,
                                                    const std::string& target) {
  if (!model::MayTranslate(user.role)) {
    return model::Forbidden("your role cannot machine-translate articles");
  }
  if (!TranslationEnabled()) {
    return model::Unavailable("machine translation is not configured for this site");
  }
  GAZETTE_ASSIGN_OR_RETURN(auto source, store_.GetArticle(id));
  if (!source) return model::NotFound("no article with id " + std::to_string(id));
  GAZETTE_ASSIGN_OR_RETURN(auto provider, translation_.provider());
  TranslateOptions options;
  options.target_edition = target;
  options.translated_by = user.username;
  if (auto it = translation_.glossaries.find(target); it != translation_.glossaries.end()) {
    options.glossary = it->second;
  }
  EditionTranslator translator(store_, *provider, options);
  GAZETTE_ASSIGN_OR_RETURN(auto outcome, translator.TranslateArticleById(id));
  if (!outcome.skipped) {
    GAZETTE_RETURN_IF_ERROR(store_.AppendAudit(
        {0, clock_(), user.username, "translate", outcome.article.id,
         "from article " + std::to_string(id) + " (" + source->edition + " → " + target + ", " +
             provider->Name() + "), " +
             (outcome.report.ok()
                  ? std::string("no integrity problem")
                  : std::to_string(outcome.report.issues.size()) + " integrity problem(s)")}));
  }
  return TranslationDone{std::move(outcome.article), outcome.skipped};
}

model::Result<std::optional<model::IntegrityReport>> Editorial::Report(model::Id id) {
  auto report = store_.GetIntegrityReport(id);
  if (!report.ok() && report.error().kind == model::ErrorKind::kUnavailable) {
    return std::optional<model::IntegrityReport>();
  }
  return report;
}

model::Result<std::optional<model::Article>> Editorial::SourceOf(const model::Article& article) {
  if (!IsTranslation(article)) return std::optional<model::Article>();
  GAZETTE_ASSIGN_OR_RETURN(auto head, store_.GetArticle(article.translation_group));
  if (!head || head->edition == article.edition) return std::optional<model::Article>();
  return head;
}

model::Result<model::Article> Editorial::Restore(const model::User& user, model::Id id, int number,
                                                 int expected_revision) {
  std::optional<model::Article> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto current, store_.GetArticle(id));
    if (!current) return model::NotFound("no article with id " + std::to_string(id));
    if (!model::MayEdit(user.role, current->status, IsTranslation(*current))) {
      return model::Forbidden(std::string("your role cannot edit an article that is ") +
                              model::StatusName(current->status));
    }
    GAZETTE_ASSIGN_OR_RETURN(const bool may, MayTouch(user, *current));
    if (!may) return model::Forbidden("reporters may change only their own articles");
    GAZETTE_ASSIGN_OR_RETURN(auto revisions, store_.ListRevisions(id));
    const model::Revision* found = nullptr;
    for (const auto& r : revisions) {
      if (r.number == number) found = &r;
    }
    if (!found) return model::NotFound("no revision " + std::to_string(number));
    model::Article a = *current;
    a.title = found->title;
    a.lead = found->lead;
    a.body_html = text::SanitizeHtml(found->body_html);
    a.updated_at = clock_();
    GAZETTE_ASSIGN_OR_RETURN(auto result, SaveAudited(user, a, expected_revision, "restore",
                                                      "from revision " + std::to_string(number)));
    saved = std::move(result);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Result<std::optional<model::Article>> Editorial::Get(model::Id id) {
  return store_.GetArticle(id);
}

model::Result<std::vector<model::Article>> Editorial::Work(const storage::WorkQuery& query) {
  return store_.ListWork(query);
}

model::Result<std::vector<model::Edition>> Editorial::Editions() { return store_.ListEditions(); }

model::Result<std::vector<model::Section>> Editorial::Sections(const std::string& edition) {
  return store_.ListSections(edition);
}

model::Result<std::vector<model::Tag>> Editorial::Tags(const std::vector<model::Id>& ids) {
  return store_.GetTags(ids);
}

model::Result<std::vector<model::AuditEntry>> Editorial::Audit(const model::User& user,
                                                               model::Id article_id, int limit) {
  if (!model::MayReadAudit(user.role))
    return model::Forbidden("only administrators read the audit log");
  return store_.ListAudit(article_id, limit);
}

model::Result<std::vector<model::Revision>> Editorial::Revisions(model::Id id) {
  return store_.ListRevisions(id);
}

model::Result<RevisionDiff> Editorial::Diff(model::Id id, int from, int to) {
  GAZETTE_ASSIGN_OR_RETURN(auto revisions, store_.ListRevisions(id));
  const model::Revision* a = nullptr;
  const model::Revision* b = nullptr;
  for (const auto& r : revisions) {
    if (r.number == from) a = &r;
    if (r.number == to) b = &r;
  }
  if (!a || !b) return model::NotFound("no such revision of article " + std::to_string(id));
  RevisionDiff d{*a, *b, text::WordDiff(a->title, b->title), text::WordDiff(a->lead, b->lead),
                 text::WordDiff(a->body_html, b->body_html)};
  return d;
}

}  // namespace gazette::services
