// Users, sessions, audit log, work lists and optimistic locking in the storage contract, on
// each backend: SQLite in a fresh temporary folder, PostgreSQL in a fresh database on the test
// server (skipped when scripts/run-tests.sh did not start one).
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "pg_database.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

using model::Article;
using model::ArticleStatus;
using model::ErrorKind;
using model::Role;

struct NewsroomBackend {
  std::string name;
  bool needs_pg = false;
};

const NewsroomBackend kNewsroomBackends[] = {{"sqlite", false}, {"postgres", true}};

class NewsroomStoreTest : public ::testing::TestWithParam<NewsroomBackend> {
 protected:
  void SetUp() override {
    model::Result<std::unique_ptr<Store>> opened = model::Unavailable("not opened");
    if (GetParam().needs_pg) {
      if (gazette::testing::TestPgServerUrl().empty()) GTEST_SKIP() << "no test PostgreSQL";
      pg_ = std::make_unique<gazette::testing::PgDatabase>(dir_.path().string());
      ASSERT_FALSE(pg_->url().empty()) << pg_->error();
      opened = postgres::OpenPostgresStore(pg_->url());
    } else {
      opened = sqlite::OpenSqliteStore(dir_ / "gazette.db", true);
    }
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    auto section = store_->EnsureSection("fr", {"Monde"});
    ASSERT_TRUE(section.ok());
    section_id_ = section->id;
  }

  // A second store on the same data, as another node of a cluster would open it.
  model::Result<std::unique_ptr<Store>> OpenAgain() {
    if (GetParam().needs_pg) return postgres::OpenPostgresStore(pg_->url());
    return sqlite::OpenSqliteStore(dir_ / "gazette.db", false);
  }

  Article Draft(const std::string& title) {
    Article a;
    a.edition = "fr";
    a.title = title;
    a.lead = "Chapeau";
    a.body_html = "<p>Corps</p>";
    a.section_id = section_id_;
    a.status = ArticleStatus::kDraft;
    return a;
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<gazette::testing::PgDatabase> pg_;  // outlives store_: declared first
  std::unique_ptr<Store> store_;
  model::Id section_id_ = 0;
};

TEST_P(NewsroomStoreTest, UsersAreCreatedFoundUpdatedAndUnique) {
  auto created = store_->CreateUser({0, "alice", "Alice", Role::kEditor, false}, "hash-1");
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_GT(created->id, 0);
  auto again = store_->CreateUser({0, "alice", "Other", Role::kReporter, false}, "hash-2");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_FALSE(store_->CreateUser({0, "", "", Role::kReporter, false}, "h").ok());

  auto found = store_->FindUser("alice");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->role, Role::kEditor);
  EXPECT_EQ((*found)->display_name, "Alice");
  EXPECT_FALSE(store_->FindUser("bob")->has_value());
  EXPECT_EQ(*store_->GetPasswordHash(created->id), "hash-1");
  EXPECT_EQ(store_->GetPasswordHash(999).error().kind, ErrorKind::kNotFound);

  model::User changed = **found;
  changed.role = Role::kAdministrator;
  changed.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(changed).ok());
  ASSERT_TRUE(store_->SetPasswordHash(changed.id, "hash-3").ok());
  auto reread = store_->GetUser(changed.id);
  ASSERT_TRUE(reread.ok() && reread->has_value());
  EXPECT_EQ((*reread)->role, Role::kAdministrator);
  EXPECT_TRUE((*reread)->disabled);
  EXPECT_EQ(*store_->GetPasswordHash(changed.id), "hash-3");
  EXPECT_EQ(store_->UpdateUser({42, "x", "", Role::kEditor, false}).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
}

