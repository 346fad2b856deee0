#include "text/zoned_time.h"

#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

namespace gazette::text {

namespace {

std::unique_ptr<icu::TimeZone> Zone(const std::string& name) {
  std::unique_ptr<icu::TimeZone> zone;
  if (!name.empty()) {
    zone.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
    if (zone && *zone == icu::TimeZone::getUnknown()) zone.reset();
  }
  if (!zone) zone.reset(icu::TimeZone::createTimeZone("UTC"));
  return zone;
}

std::unique_ptr<icu::GregorianCalendar> Calendar(const std::string& time_zone) {
  UErrorCode status = U_ZERO_ERROR;
  auto calendar = std::make_unique<icu::GregorianCalendar>(Zone(time_zone).release(), status);
  if (U_FAILURE(status)) return nullptr;
  return calendar;
}

// The digits at [pos, pos + n) as a number, or -1.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<model::UnixSeconds> ParseLocalDateTime(std::string_view value,
                                                     const std::string& time_zone) {
  if (value.size() != 16 && value.size() != 19) return std::nullopt;
  if (value[4] != '-' || value[7] != '-' || (value[10] != 'T' && value[10] != ' ') ||
      value[13] != ':' || (value.size() == 19 && value[16] != ':')) {
    return std::nullopt;
  }
  const int year = Digits(value, 0, 4), month = Digits(value, 5, 2), day = Digits(value, 8, 2);
  const int hour = Digits(value, 11, 2), minute = Digits(value, 14, 2);
  const int second = value.size() == 19 ? Digits(value, 17, 2) : 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  if (day > DaysInMonth(year, month)) return std::nullopt;
  auto calendar = Calendar(time_zone);
  if (!calendar) return std::nullopt;
  calendar->clear();
  calendar->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  calendar->set(year, month - 1, day, hour, minute, second);
  UErrorCode status = U_ZERO_ERROR;
  const UDate ms = calendar->getTime(status);
  if (U_FAILURE(status)) return std::nullopt;
  return static_cast<model::UnixSeconds>(ms / 1000.0);
}

std::string FormatLocalDateTime(model::UnixSeconds t, const std::string& time_zone) {
  auto calendar = Calendar(time_zone);
  if (!calendar) return {};
  UErrorCode status = U_ZERO_ERROR;
  calendar->setTime(static_cast<UDate>(t) * 1000.0, status);
  const int fields[] = {calendar->get(UCAL_YEAR, status), calendar->get(UCAL_MONTH, status) + 1,
                        calendar->get(UCAL_DATE, status), calendar->get(UCAL_HOUR_OF_DAY, status),
                        calendar->get(UCAL_MINUTE, status)};
  if (U_FAILURE(status)) return {};
  // Built by hand: GCC 12 at -O3 warns about snprintf into small buffers.
  auto two = [](int v) {
    return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
  };
  std::string year = std::to_string(fields[0]);
  while (year.size() < 4) year.insert(year.begin(), '0');
  return year + "-" + two(fields[1]) + "-" + two(fields[2]) + "T" + two(fields[3]) + ":" +
         two(fields[4]);
}

}  // namespace gazette::text
