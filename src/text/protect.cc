#include "text/protect.h"

#include <unicode/datefmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/dtptngen.h>
#include <unicode/gregocal.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <optional>

#include "text/placeholder_lint.h"

namespace gazette::text {
namespace {

constexpr std::string_view kPlaceholderOpen = "<gz-p n=\"";
constexpr std::string_view kPlaceholderClose = "\"/>";
constexpr std::string_view kPlaceholderMark = "gz-p";

struct CodePoint {
  UChar32 c = -1;
  std::size_t size = 0;
};

CodePoint At(std::string_view s, std::size_t i) {
  if (i >= s.size()) return {};
  std::int32_t next = static_cast<std::int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(s.data(), next, static_cast<std::int32_t>(s.size()), c);
  return {c, static_cast<std::size_t>(next) - i};
}

CodePoint Before(std::string_view s, std::size_t i) {
  if (i == 0) return {};
  std::int32_t prev = static_cast<std::int32_t>(i);
  UChar32 c = 0;
  U8_PREV(s.data(), 0, prev, c);
  return {c, i - static_cast<std::size_t>(prev)};
}

bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }
bool IsLetter(UChar32 c) { return c >= 0 && u_isalpha(c); }
bool IsAlnum(UChar32 c) { return IsDigit(c) || IsLetter(c); }
bool IsUpper(UChar32 c) { return c >= 0 && (u_isupper(c) || u_istitle(c)); }
// Spaces that may separate a number from its unit or thousands: space, NBSP, NNBSP.
bool IsNumberSpace(UChar32 c) { return c == ' ' || c == 0xA0 || c == 0x202F; }

std::string ToLower(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

std::size_t DigitsAt(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && IsDigit(static_cast<unsigned char>(s[j]))) ++j;
  return j - i;
}

// Length of the letter run (with inner hyphens) starting at i.
std::size_t WordAt(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size()) {
    CodePoint cp = At(s, j);
    if (IsLetter(cp.c)) {
      j += cp.size;
    } else if (cp.c == '-' && j > i && IsLetter(At(s, j + 1).c)) {
      j += 1;
    } else {
      break;
    }
  }
  return j - i;
}

const char* const kCurrencySymbols[] = {"€", "$", "£", "¥", "₫", "₽", "₹", "US$"};
const char* const kCurrencyCodes[] = {"EUR", "USD", "GBP", "JPY", "CNY", "VND", "RUB", "CHF"};

// Capitalized words that start sentences rather than names.
const char* const kNameStopWords[] = {
    "Le",    "La",    "Les", "L",     "Un",    "Une",   "Des",   "Du",        "De",     "Dans",
    "Pour",  "Par",   "Sur", "Selon", "Mais",  "Et",    "Ou",    "Donc",      "Car",    "Ce",
    "Cette", "Ces",   "Cet", "Il",    "Elle",  "Ils",   "Elles", "On",        "Nous",   "Vous",
    "Je",    "En",    "Au",  "Aux",   "Avec",  "Sans",  "Après", "Avant",     "Depuis", "Lors",
    "Alors", "Quand", "Si",  "Comme", "Outre", "Entre", "Chez",  "Vers",      "The",    "A",
    "An",    "In",    "At",  "For",   "By",    "With",  "From",  "According", "But",    "And",
    "Of",    "El",    "Los", "Las",   "Según", "Con",   "Para",  "Pero",      "Y",      "Por",
    "This",  "That",  "It",  "He",    "She",   "They",  "We",    "Monsieur",  "Madame", "M"};
// Lowercase words inside names ("Jean de la Tour", "Ludwig van Beethoven"). "du" and "des"
// are left out: in news text they join places ("Corée du Nord") far more often than names.
const char* const kNameParticles[] = {"de", "van", "von",   "der", "den", "da",
                                      "di", "del", "della", "bin", "ben"};

template <typename List>
bool Contains(const List& list, std::string_view word) {
  return std::any_of(std::begin(list), std::end(list), [word](const char* w) { return word == w; });
}

enum class DateParts { kDayMonthYear, kMonthYear, kDayMonth };

