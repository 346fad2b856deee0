#include "storage/migrations.h"

namespace gazette::storage {

model::Status ValidateMigrations(const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const Migration& m = migrations[i];
    if (m.version != static_cast<int>(i) + 1) {
      return model::Internal("migration " + std::to_string(i + 1) + " has version " +
                             std::to_string(m.version));
    }
    if (m.name.empty() || m.sql.empty()) {
      return model::Internal("migration " + std::to_string(m.version) + " lacks a name or SQL");
    }
  }
  return model::Ok();
}

model::Result<std::vector<const Migration*>> PendingMigrations(
    const std::vector<Migration>& migrations, int current_version) {
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current_version > latest) {
    return model::Unavailable("database schema version " + std::to_string(current_version) +
                              " is newer than this program supports (" + std::to_string(latest) +
                              ")");
  }
  std::vector<const Migration*> pending;
  for (const Migration& m : migrations) {
    if (m.version > current_version) pending.push_back(&m);
  }
  return pending;
}

}  // namespace gazette::storage
