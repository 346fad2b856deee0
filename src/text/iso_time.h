// ISO 8601 / RFC 3339 timestamps, independent of the locale and the process time zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/content.h"

namespace gazette::text {

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" ('T' may also be 't' or a space,
// the offset may be written +HHMM). Fractions are truncated. Returns nullopt for invalid
// dates or times (2024-02-30, 25:00), a missing offset, or trailing garbage.
std::optional<model::UnixSeconds> ParseIso8601(std::string_view text);

// "2024-07-11T01:32:00Z".
std::string FormatIso8601Utc(model::UnixSeconds seconds);

}  // namespace gazette::text