class Protector {
 public:
  Protector(std::string_view in, const ProtectOptions& options) : in_(in), options_(options) {
    for (const auto& term : options.glossary) {
      if (!term.term.empty()) {
        terms_.push_back({term.term, term.translation.empty() ? term.term : term.translation,
                          ProtectedKind::kTerm});
      }
    }
    for (const auto& name : options.names) {
      if (!name.empty()) terms_.push_back({name, name, ProtectedKind::kName});
    }
    std::stable_sort(terms_.begin(), terms_.end(),
                     [](const Term& a, const Term& b) { return a.text.size() > b.text.size(); });
    LoadMonths();
  }

  ProtectedText Run() {
    std::size_t i = 0;
    while (i < in_.size()) {
      const char c = in_[i];
      if (c == '<') {
        i = TakeTag(i);
        continue;
      }
      if (c == '&') {  // a character reference stays as it is
        std::size_t end = in_.find(';', i);
        if (end != std::string_view::npos && end - i <= 10) {
          out_.text.append(in_.substr(i, end + 1 - i));
          i = end + 1;
          continue;
        }
      }
      if (std::size_t n = Match(i)) {
        i += n;
        continue;
      }
      // Copy one code point, or a whole word so that matches start at word boundaries only.
      CodePoint cp = At(in_, i);
      std::size_t n = cp.size == 0 ? 1 : cp.size;
      if (IsAlnum(cp.c)) {
        std::size_t j = i;
        while (j < in_.size()) {
          CodePoint w = At(in_, j);
          if (!IsAlnum(w.c) && w.c != '-' && w.c != '_') break;
          j += w.size;
        }
        n = j - i;
      }
      out_.text.append(in_.substr(i, n));
      i += n;
    }
    return std::move(out_);
  }

 private:
  struct Term {
    std::string text;
    std::string replacement;
    ProtectedKind kind;
  };

  void Add(ProtectedKind kind, std::string_view original, std::string replacement) {
    out_.text += PlaceholderFor(out_.items.size());
    out_.items.push_back({kind, std::string(original), std::move(replacement)});
  }
  void Add(ProtectedKind kind, std::string_view original) {
    Add(kind, original, std::string(original));
  }

  std::size_t TakeTag(std::size_t i) {
    char quote = 0;
    std::size_t j = i + 1;
    for (; j < in_.size(); ++j) {
      if (quote != 0) {
        if (in_[j] == quote) quote = 0;
      } else if (in_[j] == '"' || in_[j] == '\'') {
        quote = in_[j];
      } else if (in_[j] == '>') {
        break;
      }
    }
    if (j >= in_.size()) {  // not a tag: a stray '<' is text
      out_.text += '<';
      return i + 1;
    }
    Add(ProtectedKind::kMarkup, in_.substr(i, j + 1 - i));
    return j + 1;
  }

  bool WordStart(std::size_t i) const {
    CodePoint prev = Before(in_, i);
    if (IsAlnum(prev.c) || prev.c == '_') return false;
    if (prev.c == '-' && IsAlnum(Before(in_, i - 1).c)) return false;
    return true;
  }
  bool WordEnd(std::size_t j) const { return !IsAlnum(At(in_, j).c); }

  std::size_t Match(std::size_t i) {
    if (!WordStart(i)) return 0;
    if (std::size_t n = MatchUrl(i)) return n;
    if (std::size_t n = MatchEmail(i)) return n;
    if (std::size_t n = MatchTerm(i)) return n;
    if (std::size_t n = MatchDate(i)) return n;
    if (std::size_t n = MatchNumeric(i)) return n;
    if (std::size_t n = MatchCurrencyFirst(i)) return n;
    if (options_.detect_names) {
      if (std::size_t n = MatchName(i)) return n;
    }
    return 0;
  }

