#include "render/dates.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <unordered_map>

namespace gazette::render {
namespace {

// ICU formatters are not safe for concurrent format calls, so each thread keeps its own.
// The key space is small (editions x styles), so the caches stay small.
const icu::TimeZone& Zone(const std::string& name) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::TimeZone>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  std::unique_ptr<icu::TimeZone> zone;
  if (!name.empty()) {
    zone.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
    if (zone && *zone == icu::TimeZone::getUnknown()) zone.reset();
  }
  if (!zone) zone.reset(icu::TimeZone::createTimeZone("UTC"));
  return *cache.emplace(name, std::move(zone)).first->second;
}

icu::DateFormat* Formatter(const std::string& locale, const std::string& zone, DateStyle style) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::DateFormat>> cache;
  std::string key = locale;
  key += '\x1f';
  key += zone;
  key += '\x1f';
  key += static_cast<char>('0' + static_cast<int>(style));
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  const icu::Locale icu_locale(locale.empty() ? "en_US" : locale.c_str());
  std::unique_ptr<icu::DateFormat> format;
  switch (style) {
    case DateStyle::kLong:
      format.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, icu_locale));
      break;
    case DateStyle::kMedium:
      format.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kMedium, icu_locale));
      break;
    case DateStyle::kTime:
      format.reset(icu::DateFormat::createTimeInstance(icu::DateFormat::kShort, icu_locale));
      break;
  }
  if (format) format->setTimeZone(Zone(zone));
  return cache.emplace(std::move(key), std::move(format)).first->second.get();
}

std::tm BrokenDownUtc(model::UnixSeconds t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string FormatIso8601InZoneUncached(model::UnixSeconds t, const std::string& time_zone);

}  // namespace

std::string FormatLocalized(model::UnixSeconds t, const std::string& locale,
                            const std::string& time_zone, DateStyle style) {
  icu::DateFormat* format = Formatter(locale, time_zone, style);
  if (format == nullptr) return FormatIso8601InZone(t, time_zone);
  // Pages show the same few dates again and again (the latest articles' cards), and an ICU
  // format costs far more than a lookup. Bounded: cleared when full.
  struct Key {
    const icu::DateFormat* format;
    model::UnixSeconds t;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.format) ^ (std::hash<model::UnixSeconds>()(k.t) * 31);
    }
  };
  constexpr std::size_t kMaxRemembered = 4096;
  thread_local std::unordered_map<Key, std::string, KeyHash> formatted;
  const Key key{format, t};
  if (auto it = formatted.find(key); it != formatted.end()) return it->second;
  icu::UnicodeString text;
  format->format(static_cast<UDate>(t) * 1000.0, text);
  std::string out;
  text.toUTF8String(out);
  if (formatted.size() >= kMaxRemembered) formatted.clear();
  formatted.emplace(key, out);
  return out;
}

int ZoneOffsetSeconds(const std::string& time_zone, model::UnixSeconds t) {
  if (time_zone.empty()) return 0;
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  Zone(time_zone).getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) return 0;
  return (raw + dst) / 1000;
}

std::string FormatIso8601InZone(model::UnixSeconds t, const std::string& time_zone) {
  // Remembered as FormatLocalized's results are (a zone offset asks ICU).
  struct Key {
    const icu::TimeZone* zone;
    model::UnixSeconds t;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.zone) ^ (std::hash<model::UnixSeconds>()(k.t) * 31);
    }
  };
  constexpr std::size_t kMaxRemembered = 4096;
  thread_local std::unordered_map<Key, std::string, KeyHash> formatted;
  const Key key{time_zone.empty() ? nullptr : &Zone(time_zone), t};
  if (auto it = formatted.find(key); it != formatted.end()) return it->second;
  std::string out = FormatIso8601InZoneUncached(t, time_zone);
  if (formatted.size() >= kMaxRemembered) formatted.clear();
  formatted.emplace(key, out);
  return out;
}

namespace {

std::string FormatIso8601InZoneUncached(model::UnixSeconds t, const std::string& time_zone) {
  const int offset = ZoneOffsetSeconds(time_zone, t);
  if (offset == 0) return FormatIso8601Z(t);
  const std::tm tm = BrokenDownUtc(t + offset);
  const int minutes = (offset < 0 ? -offset : offset) / 60;
  char buf[96];  // room for any int the compiler imagines
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+',
                minutes / 60, minutes % 60);
  return buf;
}

}  // namespace

std::string FormatIso8601Z(model::UnixSeconds t) {
  const std::tm tm = BrokenDownUtc(t);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string FormatRfc822(model::UnixSeconds t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm tm = BrokenDownUtc(t);
  char buf[96];  // room for any int the compiler imagines
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace gazette::render
