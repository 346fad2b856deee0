// Opening a site folder: configuration plus the storage backend it names. The only place,
// with serve.cc, that knows which backend exists.
#pragma once

#include <memory>
#include <string>

#include "cli/config.h"
#include "model/pages.h"
#include "model/result.h"
#include "storage/search.h"
#include "storage/store.h"
#include "translate/provider.h"

namespace gazette::cli {

struct OpenedSite {
  SiteConfig config;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<storage::Store> read_store;  // the read replica, when configured

  // Where public pages are read from: the replica if any, else the main store.
  storage::Store& PageStore() const { return read_store ? *read_store : *store; }

  model::SiteInfo Info() const;
};

// Opens DIR's configuration and database (which must exist) and syncs the configured
// editions into the database. `database` (from --database) overrides [site] database: a
// SQLite file path or a postgresql:// URL. Errors say what is wrong and how to fix it; an
// unreachable PostgreSQL server is kUnavailable.
model::Result<OpenedSite> OpenSite(const std::string& data_dir, const std::string& database = {});

// Opens a store by its description: a postgresql:// URL or a SQLite file (`create` allowed).
model::Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& database, bool create);

// The search index of a store opened by OpenStore, whichever the backend (SQLite's FTS5
// index, PostgreSQL's full-text search); nullptr for a store without one.
storage::SearchIndex* SearchIndexOf(storage::Store& store);

// Creates the first administrator of a new site; returns the password (generated when
// `password` is empty).
model::Result<std::string> CreateFirstAdministrator(storage::Store& store,
                                                    const std::string& username,
                                                    const std::string& password);

// Prints "gazette: <message>" on stderr and returns the exit code for the error's kind.
int Fail(const model::Error& error);

// The machine translation provider named `chosen`, or the site's [translation] provider
// when `chosen` is empty: "apertium", "apy" or "libretranslate" (kInvalidInput otherwise, or
// when an HTTP provider has no url).
model::Result<std::unique_ptr<translate::Provider>> MakeTranslationProvider(
    const SiteConfig& config, const std::string& chosen);

}  // namespace gazette::cli
