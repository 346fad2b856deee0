#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/site.h"
#include "services/demo.h"
#include "storage/sqlite/sqlite_store.h"

namespace gazette::cli {

namespace fs = std::filesystem;

int RunInit(const InitOptions& options) {
  const fs::path dir = options.data_dir;
  std::error_code ec;
  if (fs::exists(dir / "gazette.toml", ec) || fs::exists(dir / "gazette.db", ec)) {
    return Fail(
        model::Conflict("'" + options.data_dir + "' already holds a site; choose another folder"));
  }
  fs::create_directories(dir / "media", ec);
  if (ec)
    return Fail(model::Unavailable("cannot create '" + options.data_dir + "': " + ec.message()));

  std::string config = DefaultConfigToml();
  if (!options.base_url.empty()) {
    const std::string from = "base_url = \"http://127.0.0.1:8080\"";
    config.replace(config.find(from), from.size(), "base_url = \"" + options.base_url + "\"");
  }
  {
    std::ofstream out(dir / "gazette.toml");
    out << config;
    if (!out) return Fail(model::Unavailable("cannot write " + (dir / "gazette.toml").string()));
  }
  {
    auto created =
        storage::sqlite::OpenSqliteStore((dir / "gazette.db").string(), /*create_if_missing=*/true);
    if (!created.ok()) return Fail(created.error());
  }
  auto site = OpenSite(options.data_dir);
  if (!site.ok()) return Fail(site.error());
  auto admin_password =
      CreateFirstAdministrator(*site->store, options.admin_user, options.admin_password);
  if (!admin_password.ok()) {
    fs::remove(dir / "gazette.toml", ec);
    fs::remove(dir / "gazette.db", ec);
    return Fail(admin_password.error());
  }
  std::cout << "Created a site in " << options.data_dir << "\n";
  if (options.admin_password.empty()) {
    std::cout << "Administrator: " << options.admin_user << ", password: " << *admin_password
              << " (shown only now; change it with gazette user passwd)\n";
  } else {
    std::cout << "Administrator: " << options.admin_user << "\n";
  }

  if (options.demo) {
    services::DemoOptions demo;
    demo.media_dir = site->config.MediaDir();
    demo.work_dir = (dir / "demo-pictures").string();
    auto summary = services::CreateDemoContent(*site->store, demo);
    fs::remove_all(demo.work_dir, ec);
    if (!summary.ok()) return Fail(summary.error());
    std::cout << "Demo content: " << summary->imported << " articles in French and English\n";
  }
  std::cout << "Serve it with: gazette serve --data " << options.data_dir << "\n";
  return 0;
}

}  // namespace gazette::cli
