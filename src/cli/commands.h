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
};
int RunServe(const ServeOptions& options);

struct ImportOptions {
  std::string data_dir;
  std::string file;
  bool quiet = false;
};
int RunImport(const ImportOptions& options);

struct ExportOptions {
  std::string data_dir;
  std::string out;  // empty: standard output
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
