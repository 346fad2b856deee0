#include "model/permissions.h"

namespace gazette::model {

namespace {

using S = ArticleStatus;

bool IsEditorial(Role role) { return role == Role::kAdministrator || role == Role::kEditor; }

}  // namespace

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdministrator:
      return "administrator";
    case Role::kEditor:
      return "editor";
    case Role::kReporter:
      return "reporter";
    case Role::kTranslator:
      return "translator";
  }
  return "reporter";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdministrator, Role::kEditor, Role::kReporter, Role::kTranslator}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

bool IsWorkflowTransition(ArticleStatus from, ArticleStatus to) {
  switch (from) {
    case S::kDraft:
      return to == S::kReview || to == S::kScheduled || to == S::kPublished;
    case S::kReview:
      return to == S::kDraft || to == S::kScheduled || to == S::kPublished;
    case S::kScheduled:
      return to == S::kDraft || to == S::kPublished || to == S::kUnpublished;
    case S::kPublished:
      return to == S::kUnpublished;
    case S::kUnpublished:
      return to == S::kDraft || to == S::kPublished;
  }
  return false;
}

bool MayTransition(Role role, ArticleStatus from, ArticleStatus to) {
  if (!IsWorkflowTransition(from, to)) return false;
  if (IsEditorial(role)) return true;
  // Reporters and translators submit and withdraw; publishing decisions are editorial.
  return (from == S::kDraft && to == S::kReview) || (from == S::kReview && to == S::kDraft);
}

bool MayEdit(Role role, ArticleStatus status, bool is_translation) {
  if (IsEditorial(role)) return true;
  const bool unpublished_work = status == S::kDraft || status == S::kReview;
  if (role == Role::kReporter) return unpublished_work;
  return unpublished_work && is_translation;
}

bool ChangesOnlyOwnArticles(Role role) { return role == Role::kReporter; }
bool MayManageUsers(Role role) { return role == Role::kAdministrator; }
bool MayReadAudit(Role role) { return role == Role::kAdministrator; }
bool MayTranslate(Role role) { return role != Role::kReporter; }
bool MayManageCatalog(Role role) { return IsEditorial(role); }

bool MayManageMedia(Role role) { return role != Role::kTranslator; }
bool MayDeleteMedia(Role role) { return IsEditorial(role); }

}  // namespace gazette::model