  std::size_t MatchUrl(std::size_t i) {
    std::string_view rest = in_.substr(i);
    if (rest.substr(0, 7) != "http://" && rest.substr(0, 8) != "https://" &&
        rest.substr(0, 4) != "www.") {
      return 0;
    }
    std::size_t j = i;
    while (j < in_.size()) {
      CodePoint cp = At(in_, j);
      if (cp.c <= ' ' || cp.c == '<' || cp.c == '"' || cp.c == 0xA0 || cp.c == 0xBB ||
          cp.c == 0xAB) {
        break;
      }
      j += cp.size;
    }
    while (j > i && std::string_view(".,;:!?)'").find(in_[j - 1]) != std::string_view::npos) --j;
    if (j - i < 5) return 0;
    Add(ProtectedKind::kUrl, in_.substr(i, j - i));
    return j - i;
  }

  std::size_t MatchEmail(std::size_t i) {
    auto local = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
             c == '+' || c == '-';
    };
    std::size_t j = i;
    while (j < in_.size() && local(in_[j])) ++j;
    if (j == i || j >= in_.size() || in_[j] != '@') return 0;
    std::size_t k = j + 1;
    std::size_t last_dot = 0;
    while (k < in_.size() &&
           (std::isalnum(static_cast<unsigned char>(in_[k])) || in_[k] == '-' || in_[k] == '.')) {
      if (in_[k] == '.') last_dot = k;
      ++k;
    }
    while (k > j + 1 && in_[k - 1] == '.') --k;
    if (last_dot <= j + 1 || last_dot + 2 >= k + 1 || k - last_dot < 3) return 0;
    Add(ProtectedKind::kEmail, in_.substr(i, k - i));
    return k - i;
  }

  std::size_t MatchTerm(std::size_t i) {
    for (const auto& term : terms_) {
      if (in_.substr(i, term.text.size()) == term.text && WordEnd(i + term.text.size())) {
        Add(term.kind, term.text, term.replacement);
        return term.text.size();
      }
    }
    return 0;
  }

  // --- dates with month names, re-rendered in the target locale
  void LoadMonths() {
    UErrorCode status = U_ZERO_ERROR;
    icu::DateFormatSymbols symbols(icu::Locale(options_.source_locale.c_str()), status);
    if (U_FAILURE(status)) return;
    for (auto context : {icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE}) {
      for (auto width : {icu::DateFormatSymbols::WIDE, icu::DateFormatSymbols::ABBREVIATED}) {
        std::int32_t count = 0;
        const icu::UnicodeString* months = symbols.getMonths(count, context, width);
        for (std::int32_t m = 0; m < count && m < 12; ++m) {
          std::string name;
          months[m].toUTF8String(name);
          name = ToLower(name);
          // Abbreviations only when they are words ("juil." is not matched, "mai" is).
          if (name.empty() || name.back() == '.') continue;
          months_.emplace(name, m + 1);
        }
      }
    }
  }

  std::optional<int> MonthAt(std::size_t i, std::size_t& len) const {
    len = WordAt(in_, i);
    if (len == 0) return std::nullopt;
    auto it = months_.find(ToLower(in_.substr(i, len)));
    if (it == months_.end()) return std::nullopt;
    return it->second;
  }

  // Skips one number space, or " de " (Spanish "11 de julio de 2024").
  std::size_t Gap(std::size_t j) const {
    CodePoint cp = At(in_, j);
    if (!IsNumberSpace(cp.c)) return 0;
    std::size_t k = j + cp.size;
    if (in_.substr(k, 3) == "de " && options_.source_locale.rfind("es", 0) == 0) k += 3;
    return k - j;
  }

  std::size_t MatchDate(std::size_t i) {
    std::size_t j = i;
    int day = 0;
    int year = 0;
    std::size_t len = 0;
    bool comma = false;  // "July 11," consumed a comma that belongs to the year
    std::optional<int> month;
    if (std::size_t d = DigitsAt(in_, i); d >= 1 && d <= 2) {
      day = std::stoi(std::string(in_.substr(i, d)));
      j = i + d;
      if (in_.substr(j, 2) == "er") j += 2;  // "1er juillet"
      std::size_t g = Gap(j);
      if (g == 0 || day < 1 || day > 31) return 0;
      j += g;
      month = MonthAt(j, len);
      if (!month) return 0;
      j += len;
    } else {
      month = MonthAt(i, len);
      if (!month) return 0;
      j = i + len;
      // "July 11, 2024"
      std::size_t g = Gap(j);
      if (std::size_t d = g ? DigitsAt(in_, j + g) : 0; d >= 1 && d <= 2 && WordEnd(j + g + d)) {
        day = std::stoi(std::string(in_.substr(j + g, d)));
        if (day < 1 || day > 31) return 0;
        j += g + d;
        if (in_.substr(j, 1) == ",") {
          ++j;
          comma = true;
        }
      }
    }
    if (std::size_t g = Gap(j); g != 0 && DigitsAt(in_, j + g) == 4 && WordEnd(j + g + 4)) {
      year = std::stoi(std::string(in_.substr(j + g, 4)));
      j += g + 4;
    } else if (comma) {
      --j;  // no year after "July 11,": the comma belongs to the sentence
    }
    if (!WordEnd(j)) return 0;
    if (day == 0 && year == 0) return 0;  // a bare month name is a word ("mars", "mai")
    DateParts parts = day == 0    ? DateParts::kMonthYear
                      : year == 0 ? DateParts::kDayMonth
                                  : DateParts::kDayMonthYear;
    std::string rendered = RenderDate(year == 0 ? 2000 : year, *month, day == 0 ? 1 : day, parts);
    std::string_view original = in_.substr(i, j - i);
    Add(ProtectedKind::kDate, original, rendered.empty() ? std::string(original) : rendered);
    return j - i;
  }

  std::string RenderDate(int year, int month, int day, DateParts parts) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale(options_.target_locale.c_str());
    std::unique_ptr<icu::DateTimePatternGenerator> generator(
        icu::DateTimePatternGenerator::createInstance(locale, status));
    if (U_FAILURE(status)) return {};
    const char* skeleton = parts == DateParts::kDayMonthYear ? "yMMMMd"
                           : parts == DateParts::kMonthYear  ? "yMMMM"
                                                             : "MMMMd";
    icu::UnicodeString pattern = generator->getBestPattern(skeleton, status);
    icu::SimpleDateFormat format(pattern, locale, status);
    if (U_FAILURE(status)) return {};
    auto* calendar = new icu::GregorianCalendar(icu::TimeZone::getGMT()->clone(), locale, status);
    calendar->clear();
    calendar->set(year, month - 1, day, 12, 0, 0);
    format.adoptCalendar(calendar);
    UDate when = calendar->getTime(status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString formatted;
    format.format(when, formatted);
    std::string out;
    formatted.toUTF8String(out);
    return out;
  }

  // --- numeric dates, times, numbers, percentages, amounts
  std::size_t MatchNumeric(std::size_t i) {
    const std::size_t d1 = DigitsAt(in_, i);
    if (d1 == 0) return 0;
    // 11/07/2024, 11.07.2024, 2024-07-11
    if (d1 <= 2 && (in_.substr(i + d1, 1) == "/" || in_.substr(i + d1, 1) == ".")) {
      const char sep = in_[i + d1];
      std::size_t d2 = DigitsAt(in_, i + d1 + 1);
      std::size_t k = i + d1 + 1 + d2;
      if (d2 >= 1 && d2 <= 2 && k < in_.size() && in_[k] == sep) {
        std::size_t d3 = DigitsAt(in_, k + 1);
        if ((d3 == 2 || d3 == 4) && WordEnd(k + 1 + d3) &&
            in_.substr(k + 1 + d3, 1) != std::string_view(&sep, 1)) {
          Add(ProtectedKind::kDate, in_.substr(i, k + 1 + d3 - i));
          return k + 1 + d3 - i;
        }
      }
    }
    if (d1 == 4 && in_.substr(i + 4, 1) == "-" && DigitsAt(in_, i + 5) == 2 &&
        in_.substr(i + 7, 1) == "-" && DigitsAt(in_, i + 8) == 2 && WordEnd(i + 10)) {
      Add(ProtectedKind::kDate, in_.substr(i, 10));
      return 10;
    }
    // 08:32, 08:32:05, 8h30
    if (d1 <= 2 && (in_.substr(i + d1, 1) == ":" || in_.substr(i + d1, 1) == "h") &&
        DigitsAt(in_, i + d1 + 1) == 2) {
      std::size_t j = i + d1 + 3;
      if (in_[i + d1] == ':' && in_.substr(j, 1) == ":" && DigitsAt(in_, j + 1) == 2) j += 3;
      if (WordEnd(j)) {
        Add(ProtectedKind::kTime, in_.substr(i, j - i));
        return j - i;
      }
    }
    std::size_t j = i + d1;
    // Thousands: "1 500", "1 500 000" (space, NBSP or NNBSP), "1.500", "1,500".
    while (true) {
      CodePoint sep = At(in_, j);
      if (!IsNumberSpace(sep.c) && sep.c != '.' && sep.c != ',') break;
      std::size_t k = j + sep.size;
      if (DigitsAt(in_, k) != 3 || IsDigit(At(in_, k + 3).c)) break;
      j = k + 3;
    }
    // Decimals: "12,5", "3.25".
    if ((in_.substr(j, 1) == "," || in_.substr(j, 1) == ".") && DigitsAt(in_, j + 1) > 0) {
      j += 1 + DigitsAt(in_, j + 1);
    }
    if (IsLetter(At(in_, j).c)) {
      // A number inside a word ("1er", "3D", "10km"): left alone, but an amount in a currency
      // code ("1 500 USD" is handled below; "500USD" is rare) stays a word.
      return 0;
    }
    // Percent and currency after the number, with an optional (no-break) space.
    std::size_t k = j;
    if (CodePoint sp = At(in_, k); IsNumberSpace(sp.c)) k += sp.size;
    if (in_.substr(k, 1) == "%") {
      Add(ProtectedKind::kPercent, in_.substr(i, k + 1 - i));
      return k + 1 - i;
    }
    for (const char* symbol : kCurrencySymbols) {
      std::string_view s(symbol);
      if (in_.substr(k, s.size()) == s) {
        Add(ProtectedKind::kAmount, in_.substr(i, k + s.size() - i));
        return k + s.size() - i;
      }
    }
    for (const char* code : kCurrencyCodes) {
      std::string_view s(code);
      if (k > j && in_.substr(k, s.size()) == s && WordEnd(k + s.size())) {
        Add(ProtectedKind::kAmount, in_.substr(i, k + s.size() - i));
        return k + s.size() - i;
      }
    }
    Add(ProtectedKind::kNumber, in_.substr(i, j - i));
    return j - i;
  }

  // "$5", "€12", "US$ 3"
  std::size_t MatchCurrencyFirst(std::size_t i) {
    for (const char* symbol : kCurrencySymbols) {
      std::string_view s(symbol);
      if (in_.substr(i, s.size()) != s) continue;
      std::size_t k = i + s.size();
      if (CodePoint sp = At(in_, k); IsNumberSpace(sp.c)) k += sp.size;
      std::size_t d = DigitsAt(in_, k);
      if (d == 0) return 0;
      std::size_t j = k + d;
      while ((in_.substr(j, 1) == "." || in_.substr(j, 1) == ",") && DigitsAt(in_, j + 1) > 0) {
        j += 1 + DigitsAt(in_, j + 1);
      }
      if (!WordEnd(j)) return 0;
      Add(ProtectedKind::kAmount, in_.substr(i, j - i));
      return j - i;
    }
    return 0;
  }

  // --- capitalized multi-word names, with particles: "Jens Stoltenberg", "Jean de la Tour"
  bool IsCapitalizedWord(std::size_t i, std::size_t len) const {
    if (len < 2 || !IsUpper(At(in_, i).c)) return false;
    // Acronyms ("OTAN", "UE") are not parts of names.
    bool has_lower = false;
    for (std::size_t j = i; j < i + len;) {
      CodePoint cp = At(in_, j);
      if (IsLetter(cp.c) && !IsUpper(cp.c)) has_lower = true;
      j += cp.size;
    }
    return has_lower;
  }

  std::size_t MatchName(std::size_t i) {
    std::size_t len = WordAt(in_, i);
    if (!IsCapitalizedWord(i, len) || Contains(kNameStopWords, in_.substr(i, len))) return 0;
    std::size_t end = i + len;
    int capitalized = 1;
    std::size_t j = end;
    while (true) {
      // One space, then particles and a capitalized word.
      if (in_.substr(j, 1) != " ") break;
      std::size_t k = j + 1;
      while (true) {
        std::size_t w = WordAt(in_, k);
        const bool after_de = k >= 3 && in_.substr(k - 3, 3) == "de ";
        if (w > 0 && in_.substr(k + w, 1) == " " &&
            (Contains(kNameParticles, in_.substr(k, w)) ||
             (after_de && (in_.substr(k, w) == "la" || in_.substr(k, w) == "los")))) {
          k += w + 1;
          continue;
        }
        if (in_.substr(k, 2) == "d'") {
          k += 2;
        } else if (in_.substr(k, 4) == "d\u2019") {
          k += 4;
        }
        break;
      }
      std::size_t w = WordAt(in_, k);
      if (!IsCapitalizedWord(k, w) || Contains(kNameStopWords, in_.substr(k, w))) break;
      end = k + w;
      j = end;
      ++capitalized;
    }
    if (capitalized < 2 || !WordEnd(end)) return 0;
    Add(ProtectedKind::kName, in_.substr(i, end - i));
    return end - i;
  }

  std::string_view in_;
  const ProtectOptions& options_;
  std::vector<Term> terms_;
  std::map<std::string, int> months_;
  ProtectedText out_;
};

