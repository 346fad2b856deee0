// Gazette's ranking function for its FTS5 tables: BM25 as FTS5's bm25() computes it, but with
// the number of documents holding each phrase given by the caller instead of counted.
//
// FTS5's bm25() counts the documents of every phrase of the query once per statement by
// walking the phrase's whole posting list (and, for a phrase of several words, checking the
// positions of every document holding them all): its cost grows with the size of the archive
// however few matches a query ranks. The store gives estimates from its vocabulary instead.
#pragma once

struct sqlite3;

namespace gazette::storage::sqlite {

// Registers gazette_rank(table, counts, w_1, ..., w_c) on one connection: `counts` is a text
// of space-separated integers, the number of documents holding each phrase of the MATCH
// expression (phrases numbered in the order they appear in it); w_i is the weight of column
// i. The result is FTS5's bm25() for the same weights, with IDF(j) = log((N - n_j + 0.5) /
// (n_j + 0.5)) for the table's N rows (n_j capped at N; an IDF at or below zero counts as
// 1e-6, as in FTS5); a missing weight is 1, a missing count 0. Lower is better, as with
// bm25(). One text argument keeps the statement's SQL the same for every query.
bool RegisterSearchRank(sqlite3* db);

}  // namespace gazette::storage::sqlite
