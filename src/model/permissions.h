// Who may do what to an article: the newsroom's permission matrix (docs/permissions.md) as pure
// functions of a role and statuses. Services call these before changing anything; a refusal
// becomes kForbidden and nothing is changed.
#pragma once

#include <optional>
#include <string_view>

#include "model/content.h"

namespace gazette::model {

const char* RoleName(Role role);  // "administrator", "editor", "reporter", "translator"
std::optional<Role> ParseRole(std::string_view name);

// Whether a user with `role` may move an article from `from` to `to` (from != to). The
// workflow: draft → review → scheduled / published → unpublished, plus the ways back
// (review → draft, scheduled → draft, unpublished → draft or published). Transitions outside
// the workflow (e.g. draft → unpublished) are refused for every role.
//   reporter: draft → review and review → draft (submit, withdraw); never publishes.
//   translator: the same as a reporter, for translations only (see MayEdit).
//   editor and administrator: every workflow transition.
bool MayTransition(Role role, ArticleStatus from, ArticleStatus to);

// Whether the transition exists in the workflow at all, whoever asks.
bool IsWorkflowTransition(ArticleStatus from, ArticleStatus to);

// Whether a user with `role` may save changes to an article in `status` without changing its
// status. `is_translation` is true when the article translates another one (its translation
// group is not its own id). Reporters edit drafts and articles in review; translators edit
// drafts and articles in review that are translations; editors and administrators edit
// everything (editing a published article is a correction).
bool MayEdit(Role role, ArticleStatus status, bool is_translation);

// Whether a user with `role` may change only their own articles (the ones they created or
// that carry their byline): reporters. MayEdit and MayTransition apply on top of this.
bool ChangesOnlyOwnArticles(Role role);

// Users, roles and sessions: administrators only.
bool MayManageUsers(Role role);
// The audit log: administrators only.
bool MayReadAudit(Role role);
// Machine-translating an article into another edition (a new draft there): translators,
// editors and administrators; not reporters.
bool MayTranslate(Role role);
// Sections, tags, authors and the featured placements ("à la une"): editors and
// administrators; reporters and translators only see them in the article form.
bool MayManageCatalog(Role role);
// The media library: uploading images and editing their caption, credit and alt text.
// Administrators, editors and reporters (who illustrate their own drafts); not translators.
// Every role may browse the library.
bool MayManageMedia(Role role);
// Deleting an image from the media library (only one no article shows): editors and
// administrators.
bool MayDeleteMedia(Role role);

}  // namespace gazette::model