// Digit runs of `text` outside our placeholders, in order.
std::vector<std::string> DigitRuns(std::string_view text) {
  std::vector<std::string> runs;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, kPlaceholderOpen.size()) == kPlaceholderOpen) {
      std::size_t end = text.find(kPlaceholderClose, i);
      if (end != std::string_view::npos) {
        i = end + kPlaceholderClose.size();
        continue;
      }
    }
    if (std::size_t d = DigitsAt(text, i)) {
      runs.emplace_back(text.substr(i, d));
      i += d;
      continue;
    }
    ++i;
  }
  return runs;
}

bool IsNumberKind(ProtectedKind kind) {
  return kind == ProtectedKind::kNumber || kind == ProtectedKind::kAmount ||
         kind == ProtectedKind::kPercent;
}
bool IsDateKind(ProtectedKind kind) {
  return kind == ProtectedKind::kDate || kind == ProtectedKind::kTime;
}

// ASCII only, whatever the locale: every text this searches for is ASCII.
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t FindCaseInsensitive(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    bool same = true;
    for (std::size_t k = 0; k < needle.size() && same; ++k) {
      same = AsciiLower(text[i + k]) == AsciiLower(needle[k]);
    }
    if (same) return i;
  }
  return std::string_view::npos;
}

}  // namespace

