// The site's configuration: DIR/gazette.toml, parsed into typed options. Flags override it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "model/content.h"
#include "model/result.h"

namespace gazette::cli {

// [translation]: the machine translation provider (see README "Machine translation").
struct TranslationConfig {
  std::string provider = "apertium";  // apertium | apy | libretranslate
  std::string url;                    // apy, libretranslate: base URL
  std::string api_key;                // libretranslate
};

// An edition's glossary entry ([editions.glossary]): `translation` empty = never translated.
struct GlossaryEntry {
  std::string term;
  std::string translation;
};

struct SiteConfig {
  std::string data_dir;
  std::string site_name = "Gazette";
  std::string base_url = "http://127.0.0.1:8080";
  std::string default_edition = "fr";
  std::string theme_dir;  // empty: the default theme
  std::string listen = "127.0.0.1:8080";
  int threads = 0;  // 0: one per core
  bool access_log = true;
  std::size_t page_cache_mb = 128;  // 0 disables the page cache
  // [media]: what an image upload in the newsroom may be.
  std::size_t media_max_upload_mb = 20;
  std::int64_t media_max_megapixels = 40;
  std::vector<model::Edition> editions;
  TranslationConfig translation;
  std::map<std::string, std::vector<GlossaryEntry>> glossaries;  // by edition code
  // [site] database: empty for DIR/gazette.db (SQLite), or a postgresql:// URL (cluster mode).
  std::string database;
  // [site] read_database: optional postgresql:// URL of a read replica for public page reads.
  std::string read_database;

  std::string DatabaseFile() const;  // DIR/gazette.db
  std::string MediaDir() const;      // DIR/media
  std::string ConfigFile() const;    // DIR/gazette.toml
};

// The configuration written by `gazette init`: French, English and Spanish editions.
std::string DefaultConfigToml();
// Reads DIR/gazette.toml; a missing folder or file, or invalid TOML, is a clear error.
model::Result<SiteConfig> LoadConfig(const std::string& data_dir);
// Splits "host:port"; kInvalidInput on anything else.
model::Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen);

}  // namespace gazette::cli
