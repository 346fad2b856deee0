// The subcommands. main.cc parses the command line into these options (so only main.cc
// pays for CLI11) and calls one Run function, whose return value is the exit code.
#pragma once

#include <cstdint>
#include <string>

namespace gazette::cli {

struct InitOptions {
  std::string data_dir;
  bool demo = false;
  std::string base_url;  // empty: the default
  std::string admin_user = "admin";
  std::string admin_password;  // empty: generated and printed once
};
int RunInit(const InitOptions& options);

struct ServeOptions {
  std::string data_dir;
  std::string listen;  // empty: from the configuration
  int threads = -1;    // -1: from the configuration
  bool no_cache = false;
  bool quiet = false;  // no access log
  std::string theme_dir;
  std::string database;  // empty: from the configuration
};
int RunServe(const ServeOptions& options);

struct ImportOptions {
  std::string data_dir;
  std::string file;
  bool quiet = false;
  std::string database;  // empty: from the configuration
};
int RunImport(const ImportOptions& options);

struct ExportOptions {
  std::string data_dir;
  std::string out;  // empty: standard output
  std::string database;  // empty: from the configuration
};
int RunExport(const ExportOptions& options);

struct GenerateOptions {
  int count = 0;
  std::uint64_t seed = 1;
  std::string edition = "fr";
  std::string translation_of;
  std::string out;
};
int RunGenerate(const GenerateOptions& options);

struct TranslateOptions {
  std::string data_dir;
  std::string article;   // external id: one article
  std::string to;        // target edition code
  std::string provider;  // empty: [translation] provider
  std::string from;      // bulk: source edition (default: the site's default edition)
  std::string section;   // bulk: section path
  std::string since;     // bulk: ISO 8601 date or date-time, inclusive
  std::string until;     // bulk: exclusive
  bool quiet = false;
};
int RunTranslate(const TranslateOptions& options);

struct PublishOptions {
  std::string data_dir;
  std::string article;  // external id
  std::string at;       // ISO 8601; empty: keep the article's date, or now
};
int RunPublish(const PublishOptions& options);
struct MigrateDbOptions {
  std::string data_dir;
  std::string to;  // postgresql:// URL
  bool quiet = false;
};
// Copies the site's SQLite database into PostgreSQL, verifying counts and checksums.
int RunMigrateDb(const MigrateDbOptions& options);

struct BackupOptions {
  std::string data_dir;
  std::string out;
};
// Online backup of the site's SQLite database into a new file.
int RunBackup(const BackupOptions& options);

struct ReindexOptions {
  std::string data_dir;
  bool quiet = false;
};
int RunReindex(const ReindexOptions& options);

// `gazette user <action>`: add, passwd, list, disable, enable.
struct UserOptions {
  std::string action;
  std::string data_dir;
  std::string username;
  std::string role = "reporter";
  std::string display_name;
  std::string password;  // empty: typed without echo (or read from a pipe)
};
int RunUser(const UserOptions& options);

}  // namespace gazette::cli
