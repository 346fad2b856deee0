// The SearchIndex contract on both backends (SQLite's FTS5 index, PostgreSQL's full-text
// search): the index follows every save in the same transaction, filters, ranking,
// snippets, suggestions, bad input, and a relevance check.
#include "storage/search.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pg_database.h"
#include "storage/sqlite/search_tokenizer.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace gazette::storage {
namespace {

using model::Article;
using model::ArticleStatus;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (gazette::testing::PostgresRunWithoutServer()) GTEST_SKIP() << "no test PostgreSQL";
    auto opened = gazette::testing::OpenTestStore(dir_ / "gazette.db");
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = std::move(*opened);
    index_ = gazette::testing::TestSearchIndex(*store_);
    ASSERT_NE(index_, nullptr);
    ASSERT_TRUE(store_->UpsertEdition({"fr", "Gazette", "fr", "fr_FR", "Europe/Paris", 1}).ok());
    ASSERT_TRUE(store_->UpsertEdition({"en", "Gazette", "en", "en_GB", "Europe/London", 2}).ok());
    ASSERT_TRUE(store_->UpsertEdition({"vi", "Báo", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 3}).ok());
    for (const char* e : {"fr", "en", "vi"}) {
      auto s = store_->EnsureSection(e, {"Monde"});
      ASSERT_TRUE(s.ok());
      sections_[e] = s->id;
    }
    auto sub = store_->EnsureSection("fr", {"Monde", "Europe"});
    ASSERT_TRUE(sub.ok());
    europe_ = sub->id;
  }

  Article Save(const std::string& edition, const std::string& slug, const std::string& title,
               const std::string& lead, const std::string& body,
               ArticleStatus status = ArticleStatus::kPublished, model::UnixSeconds at = 1000) {
    Article a;
    a.edition = edition;
    a.slug = slug;
    a.title = title;
    a.lead = lead;
    a.body_html = body;
    a.section_id = sections_[edition];
    a.status = status;
    if (status == ArticleStatus::kPublished) a.published_at = at;
    auto saved = store_->SaveArticle(a, "editor");
    EXPECT_TRUE(saved.ok()) << saved.error().ToString();
    return saved.ok() ? *saved : Article{};
  }

  SearchResults Find(const std::string& edition, const std::string& text,
                     const std::function<void(SearchQuery&)>& edit = {}) {
    SearchQuery q;
    q.edition = edition;
    q.text = text;
    if (edit) edit(q);
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : SearchResults{};
  }

  std::vector<std::string> Slugs(const std::string& edition, const std::string& text,
                                 const std::function<void(SearchQuery&)>& edit = {}) {
    std::vector<std::string> out;
    for (const SearchHit& h : Find(edition, text, edit).hits) out.push_back(h.article.slug);
    return out;
  }

  gazette::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  SearchIndex* index_ = nullptr;
  std::map<std::string, model::Id> sections_;
  model::Id europe_ = 0;
};

using Slugs_ = std::vector<std::string>;

TEST_F(SearchTest, PublishedArticleIsFoundAtOnceAndUnpublishedDisappears) {
  Article a = Save("fr", "otan", "L'OTAN envoie un message", "Un chapeau", "<p>Le sommet</p>");
  EXPECT_EQ(Slugs("fr", "otan"), Slugs_{"otan"});
  a.status = ArticleStatus::kDraft;
  ASSERT_TRUE(store_->SaveArticle(a, "editor").ok());
  EXPECT_TRUE(Slugs("fr", "otan").empty());
  EXPECT_EQ(Slugs("fr", "otan", [](SearchQuery& q) { q.published_only = false; }), Slugs_{"otan"});
  a.status = ArticleStatus::kPublished;
  a.title = "Nouveau titre";
  ASSERT_TRUE(store_->SaveArticle(a, "editor").ok());
  EXPECT_TRUE(Slugs("fr", "otan").empty());  // the old title left the index
  EXPECT_EQ(Slugs("fr", "nouveau"), Slugs_{"otan"});
}