const char* ProtectedKindName(ProtectedKind kind) {
  switch (kind) {
    case ProtectedKind::kMarkup:
      return "markup";
    case ProtectedKind::kUrl:
      return "URL";
    case ProtectedKind::kEmail:
      return "e-mail";
    case ProtectedKind::kDate:
      return "date";
    case ProtectedKind::kTime:
      return "time";
    case ProtectedKind::kAmount:
      return "amount";
    case ProtectedKind::kPercent:
      return "percentage";
    case ProtectedKind::kNumber:
      return "number";
    case ProtectedKind::kTerm:
      return "glossary term";
    case ProtectedKind::kName:
      return "name";
  }
  return "item";
}

std::string PlaceholderFor(std::size_t index) {
  return std::string(kPlaceholderOpen) + std::to_string(index) + std::string(kPlaceholderClose);
}

ProtectedText Protect(std::string_view html, const ProtectOptions& options) {
  return Protector(html, options).Run();
}

RestoredText Restore(std::string_view translated, const ProtectedText& source,
                     std::string_view field) {
  RestoredText out;
  auto& report = out.report;
  const std::string field_name(field);
  auto issue = [&](std::string kind, std::string detail) {
    report.issues.push_back({field_name, std::move(kind), std::move(detail)});
  };
  std::vector<int> seen(source.items.size(), 0);
  std::size_t i = 0;
  while (i < translated.size()) {
    std::size_t at = translated.find(kPlaceholderOpen, i);
    if (at == std::string_view::npos) {
      out.text.append(translated.substr(i));
      break;
    }
    out.text.append(translated.substr(i, at - i));
    std::size_t digits = DigitsAt(translated, at + kPlaceholderOpen.size());
    std::size_t close = at + kPlaceholderOpen.size() + digits;
    if (digits > 0 && digits < 7 &&
        translated.substr(close, kPlaceholderClose.size()) == kPlaceholderClose) {
      std::size_t index =
          std::stoul(std::string(translated.substr(at + kPlaceholderOpen.size(), digits)));
      if (index < source.items.size()) {
        ++seen[index];
        out.text += source.items[index].replacement;
      } else {
        ++report.altered;
        issue("altered",
              "unknown placeholder '" +
                  std::string(translated.substr(at, close + kPlaceholderClose.size() - at)) + "'");
      }
      i = close + kPlaceholderClose.size();
    } else {
      // A broken placeholder: dropped from the text, reported.
      std::size_t end = translated.find('>', at);
      end = end == std::string_view::npos ? translated.size() : end + 1;
      ++report.altered;
      issue("altered", "broken placeholder '" + std::string(translated.substr(at, end - at)) + "'");
      i = end;
    }
  }
  // Our mark in any other shape ("<gz-p n=3>", "&lt;gz-p") means a changed placeholder. Tags
  // are removed so that readers never see them; anything else stays and blocks publishing.
  for (std::size_t at = FindCaseInsensitive(out.text, kPlaceholderMark, 0); at != std::string::npos;
       at = FindCaseInsensitive(out.text, kPlaceholderMark, at)) {
    ++report.altered;
    std::size_t from = at >= 12 ? at - 12 : 0;
    issue("altered", "mangled placeholder near '" + out.text.substr(from, 40) + "'");
    std::size_t start = at;
    if (at >= 1 && out.text[at - 1] == '<') start = at - 1;
    if (at >= 2 && out.text.compare(at - 2, 2, "</") == 0) start = at - 2;
    std::size_t end = out.text.find('>', at);
    if (out.text[start] == '<' && end != std::string::npos) {
      out.text.erase(start, end + 1 - start);
      at = start;
    } else {
      at += kPlaceholderMark.size();
    }
  }

  report.protected_items = static_cast<int>(source.items.size());
  for (std::size_t k = 0; k < source.items.size(); ++k) {
    const auto& item = source.items[k];
    const std::string what = std::string(ProtectedKindName(item.kind)) + " '" + item.original + "'";
    if (IsNumberKind(item.kind)) ++report.numbers_source;
    if (IsDateKind(item.kind)) ++report.dates_source;
    if (seen[k] == 0) {
      ++report.missing;
      issue(IsNumberKind(item.kind) ? "number"
            : IsDateKind(item.kind) ? "date"
                                    : "missing",
            what + " is missing");
      continue;
    }
    if (seen[k] > 1) {
      ++report.duplicated;
      issue("duplicated", what + " appears " + std::to_string(seen[k]) + " times");
    } else {
      ++report.kept;
    }
    if (IsNumberKind(item.kind)) ++report.numbers_translation;
    if (IsDateKind(item.kind)) ++report.dates_translation;
  }

  // Numbers the protection left in words ("COVID-19", "1er") must come back unchanged too.
  std::vector<std::string> before = DigitRuns(source.text);
  std::vector<std::string> after = DigitRuns(translated);
  report.numbers_source += static_cast<int>(before.size());
  report.numbers_translation += static_cast<int>(after.size());
  std::vector<std::string> sorted_before = before;
  std::vector<std::string> sorted_after = after;
  std::sort(sorted_before.begin(), sorted_before.end());
  std::sort(sorted_after.begin(), sorted_after.end());
  std::vector<std::string> lost;
  std::vector<std::string> added;
  std::set_difference(sorted_before.begin(), sorted_before.end(), sorted_after.begin(),
                      sorted_after.end(), std::back_inserter(lost));
  std::set_difference(sorted_after.begin(), sorted_after.end(), sorted_before.begin(),
                      sorted_before.end(), std::back_inserter(added));
  for (const auto& n : lost) issue("number", "number '" + n + "' is missing");
  for (const auto& n : added) issue("number", "number '" + n + "' was added");

  for (auto& lint : LintForReaders(out.text, field)) report.issues.push_back(std::move(lint));
  return out;
}

