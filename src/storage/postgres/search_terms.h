// Full-text search terms for the PostgreSQL backend. Documents and queries are analyzed in
// C++ by text::Analyzer (the folding, Snowball stemming and stop words of the SQLite backend)
// and handed to PostgreSQL as tsvector and tsquery literals, which it stores and matches
// as they are (no text search configuration touches them). Pure functions; no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/search_text.h"

namespace gazette::storage::postgres {

// The key a language's terms are kept under: its two- or three-letter code in lower case
// ("fr" for "fr-FR"), or "xx" for anything else.
std::string LanguageKey(std::string_view language);

// PostgreSQL's limits on a tsvector: positions above kMaxPosition are stored as
// kMaxPosition, a lexeme keeps at most kMaxPositionsPerTerm of them, and the distinct
// lexemes may total kMaxVectorBytes.
inline constexpr int kMaxPosition = 16383;
inline constexpr int kMaxPositionsPerTerm = 255;
inline constexpr std::size_t kMaxVectorBytes = 1000000;

struct DocumentTerms {
  std::string vector;                 // a tsvector literal
  std::vector<std::string> distinct;  // its lexemes, sorted
};

// The terms of an article as a tsvector literal: title words weigh A, lead words B, body
// words C. Positions count terms (stop words are not counted, as in the SQLite index), with
// a gap between fields so that a phrase never spans two of them. The texts are plain text.
DocumentTerms AnalyzeDocument(text::Analyzer& analyzer, std::string_view title,
                              std::string_view lead, std::string_view body);

// The tsquery literal of a parsed query: each element's terms joined by <-> (a word that
// gives several terms is a phrase too), the last term of a prefix element with :*, the
// positive elements joined by &, excluded ones added as & !(...). Every lexeme is quoted,
// so nothing the reader typed is read as tsquery syntax. Elements without a searchable word
// are dropped; "" when no positive element is left.
std::string QueryLiteral(const text::ParsedQuery& parsed, text::Analyzer& analyzer);

// The first word of `text` whose term is `term`, as it is written there; "" when none.
std::string SurfaceForm(std::string_view text, text::Analyzer& analyzer, std::string_view term);

// A parsed query written back in the query language ("-a \"b c\" d*").
std::string FormatQuery(const text::ParsedQuery& parsed);

// One lexeme as a tsvector or tsquery literal: quoted, quotes and backslashes escaped.
std::string QuotedLexeme(std::string_view lexeme);

// A text[] literal for a bound parameter ({"a","b"}), every element quoted.
std::string TextArrayLiteral(const std::vector<std::string>& items);

}  // namespace gazette::storage::postgres