TEST_F(SearchTest, RolledBackSaveLeavesTheIndexUnchanged) {
  Article a = Save("fr", "otan", "OTAN", "", "");
  model::Status st = store_->InTransaction([&]() -> model::Status {
    Article b = a;
    b.title = "Remplacé";
    auto saved = store_->SaveArticle(b, "editor");
    if (!saved.ok()) return saved.error();
    return model::InvalidInput("changed my mind");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Slugs("fr", "otan"), Slugs_{"otan"});
  EXPECT_TRUE(Slugs("fr", "remplacé").empty());
  // A failed nested save inside a committed transaction leaves nothing either, not even a
  // word in the vocabulary of "did you mean".
  st = store_->InTransaction([&]() -> model::Status {
    model::Status inner = store_->InTransaction([&]() -> model::Status {
      Article b = a;
      b.title = "Zanzibar";
      auto saved = store_->SaveArticle(b, "editor");
      if (!saved.ok()) return saved.error();
      return model::InvalidInput("changed my mind");
    });
    EXPECT_FALSE(inner.ok());
    Article c = a;
    c.lead = "Madagascar";
    auto saved = store_->SaveArticle(c, "editor");
    return saved.ok() ? model::Ok() : model::Status(saved.error());
  });
  EXPECT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_TRUE(Slugs("fr", "zanzibar").empty());
  EXPECT_TRUE(Find("fr", "Zanzibat").suggestions.empty());
  EXPECT_EQ(Slugs("fr", "madagascar"), Slugs_{"otan"});
  EXPECT_EQ(Find("fr", "Madagascat").suggestions, std::vector<std::string>{"Madagascar"});
}

TEST_F(SearchTest, StemmingFoldingAndEditionsStaySeparate) {
  Save("fr", "coop", "La coopération régionale", "", "");
  Save("en", "coop", "Regional cooperation", "", "");
  EXPECT_EQ(Slugs("fr", "coopérer"), Slugs_{"coop"});
  EXPECT_EQ(Slugs("fr", "COOPERATION"), Slugs_{"coop"});
  EXPECT_EQ(Slugs("fr", "regionale"), Slugs_{"coop"});
  EXPECT_EQ(Find("en", "cooperation").total, 1);
  EXPECT_EQ(Find("fr", "cooperation").hits.at(0).article.edition, "fr");
}

TEST_F(SearchTest, VietnameseWithoutDiacriticsFindsDiacritics) {
  Save("vi", "nghe-an", "Lũ lụt ở Nghệ An", "", "<p>Mưa lớn tại Đà Nẵng</p>");
  EXPECT_EQ(Slugs("vi", "Nghe An"), Slugs_{"nghe-an"});
  EXPECT_EQ(Slugs("vi", "\"nghe an\""), Slugs_{"nghe-an"});
  EXPECT_EQ(Slugs("vi", "da nang"), Slugs_{"nghe-an"});
  EXPECT_EQ(Slugs("vi", "Nghệ An"), Slugs_{"nghe-an"});
}

TEST_F(SearchTest, PhrasePrefixAndExclusion) {
  Save("fr", "a", "Conférence de presse à Vilnius", "", "<p>Jens Stoltenberg parle</p>",
       ArticleStatus::kPublished, 1000);
  Save("fr", "b", "Presse et conférence", "", "<p>L'Ukraine répond</p>", ArticleStatus::kPublished,
       2000);
  EXPECT_EQ(Slugs("fr", "\"conférence de presse\""), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "conférence presse", [](SearchQuery& q) { q.sort = SearchSort::kDate; }),
            (Slugs_{"b", "a"}));
  EXPECT_EQ(Slugs("fr", "Stolten*"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "presse -Ukraine"), Slugs_{"a"});
  EXPECT_TRUE(Slugs("fr", "-presse").empty());
  EXPECT_TRUE(Find("fr", "-presse").query_empty);
}