std::string DecodeEntitiesForTranslation(std::string_view html) {
  static const std::map<std::string, std::string, std::less<>> kNamed = {
      {"nbsp", "\u00A0"},   {"laquo", "\u00AB"},  {"raquo", "\u00BB"},  {"eacute", "\u00E9"},
      {"egrave", "\u00E8"}, {"ecirc", "\u00EA"},  {"agrave", "\u00E0"}, {"acirc", "\u00E2"},
      {"ccedil", "\u00E7"}, {"ocirc", "\u00F4"},  {"icirc", "\u00EE"},  {"ugrave", "\u00F9"},
      {"ucirc", "\u00FB"},  {"euml", "\u00EB"},   {"iuml", "\u00EF"},   {"Eacute", "\u00C9"},
      {"Agrave", "\u00C0"}, {"Ccedil", "\u00C7"}, {"rsquo", "\u2019"},  {"lsquo", "\u2018"},
      {"rdquo", "\u201D"},  {"ldquo", "\u201C"},  {"hellip", "\u2026"}, {"ndash", "\u2013"},
      {"mdash", "\u2014"},  {"euro", "\u20AC"},   {"apos", "'"},        {"oelig", "\u0153"},
      {"ntilde", "\u00F1"}, {"aacute", "\u00E1"}, {"iacute", "\u00ED"}, {"oacute", "\u00F3"},
      {"uacute", "\u00FA"}, {"copy", "\u00A9"},   {"deg", "\u00B0"}};
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '&') {
      out += html[i++];
      continue;
    }
    std::size_t end = html.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out += html[i++];
      continue;
    }
    std::string_view name = html.substr(i + 1, end - i - 1);
    std::optional<UChar32> code;
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      if (!digits.empty() && digits.size() <= 6 &&
          digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") ==
              std::string::npos) {
        code = static_cast<UChar32>(std::stol(digits, nullptr, hex ? 16 : 10));
      }
    }
    std::string decoded;
    if (code) {
      if (*code == '&' || *code == '<' || *code == '>' || *code == '"' || *code <= 0 ||
          *code > 0x10FFFF || (*code >= 0xD800 && *code <= 0xDFFF)) {
        decoded.clear();
      } else {
        icu::UnicodeString(*code).toUTF8String(decoded);
      }
    } else if (auto it = kNamed.find(name); it != kNamed.end()) {
      decoded = it->second;
    }
    if (decoded.empty()) {
      out.append(html.substr(i, end + 1 - i));
    } else {
      out += decoded;
    }
    i = end + 1;
  }
  return out;
}

std::vector<model::IntegrityIssue> LintForReaders(std::string_view text, std::string_view field) {
  std::vector<model::IntegrityIssue> issues;
  const std::string field_name(field);
  for (const auto& token : FindLeakedPlaceholders(text)) {
    issues.push_back({field_name, "leaked", "leaked translation placeholder '" + token + "'"});
    // A token right before a time stands where the date was: "DNUM_BBZAHZCACE 08:32".
    for (std::size_t at = text.find(token); at != std::string_view::npos;
         at = text.find(token, at + 1)) {
      std::size_t k = at + token.size();
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      std::size_t h = DigitsAt(text, k);
      if (h >= 1 && h <= 2 && k > at + token.size() && text.substr(k + h, 1) == ":" &&
          DigitsAt(text, k + h + 1) == 2) {
        issues.push_back({field_name, "date",
                          "missing date: '" + token + "' stands where the date before " +
                              std::string(text.substr(k, h + 3)) + " should be"});
        break;
      }
    }
  }
  if (FindCaseInsensitive(text, kPlaceholderMark, 0) != std::string_view::npos) {
    issues.push_back({field_name, "leaked", "leaked translation placeholder element <gz-p>"});
  }
  return issues;
}

}  // namespace gazette::text
