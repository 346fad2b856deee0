#include "storage/sqlite/search_tokenizer.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "text/html.h"
#include "text/search_text.h"

namespace gazette::storage::sqlite {
namespace {

// The terms of one column's text, each followed (in a table with pairs) by the pair of the
// term before it and itself: `emit(term, begin, end, pair)` until it returns false. The one
// definition of what a column's tokens are, for the tokenizer and for TokenizeDocument.
template <typename Emit>
void AnalyzeColumn(text::Analyzer& analyzer, std::string_view input, bool pairs,
                   std::string& previous, std::string& pair, const Emit& emit) {
  previous.clear();
  analyzer.Analyze(input, true, [&](std::string_view term, std::size_t begin, std::size_t end) {
    if (!emit(term, begin, end, false)) return false;
    if (pairs) {
      if (!previous.empty()) {
        pair.assign(previous);
        pair += kPairSeparator;
        pair.append(term);
        if (!emit(std::string_view(pair), begin, end, true)) return false;
      }
      previous.assign(term);
    }
    return true;
  });
}

struct Tokenizer {
  Tokenizer(std::string_view language, bool with_pairs, IndexedTerms* sink)
      : analyzer(language), code(language), pairs(with_pairs), terms(sink) {}
  text::Analyzer analyzer;
  std::string code;
  bool pairs;
  IndexedTerms* terms;
  std::string previous;  // the column's previous term, for pairs
  std::string pair;
};

int Create(void* user_data, const char** args, int arg_count, Fts5Tokenizer** out) {
  try {
    std::string_view language = arg_count > 0 ? args[0] : "";
    const bool pairs = arg_count > 1 && std::string_view(args[1]) == "pairs";
    *out = reinterpret_cast<Fts5Tokenizer*>(
        new Tokenizer(language, pairs, static_cast<IndexedTerms*>(user_data)));
    return SQLITE_OK;
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

// Counts `term` once for the column stamped `column`: its entry remembers the stamp of the
// last column that counted it (one lookup per token, no set of the column's terms).
void Count(IndexedTerms::Counts& counts, std::string_view term, std::uint64_t column) {
  auto it = counts.find(term);
  if (it == counts.end()) it = counts.emplace(std::string(term), IndexedTerms::Count{}).first;
  if (it->second.column != column) {
    it->second.column = column;
    ++it->second.docs;
  }
}

// The precomputed column of the document being inserted whose text is `input`, or null.
const DocumentTokens::Column* ReplayedColumn(const Tokenizer& t, std::string_view input) {
  const DocumentTokens* replay = t.terms ? t.terms->replay : nullptr;
  if (!replay || replay->code != t.code) return nullptr;
  for (const DocumentTokens::Column& column : replay->columns) {
    if (column.text == input) return &column;
  }
  return nullptr;
}

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  if (!text || length <= 0) return SQLITE_OK;
  std::string_view input(text, static_cast<std::size_t>(length));
  if ((flags & FTS5_TOKENIZE_QUERY) && input.front() == kRawTermMarker) {
    int rc = SQLITE_OK;
    std::size_t at = 1;
    while (rc == SQLITE_OK && at < input.size()) {
      std::size_t end = std::min(input.find(' ', at), input.size());
      if (end > at) {
        rc = token(context, 0, text + at, static_cast<int>(end - at), static_cast<int>(at),
                   static_cast<int>(end));
      }
      at = end + 1;
    }
    return rc;
  }
  try {
    auto* t = reinterpret_cast<Tokenizer*>(tokenizer);
    // Pairs are indexed, not queried: a query names them as raw terms.
    const bool pairs = t->pairs && !(flags & FTS5_TOKENIZE_QUERY);
    const bool document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
    const bool record = t->terms && t->terms->recording && document;
    IndexedTerms::Counts* counts = record ? &t->terms->by_code[t->code] : nullptr;
    const std::uint64_t column = record ? ++t->terms->column : 0;
    int rc = SQLITE_OK;
    if (const DocumentTokens::Column* replayed = document ? ReplayedColumn(*t, input) : nullptr) {
      const DocumentTokens& tokens = *t->terms->replay;
      for (const DocumentTokens::Token& k : replayed->tokens) {
        if (k.pair && !pairs) continue;
        const std::string_view term = tokens.Term(k);
        rc = token(context, k.pair ? FTS5_TOKEN_COLOCATED : 0, term.data(),
                   static_cast<int>(term.size()), static_cast<int>(k.begin),
                   static_cast<int>(k.end));
        if (rc != SQLITE_OK) return rc;
      }
      if (counts) {
        for (std::uint32_t i : replayed->distinct) {
          Count(*counts, tokens.Term(replayed->tokens[i]), column);
        }
      }
      return rc;
    }
    AnalyzeColumn(t->analyzer, input, pairs, t->previous, t->pair,
                  [&](std::string_view term, std::size_t begin, std::size_t end, bool pair) {
                    rc = token(context, pair ? FTS5_TOKEN_COLOCATED : 0, term.data(),
                               static_cast<int>(term.size()), static_cast<int>(begin),
                               static_cast<int>(end));
                    if (counts && !pair) Count(*counts, term, column);
                    return rc == SQLITE_OK;
                  });
    return rc;
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

void ResultText(sqlite3_context* context, const std::string& text) {
  sqlite3_result_text64(context, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

std::string_view ArgText(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (!text) return {};
  return {text, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

void SearchText(sqlite3_context* context, int, sqlite3_value** args) {
  try {
    ResultText(context, text::CleanUtf8(ArgText(args[0])));
  } catch (...) {
    sqlite3_result_error_nomem(context);
  }
}

void SearchHtml(sqlite3_context* context, int, sqlite3_value** args) {
  try {
    ResultText(context, text::CleanUtf8(text::HtmlToPlainText(ArgText(args[0]))));
  } catch (...) {
    sqlite3_result_error_nomem(context);
  }
}

}  // namespace

DocumentTokens TokenizeDocument(std::string_view code, std::vector<std::string> texts) {
  // One analyzer per thread and language: stemmers keep state.
  thread_local std::unordered_map<std::string, std::unique_ptr<text::Analyzer>> analyzers;
  auto& analyzer = analyzers[std::string(code)];
  if (!analyzer) analyzer = std::make_unique<text::Analyzer>(code);
  DocumentTokens out;
  out.code = std::string(code);
  out.columns.resize(texts.size());
  std::string previous;
  std::string pair;
  std::unordered_set<std::string_view> seen;
  for (std::size_t c = 0; c < texts.size(); ++c) {
    DocumentTokens::Column& column = out.columns[c];
    column.text = std::move(texts[c]);
    seen.clear();
    AnalyzeColumn(*analyzer, column.text, true, previous, pair,
                  [&](std::string_view term, std::size_t begin, std::size_t end, bool is_pair) {
                    DocumentTokens::Token k;
                    k.term_begin = static_cast<std::uint32_t>(out.terms.size());
                    k.term_size = static_cast<std::uint32_t>(term.size());
                    k.begin = static_cast<std::uint32_t>(begin);
                    k.end = static_cast<std::uint32_t>(end);
                    k.pair = is_pair;
                    out.terms.append(term);
                    column.tokens.push_back(k);
                    return true;
                  });
    // The distinct terms after the fact: `terms` no longer moves.
    for (std::uint32_t i = 0; i < column.tokens.size(); ++i) {
      const DocumentTokens::Token& k = column.tokens[i];
      if (!k.pair && seen.insert(out.Term(k)).second) column.distinct.push_back(i);
    }
  }
  return out;
}

fts5_api* Fts5ApiOf(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

bool RegisterSearchTextFunctions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  return sqlite3_create_function_v2(db, "gazette_search_text", 1, kFlags, nullptr, SearchText,
                                    nullptr, nullptr, nullptr) == SQLITE_OK &&
         sqlite3_create_function_v2(db, "gazette_search_html", 1, kFlags, nullptr, SearchHtml,
                                    nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool RegisterSearchTokenizer(sqlite3* db, IndexedTerms* terms) {
  fts5_api* api = Fts5ApiOf(db);
  if (!api) return false;
  static fts5_tokenizer tokenizer = {Create, Delete, Tokenize};
  return api->xCreateTokenizer(api, "gazette", terms, &tokenizer, nullptr) == SQLITE_OK;
}

}  // namespace gazette::storage::sqlite
