// Versioned schema migrations, described once per backend and applied at open. A backend keeps
// the applied versions in its own schema_version table and runs the pending ones in order,
// each in its own transaction.
#pragma once

#include <string>
#include <vector>

#include "model/result.h"

namespace gazette::storage {

struct Migration {
  int version = 0;   // 1, 2, 3, ... without gaps
  std::string name;  // short description, kept in schema_version
  std::string sql;   // one or more statements
};

// Checks that versions start at 1 and increase by one, and that names and SQL are present.
model::Status ValidateMigrations(const std::vector<Migration>& migrations);

// The migrations newer than `current_version`, in order. kUnavailable when the database is
// newer than every known migration (written by a later program version).
model::Result<std::vector<const Migration*>> PendingMigrations(
    const std::vector<Migration>& migrations, int current_version);

}  // namespace gazette::storage
