// gazette migrate-db: moves a single-node site (SQLite) onto PostgreSQL for cluster mode.
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/site.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/table_copy.h"

namespace gazette::cli {

int RunMigrateDb(const MigrateDbOptions& options) {
  auto config = LoadConfig(options.data_dir);
  if (!config.ok()) return Fail(config.error());
  if (storage::postgres::IsPostgresUrl(config->database)) {
    return Fail(model::InvalidInput("this site already uses PostgreSQL ([site] database in " +
                                    config->ConfigFile() + ")"));
  }
  if (!storage::postgres::IsPostgresUrl(options.to)) {
    return Fail(model::InvalidInput("--to must be a postgresql:// URL", "to"));
  }
  const std::string source = config->database.empty() ? config->DatabaseFile() : config->database;
  // Both schemas up to date before rows move: the source's pending migrations, the
  // destination's tables.
  {
    auto sqlite = storage::sqlite::OpenSqliteStore(source, /*create_if_missing=*/false);
    if (!sqlite.ok()) return Fail(sqlite.error());
    auto postgres = OpenStore(options.to, /*create=*/false);
    if (!postgres.ok()) return Fail(postgres.error());
  }
  auto from = storage::sqlite::OpenSqliteTableReader(source);
  if (!from.ok()) return Fail(from.error());
  auto to = storage::postgres::OpenPostgresTableIo(options.to);
  if (!to.ok()) return Fail(to.error());

  const bool show_progress = !options.quiet && isatty(STDERR_FILENO);
  auto progress = [&](const std::string& table, std::int64_t rows) {
    if (show_progress)
      std::cerr << "\rcopying " << table << ": " << rows << " rows   " << std::flush;
  };
  auto reports = storage::CopyTables(**from, **to, progress);
  if (show_progress) std::cerr << "\n";
  if (!reports.ok()) return Fail(reports.error());
  std::int64_t total = 0;
  for (const auto& r : *reports) {
    std::cout << r.table << ": " << r.destination_rows << " rows, checksum "
              << (r.Matches() ? "verified" : "DIFFERS") << "\n";
    total += r.destination_rows;
  }
  // Rows were copied as they are; PostgreSQL's search index is built from them.
  {
    auto postgres = OpenStore(options.to, /*create=*/false);
    if (!postgres.ok()) return Fail(postgres.error());
    storage::SearchIndex* index = SearchIndexOf(**postgres);
    if (!index) return Fail(model::Internal("the PostgreSQL store has no search index"));
    auto reindex_progress = [&](std::int64_t done, std::int64_t all) {
      if (show_progress)
        std::cerr << "\rindexing for search: " << done << "/" << all << "   " << std::flush;
    };
    model::Status indexed = index->Reindex(reindex_progress);
    if (show_progress) std::cerr << "\n";
    if (!indexed.ok()) return Fail(indexed.error());
  }
  std::cout << "copied " << total << " rows; counts and checksums match; search index built\n"
            << "to serve from PostgreSQL, set in " << config->ConfigFile() << " under [site]:\n"
            << "database = \"" << options.to << "\"\n";
  return 0;
}

int RunBackup(const BackupOptions& options) {
  auto config = LoadConfig(options.data_dir);
  if (!config.ok()) return Fail(config.error());
  if (storage::postgres::IsPostgresUrl(config->database)) {
    return Fail(model::InvalidInput(
        "this site uses PostgreSQL: back it up with pg_dump (see docs/deployment.md)"));
  }
  const std::string source = config->database.empty() ? config->DatabaseFile() : config->database;
  if (auto st = storage::sqlite::BackupSqlite(source, options.out); !st.ok()) {
    return Fail(st.error());
  }
  std::cout << "backed up " << source << " to " << options.out << " (integrity checked)\n";
  return 0;
}

}  // namespace gazette::cli