TEST_F(SearchTest, PhrasesMatchNeighbouringWordsOnly) {
  Save("fr", "suite", "Un plan", "21 milliards d'euros pour la santé",
       "<p>Le plan de relance européen.</p>", ArticleStatus::kPublished, 1000);
  Save("fr", "desordre", "Des euros", "Les milliards perdus, les euros",
       "<p>Euros perdus, milliards. Relance du plan européen.</p>", ArticleStatus::kPublished,
       2000);
  Save("fr", "colonnes", "Ils comptent en milliards", "Euros perdus", "<p>Rien.</p>",
       ArticleStatus::kPublished, 3000);
  EXPECT_EQ(Slugs("fr", "\"milliards euros\""), Slugs_{"suite"});  // across a stop word
  EXPECT_EQ(Slugs("fr", "\"milliards d'euros\""), Slugs_{"suite"});
  EXPECT_EQ(Slugs("fr", "\"plan de relance européen\""), Slugs_{"suite"});
  EXPECT_TRUE(Slugs("fr", "\"européen relance\"").empty());
  EXPECT_EQ(Slugs("fr", "\"relance plan européen\""), Slugs_{"desordre"});
  EXPECT_EQ(Slugs("fr", "milliards -\"milliards euros\"",
                  [](SearchQuery& q) { q.sort = SearchSort::kDate; }),
            (Slugs_{"colonnes", "desordre"}));
  EXPECT_EQ(Find("fr", "\"milliards euros\"").hits.at(0).snippet,
            std::string("21 ") + kMatchBegin + "milliards d'euros" + kMatchEnd + " pour la santé");
}

TEST_F(SearchTest, Filters) {
  Article a = Save("fr", "a", "Sommet européen", "", "", ArticleStatus::kPublished, 1000);
  Article b = Save("fr", "b", "Sommet africain", "", "", ArticleStatus::kPublished, 5000);
  b.section_id = europe_;
  auto tag = store_->EnsureTag("fr", "Diplomatie");
  auto author = store_->EnsureAuthor("Jeanne Martin");
  ASSERT_TRUE(tag.ok() && author.ok());
  b.tag_ids = {tag->id};
  b.author_ids = {author->id};
  ASSERT_TRUE(store_->SaveArticle(b, "editor").ok());
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.section_id = europe_; }), Slugs_{"b"});
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.section_id = sections_["fr"]; }).size(),
            2u);
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.tag_id = tag->id; }), Slugs_{"b"});
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.author_id = author->id; }), Slugs_{"b"});
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.published_to = 2000; }), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.published_from = 2000; }), Slugs_{"b"});
  EXPECT_EQ(Slugs("fr", "sommet", [&](SearchQuery& q) { q.now = 2000; }), Slugs_{"a"});
  SearchResults page2 = Find("fr", "sommet", [](SearchQuery& q) {
    q.limit = 1;
    q.offset = 1;
  });
  EXPECT_EQ(page2.total, 2);
  EXPECT_EQ(page2.hits.size(), 1u);
  EXPECT_EQ(
      Find("fr", "sommet", [&](SearchQuery& q) { q.tag_id = tag->id; }).hits.at(0).article.tag_ids,
      std::vector<model::Id>{tag->id});
}

TEST_F(SearchTest, SnippetsMarkTheMatchesAndNeverCarryMarkersFromText) {
  Save("fr", "a", "Le sommet de l'OTAN", "",
       "<p>Un long texte. Les alliés se réunissent à Vilnius pour un sommet "
       "historique.\x02 fin</p>");
  SearchResults r = Find("fr", "vilnius");
  ASSERT_EQ(r.hits.size(), 1u);
  const SearchHit& hit = r.hits[0];
  EXPECT_NE(hit.snippet.find(std::string(1, kMatchBegin) + "Vilnius" + kMatchEnd),
            std::string::npos)
      << hit.snippet;
  EXPECT_EQ(Find("fr", "otan").hits.at(0).title,
            std::string("Le sommet de l'") + kMatchBegin + "OTAN" + kMatchEnd);
  // The stray control byte of the body was not indexed as a marker.
  std::string s = Find("fr", "fin").hits.at(0).snippet;
  EXPECT_EQ(std::count(s.begin(), s.end(), kMatchBegin), 1) << s;
}

TEST_F(SearchTest, SuggestionsFromTheVocabulary) {
  Save("fr", "a", "L'Ukraine et la Russie", "", "");
  SearchResults r = Find("fr", "Ukriane");
  EXPECT_EQ(r.total, 0);
  ASSERT_EQ(r.suggestions.size(), 1u);
  EXPECT_EQ(r.suggestions[0], "Ukraine");
  r = Find("fr", "russie Ukrainee");
  ASSERT_EQ(r.suggestions.size(), 1u);
  EXPECT_EQ(r.suggestions[0], "russie Ukraine");
  EXPECT_TRUE(Find("fr", "zzzzzzzzzz").suggestions.empty());
}

