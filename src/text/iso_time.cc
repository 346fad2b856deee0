#include "text/iso_time.h"

#include <chrono>
#include <cstdio>

namespace gazette::text {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool Digits(int count, int& value) {
    if (pos_ + count > s_.size()) return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
      char c = s_[pos_ + i];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += count;
    value = v;
    return true;
  }
  bool Char(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void Skip() { ++pos_; }
  bool AtEnd() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<model::UnixSeconds> ParseIso8601(std::string_view text) {
  using namespace std::chrono;
  Cursor c(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!c.Digits(4, y) || !c.Char('-') || !c.Digits(2, mo) || !c.Char('-') || !c.Digits(2, d)) {
    return std::nullopt;
  }
  char sep = c.Peek();
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  c.Skip();
  if (!c.Digits(2, h) || !c.Char(':') || !c.Digits(2, mi)) return std::nullopt;
  // Seconds are optional ("2024-07-11T08:32+07:00"), as in the interchange format.
  if (c.Char(':') && !c.Digits(2, s)) return std::nullopt;
  if (c.Char('.') || c.Char(',')) {
    int digit = 0;
    if (!c.Digits(1, digit)) return std::nullopt;
    while (c.Digits(1, digit)) {
    }
  }
  int offset_seconds = 0;
  if (c.Char('Z') || c.Char('z')) {
  } else if (c.Peek() == '+' || c.Peek() == '-') {
    int sign = c.Peek() == '-' ? -1 : 1;
    c.Skip();
    int oh = 0, om = 0;
    if (!c.Digits(2, oh)) return std::nullopt;
    c.Char(':');
    if (!c.Digits(2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (!c.AtEnd()) return std::nullopt;

  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  auto since_epoch = sys_days(date).time_since_epoch();
  return duration_cast<seconds>(since_epoch).count() + h * 3600 + mi * 60 + s - offset_seconds;
}

std::string FormatIso8601Utc(model::UnixSeconds seconds_since_epoch) {
  using namespace std::chrono;
  sys_seconds t{seconds{seconds_since_epoch}};
  sys_days day_point = floor<days>(t);
  year_month_day date{day_point};
  hh_mm_ss<seconds> time{t - day_point};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buf;
}

}  // namespace gazette::text
