// The editorial workflow (SPEC §4): create, save, submit, schedule, publish, unpublish, restore
// and compare revisions, for a given user. Every operation checks model/permissions.h first
// (kForbidden, nothing changed), saves with optimistic locking (a stale expected revision is
// kConflict, nothing changed), sanitizes the body, and writes the audit log in the same
// transaction as the change.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/content.h"
#include "model/result.h"
#include "storage/store.h"
#include "text/diff.h"
#include "text/protect.h"
#include "translate/provider.h"

namespace gazette::services {

using WorkQuery = storage::WorkQuery;

// The value of a datetime-local input ("2024-07-11T01:32" or with seconds), read as UTC;
// nullopt when malformed.
std::optional<model::UnixSeconds> ParseScheduleTime(const std::string& value);
// The same read on the wall clock of IANA `time_zone` (an edition's): "2026-12-01T09:00" in
// Asia/Ho_Chi_Minh is 02:00 UTC. Also accepts a space for the T.
std::optional<model::UnixSeconds> ParseScheduleTime(const std::string& value,
                                                    const std::string& time_zone);
// `t` as a datetime-local value ("2026-12-01T09:00") on the wall clock of `time_zone`.
std::string ScheduleTimeValue(model::UnixSeconds t, const std::string& time_zone);

// What the article form edits.
struct ArticleFields {
  std::string edition;
  std::string title;      // required, at most 300 characters
  std::string lead;       // plain text, at most 2000 characters
  std::string body_html;  // sanitized on save, whatever it contains
  model::Id section_id = 0;
  std::vector<std::string> tags;  // names; created in the edition when new
  std::string source;
  std::string slug;  // empty: derived from the title on creation, kept afterwards
};

// A status change requested with a save. `at` is required for kScheduled (in the future).
struct StatusChange {
  model::ArticleStatus to = model::ArticleStatus::kDraft;
  std::optional<model::UnixSeconds> at;
};

struct RevisionDiff {
  model::Revision from;
  model::Revision to;
  std::vector<text::DiffPiece> title;
  std::vector<text::DiffPiece> lead;
  std::vector<text::DiffPiece> body;
};

// Machine translation from the newsroom, as the site configures it ([translation]).
struct TranslationSetup {
  // Makes the provider for one translation (errors: a misconfigured provider).
  std::function<model::Result<std::unique_ptr<translate::Provider>>()> provider;
  // Each target edition's glossary, by edition code.
  std::map<std::string, std::vector<text::GlossaryTerm>> glossaries;
};

struct TranslationDone {
  model::Article article;  // the new draft, or the translation that already existed
  bool existing = false;
};

class Editorial {
 public:
  using Clock = std::function<model::UnixSeconds()>;
  Editorial(storage::Store& store, Clock clock);

  // A new draft by `user` (who then appears as its creator in work lists).
  model::Result<model::Article> Create(const model::User& user, const ArticleFields& fields);
  // Saves `fields` (when given) and applies `change` (when given) to article `id`, as one new
  // revision, if the article is still at `expected_revision`. Editing needs MayEdit on the
  // current status, a change needs MayTransition. Editing a published article (a correction)
  // keeps published_at and sets updated_at.
  model::Result<model::Article> Save(const model::User& user, model::Id id,
                                     const std::optional<ArticleFields>& fields,
                                     int expected_revision,
                                     const std::optional<StatusChange>& change);
  // Makes image `image_id` (nullopt: none) the main image of article `id`, as a new revision.
  // Needs MayEdit on the article's status; kNotFound for an unknown article or image. A
  // published or scheduled article's new image must have alt text (CheckImageAlt in
  // services/media_library.h). Audited as "image".
  model::Result<model::Article> SetImage(const model::User& user, model::Id id,
                                         std::optional<model::Id> image_id);
  // Makes revision `number`'s title, lead and body current again, as a new revision.
  model::Result<model::Article> Restore(const model::User& user, model::Id id, int number,
                                        int expected_revision);
  model::Result<std::vector<model::Revision>> Revisions(model::Id id);
  // kNotFound when either revision does not exist.
  model::Result<RevisionDiff> Diff(model::Id id, int from, int to);

