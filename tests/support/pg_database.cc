#include "pg_database.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "storage/postgres/postgres_store.h"

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

}  // namespace gazette::testing
