#include "storage/sqlite/search_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <vector>

#include "storage/sqlite/search_tokenizer.h"

namespace gazette::storage::sqlite {
namespace {

// FTS5's bm25() constants.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// What one statement's rows share: computed at its first row.
struct RankData {
  std::vector<double> weights;  // per column
  std::vector<double> idf;      // per phrase
  double average_length = 1;    // tokens per row
  std::vector<double> frequency;
};

void DeleteRankData(void* p) { delete static_cast<RankData*>(p); }

// The integers of a text of space-separated integers ("12 3400 5").
std::vector<sqlite3_int64> Counts(sqlite3_value* value) {
  std::vector<sqlite3_int64> out;
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (!text) return out;
  sqlite3_int64 n = 0;
  bool in_number = false;
  for (const char* p = text;; ++p) {
    if (*p >= '0' && *p <= '9') {
      n = std::min<sqlite3_int64>(n * 10 + (*p - '0'), sqlite3_int64{1} << 50);
      in_number = true;
    } else {
      if (in_number) out.push_back(n);
      n = 0;
      in_number = false;
      if (*p == '\0') break;
    }
  }
  return out;
}

RankData* MakeRankData(const Fts5ExtensionApi* api, Fts5Context* fts, int arg_count,
                       sqlite3_value** args, int* rc) {
  auto data = std::make_unique<RankData>();
  const int columns = api->xColumnCount(fts);
  const int phrases = api->xPhraseCount(fts);
  data->weights.assign(static_cast<std::size_t>(columns), 1.0);
  for (int i = 0; i < columns && i + 1 < arg_count; ++i) {
    data->weights[static_cast<std::size_t>(i)] = sqlite3_value_double(args[i + 1]);
  }
  const std::vector<sqlite3_int64> counts =
      arg_count > 0 ? Counts(args[0]) : std::vector<sqlite3_int64>{};
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  *rc = api->xRowCount(fts, &rows);
  if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (*rc != SQLITE_OK) return nullptr;
  rows = std::max<sqlite3_int64>(rows, 1);
  data->average_length = std::max(static_cast<double>(tokens) / static_cast<double>(rows), 1e-9);
  data->idf.resize(static_cast<std::size_t>(phrases));
  data->frequency.resize(static_cast<std::size_t>(phrases));
  for (std::size_t j = 0; j < data->idf.size(); ++j) {
    const sqlite3_int64 hits = std::min(j < counts.size() ? counts[j] : 0, rows);
    const double idf =
        std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    data->idf[j] = idf <= 0.0 ? 1e-6 : idf;
  }
  return data.release();
}

void Rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int arg_count,
          sqlite3_value** args) {
  int rc = SQLITE_OK;
  auto* data = static_cast<RankData*>(api->xGetAuxdata(fts, 0));
  if (!data) {
    try {
      data = MakeRankData(api, fts, arg_count, args, &rc);
    } catch (const std::bad_alloc&) {
      rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK && data) rc = api->xSetAuxdata(fts, data, DeleteRankData);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(context, rc);
      return;
    }
  }
  std::fill(data->frequency.begin(), data->frequency.end(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 &&
        static_cast<std::size_t>(phrase) < data->frequency.size()) {
      const double w = column >= 0 && static_cast<std::size_t>(column) < data->weights.size()
                           ? data->weights[static_cast<std::size_t>(column)]
                           : 1.0;
      data->frequency[static_cast<std::size_t>(phrase)] += w;
    }
  }
  int length = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  const double norm = kK1 * (1 - kB + kB * static_cast<double>(length) / data->average_length);
  double score = 0;
  for (std::size_t j = 0; j < data->idf.size(); ++j) {
    const double f = data->frequency[j];
    score += data->idf[j] * (f * (kK1 + 1.0)) / (f + norm);
  }
  sqlite3_result_double(context, -score);
}

}  // namespace

bool RegisterSearchRank(sqlite3* db) {
  fts5_api* api = Fts5ApiOf(db);
  if (!api) return false;
  return api->xCreateFunction(api, "gazette_rank", nullptr, Rank, nullptr) == SQLITE_OK;
}

}  // namespace gazette::storage::sqlite
