#include "cli/config.h"

#include <toml++/toml.h>

#include <filesystem>

namespace gazette::cli {

namespace fs = std::filesystem;

std::string SiteConfig::DatabaseFile() const {
  return (fs::path(data_dir) / "gazette.db").string();
}
std::string SiteConfig::MediaDir() const { return (fs::path(data_dir) / "media").string(); }
std::string SiteConfig::ConfigFile() const {
  return (fs::path(data_dir) / "gazette.toml").string();
}

std::string DefaultConfigToml() {
  return R"(# Gazette site configuration. Flags of `gazette serve` override [server].

[site]
name = "Gazette"
# Absolute address readers use: canonical links, feeds and sitemaps are built from it.
base_url = "http://127.0.0.1:8080"
default_edition = "fr"
# theme = "/path/to/theme"   # default: the built-in theme
# Cluster mode: PostgreSQL instead of DIR/gazette.db, and optionally a read replica for pages.
# database = "postgresql://gazette@db.example/gazette"
# read_database = "postgresql://gazette@replica.example/gazette"

[server]
listen = "127.0.0.1:8080"
threads = 0          # 0: one per core
access_log = true

[cache]
page_cache_mb = 128  # rendered pages kept in memory; 0 disables the cache

[media]
max_upload_mb = 20   # largest image file the newsroom may upload
max_megapixels = 40  # largest image, in millions of pixels (width × height)

[[editions]]
code = "fr"
name = "Gazette — édition française"
language = "fr"
locale = "fr_FR"
time_zone = "Asia/Ho_Chi_Minh"

[[editions]]
code = "en"
name = "Gazette — English edition"
language = "en"
locale = "en_GB"
time_zone = "Europe/London"

[[editions]]
code = "es"
name = "Gazette — edición en español"
language = "es"
locale = "es_ES"
time_zone = "Europe/Madrid"

# Terms the machine translation into this edition never translates, and forced translations.
[editions.glossary]
keep = ["RIA Novosti", "Gazette"]
[editions.glossary.translate]
"Biélorussie" = "Bielorrusia"

# Machine translation (gazette translate): apertium (local), apy or libretranslate (HTTP).
[translation]
provider = "apertium"
# url = "http://127.0.0.1:2737"   # apy, libretranslate
# api_key = ""                    # libretranslate
)";
}

model::Result<SiteConfig> LoadConfig(const std::string& data_dir) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    return model::InvalidInput("data folder '" + data_dir +
                               "' does not exist (create a site with: gazette init --data " +
                               data_dir + ")");
  }
  SiteConfig config;
  config.data_dir = data_dir;
  if (!fs::is_regular_file(config.ConfigFile(), ec)) {
    return model::InvalidInput("'" + data_dir + "' is not a Gazette site: " + config.ConfigFile() +
                               " is missing (create one with: gazette init --data " + data_dir +
                               ")");
  }
  toml::table table;
  try {
    table = toml::parse_file(config.ConfigFile());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return model::InvalidInput(config.ConfigFile() + ":" + std::to_string(where.line) + ":" +
                               std::to_string(where.column) + ": " + std::string(e.description()));
  }
  config.site_name = table["site"]["name"].value_or(config.site_name);
  config.base_url = table["site"]["base_url"].value_or(config.base_url);
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
  config.default_edition = table["site"]["default_edition"].value_or(config.default_edition);
  config.theme_dir = table["site"]["theme"].value_or(config.theme_dir);
  config.database = table["site"]["database"].value_or(std::string());
  config.read_database = table["site"]["read_database"].value_or(std::string());
  config.listen = table["server"]["listen"].value_or(config.listen);
  config.threads = static_cast<int>(table["server"]["threads"].value_or(std::int64_t{0}));
  config.access_log = table["server"]["access_log"].value_or(true);
  const auto cache_mb = table["cache"]["page_cache_mb"].value_or(std::int64_t{128});
  if (cache_mb < 0) return model::InvalidInput("must be 0 or more", "cache.page_cache_mb");
  config.page_cache_mb = static_cast<std::size_t>(cache_mb);
  if (config.threads < 0) return model::InvalidInput("must be 0 or more", "server.threads");
  const auto upload_mb = table["media"]["max_upload_mb"].value_or(std::int64_t{20});
  if (upload_mb < 1 || upload_mb > 1024) {
    return model::InvalidInput("must be between 1 and 1024", "media.max_upload_mb");
  }
  config.media_max_upload_mb = static_cast<std::size_t>(upload_mb);
  config.media_max_megapixels = table["media"]["max_megapixels"].value_or(std::int64_t{40});
  if (config.media_max_megapixels < 1 || config.media_max_megapixels > 1000) {
    return model::InvalidInput("must be between 1 and 1000", "media.max_megapixels");
  }

  if (auto* editions = table["editions"].as_array()) {
    int position = 0;
    for (auto& node : *editions) {
      auto* t = node.as_table();
      if (!t) return model::InvalidInput("each [[editions]] entry must be a table", "editions");
      model::Edition e;
      e.code = (*t)["code"].value_or(std::string());
      e.name = (*t)["name"].value_or(e.code);
      e.language = (*t)["language"].value_or(e.code);
      e.locale = (*t)["locale"].value_or(e.language);
      e.time_zone = (*t)["time_zone"].value_or(std::string("UTC"));
      e.position = position++;
      if (e.code.empty() ||
          e.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
        return model::InvalidInput("edition code '" + e.code + "' must be a lowercase language tag",
                                   "editions.code");
      }
      if (auto* glossary = (*t)["glossary"].as_table()) {
        auto& entries = config.glossaries[e.code];
        if (auto* keep = (*glossary)["keep"].as_array()) {
          for (auto& term : *keep) {
            auto value = term.value<std::string>();
            if (!value || value->empty()) {
              return model::InvalidInput("glossary terms must be non-empty strings",
                                         "editions.glossary.keep");
            }
            entries.push_back({*value, ""});
          }
        }
        if (auto* forced = (*glossary)["translate"].as_table()) {
          for (auto& [term, translation] : *forced) {
            auto value = translation.value<std::string>();
            if (!value || value->empty()) {
              return model::InvalidInput(
                  "the translation of '" + std::string(term.str()) + "' must be a non-empty string",
                  "editions.glossary.translate");
            }
            entries.push_back({std::string(term.str()), *value});
          }
        }
      }
      config.editions.push_back(std::move(e));
    }
  }
  if (config.editions.empty())
    return model::InvalidInput("at least one edition is needed", "editions");
  config.translation.provider = table["translation"]["provider"].value_or(std::string("apertium"));
  config.translation.url = table["translation"]["url"].value_or(std::string());
  config.translation.api_key = table["translation"]["api_key"].value_or(std::string());
  bool default_found = false;
  for (const auto& e : config.editions)
    default_found = default_found || e.code == config.default_edition;
  if (!default_found) {
    return model::InvalidInput("default edition '" + config.default_edition + "' is not configured",
                               "site.default_edition");
  }
  return config;
}

model::Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return model::InvalidInput("'" + listen + "' is not host:port", "listen");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos) {
    return model::InvalidInput("'" + listen + "' has no valid port", "listen");
  }
  const int port = std::stoi(port_text);
  if (port > 65535) return model::InvalidInput("port " + port_text + " is out of range", "listen");
  return std::make_pair(host, static_cast<unsigned short>(port));
}

}  // namespace gazette::cli
