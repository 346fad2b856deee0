// Gazette's FTS5 tokenizer for SQLite: text::Analyzer (folding, Snowball stemming, stop
// words) behind the FTS5 tokenizer interface. A table uses it with
// `tokenize = 'gazette <language>'`.
#pragma once

#include <string>

struct sqlite3;

namespace gazette::storage::sqlite {

// Query strings that start with this byte hold an index term as it is stored (already
// folded and stemmed): the tokenizer passes them through unchanged. Readers cannot type it
// (text::CleanUtf8 removes control characters).
inline constexpr char kRawTermMarker = '\x01';

// Registers the "gazette" tokenizer on one connection. Returns false when FTS5 is missing.
bool RegisterSearchTokenizer(sqlite3* db);

}  // namespace gazette::storage::sqlite
