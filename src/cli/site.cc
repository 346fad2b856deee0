#include "cli/site.h"

#include <iostream>

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

model::Result<OpenedSite> OpenSite(const std::string& data_dir) {
  OpenedSite site;
  GAZETTE_ASSIGN_OR_RETURN(site.config, LoadConfig(data_dir));
  GAZETTE_ASSIGN_OR_RETURN(site.store,
                           storage::sqlite::OpenSqliteStore(site.config.DatabaseFile(),
                                                            /*create_if_missing=*/false));
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
