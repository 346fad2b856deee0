#include "services/editorial.h"

#include <gtest/gtest.h>

#include <memory>

#include "model/permissions.h"
#include "pg_database.h"
#include "temp_dir.h"

namespace gazette::services {
namespace {

using model::ArticleStatus;
using model::ErrorKind;
using model::Role;

class EditorialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto opened = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    section_ = store_->EnsureSection("fr", {"Monde"})->id;
    editorial_ = std::make_unique<Editorial>(*store_, [this] { return now_; });
  }

  ArticleFields Fields(const std::string& title, const std::string& body = "<p>Corps</p>") {
    ArticleFields f;
    f.edition = "fr";
    f.title = title;
    f.lead = "Chapeau";
    f.body_html = body;
    f.section_id = section_;
    f.tags = {"Politique", " ", "Europe"};
    return f;
  }

  model::Article Create(const model::User& who, const std::string& title) {
    auto a = editorial_->Create(who, Fields(title));
    EXPECT_TRUE(a.ok()) << a.error().ToString();
    return a.ok() ? *a : model::Article{};
  }

  model::Result<model::Article> Move(const model::User& who, const model::Article& a,
                                     ArticleStatus to, std::optional<model::UnixSeconds> at = {}) {
    return editorial_->Save(who, a.id, std::nullopt, a.revision, StatusChange{to, at});
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Editorial> editorial_;
  model::Id section_ = 0;
  model::UnixSeconds now_ = 1'700'000'000;
  model::User reporter_{1, "rita", "Rita", Role::kReporter, false};
  model::User editor_{2, "ed", "Ed", Role::kEditor, false};
  model::User translator_{3, "tom", "Tom", Role::kTranslator, false};
  model::User admin_{4, "ada", "Ada", Role::kAdministrator, false};
};

TEST_F(EditorialTest, ReporterWritesAndSubmitsButCannotPublish) {
  model::Article a = Create(reporter_, "Un article");
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
  EXPECT_EQ(a.tag_ids.size(), 2u);
  auto submitted = Move(reporter_, a, ArticleStatus::kReview);
  ASSERT_TRUE(submitted.ok()) << submitted.error().ToString();
  EXPECT_EQ(submitted->status, ArticleStatus::kReview);

  auto seq = *store_->LatestChangeSeq();
  auto refused = Move(reporter_, *submitted, ArticleStatus::kPublished);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ((*store_->GetArticle(a.id))->status, ArticleStatus::kReview);
  EXPECT_EQ((*store_->GetArticle(a.id))->revision, submitted->revision);
  EXPECT_EQ(*store_->LatestChangeSeq(), seq);

  now_ += 60;
  auto published = Move(editor_, *submitted, ArticleStatus::kPublished);
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  EXPECT_EQ(published->status, ArticleStatus::kPublished);
  EXPECT_EQ(published->published_at, now_);

  // The reporter can no longer edit it; the editor corrects it.
  auto edit = editorial_->Save(reporter_, a.id, Fields("Changé"), published->revision, {});
  EXPECT_EQ(edit.error().kind, ErrorKind::kForbidden);
  now_ += 3600;
  auto corrected = editorial_->Save(editor_, a.id, Fields("Corrigé"), published->revision, {});
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected->published_at, published->published_at);
  EXPECT_EQ(corrected->updated_at, now_);
  EXPECT_EQ(corrected->title, "Corrigé");

  auto audit = store_->ListAudit(a.id, 10);
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> actions;
  for (const auto& e : *audit) actions.push_back(e.username + ":" + e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"ed:correct", "ed:publish", "rita:submit", "rita:create"}));
}

TEST_F(EditorialTest, EveryRoleAndTransitionFollowsTheMatrix) {
  const ArticleStatus all[] = {ArticleStatus::kDraft, ArticleStatus::kReview,
                               ArticleStatus::kScheduled, ArticleStatus::kPublished,
                               ArticleStatus::kUnpublished};
  for (const model::User& who : {reporter_, editor_, translator_, admin_}) {
    for (ArticleStatus from : all) {
      for (ArticleStatus to : all) {
        if (from == to) continue;
        // An article in `from`, put there directly through the store; a reporter's own (the
        // matrix applies to those; others' articles are refused whatever the transition).
        model::Article a = Create(who.role == Role::kReporter ? who : admin_, "Matrice");
        a.status = from;
        if (from == ArticleStatus::kScheduled) a.published_at = now_ + 100;
        a = *store_->SaveArticle(a, "setup");
        auto moved = Move(who, a, to, now_ + 3600);
        const bool allowed = model::MayTransition(who.role, from, to);
        EXPECT_EQ(moved.ok(), allowed) << model::RoleName(who.role) << " "
                                       << model::StatusName(from) << "->" << model::StatusName(to);
        if (!allowed) {
          EXPECT_EQ(moved.error().kind, ErrorKind::kForbidden);
          EXPECT_EQ((*store_->GetArticle(a.id))->status, from);
        }
      }
    }
  }
}