TEST_P(NewsroomStoreTest, SessionsAreStoredTouchedAndEnded) {
  auto user = store_->CreateUser({0, "alice", "", Role::kReporter, false}, "h");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(store_->CreateSession({"t1", user->id, "c1", 100, 100, 1000}).ok());
  ASSERT_TRUE(store_->CreateSession({"t2", user->id, "c2", 100, 100, 1000}).ok());
  EXPECT_EQ(store_->CreateSession({"t1", user->id, "c", 1, 1, 1}).error().kind,
            ErrorKind::kConflict);
  ASSERT_TRUE(store_->TouchSession("t1", 150).ok());
  auto s = store_->FindSession("t1");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->last_seen_at, 150);
  EXPECT_EQ((*s)->csrf_token, "c1");
  EXPECT_EQ((*s)->user_id, user->id);
  ASSERT_TRUE(store_->DeleteSession("t1").ok());
  EXPECT_FALSE(store_->FindSession("t1")->has_value());
  EXPECT_EQ(*store_->DeleteUserSessions(user->id), 1);
  EXPECT_FALSE(store_->FindSession("t2")->has_value());
}

TEST_P(NewsroomStoreTest, UsersSessionsAndAuditAreSharedByEveryStoreOnTheData) {
  auto user = store_->CreateUser({0, "alice", "", Role::kEditor, false}, "h");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(store_->CreateSession({"t1", user->id, "c1", 100, 100, 1000}).ok());
  ASSERT_TRUE(store_->AppendAudit({0, 10, "alice", "login", 0, ""}).ok());

  auto other = OpenAgain();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  auto found = (*other)->FindUser("alice");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, user->id);
  auto session = (*other)->FindSession("t1");
  ASSERT_TRUE(session.ok() && session->has_value());
  EXPECT_EQ((*session)->user_id, user->id);
  ASSERT_TRUE((*other)->DeleteSession("t1").ok());
  EXPECT_FALSE(store_->FindSession("t1")->has_value());
  ASSERT_EQ((*other)->ListAudit(0, 10)->size(), 1u);
}

TEST_P(NewsroomStoreTest, AuditLogIsNewestFirstAndFiltered) {
  ASSERT_TRUE(store_->AppendAudit({0, 10, "alice", "save", 7, "revision 1"}).ok());
  ASSERT_TRUE(store_->AppendAudit({0, 11, "bob", "publish", 8, ""}).ok());
  ASSERT_TRUE(store_->AppendAudit({0, 12, "alice", "login", 0, ""}).ok());
  auto all = store_->ListAudit(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].action, "login");
  auto one = store_->ListAudit(7, 10);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].username, "alice");
  EXPECT_EQ((*one)[0].detail, "revision 1");
  EXPECT_EQ(store_->ListAudit(0, 2)->size(), 2u);
}

TEST_P(NewsroomStoreTest, StaleRevisionIsRefusedAndChangesNothing) {
  auto saved = store_->SaveArticle(Draft("Premier"), "alice");
  ASSERT_TRUE(saved.ok());
  Article mine = *saved;
  Article theirs = *saved;
  theirs.title = "Leur titre";
  auto theirs_saved = store_->SaveArticleAtRevision(theirs, "bob", 1);
  ASSERT_TRUE(theirs_saved.ok()) << theirs_saved.error().ToString();
  EXPECT_EQ(theirs_saved->revision, 2);
  auto seq = *store_->LatestChangeSeq();

  mine.title = "Mon titre";
  auto stale = store_->SaveArticleAtRevision(mine, "alice", 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_NE(stale.error().message.find("revision 2"), std::string::npos);
  auto now = store_->GetArticle(saved->id);
  EXPECT_EQ((*now)->title, "Leur titre");
  EXPECT_EQ((*now)->revision, 2);
  EXPECT_EQ(store_->ListRevisions(saved->id)->size(), 2u);
  EXPECT_EQ(*store_->LatestChangeSeq(), seq);

  Article missing = Draft("x");
  missing.id = 999;
  EXPECT_EQ(store_->SaveArticleAtRevision(missing, "a", 1).error().kind, ErrorKind::kNotFound);
}

TEST_P(NewsroomStoreTest, WorkListFiltersByStatusCreatorAndTitle) {
  ASSERT_TRUE(store_->SaveArticle(Draft("Élections à Lyon"), "alice").ok());
  Article review = Draft("Budget voté");
  review.status = ArticleStatus::kReview;
  auto r = store_->SaveArticle(review, "bob");
  ASSERT_TRUE(r.ok());
  Article edited = *r;
  ASSERT_TRUE(store_->SaveArticle(edited, "alice").ok());  // alice edits bob's article

  WorkQuery all;
  EXPECT_EQ(store_->ListWork(all)->size(), 2u);
  WorkQuery mine;
  mine.created_by = "alice";
  auto m = store_->ListWork(mine);
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].title, "Élections à Lyon");
  WorkQuery in_review;
  in_review.status = ArticleStatus::kReview;
  ASSERT_EQ(store_->ListWork(in_review)->size(), 1u);
  WorkQuery search;
  search.title_contains = "BUDGET";
  ASSERT_EQ(store_->ListWork(search)->size(), 1u);
  WorkQuery other;
  other.edition = "en";
  EXPECT_TRUE(store_->ListWork(other)->empty());
}

