#include "pg_database.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace gazette::testing {

std::string TestPgServerUrl() {
  const char* url = std::getenv("GAZETTE_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

std::string PgDatabaseName(const std::string& key) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  static const char* kHex = "0123456789abcdef";
  std::string name = "gazette_t_";
  for (int shift = 60; shift >= 0; shift -= 4) name += kHex[(h >> shift) & 0xF];
  return name;
}

PgDatabase::PgDatabase(const std::string& key) : server_(TestPgServerUrl()) {
  if (server_.empty()) {
    error_ = "GAZETTE_TEST_PG_URL is not set (scripts/run-tests.sh starts a server)";
    return;
  }
  name_ = PgDatabaseName(key);
  auto created = storage::postgres::CreateDatabase(server_, name_);
  if (!created.ok()) {
    error_ = created.error().ToString();
    return;
  }
  url_ = storage::postgres::WithDatabase(server_, name_);
}

PgDatabase::~PgDatabase() {
  if (!url_.empty()) (void)storage::postgres::DropDatabase(server_, name_);
}

namespace {

}  // namespace

bool PostgresRun() {
  const char* backend = std::getenv("GAZETTE_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgres";
}

storage::SearchIndex* TestSearchIndex(storage::Store& store) {
  if (storage::SearchIndex* index = storage::sqlite::SearchIndexOf(store)) return index;
  return storage::postgres::SearchIndexOf(store);
}

bool PostgresRunWithoutServer() { return PostgresRun() && TestPgServerUrl().empty(); }

model::Result<std::unique_ptr<storage::Store>> OpenTestStore(const std::string& sqlite_file) {
  if (!PostgresRun()) return storage::sqlite::OpenSqliteStore(sqlite_file, true);
  // Kept until the program exits, then dropped (closing any connection left open). They are
  // dropped by an exit handler registered after the first database was made, so that it runs
  // before libpqxx's own statics (made by then) are destroyed; a plain static vector would
  // be destroyed after them and drop its databases through freed memory.
  static std::mutex mutex;
  static auto* databases = new std::vector<std::unique_ptr<PgDatabase>>();
  std::lock_guard lock(mutex);
  databases->push_back(std::make_unique<PgDatabase>(sqlite_file));
  static const bool registered = [] { return std::atexit([] { databases->clear(); }) == 0; }();
  (void)registered;
  if (databases->back()->url().empty()) return model::Unavailable(databases->back()->error());
  return storage::postgres::OpenPostgresStore(databases->back()->url());
}

}  // namespace gazette::testing
