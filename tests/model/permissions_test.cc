#include "model/permissions.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

namespace gazette::model {
namespace {

using S = ArticleStatus;
constexpr Role kRoles[] = {Role::kAdministrator, Role::kEditor, Role::kReporter, Role::kTranslator};
constexpr S kStatuses[] = {S::kDraft, S::kReview, S::kScheduled, S::kPublished, S::kUnpublished};

// The matrix of docs/permissions.md, written out independently of the implementation:
// "role from to" for every allowed transition; everything else must be refused.
const std::set<std::string>& Allowed() {
  static const std::set<std::string> kAllowed = [] {
    std::set<std::string> out;
    const char* editorial[] = {
        "draft review",          "draft scheduled",     "draft published",
        "review draft",          "review scheduled",    "review published",
        "scheduled draft",       "scheduled published", "scheduled unpublished",
        "published unpublished", "unpublished draft",   "unpublished published"};
    for (const char* role : {"administrator", "editor"}) {
      for (const char* t : editorial) out.insert(std::string(role) + " " + t);
    }
    for (const char* role : {"reporter", "translator"}) {
      out.insert(std::string(role) + " draft review");
      out.insert(std::string(role) + " review draft");
    }
    return out;
  }();
  return kAllowed;
}

TEST(PermissionsTest, EveryRoleAndTransitionMatchesTheMatrix) {
  int checked = 0;
  for (Role role : kRoles) {
    for (S from : kStatuses) {
      for (S to : kStatuses) {
        if (from == to) continue;
        const std::string key =
            std::string(RoleName(role)) + " " + StatusName(from) + " " + StatusName(to);
        EXPECT_EQ(MayTransition(role, from, to), Allowed().count(key) == 1) << key;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 4 * 5 * 4);
}

TEST(PermissionsTest, ReporterNeverPublishesSchedulesOrUnpublishes) {
  for (S from : kStatuses) {
    EXPECT_FALSE(MayTransition(Role::kReporter, from, S::kPublished));
    EXPECT_FALSE(MayTransition(Role::kReporter, from, S::kScheduled));
    EXPECT_FALSE(MayTransition(Role::kReporter, from, S::kUnpublished));
  }
}

TEST(PermissionsTest, TransitionsOutsideTheWorkflowAreRefusedForEveryone) {
  for (Role role : kRoles) {
    EXPECT_FALSE(MayTransition(role, S::kDraft, S::kUnpublished));
    EXPECT_FALSE(MayTransition(role, S::kPublished, S::kDraft));
    EXPECT_FALSE(MayTransition(role, S::kPublished, S::kReview));
    EXPECT_FALSE(MayTransition(role, S::kDraft, S::kDraft));
  }
}

TEST(PermissionsTest, EditMatrix) {
  for (S status : kStatuses) {
    for (bool translation : {false, true}) {
      EXPECT_TRUE(MayEdit(Role::kAdministrator, status, translation));
      EXPECT_TRUE(MayEdit(Role::kEditor, status, translation));
      const bool unpublished_work = status == S::kDraft || status == S::kReview;
      EXPECT_EQ(MayEdit(Role::kReporter, status, translation), unpublished_work);
      EXPECT_EQ(MayEdit(Role::kTranslator, status, translation), unpublished_work && translation);
    }
  }
}

TEST(PermissionsTest, UsersAndAuditAreForAdministrators) {
  for (Role role : kRoles) {
    EXPECT_EQ(MayManageUsers(role), role == Role::kAdministrator);
    EXPECT_EQ(MayReadAudit(role), role == Role::kAdministrator);
  }
}

TEST(PermissionsTest, EveryoneButReportersMachineTranslates) {
  for (Role role : kRoles) EXPECT_EQ(MayTranslate(role), role != Role::kReporter);
}

TEST(PermissionsTest, OnlyReportersAreLimitedToTheirOwnArticles) {
  for (Role role : kRoles) EXPECT_EQ(ChangesOnlyOwnArticles(role), role == Role::kReporter);
}

TEST(PermissionsTest, EditorsAndAdministratorsManageTheCatalogAndPlacements) {
  for (Role role : kRoles) {
    EXPECT_EQ(MayManageCatalog(role), role == Role::kAdministrator || role == Role::kEditor);
  }
}

TEST(PermissionsTest, EveryoneButTranslatorsManagesMedia) {
  for (Role role : kRoles) EXPECT_EQ(MayManageMedia(role), role != Role::kTranslator);
}

TEST(PermissionsTest, EditorsAndAdministratorsDeleteMedia) {
  for (Role role : kRoles) {
    EXPECT_EQ(MayDeleteMedia(role), role == Role::kEditor || role == Role::kAdministrator);
  }
}

TEST(PermissionsTest, RoleNamesRoundTrip) {
  for (Role role : kRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_EQ(ParseRole("chief"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

}  // namespace
}  // namespace gazette::model
