// The SQLite schema, as an ordered list of migrations.
#pragma once

#include <vector>

#include "storage/migrations.h"

namespace gazette::storage::sqlite {

const std::vector<Migration>& SqliteMigrations();

}  // namespace gazette::storage::sqlite
