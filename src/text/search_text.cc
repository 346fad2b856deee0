#include "text/search_text.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <climits>
#include <unordered_set>

namespace gazette::text {
namespace {

bool IsWordChar(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
  if (!error) out.append(buf, static_cast<std::size_t>(n));
}

std::int32_t Length32(std::string_view s) {
  return static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
}

// Letters that carry no combining mark to remove but that readers type without the
// diacritic: Vietnamese đ, Nordic ø, Polish ł, ligatures.
const char* SpecialFold(UChar32 c) {
  switch (c) {
    case 0x0111:
      return "d";  // đ
    case 0x00F8:
      return "o";  // ø
    case 0x0142:
      return "l";  // ł
    case 0x00E6:
      return "ae";  // æ
    case 0x0153:
      return "oe";  // œ
    case 0x0131:
      return "i";  // dotless i
    case 0x00DF:
      return "ss";  // ß (case folding already maps it, kept for safety)
    default:
      return nullptr;
  }
}

// Removes combining marks from a case-folded UTF-16 string and returns UTF-8.
std::string StripMarks(const icu::UnicodeString& folded) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status)) decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) decomposed = folded;
  std::string out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) continue;
    if (const char* special = SpecialFold(c)) {
      out += special;
      continue;
    }
    AppendUtf8(out, c);
  }
  return out;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string LanguageCode(std::string_view tag) {
  std::string code;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return "";
    code += c;
  }
  return code.size() >= 2 && code.size() <= 3 ? code : "";
}

using WordSet = std::unordered_set<std::string_view>;

const WordSet& StopWords(std::string_view language) {
  // Folded (lower case, no accents), so "à" is "a" and "été" is "ete".
  static const WordSet kFrench = {
      "a",    "au",  "aux",  "avec",  "c",     "ce",   "ces", "cet",  "cette", "d",   "dans", "de",
      "des",  "du",  "elle", "elles", "en",    "est",  "et",  "il",   "ils",   "j",   "je",   "l",
      "la",   "le",  "les",  "leur",  "leurs", "lui",  "m",   "mais", "n",     "ne",  "nous", "on",
      "ou",   "par", "pas",  "pour",  "qu",    "que",  "qui", "s",    "sa",    "se",  "ses",  "son",
      "sont", "sur", "t",    "un",    "une",   "vous", "y",   "dont", "ni",    "car", "donc"};
  static const WordSet kEnglish = {
      "a",    "an",   "and",  "are", "as",    "at",    "be",   "been",  "but",   "by",
      "for",  "from", "had",  "has", "have",  "he",    "her",  "his",   "i",     "if",
      "in",   "into", "is",   "it",  "its",   "of",    "on",   "or",    "our",   "she",
      "so",   "than", "that", "the", "their", "them",  "then", "there", "these", "they",
      "this", "to",   "was",  "we",  "were",  "which", "who",  "will",  "with",  "you"};
  static const WordSet kSpanish = {
      "a",   "al",   "como", "con", "de",   "del",  "e",    "el",  "en", "es",  "esa",
      "ese", "esta", "este", "fue", "ha",   "han",  "la",   "las", "le", "les", "lo",
      "los", "mas",  "ni",   "o",   "para", "pero", "por",  "que", "se", "sin", "son",
      "su",  "sus",  "u",    "un",  "una",  "unas", "unos", "y"};
  static const WordSet kNone;
  if (language == "fr") return kFrench;
  if (language == "en") return kEnglish;
  if (language == "es") return kSpanish;
  return kNone;
}

bool HasWordChar(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const std::int32_t n = Length32(s);
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsWordChar(c)) return true;
  }
  return false;
}

std::vector<UChar32> CodePoints(std::string_view s) {
  std::vector<UChar32> out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const std::int32_t n = Length32(s);
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string CleanUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const std::int32_t n = Length32(text);
  // Good text is copied a run at a time (per character, this was a large part of indexing).
  std::int32_t run = 0;
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out.append(text.substr(static_cast<std::size_t>(run), static_cast<std::size_t>(start - run)));
      out += ' ';
      run = i;
    }
  }
  out.append(text.substr(static_cast<std::size_t>(run), static_cast<std::size_t>(n - run)));
  return out;
}

std::string FoldText(std::string_view text) {
  std::string clean = CleanUtf8(text);
  if (IsAscii(clean)) return AsciiLower(clean);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(clean);
  u.foldCase();
  return StripMarks(u);
}

Analyzer::Analyzer(std::string_view language) : language_(LanguageCode(language)) {
  // Vietnamese has no Snowball stemmer; folding is what it needs.
  if (!language_.empty()) stemmer_ = sb_stemmer_new(language_.c_str(), "UTF_8");
}

Analyzer::~Analyzer() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

