// A fresh PostgreSQL database for one test, on the throwaway server scripts/run-tests.sh
// starts (its URL in GAZETTE_TEST_PG_URL). Dropped when the object goes away.
#pragma once

#include <memory>
#include <string>

#include "model/result.h"
#include "storage/search.h"
#include "storage/store.h"

namespace gazette::testing {

// The server URL from GAZETTE_TEST_PG_URL, or "" when no test server runs.
std::string TestPgServerUrl();

class PgDatabase {
 public:
  // Creates a database named after `key` (any text: a folder path, a test name); empty url()
  // when there is no test server or creation failed (error() says why).
  explicit PgDatabase(const std::string& key);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  const std::string& error() const { return error_; }

 private:
  std::string server_;
  std::string name_;
  std::string url_;
  std::string error_;
};

// The database name PgDatabase uses for `key`.
std::string PgDatabaseName(const std::string& key);

// Suites registered twice by gazette_test(... BOTH_BACKENDS) run once on SQLite and once with
// GAZETTE_TEST_BACKEND=postgres. OpenTestStore gives the store of the current run: the
// SQLite file `sqlite_file`, or a fresh PostgreSQL database named after that path (dropped
// when the test program exits).
model::Result<std::unique_ptr<storage::Store>> OpenTestStore(const std::string& sqlite_file);
// The search index of a store from OpenTestStore (either backend).
storage::SearchIndex* TestSearchIndex(storage::Store& store);
// True in the PostgreSQL run of a BOTH_BACKENDS suite.
bool PostgresRun();
// True in the PostgreSQL run when no test server is available: the suite should skip.
bool PostgresRunWithoutServer();

}  // namespace gazette::testing