TEST_F(SearchTest, SuggestionsFollowEditsOfTheArticles) {
  Article a = Save("fr", "a", "L'Ukraine et la Russie", "", "");
  Save("fr", "b", "La Russie et la Chine", "", "");
  EXPECT_EQ(Find("fr", "Ukriane").suggestions, std::vector<std::string>{"Ukraine"});
  // The only article with the word loses it: the word leaves the vocabulary.
  a.title = "La Pologne";
  ASSERT_TRUE(store_->SaveArticle(a, "editor").ok());
  EXPECT_TRUE(Find("fr", "Ukriane").suggestions.empty());
  EXPECT_EQ(Find("fr", "Polgne").suggestions, std::vector<std::string>{"Pologne"});
  // A word that another article still has stays.
  EXPECT_EQ(Find("fr", "Rusie").suggestions, std::vector<std::string>{"Russie"});
  a.status = ArticleStatus::kUnpublished;
  ASSERT_TRUE(store_->SaveArticle(a, "editor").ok());
  EXPECT_EQ(Find("fr", "Rusie").suggestions, std::vector<std::string>{"Russie"});
}

TEST_F(SearchTest, QuotesBackslashesAndOperatorsInArticleText) {
  Save("fr", "a", "L'avocat dit \"non\" \\ à l'OTAN's plan", "C'est 'cité' & | ! <-> :*",
       "<p>a\\b 'x' O'Neil</p>");
  EXPECT_EQ(Slugs("fr", "O'Neil"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "\"O'Neil\""), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "cité"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "'cité' & | !"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "avocat -'x'"), Slugs_{});
  EXPECT_EQ(Slugs("fr", "avocat -'y'"), Slugs_{"a"});
}

TEST_F(SearchTest, BadInputGivesResultsOrNothingNeverAnError) {
  Save("fr", "a", "Sommet de l'OTAN", "", "<p>texte</p>");
  const std::vector<std::string> inputs = {"\"",
                                           "\"\"",
                                           "otan\"",
                                           "otan*",
                                           "*",
                                           "-",
                                           "--otan",
                                           "NEAR(otan sommet)",
                                           "otan AND",
                                           "OR",
                                           "title:otan",
                                           "^otan",
                                           "otan + sommet",
                                           "(otan",
                                           ")",
                                           "'; DROP TABLE articles; --",
                                           "\" OR 1=1 --",
                                           "\xff\xfe\xfd",
                                           "\xc3",
                                           std::string(10000, 'a'),
                                           std::string(10000, '"'),
                                           "otan\x01",
                                           std::string("\x01") + "otan",
                                           "{otan}",
                                           "otan:*",
                                           "\\",
                                           "la le les de",
                                           "",
                                           " "};
  for (const std::string& input : inputs) {
    SearchQuery q;
    q.edition = "fr";
    q.text = input;
    auto r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << "input: " << input << ": " << r.error().ToString();
  }
  EXPECT_EQ(Slugs("fr", "'; DROP TABLE articles; -- otan").size(), 0u);
  EXPECT_EQ(Slugs("fr", "(otan"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "otan\""), Slugs_{"a"});
  EXPECT_TRUE(Find("fr", "la le les de").query_empty);
  EXPECT_TRUE(Find("fr", std::string(10000, 'a')).truncated);
}

TEST_F(SearchTest, RepeatedSearchesGiveTheSameResults) {
  for (int i = 0; i < 30; ++i)
    Save("fr", "a" + std::to_string(i), "Paix numéro " + std::to_string(i), "", "");
  for (int round = 0; round < 3; ++round) {
    SearchResults r = Find("fr", "paix", [](SearchQuery& q) { q.limit = 5; });
    EXPECT_EQ(r.total, 30);
    EXPECT_EQ(r.hits.size(), 5u);
    r = Find("fr", "paix", [](SearchQuery& q) { q.offset = 40; });
    EXPECT_EQ(r.total, 30);
    EXPECT_TRUE(r.hits.empty());
  }
}

TEST_F(SearchTest, InvalidQueriesAreErrors) {
  SearchQuery q;
  q.text = "otan";
  EXPECT_EQ(index_->Search(q).error().kind, model::ErrorKind::kInvalidInput);
  q.edition = "zz";
  EXPECT_EQ(index_->Search(q).error().kind, model::ErrorKind::kNotFound);
  q.edition = "fr";
  q.limit = 1000;
  EXPECT_EQ(index_->Search(q).error().kind, model::ErrorKind::kInvalidInput);
}

