// gazette_rank against FTS5's own bm25(): the same scores when given the exact number of
// documents of each phrase, and a ranking that follows the counts it is given.
#include "storage/sqlite/search_rank.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <utility>
#include <vector>

namespace gazette::storage::sqlite {
namespace {

class SearchRankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterSearchRank(db_));
    Exec("CREATE VIRTUAL TABLE t USING fts5(title, lead, body)");
    const std::vector<std::vector<std::string>> docs = {
        {"oil prices fall", "markets open lower", "oil and gold, oil again"},
        {"markets in asia", "oil and gold lower", "nothing else"},
        {"inflation stays", "central bank", "the bank and inflation, prices and oil"},
        {"summit in washington", "allies meet", "the alliance and its members"},
        {"trade and tariffs", "china and europe", "prices of steel and oil"},
        {"gold rush", "gold gold gold", "a long body about gold and nothing about the rest"},
    };
    for (const auto& d : docs) {
      sqlite3_stmt* s = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db_, "INSERT INTO t (title, lead, body) VALUES (?, ?, ?)", -1,
                                   &s, nullptr),
                SQLITE_OK);
      for (int i = 0; i < 3; ++i) {
        sqlite3_bind_text(s, i + 1, d[static_cast<std::size_t>(i)].c_str(), -1, SQLITE_TRANSIENT);
      }
      EXPECT_EQ(sqlite3_step(s), SQLITE_DONE);
      sqlite3_finalize(s);
    }
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  }

  // (rowid, score) of every match of `match`, by rowid.
  std::vector<std::pair<sqlite3_int64, double>> Scores(const std::string& function,
                                                       const std::string& match) {
    std::vector<std::pair<sqlite3_int64, double>> out;
    sqlite3_stmt* s = nullptr;
    const std::string sql = "SELECT rowid, " + function + " FROM t WHERE t MATCH ? ORDER BY rowid";
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    sqlite3_bind_text(s, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s) == SQLITE_ROW) {
      out.emplace_back(sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1));
    }
    sqlite3_finalize(s);
    return out;
  }

  sqlite3* db_ = nullptr;
};

TEST_F(SearchRankTest, ExactCountsGiveFts5Bm25) {
  // Documents holding each phrase, in the order of the expressions' phrases.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"oil", "4"},
      {"oil AND prices", "4 3"},
      {"gold NOT oil", "3 4"},
      {"\"oil and gold\" OR bank", "2 1"},
      {"(prices OR markets) AND oil", "3 2 4"},
  };
  for (const auto& [match, counts] : cases) {
    auto expected = Scores("bm25(t, 10.0, 4.0, 1.0)", match);
    auto got = Scores("gazette_rank(t, '" + counts + "', 10.0, 4.0, 1.0)", match);
    ASSERT_FALSE(expected.empty()) << match;
    ASSERT_EQ(got.size(), expected.size()) << match;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, expected[i].first) << match;
      EXPECT_NEAR(got[i].second, expected[i].second, 1e-9) << match << " row " << got[i].first;
    }
  }
}

TEST_F(SearchRankTest, TheRarerPhraseWeighsMore) {
  // Document 1 has "oil" three times, document 6 "gold" five times; which comes first
  // follows the counts given for the two phrases.
  auto score = [&](const std::string& counts, sqlite3_int64 rowid) {
    for (const auto& [row, s] : Scores("gazette_rank(t, '" + counts + "')", "oil OR gold")) {
      if (row == rowid) return s;
    }
    ADD_FAILURE() << "row " << rowid << " not found";
    return 0.0;
  };
  EXPECT_LT(score("1 5", 1), score("1 5", 6));  // oil rare: row 1 better (lower)
  EXPECT_GT(score("5 1", 1), score("5 1", 6));  // gold rare: row 6 better
  // Missing counts and weights are 0 and 1: still a score for every match.
  EXPECT_EQ(Scores("gazette_rank(t)", "oil OR gold").size(), 5u);
}

}  // namespace
}  // namespace gazette::storage::sqlite
