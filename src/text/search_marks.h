// Marking a search hit for display: which words of a text match a reader's query, the text
// with its matches marked (model::kSearchMatchBegin / kSearchMatchEnd), and a snippet around
// the matches. Engine-free, like the rest of text/search_text.h; no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/search_text.h"

namespace gazette::text {

// The positive elements of a parsed query as sequences of terms: a word or a phrase matches
// where its terms follow each other in the analyzed text (stop words are not terms, so
// "milliards euros" matches "milliards d'euros"), the last term of a prefix element as a
// prefix. Excluded elements mark nothing. Keeps a reference to `analyzer`, which must
// outlive it (and is not thread-safe: one QueryMarks per thread).
class QueryMarks {
 public:
  QueryMarks(const ParsedQuery& parsed, Analyzer& analyzer);

  bool empty() const { return elements_.empty(); }

  // `text` with every match marked; a phrase is marked as one span, from its first word to
  // its last. `text` must be clean (CleanUtf8), so that it holds no marker bytes of its own.
  std::string Mark(std::string_view text) const;

  struct Snippet {
    std::string text;
    bool matched = false;  // it holds at least one match
  };

  // About `words` terms of clean `text`: the whole text when it has no more, else a window
  // around matches: from the start of a match's sentence when the match fits in the window
  // from there, else from a few words before it; the first window holding the most distinct
  // elements of the query (reading stops at the first that holds them all), marked, with "…"
  // where the text was cut. Without matches, the start of the text.
  Snippet MakeSnippet(std::string_view text, int words) const;

 private:
  struct Element {
    std::vector<std::string> terms;
    bool prefix = false;  // the last term matches as a prefix
  };
  struct Token {
    std::size_t begin = 0;  // byte range of the word in the text
    std::size_t end = 0;
    std::size_t sentence = 0;       // the first token of its sentence
    std::size_t sentence_from = 0;  // the byte where that sentence starts
    // The (element, index of the term in it) pairs whose term this token matches, as
    // element * kMaxTerms + index.
    std::vector<std::size_t> terms;
  };
  struct Match {
    std::size_t first = 0;  // token indexes, inclusive
    std::size_t last = 0;
    std::size_t element = 0;
  };
  static constexpr std::size_t kMaxTerms = 64;

  // Whether the text between two words ends a sentence (".", "!" or "?", then a space);
  // `*start` is then the offset in `gap` where the next sentence starts.
  static bool EndsSentence(std::string_view gap, std::size_t* start);
  // Analyzes `text`, calling `done(tokens, matches)` after each token (the matches ending at
  // it included); stops when `done` returns true.
  template <typename Done>
  void Scan(std::string_view text, std::vector<Token>& tokens, std::vector<Match>& matches,
            Done&& done) const;
  static std::string MarkRange(std::string_view text, const std::vector<Token>& tokens,
                               const std::vector<Match>& matches, std::size_t from, std::size_t to);

  Analyzer& analyzer_;
  std::vector<Element> elements_;
};

}  // namespace gazette::text
