// The tokens computed ahead of an insertion (TokenizeDocument) against the tokenizer's own
// analysis: replayed, they must be exactly what the "gazette" FTS5 tokenizer emits for the
// same text (terms, byte ranges, colocated pairs) and count the same vocabulary; a text
// they were not computed from is analyzed as before.
#include "storage/sqlite/search_tokenizer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace gazette::storage::sqlite {
namespace {

using Emitted = std::tuple<std::string, int, int, int>;  // term, flags, begin, end

int Collect(void* context, int flags, const char* token, int size, int begin, int end) {
  static_cast<std::vector<Emitted>*>(context)->emplace_back(
      std::string(token, static_cast<std::size_t>(size)), flags, begin, end);
  return SQLITE_OK;
}

class SearchTokenizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterSearchTokenizer(db_, &terms_));
    api_ = Fts5ApiOf(db_);
    ASSERT_NE(api_, nullptr);
  }
  void TearDown() override {
    for (auto& [tokenizer, methods] : made_) methods.xDelete(tokenizer);
    sqlite3_close(db_);
  }

  // A tokenizer as a table with these arguments makes it ("fr", "pairs").
  Fts5Tokenizer* Make(std::vector<const char*> args, fts5_tokenizer& methods) {
    void* user_data = nullptr;
    EXPECT_EQ(api_->xFindTokenizer(api_, "gazette", &user_data, &methods), SQLITE_OK);
    Fts5Tokenizer* tokenizer = nullptr;
    EXPECT_EQ(methods.xCreate(user_data, args.data(), static_cast<int>(args.size()), &tokenizer),
              SQLITE_OK);
    made_.emplace_back(tokenizer, methods);
    return tokenizer;
  }

  // What the tokenizer emits for `text` as a document, with `replay` as the precomputed
  // tokens of the document being inserted; the vocabulary it records goes to `counts`.
  std::vector<Emitted> Emit(std::vector<const char*> args, const std::string& text,
                            const DocumentTokens* replay,
                            std::vector<std::pair<std::string, std::int64_t>>* counts = nullptr) {
    fts5_tokenizer methods{};
    Fts5Tokenizer* tokenizer = Make(args, methods);
    std::vector<Emitted> out;
    terms_.by_code.clear();
    terms_.recording = true;
    terms_.replay = replay;
    EXPECT_EQ(methods.xTokenize(tokenizer, &out, FTS5_TOKENIZE_DOCUMENT, text.data(),
                                static_cast<int>(text.size()), Collect),
              SQLITE_OK);
    terms_.replay = nullptr;
    terms_.recording = false;
    if (counts) {
      counts->clear();
      for (const auto& [term, count] : terms_.by_code[args[0]]) {
        counts->emplace_back(term, count.docs);
      }
      std::sort(counts->begin(), counts->end());
    }
    return out;
  }

  sqlite3* db_ = nullptr;
  fts5_api* api_ = nullptr;
  IndexedTerms terms_;
  std::vector<std::pair<Fts5Tokenizer*, fts5_tokenizer>> made_;
};

const std::vector<std::string>& Texts() {
  static const std::vector<std::string> texts = {
      "",
      "   \t\n ",
      "Le sommet de l'OTAN à Vilnius : les alliés s'engagent, l'Ukraine attend.",
      "L'Union européenne annonce un plan de 88 milliards d'euros ; 21 milliards d'euros en 2024.",
      "de la le les un une des du",  // stop words only
      "Œuvre, Straße, ÉCOLE, naïve, garçon, Đà Nẵng, Łódź, Ærø",
      "Nghệ An – Báo điện tử: Thủ tướng Phạm Minh Chính phát biểu tại hội nghị",
      "The quick brown fox jumps over the lazy dog; running runners ran",
      "東京 2024 年 オリンピック 北京 — 中文 日本語 한국어",
      "emoji 🙂 between 🎉 words, and numbers 3,14 1 000 000 12h30 2024-07-11",
      std::string(150, 'a') + " mot " + std::string(101, 'b') + " fin",  // words too long
      "a-b c_d e.f g/h i'j k’l «guillemets» “quotes” (parenthèses) [crochets]",
      "répétition répétition répétition, encore répétition et répétition",
      "x",
  };
  return texts;
}

TEST_F(SearchTokenizerTest, ReplayedTokensAreTheAnalyzedOnes) {
  for (const char* code : {"fr", "en", "es", "vi", "xx"}) {
    for (const char* pairs : {"pairs", ""}) {
      std::vector<const char*> args = {code};
      if (*pairs) args.push_back(pairs);
      for (const std::string& text : Texts()) {
        DocumentTokens tokens = TokenizeDocument(code, {"titre", text, "corps"});
        std::vector<std::pair<std::string, std::int64_t>> analyzed_counts, replayed_counts;
        const std::vector<Emitted> analyzed = Emit(args, text, nullptr, &analyzed_counts);
        const std::vector<Emitted> replayed = Emit(args, text, &tokens, &replayed_counts);
        EXPECT_EQ(replayed, analyzed) << code << " " << pairs << ": " << text;
        EXPECT_EQ(replayed_counts, analyzed_counts) << code << " " << pairs << ": " << text;
      }
    }
  }
}

