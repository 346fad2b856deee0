#include "cli/site.h"

#include <iostream>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace gazette::cli {

model::SiteInfo OpenedSite::Info() const {
  model::SiteInfo info;
  info.name = config.site_name;
  info.base_url = config.base_url;
  info.default_edition = config.default_edition;
  info.editions = config.editions;
  return info;
}

model::Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& database, bool create) {
  if (storage::postgres::IsPostgresUrl(database)) {
    auto store = storage::postgres::OpenPostgresStore(database);
    if (!store.ok() && store.error().kind == model::ErrorKind::kUnavailable) {
      return model::Unavailable("cannot use the PostgreSQL database: " + store.error().message);
    }
    return store;
  }
  return storage::sqlite::OpenSqliteStore(database, create);
}

storage::SearchIndex* SearchIndexOf(storage::Store& store) {
  if (storage::SearchIndex* index = storage::sqlite::SearchIndexOf(store)) return index;
  return storage::postgres::SearchIndexOf(store);
}

model::Result<OpenedSite> OpenSite(const std::string& data_dir, const std::string& database) {
  OpenedSite site;
  GAZETTE_ASSIGN_OR_RETURN(site.config, LoadConfig(data_dir));
  if (!database.empty()) site.config.database = database;
  const std::string& main =
      site.config.database.empty() ? site.config.DatabaseFile() : site.config.database;
  GAZETTE_ASSIGN_OR_RETURN(site.store, OpenStore(main, /*create=*/false));
  if (!site.config.read_database.empty()) {
    if (!storage::postgres::IsPostgresUrl(site.config.read_database)) {
      return model::InvalidInput("must be a postgresql:// URL", "site.read_database");
    }
    storage::postgres::PostgresOptions replica;
    replica.migrate = false;
    auto read = storage::postgres::OpenPostgresStore(site.config.read_database, replica);
    if (!read.ok()) {
      return model::Unavailable("cannot use the read replica: " + read.error().message);
    }
    site.read_store = std::move(*read);
  }
  GAZETTE_ASSIGN_OR_RETURN(auto stored, site.store->ListEditions());
  for (const auto& edition : site.config.editions) {
    bool same = false;
    for (const auto& s : stored) {
      same = same || (s.code == edition.code && s.name == edition.name &&
                      s.locale == edition.locale && s.language == edition.language &&
                      s.time_zone == edition.time_zone && s.position == edition.position);
    }
    if (!same) GAZETTE_RETURN_IF_ERROR(site.store->UpsertEdition(edition));
  }
  return site;
}

int Fail(const model::Error& error) {
  std::cerr << "gazette: " << (error.field.empty() ? "" : error.field + ": ") << error.message
            << "\n";
  switch (error.kind) {
    case model::ErrorKind::kInvalidInput:
    case model::ErrorKind::kNotFound:
    case model::ErrorKind::kConflict:
    case model::ErrorKind::kIntegrity:
      return 2;  // the user can fix the input
    case model::ErrorKind::kForbidden:
      return 3;
    case model::ErrorKind::kUnavailable:
      return 4;  // the environment: files, database, network
    case model::ErrorKind::kInternal:
      return 1;
  }
  return 1;
}

}  // namespace gazette::cli