TEST_P(NewsroomStoreTest, EditingMarksAreSharedRefreshedAndLapse) {
  ASSERT_TRUE(store_->CreateUser({0, "ed", "Ed Itor", Role::kEditor, false}, "h").ok());
  auto saved = store_->SaveArticle(Draft("Marqué"), "ed");
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  const model::Id id = saved->id;
  const int window = 300;
  ASSERT_TRUE(store_->TouchEditing(id, "ed", 1000, 1000 - window).ok());
  ASSERT_TRUE(store_->TouchEditing(id, "eve", 1100, 1100 - window).ok());
  // Another node sees both marks, oldest first, with the display name when there is one.
  auto other = OpenAgain();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  auto marks = (*other)->ListEditing(id, 1100 - window);
  ASSERT_TRUE(marks.ok()) << marks.error().ToString();
  ASSERT_EQ(marks->size(), 2u);
  EXPECT_EQ((*marks)[0].username, "ed");
  EXPECT_EQ((*marks)[0].display_name, "Ed Itor");
  EXPECT_EQ((*marks)[0].since, 1000);
  EXPECT_EQ((*marks)[1].username, "eve");
  EXPECT_EQ((*marks)[1].display_name, "");

  // A fresh mark keeps its start; a lapsed one starts again.
  ASSERT_TRUE((*other)->TouchEditing(id, "ed", 1250, 1250 - window).ok());
  marks = store_->ListEditing(id, 1250 - window);
  ASSERT_TRUE(marks.ok());
  ASSERT_EQ(marks->size(), 2u);
  EXPECT_EQ((*marks)[0].since, 1000);
  EXPECT_EQ((*marks)[0].seen_at, 1250);
  marks = store_->ListEditing(id, 1500 - window);
  ASSERT_TRUE(marks.ok());
  ASSERT_EQ(marks->size(), 1u) << "eve's mark has lapsed";
  EXPECT_EQ((*marks)[0].username, "ed");
  ASSERT_TRUE(store_->TouchEditing(id, "eve", 1500, 1500 - window).ok());
  marks = store_->ListEditing(id, 1500 - window);
  ASSERT_TRUE(marks.ok());
  ASSERT_EQ(marks->size(), 2u);
  EXPECT_EQ((*marks)[1].username, "eve");
  EXPECT_EQ((*marks)[1].since, 1500);

  // Cleared by its user only; clearing twice is fine.
  ASSERT_TRUE(store_->ClearEditing(id, "ed").ok());
  ASSERT_TRUE(store_->ClearEditing(id, "ed").ok());
  marks = store_->ListEditing(id, 1500 - window);
  ASSERT_TRUE(marks.ok());
  ASSERT_EQ(marks->size(), 1u);
  EXPECT_EQ((*marks)[0].username, "eve");
  // Other articles are untouched; a mark on an unknown article is refused.
  auto none = store_->ListEditing(id + 1, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(store_->TouchEditing(id + 1000, "ed", 1500, 1200).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, NewsroomStoreTest, ::testing::ValuesIn(kNewsroomBackends),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace gazette::storage
