// Text processing for full-text search, independent of any engine: word splitting, case
// and accent folding, Snowball stemming, stop words, the reader's query language, and edit
// distance for "did you mean". Pure functions and values; no I/O.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace gazette::text {

// `text` with every ill-formed UTF-8 sequence and every C0 control character except tab,
// newline and carriage return replaced by a space.
std::string CleanUtf8(std::string_view text);

// Lower case (full case folding) without accents: "Nghệ An" -> "nghe an", "Œuvre" -> "oeuvre",
// "Đà Nẵng" -> "da nang", "Straße" -> "strasse". Ill-formed UTF-8 becomes spaces.
std::string FoldText(std::string_view text);

// Turns text into index terms for one language. A word is a run of letters, digits and
// combining marks; everything else separates words. Each word is case-folded, stemmed with
// the Snowball stemmer of the language (when there is one and `stem` is true), then stripped
// of accents; stop words of the language are dropped. Words longer than kMaxWordBytes are
// dropped too. Not thread-safe (the stemmer keeps state): one Analyzer per thread.
class Analyzer {
 public:
  static constexpr std::size_t kMaxWordBytes = 100;

  // `language` is a BCP 47 tag or code ("fr", "en-GB", "vi"); unknown languages get folding
  // without stemming or stop words.
  explicit Analyzer(std::string_view language);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // The two-letter language this analyzer works for ("fr"), or "" when unknown.
  const std::string& language() const { return language_; }
  bool has_stemmer() const { return stemmer_ != nullptr; }

  // Calls `emit(term, begin, end)` for each term, where [begin, end) is the byte range of
  // the word in `text`. Stops early when `emit` returns false.
  using Emit = std::function<bool(std::string_view term, std::size_t begin, std::size_t end)>;
  void Analyze(std::string_view text, bool stem, const Emit& emit);

  // Convenience: the terms of `text`, in order.
  std::vector<std::string> Terms(std::string_view text, bool stem = true);

  // The term for one word (folded and, if `stem`, stemmed), or "" for a stop word.
  std::string Term(std::string_view word, bool stem);

  // Words remembered by Analyze, per `stem` setting; the memory is cleared when full.
  static constexpr std::size_t kMaxCachedWords = 50000;

 private:
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using TermCache = std::unordered_map<std::string, std::string, WordHash, std::equal_to<>>;

  // Term(word, stem), remembered: an article repeats its words, and a language's common
  // words are most of any text. The reference stays valid until the next call.
  const std::string& CachedTerm(std::string_view word, bool stem);

  std::string language_;
  ::sb_stemmer* stemmer_ = nullptr;
  TermCache cache_[2];
};

// True when `folded_word` (folded, not stemmed) is a stop word of `language` ("fr", "en",
// "es"); other languages have none.
bool IsStopWord(std::string_view language, std::string_view folded_word);

// One element of a reader's query.
struct QueryTerm {
  enum class Kind { kWord, kPhrase, kPrefix };
  Kind kind = Kind::kWord;
  std::string text;  // the words as typed (clean UTF-8, no quotes, no operators)
  bool excluded = false;
};

struct ParsedQuery {
  std::vector<QueryTerm> terms;
  bool truncated = false;  // the query was longer than the limits and was cut
};

inline constexpr std::size_t kMaxQueryBytes = 512;
inline constexpr std::size_t kMaxQueryTerms = 16;

// Parses the query language of the search box; never fails:
//   word                 a word (stemmed and folded at search time)
//   "several words"      a phrase; an unbalanced quote runs to the end
//   Stolten*             a prefix
//   -Ukraine, -"a b"     exclusion
// Any other character (parentheses, colons, carets, SQL) is just text between words.
// Input is cleaned (CleanUtf8) and cut to kMaxQueryBytes and kMaxQueryTerms.
ParsedQuery ParseQuery(std::string_view raw);

// Levenshtein distance between two UTF-8 strings counted in code points, or `max + 1` as
// soon as it exceeds `max`.
int EditDistance(std::string_view a, std::string_view b, int max);

}  // namespace gazette::text