TEST_F(SearchTest, ReindexRebuildsWithProgress) {
  for (int i = 0; i < 1200; ++i) {
    Save(i % 2 ? "fr" : "en", "a" + std::to_string(i), "Sommet summit " + std::to_string(i), "",
         "");
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  ASSERT_TRUE(
      index_
          ->Reindex([&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); })
          .ok());
  ASSERT_GE(calls.size(), 3u);
  EXPECT_EQ(calls.front(), std::make_pair(std::int64_t{0}, std::int64_t{1200}));
  EXPECT_EQ(calls.back(), std::make_pair(std::int64_t{1200}, std::int64_t{1200}));
  // Counted exactly on the last page (the first page stops counting at 500).
  auto last_page = [](SearchQuery& q) {
    q.sort = SearchSort::kDate;
    q.offset = 590;
  };
  EXPECT_EQ(Find("fr", "sommet", last_page).total, 600);
  EXPECT_EQ(Find("en", "summit", last_page).total, 600);
  EXPECT_EQ(Find("fr", "1199").total, 1);
}

TEST_F(SearchTest, QueriesOfSeveralTermsCountUpToTheRankingWindow) {
  if (gazette::testing::PostgresRun()) GTEST_SKIP() << "SQLite's index caps its counts";
  // Two words, a phrase or an exclusion: each match costs an intersection, so the count
  // stops past the 200 matches the ranking reads.
  for (int i = 0; i < 201; ++i) {
    Save("fr", "a" + std::to_string(i), "Paix durable " + std::to_string(i), "", "",
         ArticleStatus::kPublished, 1000 + i);
  }
  Save("fr", "b", "Paix fragile", "", "", ArticleStatus::kPublished, 500);
  for (const std::string text : {"paix durable", "\"paix durable\"", "paix -fragile"}) {
    SCOPED_TRACE(text);
    SearchResults r = Find("fr", text);
    EXPECT_EQ(r.total, 200);
    EXPECT_TRUE(r.total_capped);
    EXPECT_EQ(r.hits.size(), 20u);
    r = Find("fr", text, [](SearchQuery& q) { q.sort = SearchSort::kDate; });
    EXPECT_EQ(r.total, 200);
    EXPECT_TRUE(r.total_capped);
    ASSERT_EQ(r.hits.size(), 20u);
    EXPECT_EQ(r.hits[0].article.slug, "a200");
  }
  // Exactly 200 matches are counted exactly.
  SearchResults r = Find("fr", "paix durable -200");
  EXPECT_EQ(r.total, 200);
  EXPECT_FALSE(r.total_capped);
  r = Find("fr", "paix durable -200", [](SearchQuery& q) { q.sort = SearchSort::kDate; });
  EXPECT_EQ(r.total, 200);
  EXPECT_FALSE(r.total_capped);
  // One word still counts up to 500; a page past the window is reached and counted to it.
  r = Find("fr", "durable");
  EXPECT_EQ(r.total, 201);
  EXPECT_FALSE(r.total_capped);
  r = Find("fr", "paix -durable");
  EXPECT_EQ(r.total, 1);
  EXPECT_FALSE(r.total_capped);
  r = Find("fr", "paix durable", [](SearchQuery& q) {
    q.sort = SearchSort::kDate;
    q.offset = 200;
  });
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].article.slug, "a0");
  EXPECT_EQ(r.total, 201);
  EXPECT_FALSE(r.total_capped);
}

