// What starts when Gazette serves a site, in order: configuration and database, theme,
// page reader, HTTP handlers and routes, the server, then the background loop that
// follows content changes (page-cache eviction) and publishes scheduled articles.
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/site.h"
#include "http/admin.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/site.h"
#include "render/admin_theme.h"
#include "render/theme.h"
#include "services/accounts.h"
#include "services/catalog.h"
#include "services/changes.h"
#include "services/editorial.h"
#include "services/media_library.h"
#include "services/search.h"
#include "services/site_reader.h"

#ifndef GAZETTE_THEME_DIR
#define GAZETTE_THEME_DIR "themes/default"
#endif
#ifndef GAZETTE_ADMIN_THEME_DIR
#define GAZETTE_ADMIN_THEME_DIR "themes/admin"
#endif

namespace gazette::cli {

namespace {

// How often a serving process looks for changes made by others (imports, other nodes).
constexpr auto kChangePollInterval = std::chrono::milliseconds(250);
constexpr auto kSchedulerPeriod = std::chrono::seconds(5);  // publish due articles

}  // namespace

int RunServe(const ServeOptions& options) {
  // Signals are taken by sigwait below: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto site = OpenSite(options.data_dir, options.database);
  if (!site.ok()) return Fail(site.error());
  SiteConfig& config = site->config;
  if (!options.listen.empty()) config.listen = options.listen;
  if (options.threads > 0) config.threads = options.threads;
  if (options.quiet) config.access_log = false;
  if (!options.theme_dir.empty()) config.theme_dir = options.theme_dir;
  if (config.theme_dir.empty()) config.theme_dir = GAZETTE_THEME_DIR;

  auto listen = ParseListen(config.listen);
  if (!listen.ok()) return Fail(listen.error());
  auto theme = render::Theme::Load(config.theme_dir);
  if (!theme.ok()) return Fail(theme.error());

  // Missed schedules (the server was down) go live before the first request.
  if (auto published = services::PublishDueArticles(*site->store, services::SystemNow());
      !published.ok()) {
    return Fail(published.error());
  }

  services::SiteReader reader(site->PageStore(), site->Info());
  // Search comes from the backend (SQLite's FTS5 index, PostgreSQL's full-text search), on
  // the main database so that a published article is found at once.
  services::SiteSearch search(reader, *site->store, SearchIndexOf(*site->store));
  http::SiteOptions site_options;
  site_options.search = &search;
  site_options.media_dir = config.MediaDir();
  site_options.page_cache = !options.no_cache && config.page_cache_mb > 0;
  site_options.page_cache_bytes = config.page_cache_mb << 20;
  http::SiteHandlers handlers(reader, **theme, site_options);
  // The feed is read where pages are read: with a replica, a page is evicted once the replica
  // has the change, not before.
  services::ChangeWatcher watcher(site->PageStore());

  http::ServerOptions server_options;
  server_options.address = listen->first;
  server_options.port = listen->second;
  server_options.threads = config.threads;
  server_options.access_log = config.access_log;
  // The newsroom admin under /admin.
  auto admin_theme = render::AdminTheme::Load(GAZETTE_ADMIN_THEME_DIR);
  if (!admin_theme.ok()) return Fail(admin_theme.error());
  services::Accounts accounts(*site->store, services::AccountsOptions{}, services::SystemNow);
  services::Editorial editorial(*site->store, services::SystemNow);
  // "Translate to…" uses the provider of the site's [translation] config, as `gazette
  // translate` does; a misconfiguration shows when someone translates, not at start-up.
  services::TranslationSetup translation;
  translation.provider = [&config] { return MakeTranslationProvider(config, ""); };
  for (const auto& [edition, entries] : config.glossaries) {
    for (const auto& e : entries)
      translation.glossaries[edition].push_back({e.term, e.translation});
  }
  editorial.EnableTranslation(std::move(translation));
  http::AdminOptions admin_options;
  admin_options.secure_cookie = config.base_url.rfind("https://", 0) == 0;
  http::AdminHandlers admin(accounts, editorial, reader, **theme, **admin_theme, admin_options);
  services::Catalog catalog(*site->store, accounts, services::SystemNow);
  admin.EnableCatalog(catalog);
  // The media library; its upload is the one request allowed a body as large as an image.
  services::MediaLibraryOptions media_options;
  media_options.media_dir = config.MediaDir();
  media_options.upload.limits.max_file_bytes = config.media_max_upload_mb << 20;
  media_options.upload.limits.max_pixels = config.media_max_megapixels * 1'000'000;
  services::MediaLibrary media_library(*site->store, media_options, services::SystemNow);
  admin.EnableMedia(media_library);
  server_options.upload_path = "/admin/media/upload";
  server_options.max_upload_bytes = media_options.upload.limits.max_file_bytes + (1 << 20);

  http::Server server(server_options, http::MakeRoutes(handlers, &admin));
  if (auto started = server.Start(); !started.ok()) return Fail(started.error());
  spdlog::info("serving {} on http://{}:{}/ ({} cache)", config.data_dir, listen->first,
               server.port(), site_options.page_cache ? "page" : "no");

  std::mutex mutex;
  bool stopping = false;
  std::thread background([&] {
    auto next_scheduler_run = std::chrono::steady_clock::now() + kSchedulerPeriod;
    std::unique_lock lock(mutex);
    while (!stopping) {
      lock.unlock();
      // Returns early on a PostgreSQL notice from any node; otherwise this is the poll period.
      site->store->WaitForChange(static_cast<int>(kChangePollInterval.count()));
      if (next_scheduler_run <= std::chrono::steady_clock::now()) {
        next_scheduler_run = std::chrono::steady_clock::now() + kSchedulerPeriod;
        auto published = services::PublishDueArticles(*site->store, services::SystemNow());
        if (!published.ok())
          spdlog::warn("scheduler: {}", published.error().ToString());
        else if (*published > 0)
          spdlog::info("scheduler: published {} article(s)", *published);
      }
      auto changes = watcher.Poll();
      if (changes.ok()) {
        handlers.OnChanges(*changes);
      } else {
        spdlog::warn("change feed: {}", changes.error().ToString());
      }
      lock.lock();
    }
  });

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("stopping ({})", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  {
    std::lock_guard lock(mutex);
    stopping = true;
  }
  background.join();
  return 0;
}

}  // namespace gazette::cli
