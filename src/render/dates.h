// Dates as readers and machines see them. Localized forms use ICU with the edition's
// locale and IANA time zone; an unknown or empty zone means UTC. Thread-safe: ICU
// formatters are cached per thread, keyed by (locale, zone, style).
#pragma once

#include <string>

#include "model/content.h"

namespace gazette::render {

enum class DateStyle {
  kLong,    // fr_FR "11 juillet 2024", vi_VN "11 tháng 7, 2024"
  kMedium,  // fr_FR "11 juil. 2024", en_US "Jul 11, 2024" (lists)
  kTime,    // fr_FR "08:32"
};

std::string FormatLocalized(model::UnixSeconds t, const std::string& locale,
                            const std::string& time_zone, DateStyle style);

// UTC offset of `time_zone` at `t`, in seconds (0 for unknown zones).
int ZoneOffsetSeconds(const std::string& time_zone, model::UnixSeconds t);

// "2024-07-11T08:32:00+07:00" in `time_zone`; "...Z" when the offset is zero.
std::string FormatIso8601InZone(model::UnixSeconds t, const std::string& time_zone);
// "2024-07-11T01:32:00Z" (also the W3C datetime of sitemaps and Atom's date construct).
std::string FormatIso8601Z(model::UnixSeconds t);
// RFC 822 date of RSS 2.0, in GMT with English names: "Thu, 11 Jul 2024 01:32:00 +0000".
std::string FormatRfc822(model::UnixSeconds t);

}  // namespace gazette::render
