// Gazette's FTS5 tokenizer for SQLite: text::Analyzer (folding, Snowball stemming, stop
// words) behind the FTS5 tokenizer interface. A table uses it with
// `tokenize = 'gazette <language>'`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct fts5_api;

namespace gazette::storage::sqlite {

// Query strings that start with this byte hold index terms as they are stored (already
// folded and stemmed), separated by spaces: the tokenizer passes them through unchanged.
// Readers cannot type it (text::CleanUtf8 removes control characters).
inline constexpr char kRawTermMarker = '\x01';

// With the argument "pairs" after the language (`tokenize = 'gazette fr pairs'`), the
// tokenizer also indexes each pair of neighbouring terms of a column, as one token at the
// position of the second term (colocated with it): the two terms joined by kPairSeparator.
// A phrase of n terms is then a phrase of n - 1 pair tokens, whose posting lists hold only
// the documents where the words follow each other, instead of every document holding both.
inline constexpr char kPairSeparator = '\x1f';

// The pair token of two neighbouring terms.
inline std::string PairTerm(std::string_view first, std::string_view second) {
  std::string out;
  out.reserve(first.size() + 1 + second.size());
  out.append(first);
  out += kPairSeparator;
  out.append(second);
  return out;
}

// The tokens the tokenizer emits for one document of a table, computed ahead of the document's
// insertion (on another thread: analyzing the text is the costly part of it). While the store
// inserts that document (IndexedTerms::replay), the tokenizer emits these for each column
// whose text is the one they were computed from, instead of analyzing it again; any other
// text is analyzed as usual.
struct DocumentTokens {
  struct Token {
    std::uint32_t term_begin = 0;  // the term's bytes in `terms`
    std::uint32_t term_size = 0;
    std::uint32_t begin = 0;  // the byte range of the word in the column's text
    std::uint32_t end = 0;
    bool pair = false;  // a pair token, colocated with the term before it
  };
  struct Column {
    std::string text;
    std::vector<Token> tokens;
    std::vector<std::uint32_t> distinct;  // the column's different terms (pairs apart), in
                                          // `tokens`: what the vocabulary counts
  };
  std::string code;   // the table's language code (the tokenizer's first argument)
  std::string terms;  // the bytes of every token's term
  std::vector<Column> columns;

  std::string_view Term(const Token& token) const {
    return std::string_view(terms).substr(token.term_begin, token.term_size);
  }
};

// The tokens of a document whose columns hold `texts`, as the tokenizer of a table for
// language `code` with pairs emits them (a table without pairs skips the pair tokens).
// Thread-safe: each thread analyzes with its own analyzers.
DocumentTokens TokenizeDocument(std::string_view code, std::vector<std::string> texts);

// The terms the tokenizer emitted for documents while `recording` is true, counted per
// column of a document, by the language code of the table (the tokenizer's argument). The
// store records them while it writes documents, to keep a vocabulary of the index.
struct IndexedTerms {
  struct Count {
    std::int64_t docs = 0;     // columns the term was emitted for
    std::uint64_t column = 0;  // the last of them (its stamp)
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Counts = std::unordered_map<std::string, Count, Hash, std::equal_to<>>;

  bool recording = false;
  std::uint64_t column = 0;  // stamp of the column being tokenized
  std::unordered_map<std::string, Counts> by_code;
  // The precomputed tokens of the document being inserted, if any (not owned).
  const DocumentTokens* replay = nullptr;
};

// FTS5's extension API on one connection, or null when this SQLite has no FTS5.
fts5_api* Fts5ApiOf(sqlite3* db);

// Registers the "gazette" tokenizer on one connection, reporting to `terms` when given (it
// must outlive the connection). Returns false when FTS5 is missing.
bool RegisterSearchTokenizer(sqlite3* db, IndexedTerms* terms = nullptr);

// Registers the SQL functions through which the search index reads the text it indexes
// (the index stores no copy of it): gazette_search_text(text) is text::CleanUtf8(text) and
// gazette_search_html(html) the clean plain text of an HTML body. Returns false on failure.
bool RegisterSearchTextFunctions(sqlite3* db);

}  // namespace gazette::storage::sqlite