TEST_F(EditorialTest, ReportersChangeOnlyArticlesTheyCreatedOrThatCarryTheirByline) {
  model::Article theirs = Create(editor_, "L'article d'Ed");
  auto refused = editorial_->Save(reporter_, theirs.id, Fields("Repris"), theirs.revision, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto moved = Move(reporter_, theirs, ArticleStatus::kReview);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(editorial_->Restore(reporter_, theirs.id, 1, theirs.revision).error().kind,
            ErrorKind::kForbidden);
  EXPECT_EQ((*store_->GetArticle(theirs.id))->revision, theirs.revision) << "nothing changed";
  EXPECT_FALSE(*editorial_->MayTouch(reporter_, theirs));
  EXPECT_TRUE(*editorial_->MayTouch(editor_, theirs));

  // Her byline (an author named like her display name) makes it hers.
  auto author = store_->EnsureAuthor(reporter_.display_name);
  ASSERT_TRUE(author.ok());
  theirs.author_ids = {author->id};
  theirs = *store_->SaveArticle(theirs, "ed");
  EXPECT_TRUE(*editorial_->MayTouch(reporter_, theirs));
  EXPECT_TRUE(editorial_->Save(reporter_, theirs.id, Fields("Repris"), theirs.revision, {}).ok());
}

// The integrity guarantee holds in the newsroom too: text with a leaked translation
// placeholder cannot be published, scheduled, or slipped into a published article.
TEST_F(EditorialTest, LeakedPlaceholderCannotReachReaders) {
  auto leaked =
      editorial_->Create(editor_, Fields("Sommet", "<p>Amérique Russie DNUM_BBZAHZCACE 08:32</p>"));
  ASSERT_TRUE(leaked.ok()) << "a draft may hold it while someone fixes it";
  auto seq = *store_->LatestChangeSeq();
  auto refused = Move(editor_, *leaked, ArticleStatus::kPublished);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kIntegrity);
  EXPECT_NE(refused.error().message.find("DNUM_BBZAHZCACE"), std::string::npos)
      << refused.error().message;
  auto scheduled = Move(editor_, *leaked, ArticleStatus::kScheduled, now_ + 3600);
  ASSERT_FALSE(scheduled.ok());
  EXPECT_EQ(scheduled.error().kind, ErrorKind::kIntegrity);
  EXPECT_EQ((*store_->GetArticle(leaked->id))->status, ArticleStatus::kDraft);
  EXPECT_EQ(*store_->LatestChangeSeq(), seq) << "nothing changed";

  model::Article clean = Create(editor_, "Propre");
  auto published = Move(editor_, clean, ArticleStatus::kPublished);
  ASSERT_TRUE(published.ok()) << published.error().ToString();
  auto corrupted = editorial_->Save(editor_, clean.id, Fields("Propre", "<p>__PH3__</p>"),
                                    published->revision, {});
  ASSERT_FALSE(corrupted.ok());
  EXPECT_EQ(corrupted.error().kind, ErrorKind::kIntegrity);
  EXPECT_EQ((*store_->GetArticle(clean.id))->body_html, "<p>Corps</p>");
}

TEST_F(EditorialTest, ScheduleNeedsAFutureTime) {
  model::Article a = Create(editor_, "Plus tard");
  auto past = Move(editor_, a, ArticleStatus::kScheduled, now_ - 1);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().field, "scheduled_at");
  auto none = Move(editor_, a, ArticleStatus::kScheduled);
  EXPECT_FALSE(none.ok());
  auto ok = Move(editor_, a, ArticleStatus::kScheduled, now_ + 600);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->scheduled_at, now_ + 600);
  EXPECT_EQ(ok->published_at, now_ + 600);
  auto back = Move(editor_, *ok, ArticleStatus::kDraft);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->scheduled_at.has_value());
  EXPECT_FALSE(back->published_at.has_value());
}

