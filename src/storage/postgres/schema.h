// The PostgreSQL schema, as versioned migrations (see storage/migrations.h).
#pragma once

#include <vector>

#include "storage/migrations.h"

namespace gazette::storage::postgres {

const std::vector<Migration>& PostgresMigrations();

}  // namespace gazette::storage::postgres
