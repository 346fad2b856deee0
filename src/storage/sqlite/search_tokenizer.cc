#include "storage/sqlite/search_tokenizer.h"

#include <sqlite3.h>

#include <memory>
#include <string_view>

#include "text/search_text.h"

namespace gazette::storage::sqlite {
namespace {

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

int Create(void*, const char** args, int arg_count, Fts5Tokenizer** out) {
  try {
    std::string_view language = arg_count > 0 ? args[0] : "";
    *out = reinterpret_cast<Fts5Tokenizer*>(new text::Analyzer(language));
    return SQLITE_OK;
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<text::Analyzer*>(tokenizer); }

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  if (!text || length <= 0) return SQLITE_OK;
  std::string_view input(text, static_cast<std::size_t>(length));
  if ((flags & FTS5_TOKENIZE_QUERY) && input.front() == kRawTermMarker) {
    return token(context, 0, text + 1, length - 1, 1, length);
  }
  try {
    auto* analyzer = reinterpret_cast<text::Analyzer*>(tokenizer);
    int rc = SQLITE_OK;
    analyzer->Analyze(input, true, [&](std::string_view term, std::size_t begin, std::size_t end) {
      rc = token(context, 0, term.data(), static_cast<int>(term.size()), static_cast<int>(begin),
                 static_cast<int>(end));
      return rc == SQLITE_OK;
    });
    return rc;
  } catch (...) {
    return SQLITE_NOMEM;
  }
}

}  // namespace

bool RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (!api) return false;
  static fts5_tokenizer tokenizer = {Create, Delete, Tokenize};
  return api->xCreateTokenizer(api, "gazette", nullptr, &tokenizer, nullptr) == SQLITE_OK;
}

}  // namespace gazette::storage::sqlite