std::string Analyzer::Term(std::string_view word, bool stem) {
  if (word.empty() || word.size() > kMaxWordBytes) return "";
  const bool ascii = IsAscii(word);
  icu::UnicodeString folded;
  std::string plain;  // folded, no accents
  if (ascii) {
    plain = AsciiLower(word);
  } else {
    folded = icu::UnicodeString::fromUTF8(word);
    folded.foldCase();
    plain = StripMarks(folded);
  }
  if (plain.empty() || IsStopWord(language_, plain)) return "";
  if (!stem || !stemmer_) return plain;
  // Snowball expects lower case with its accents (French "coopération"), in NFC.
  std::string input;
  if (ascii) {
    input = plain;
  } else {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::UnicodeString composed = U_SUCCESS(status) ? nfc->normalize(folded, status) : folded;
    if (U_FAILURE(status)) composed = folded;
    composed.toUTF8String(input);
  }
  const sb_symbol* stemmed = sb_stemmer_stem(
      stemmer_, reinterpret_cast<const sb_symbol*>(input.data()), static_cast<int>(input.size()));
  if (!stemmed) return plain;
  std::string_view result(reinterpret_cast<const char*>(stemmed),
                          static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
  if (IsAscii(result)) return std::string(result);
  return StripMarks(icu::UnicodeString::fromUTF8(result));
}

const std::string& Analyzer::CachedTerm(std::string_view word, bool stem) {
  static const std::string kNoTerm;
  if (word.empty() || word.size() > kMaxWordBytes) return kNoTerm;
  TermCache& cache = cache_[stem ? 1 : 0];
  if (auto it = cache.find(word); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCachedWords) cache.clear();
  return cache.emplace(std::string(word), Term(word, stem)).first->second;
}

void Analyzer::Analyze(std::string_view text, bool stem, const Emit& emit) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const std::int32_t n = Length32(text);
  std::int32_t i = 0;
  while (i < n) {
    std::int32_t begin = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !IsWordChar(c)) continue;
    std::int32_t end = i;
    while (i < n) {
      std::int32_t next = i;
      U8_NEXT(p, next, n, c);
      if (c < 0 || !IsWordChar(c)) break;
      i = next;
      end = i;
    }
    const auto b = static_cast<std::size_t>(begin);
    const auto e = static_cast<std::size_t>(end);
    const std::string& term = CachedTerm(text.substr(b, e - b), stem);
    if (!term.empty() && !emit(term, b, e)) return;
  }
}

std::vector<std::string> Analyzer::Terms(std::string_view text, bool stem) {
  std::vector<std::string> out;
  Analyze(text, stem, [&](std::string_view term, std::size_t, std::size_t) {
    out.emplace_back(term);
    return true;
  });
  return out;
}

bool IsStopWord(std::string_view language, std::string_view folded_word) {
  return StopWords(language).count(folded_word) > 0;
}

ParsedQuery ParseQuery(std::string_view raw) {
  ParsedQuery parsed;
  std::string s = CleanUtf8(raw.substr(0, std::min(raw.size(), kMaxQueryBytes * 4)));
  if (s.size() > kMaxQueryBytes || raw.size() > kMaxQueryBytes * 4) {
    std::size_t cut = std::min(s.size(), kMaxQueryBytes);
    while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    parsed.truncated = true;
  }
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    while (i < n && is_space(s[i])) ++i;
    if (i >= n) break;
    QueryTerm term;
    if (s[i] == '-') {
      term.excluded = true;
      while (i < n && s[i] == '-') ++i;
      if (i >= n || is_space(s[i])) continue;
    }
    if (s[i] == '"') {
      std::size_t close = s.find('"', i + 1);
      if (close == std::string::npos) close = n;
      term.kind = QueryTerm::Kind::kPhrase;
      term.text = s.substr(i + 1, close - i - 1);
      i = close < n ? close + 1 : n;
    } else {
      std::size_t end = i;
      while (end < n && !is_space(s[end]) && s[end] != '"') ++end;
      std::string word = s.substr(i, end - i);
      i = end;
      if (!word.empty() && word.back() == '*') {
        while (!word.empty() && word.back() == '*') word.pop_back();
        term.kind = QueryTerm::Kind::kPrefix;
      }
      term.text = std::move(word);
    }
    if (!HasWordChar(term.text)) continue;
    if (parsed.terms.size() == kMaxQueryTerms) {
      parsed.truncated = true;
      break;
    }
    parsed.terms.push_back(std::move(term));
  }
  return parsed;
}

int EditDistance(std::string_view a, std::string_view b, int max) {
  const std::vector<UChar32> x = CodePoints(a);
  const std::vector<UChar32> y = CodePoints(b);
  const int nx = static_cast<int>(x.size());
  const int ny = static_cast<int>(y.size());
  if (std::abs(nx - ny) > max) return max + 1;
  std::vector<int> prev(static_cast<std::size_t>(ny) + 1), cur(prev.size());
  for (int j = 0; j <= ny; ++j) prev[static_cast<std::size_t>(j)] = j;
  for (int i = 1; i <= nx; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= ny; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const int cost = x[static_cast<std::size_t>(i - 1)] == y[ju - 1] ? 0 : 1;
      cur[ju] = std::min({prev[ju] + 1, cur[ju - 1] + 1, prev[ju - 1] + cost});
      row_min = std::min(row_min, cur[ju]);
    }
    if (row_min > max) return max + 1;
    std::swap(prev, cur);
  }
  const int d = prev[static_cast<std::size_t>(ny)];
  return d > max ? max + 1 : d;
}

}  // namespace gazette::text