TEST_F(SearchTokenizerTest, ReplayedTokensAreTheAnalyzedOnesOnRandomText) {
  // Words drawn from a small set with accents, stop words, digits and punctuation, so that
  // pairs, repeats and separators meet in every combination.
  const std::vector<std::string> words = {
      "Les",      "milliards", "d'euros",  "de",    "la",    "sécurité", "régionale", "à",
      "Varsovie", "2017",      "l'Union",  "ÉTÉ",   "été",   "—",        ",",         ".",
      "naïve",    "œuvre",     "x",        "Thủ",   "tướng", "中文",     "\t",        "\n",
      "plan",     "plans",     "planifié", "euros", "1,5",   "«",        "»",         "a"};
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int n = static_cast<int>(random() % 40);
    for (int i = 0; i < n; ++i) {
      text += words[random() % words.size()];
      text += (random() % 4 == 0) ? "" : " ";
    }
    DocumentTokens tokens = TokenizeDocument("fr", {text});
    std::vector<std::pair<std::string, std::int64_t>> analyzed_counts, replayed_counts;
    EXPECT_EQ(Emit({"fr", "pairs"}, text, &tokens, &replayed_counts),
              Emit({"fr", "pairs"}, text, nullptr, &analyzed_counts))
        << text;
    EXPECT_EQ(replayed_counts, analyzed_counts) << text;
  }
}

TEST_F(SearchTokenizerTest, ReplayIsWhatTheTokenizerEmits) {
  // The comparisons above would hold without any replay: tokens altered on purpose show that
  // the tokenizer emits the precomputed ones.
  const std::string text = "Le sommet de Vilnius";
  DocumentTokens tokens = TokenizeDocument("fr", {text});
  ASSERT_FALSE(tokens.terms.empty());
  tokens.terms[0] = 'z';
  const std::vector<Emitted> replayed = Emit({"fr", "pairs"}, text, &tokens);
  ASSERT_FALSE(replayed.empty());
  EXPECT_EQ(std::get<0>(replayed.front()), "zommet");
  EXPECT_EQ(std::get<0>(Emit({"fr", "pairs"}, text, nullptr).front()), "sommet");
}

TEST_F(SearchTokenizerTest, ReplayTakesTheColumnWithTheSameText) {
  const std::string title = "Le sommet de Vilnius";
  const std::string body = "Les alliés de l'OTAN";
  DocumentTokens tokens = TokenizeDocument("fr", {title, "", body});
  ASSERT_EQ(tokens.columns.size(), 3u);
  EXPECT_EQ(Emit({"fr", "pairs"}, body, &tokens), Emit({"fr", "pairs"}, body, nullptr));
  EXPECT_EQ(Emit({"fr", "pairs"}, title, &tokens), Emit({"fr", "pairs"}, title, nullptr));
}

TEST_F(SearchTokenizerTest, OtherTextOrLanguageIsAnalyzed) {
  // Tokens made for other text, or for another language's table, are not used.
  DocumentTokens tokens = TokenizeDocument("fr", {"Le sommet de Vilnius"});
  const std::string other = "Les alliés de l'OTAN";
  EXPECT_EQ(Emit({"fr", "pairs"}, other, &tokens), Emit({"fr", "pairs"}, other, nullptr));
  const std::string same = "Le sommet de Vilnius";
  EXPECT_EQ(Emit({"en", "pairs"}, same, &tokens), Emit({"en", "pairs"}, same, nullptr));
  // Emit compares with the tokenizer's own analysis, so make sure these differ at all.
  EXPECT_NE(Emit({"en", "pairs"}, same, nullptr), Emit({"fr", "pairs"}, same, nullptr));
}

TEST_F(SearchTokenizerTest, QueriesAreNeverReplayed) {
  DocumentTokens tokens = TokenizeDocument("fr", {"sommet Vilnius"});
  fts5_tokenizer methods{};
  Fts5Tokenizer* tokenizer = Make({"fr", "pairs"}, methods);
  const std::string text = "sommet Vilnius";
  std::vector<Emitted> out;
  terms_.replay = &tokens;
  ASSERT_EQ(methods.xTokenize(tokenizer, &out, FTS5_TOKENIZE_QUERY, text.data(),
                              static_cast<int>(text.size()), Collect),
            SQLITE_OK);
  terms_.replay = nullptr;
  // No pair token: a query names pairs as raw terms.
  EXPECT_EQ(out, (std::vector<Emitted>{{"sommet", 0, 0, 6}, {"vilnius", 0, 7, 14}}));
}

}  // namespace
}  // namespace gazette::storage::sqlite
