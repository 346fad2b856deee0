// Wall-clock times of a time zone, as a person types and reads them in a form
// ("2026-12-01T09:00" in Asia/Ho_Chi_Minh), converted with ICU's time-zone rules. An empty or
// unknown zone means UTC, as in render/dates.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/content.h"

namespace gazette::text {

// "YYYY-MM-DDTHH:MM", "YYYY-MM-DD HH:MM" or either with ":SS", read as a wall-clock time
// in `time_zone`; nullopt when malformed or out of range (month 13, 31 April, 24:00). A
// time skipped by a daylight-saving change counts as the first valid time after it.
std::optional<model::UnixSeconds> ParseLocalDateTime(std::string_view value,
                                                     const std::string& time_zone);

// `t` as "YYYY-MM-DDTHH:MM" on the wall clock of `time_zone` (a datetime-local value).
std::string FormatLocalDateTime(model::UnixSeconds t, const std::string& time_zone);

}  // namespace gazette::text