TEST_F(SearchTest, VeryCommonWordsStopCountingAndSayTheCountIsALowerBound) {
  if (gazette::testing::PostgresRun()) GTEST_SKIP() << "SQLite's index caps its counts";
  // Past 500 matches the count stops; the newest matches come first by date.
  for (int i = 0; i < 505; ++i) {
    Save("fr", "a" + std::to_string(i), "Paix " + std::to_string(i), "", "",
         ArticleStatus::kPublished, 1000 + i);
  }
  SearchResults r = Find("fr", "paix");
  EXPECT_EQ(r.total, 500);
  EXPECT_TRUE(r.total_capped);
  EXPECT_EQ(r.hits.size(), 20u);
  r = Find("fr", "paix", [](SearchQuery& q) { q.sort = SearchSort::kDate; });
  EXPECT_EQ(r.total, 500);
  EXPECT_TRUE(r.total_capped);
  ASSERT_EQ(r.hits.size(), 20u);
  EXPECT_EQ(r.hits[0].article.slug, "a504");
  EXPECT_EQ(r.hits[19].article.slug, "a485");
  r = Find("fr", "504");
  EXPECT_EQ(r.total, 1);
  EXPECT_FALSE(r.total_capped);
  // A page beyond the first 500 is still reachable, and counted up to it.
  r = Find("fr", "paix", [](SearchQuery& q) {
    q.sort = SearchSort::kDate;
    q.offset = 500;
  });
  ASSERT_EQ(r.hits.size(), 5u);
  EXPECT_EQ(r.hits[4].article.slug, "a0");
  EXPECT_EQ(r.total, 505);
  EXPECT_FALSE(r.total_capped);
  r = Find("fr", "paix", [](SearchQuery& q) { q.offset = 490; });
  EXPECT_EQ(r.hits.size(), 15u);  // relevance ranks as many as the page needs
  EXPECT_EQ(r.total, 505);
}

TEST_F(SearchTest, DateSortFollowsPublicationTimeNotSaveOrder) {
  Save("fr", "late", "Sommet", "", "", ArticleStatus::kPublished, 9000);
  Save("fr", "early", "Sommet", "", "", ArticleStatus::kPublished, 1000);
  Save("fr", "middle", "Sommet", "", "", ArticleStatus::kPublished, 5000);
  EXPECT_EQ(Slugs("fr", "sommet", [](SearchQuery& q) { q.sort = SearchSort::kDate; }),
            (Slugs_{"late", "middle", "early"}));
  EXPECT_EQ(Slugs("fr", "sommet",
                  [](SearchQuery& q) {
                    q.published_from = 1000;
                    q.published_to = 5000;
                    q.sort = SearchSort::kDate;
                  }),
            (Slugs_{"middle", "early"}));
}