  // Reads for the newsroom's pages (any status).
  model::Result<std::optional<model::Article>> Get(model::Id id);
  model::Result<std::vector<model::Article>> Work(const storage::WorkQuery& query);
  model::Result<std::vector<model::Edition>> Editions();
  model::Result<std::vector<model::Section>> Sections(const std::string& edition);
  model::Result<std::vector<model::Tag>> Tags(const std::vector<model::Id>& ids);
  // The audit log (article_id 0: everything), for administrators only (kForbidden).
  model::Result<std::vector<model::AuditEntry>> Audit(const model::User& user, model::Id article_id,
                                                      int limit);

  // Enables Translate(); without it, Translate() answers kUnavailable.
  void EnableTranslation(TranslationSetup setup);
  bool TranslationEnabled() const { return static_cast<bool>(translation_.provider); }
  // Machine-translates article `id` into edition `target` as a draft linked in its
  // translation group (services/translator.h), audited as "translate". An article already
  // translated there gives that translation (existing, nothing changed). Errors, nothing
  // changed: kForbidden (reporters), kNotFound, kInvalidInput (same edition, unsupported
  // language pair), kUnavailable (provider down, translation not configured).
  model::Result<TranslationDone> Translate(const model::User& user, model::Id id,
                                           const std::string& target);
  // The article's stored integrity report; nullopt when it has none or the storage backend
  // keeps none.
  model::Result<std::optional<model::IntegrityReport>> Report(model::Id id);
  // The original that `article` translates (the head of its translation group, in another
  // edition); nullopt when `article` is not a translation.
  model::Result<std::optional<model::Article>> SourceOf(const model::Article& article);

  // The IANA time zone of `edition` ("" when unknown: UTC), for schedule times.
  model::Result<std::string> EditionTimeZone(const std::string& edition);

  // Whether `user` may change `article` as far as ownership goes: reporters change only
  // their own articles, those whose first revision they saved (the creator) or that carry
  // a byline whose name is their display name; every other role is not limited by this.
  // Save and Restore refuse (kForbidden, nothing changed) when it is false.
  model::Result<bool> MayTouch(const model::User& user, const model::Article& article);

  // "Being edited by": who has an article open in the editor. Marks live in the store, so
  // every node of a cluster sees them; a mark lasts kEditingWindow seconds after the latest
  // open, save or ping of its user, and StopEditing ends it. On a backend without marks these
  // do nothing and list nobody.
  static constexpr model::UnixSeconds kEditingWindow = 5 * 60;
  model::Status MarkEditing(const model::User& user, model::Id id);
  model::Status StopEditing(const model::User& user, model::Id id);
  // The users other than `user` who have article `id` open now, longest first.
  model::Result<std::vector<model::EditingMark>> OthersEditing(const model::User& user,
                                                               model::Id id);

  // Checks fields without saving: the first problem, with its field name.
  static model::Status Validate(const ArticleFields& fields);
  // The audit action for a status change: "submit", "publish", "schedule", ...
  static const char* ActionName(model::ArticleStatus from, model::ArticleStatus to);

 private:
  model::Status Apply(const ArticleFields& fields, model::Article& article);
  model::Result<model::Article> SaveAudited(const model::User& user, const model::Article& article,
                                            int expected_revision, const std::string& action,
                                            const std::string& detail);

  // A translation edited by a person gets its stored report recomputed against its source,
  // so that a fixed draft becomes publishable and a broken one stays blocked.
  model::Status RecheckReport(const model::Article& article);

  storage::Store& store_;
  Clock clock_;
  TranslationSetup translation_;
};

}  // namespace gazette::services
