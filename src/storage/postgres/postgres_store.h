// The PostgreSQL implementation of storage::Store, for several Gazette processes sharing one
// database (cluster mode). Same contract and semantics as the SQLite backend.
#pragma once

#include <memory>
#include <string>

#include "model/result.h"
#include "storage/search.h"
#include "storage/store.h"
#include "storage/table_copy.h"

namespace gazette::storage::postgres {

struct PostgresOptions {
  int pool_size = 16;             // idle connections kept open; more are opened on demand
  int connect_timeout_s = 5;      // per connection attempt
  int max_transaction_tries = 4;  // serialization failures and deadlocks are retried
  bool migrate = true;            // false: a read-only connection (a replica); no migrations
};

// Connects to `url` (postgresql://user@host:port/database) and brings the schema up to date
// (the migrations run under an advisory lock, so nodes starting together apply them once).
// Writers are serialized by a transaction-scoped advisory lock, like SQLite's write lock, so
// the change feed's sequence numbers become visible in order. A connection that breaks is
// dropped and a new one opened on the next call: while the server is away calls return
// kUnavailable, and they work again when it is back.
// Errors: kInvalidInput for a malformed URL; kUnavailable when the server cannot be reached;
// kUnavailable when the schema is newer than this program.
model::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                        const PostgresOptions& options = {});

// The search index of a store opened by OpenPostgresStore (PostgreSQL full-text search over
// terms computed by text::Analyzer, kept up to date in the same transaction as each article
// save), or nullptr for any other store. It lives as long as the store. Searching a read
// replica works too; its results follow the replica's lag.
SearchIndex* SearchIndexOf(Store& store);

// True for URLs this backend takes (postgresql:// or postgres://).
bool IsPostgresUrl(const std::string& url);

// `server_url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& server_url, const std::string& database);

// Creates database `name` on the server of `server_url` unless it exists; drops it (closing
// its connections). For tests and for `gazette migrate-db`. Names: [a-z0-9_] only.
model::Status CreateDatabase(const std::string& server_url, const std::string& name);
model::Status DropDatabase(const std::string& server_url, const std::string& name);

// Rows in and out of the database's tables (whose schema OpenPostgresStore created): the
// destination side of `gazette migrate-db`. Writes replace rows with the same key.
model::Result<std::unique_ptr<TableIo>> OpenPostgresTableIo(const std::string& url);

}  // namespace gazette::storage::postgres