TEST_F(EditorialTest, StaleSaveIsRefusedAndChangesNothing) {
  model::Article a = Create(reporter_, "Version 1");
  auto theirs = editorial_->Save(editor_, a.id, Fields("Leur version"), a.revision, {});
  ASSERT_TRUE(theirs.ok());
  auto mine = editorial_->Save(reporter_, a.id, Fields("Ma version"), a.revision, {});
  ASSERT_FALSE(mine.ok());
  EXPECT_EQ(mine.error().kind, ErrorKind::kConflict);
  EXPECT_EQ((*store_->GetArticle(a.id))->title, "Leur version");
  EXPECT_EQ(store_->ListAudit(a.id, 10)->size(), 2u);
  EXPECT_EQ(editorial_->Save(reporter_, a.id, Fields("x"), 0, {}).error().kind,
            ErrorKind::kInvalidInput);
}

TEST_F(EditorialTest, BodyIsSanitizedOnEverySave) {
  auto a = editorial_->Create(reporter_, Fields("XSS",
                                                "<p onclick=\"x()\">Hi<script>alert(1)</script></p>"
                                                "<img src=\"javascript:alert(1)\">"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body_html, "<p>Hi</p>");
  auto b = editorial_->Save(reporter_, a->id,
                            Fields("XSS", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
                            a->revision, {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->body_html.find("javascript"), std::string::npos) << b->body_html;
  EXPECT_EQ(b->body_html.find("<a"), std::string::npos) << b->body_html;
}

TEST_F(EditorialTest, InvalidFieldsAreNamedAndNothingIsSaved) {
  ArticleFields f = Fields("   ");
  auto r = editorial_->Create(reporter_, f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "title");
  f = Fields("Titre");
  f.section_id = 0;
  EXPECT_EQ(editorial_->Create(reporter_, f).error().field, "section_id");
  f.section_id = 9999;
  EXPECT_FALSE(editorial_->Create(reporter_, f).ok());
  EXPECT_TRUE(store_->ListWork({})->empty());
  EXPECT_TRUE(store_->ListAudit(0, 10)->empty());
}

TEST_F(EditorialTest, TranslatorEditsOnlyTranslations) {
  model::Article original = Create(editor_, "Original");
  EXPECT_EQ(
      editorial_->Save(translator_, original.id, Fields("x"), original.revision, {}).error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(editorial_->Create(translator_, Fields("Nouveau")).error().kind, ErrorKind::kForbidden);
  model::Article translation = original;
  translation.id = 0;
  translation.slug = "traduction";
  translation.translation_group = original.id;
  translation = *store_->SaveArticle(translation, "setup");
  auto saved =
      editorial_->Save(translator_, translation.id, Fields("Traduit"), translation.revision, {});
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
}

TEST_F(EditorialTest, RevisionsDiffAndRestore) {
  model::Article a = Create(reporter_, "Le chat dort");
  auto v2 = editorial_->Save(reporter_, a.id, Fields("Le chien dort", "<p>Autre corps</p>"),
                             a.revision, {});
  ASSERT_TRUE(v2.ok());
  auto revisions = editorial_->Revisions(a.id);
  ASSERT_EQ(revisions->size(), 2u);
  auto diff = editorial_->Diff(a.id, 1, 2);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->title.size(), 4u);
  EXPECT_EQ(diff->title[1].text, "chat ");
  EXPECT_EQ(diff->title[1].kind, text::DiffPiece::Kind::kRemoved);
  EXPECT_EQ(editorial_->Diff(a.id, 1, 9).error().kind, ErrorKind::kNotFound);

  auto restored = editorial_->Restore(reporter_, a.id, 1, v2->revision);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->revision, 3);
  EXPECT_EQ(restored->title, "Le chat dort");
  EXPECT_EQ(restored->body_html, "<p>Corps</p>");
  EXPECT_EQ(editorial_->Restore(reporter_, a.id, 1, v2->revision).error().kind,
            ErrorKind::kConflict);
  EXPECT_EQ(editorial_->Restore(reporter_, a.id, 42, restored->revision).error().kind,
            ErrorKind::kNotFound);
}

}  // namespace
}  // namespace gazette::services