TEST_F(SearchTest, SearchInsideATransactionSeesItsOwnSaves) {
  model::Status st = store_->InTransaction([&]() -> model::Status {
    Save("fr", "a", "Sommet de Vilnius", "", "");
    EXPECT_EQ(Slugs("fr", "vilnius"), Slugs_{"a"});
    Article b = Save("fr", "b", "Sommet de Madrid", "", "");
    b.title = "Sommet de Rome";
    auto saved = store_->SaveArticle(b, "editor");  // updated before its transaction ends
    EXPECT_TRUE(saved.ok());
    return model::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_EQ(Slugs("fr", "vilnius"), Slugs_{"a"});
  EXPECT_EQ(Slugs("fr", "rome"), Slugs_{"b"});
  EXPECT_TRUE(Slugs("fr", "madrid").empty());
  EXPECT_EQ(Find("fr", "sommet").total, 2);
}

TEST_F(SearchTest, AnOlderIndexIsRebuiltWhenTheStoreOpens) {
  if (gazette::testing::PostgresRun()) GTEST_SKIP() << "SQLite's index schema";
  Save("fr", "otan", "Le sommet de l'OTAN", "", "<p>Vilnius</p>");
  Save("en", "nato", "NATO summit", "", "");
  store_.reset();
  // Turn the file back into the schema before the migration: a full-text table that stores
  // its own text (here holding a stale row), no search_docs.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "gazette.db").c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(sqlite::RegisterSearchTokenizer(db));  // to drop the tables
  const char* sql =
      "DROP TABLE search_fr; DROP TABLE search_en; DROP VIEW search_source;"
      "DROP TABLE search_docs; DROP TABLE search_terms; DROP TABLE search_rebuild;"
      // The migrations after it run again too.
      "DELETE FROM schema_version WHERE version >= "
      "(SELECT version FROM schema_version WHERE name LIKE 'search index%');"
      "CREATE VIRTUAL TABLE search_fr USING fts5(title, lead, body);"
      "CREATE VIRTUAL TABLE search_fr_vocab USING fts5vocab(search_fr, 'row');"
      "INSERT INTO search_fr (rowid, title, lead, body) VALUES (999, 'fantome', '', '');";
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(db);
  auto opened = sqlite::OpenSqliteStore(dir_ / "gazette.db", false);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store_ = std::move(*opened);
  index_ = sqlite::SearchIndexOf(*store_);
  EXPECT_EQ(Slugs("fr", "vilnius"), Slugs_{"otan"});
  EXPECT_EQ(Slugs("en", "summit"), Slugs_{"nato"});
  EXPECT_TRUE(Slugs("fr", "fantome").empty());
}

TEST_F(SearchTest, AnIndexWithoutWordPairsAnswersPhrasesUntilReindexed) {
  if (gazette::testing::PostgresRun()) GTEST_SKIP() << "SQLite's index schema";
  Save("fr", "suite", "Un plan", "21 milliards d'euros", "<p>Relance.</p>");
  Save("fr", "desordre", "Des euros", "Les milliards perdus, les euros", "<p>Relance.</p>");
  store_.reset();
  // The table as it was made before word pairs: the same columns, no "pairs" argument.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "gazette.db").c_str(), &db), SQLITE_OK);
  ASSERT_TRUE(sqlite::RegisterSearchTokenizer(db));
  ASSERT_TRUE(sqlite::RegisterSearchTextFunctions(db));
  const char* sql =
      "DROP TABLE search_fr;"
      "CREATE VIRTUAL TABLE search_fr USING fts5(title, lead, body, content = 'search_source', "
      "content_rowid = 'key', tokenize = 'gazette fr');"
      "INSERT INTO search_fr (search_fr) VALUES ('rebuild');";
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(db);
  auto opened = sqlite::OpenSqliteStore(dir_ / "gazette.db", false);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store_ = std::move(*opened);
  index_ = sqlite::SearchIndexOf(*store_);
  EXPECT_EQ(Slugs("fr", "\"milliards euros\""), Slugs_{"suite"});
  EXPECT_EQ(Slugs("fr", "euros"), (Slugs_{"desordre", "suite"}));
  ASSERT_TRUE(index_->Reindex({}).ok());
  EXPECT_EQ(Slugs("fr", "\"milliards euros\""), Slugs_{"suite"});
  EXPECT_TRUE(Slugs("fr", "\"euros milliards\"").empty());
}

// The relevance check: for each query, the article that must come first.
TEST_F(SearchTest, RelevanceTitleAndLeadOutrankBody) {
  Save("fr", "body-only", "Les marchés ouvrent en hausse", "La Bourse de Paris",
       "<p>Les investisseurs surveillent aussi l'inflation et le pétrole, le pétrole encore.</p>",
       ArticleStatus::kPublished, 3000);
  Save("fr", "title", "Le pétrole recule", "Les cours baissent", "<p>Les marchés.</p>",
       ArticleStatus::kPublished, 1000);
  Save("fr", "lead", "Les marchés asiatiques", "Le pétrole et l'or en baisse",
       "<p>Rien d'autre.</p>", ArticleStatus::kPublished, 2000);
  Save("fr", "inflation", "Inflation : la BCE maintient ses taux", "L'inflation ralentit",
       "<p>La Banque centrale européenne et l'inflation.</p>", ArticleStatus::kPublished, 500);
  Save("fr", "otan", "L'OTAN envoie un message à la Russie et à la Chine",
       "Le sommet de Washington", "<p>Les alliés de l'Alliance atlantique.</p>",
       ArticleStatus::kPublished, 400);
  Save("fr", "chine", "Commerce : la Chine et l'Europe", "Des droits de douane",
       "<p>L'OTAN n'est pas concernée.</p>", ArticleStatus::kPublished, 4000);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"pétrole", "title"},
      {"inflation", "inflation"},
      {"otan", "otan"},
      {"russie chine", "otan"},
      {"douane", "chine"},
      {"\"message à la Russie\"", "otan"},
      {"marches asiatiques", "lead"},
  };
  for (const auto& [query, first] : expected) {
    auto slugs = Slugs("fr", query);
    ASSERT_FALSE(slugs.empty()) << query;
    EXPECT_EQ(slugs.front(), first) << query;
  }
  auto order = Slugs("fr", "pétrole");
  EXPECT_EQ(order, (Slugs_{"title", "lead", "body-only"}));
}

}  // namespace
}  // namespace gazette::storage
