// The SQLite implementation of storage::Store for a single machine.
#pragma once

#include <memory>
#include <string>

#include "model/result.h"
#include "storage/search.h"
#include "storage/store.h"
#include "storage/table_copy.h"

namespace gazette::storage::sqlite {

// Opens (or, with `create_if_missing`, creates) the database file and brings its schema up to
// date. The database runs in WAL mode with foreign keys on; each concurrent caller gets its own
// connection from a pool, and InTransaction (BEGIN IMMEDIATE) binds one connection to the
// calling thread until it ends.
// Errors: kUnavailable when the file is missing and `create_if_missing` is false, or it cannot
// be opened; kInvalidInput when the file is not a SQLite database; kUnavailable when its schema
// is newer than this program.
model::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& db_file,
                                                      bool create_if_missing);

// The database's tables as rows (read-only), the source side of `gazette migrate-db`.
model::Result<std::unique_ptr<TableIo>> OpenSqliteTableReader(const std::string& db_file);

// Copies the database to `out_file` with SQLite's online backup (readers and writers go on
// meanwhile), checks the copy's integrity, and only then gives it its name. kInvalidInput
// when `out_file` exists; nothing is left behind on failure.
model::Status BackupSqlite(const std::string& db_file, const std::string& out_file);

// The search index of a store opened by OpenSqliteStore (FTS5, kept up to date in the same
// transaction as each article save), or nullptr for any other store. It lives as long as
// the store.
SearchIndex* SearchIndexOf(Store& store);

}  // namespace gazette::storage::sqlite
