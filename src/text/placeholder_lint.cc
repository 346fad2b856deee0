#include "text/placeholder_lint.h"

#include <algorithm>

namespace gazette::text {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsUpper(c) || IsDigit(c); }
bool IsWordChar(char c) { return IsUpperOrDigit(c) || (c >= 'a' && c <= 'z') || c == '_'; }

bool AllUpperOrDigit(std::string_view s) { return std::all_of(s.begin(), s.end(), IsUpperOrDigit); }

// __PH12__, __NUM_3__
bool IsDunderToken(std::string_view w) {
  if (w.size() < 5 || w.substr(0, 2) != "__" || w.substr(w.size() - 2) != "__") return false;
  std::string_view inner = w.substr(2, w.size() - 4);
  if (!IsUpper(inner.front())) return false;
  return std::all_of(inner.begin(), inner.end(),
                     [](char c) { return IsUpperOrDigit(c) || c == '_'; });
}

// DNUM_BBZAHZCACE, or PREFIX[_PART...]_SUFFIX with a 6+ character capital/digit suffix: the
// generated names translation pipelines use, which real prose does not contain.
bool IsGeneratedName(std::string_view w) {
  if (w.size() > 5 && w.substr(0, 5) == "DNUM_" && AllUpperOrDigit(w.substr(5)) &&
      w.size() - 5 >= 4) {
    return true;
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t us = w.find('_', start);
    parts.push_back(w.substr(start, us == std::string_view::npos ? w.npos : us - start));
    if (us == std::string_view::npos) break;
    start = us + 1;
  }
  if (parts.size() < 2) return false;
  for (std::string_view p : parts) {
    if (p.empty() || !AllUpperOrDigit(p)) return false;
  }
  return IsUpper(parts.front().front()) && parts.front().size() >= 2 &&
         parts.front().size() <= 16 && parts.back().size() >= 6;
}

// {{0}}, {{ name }}, [[3]]: `open` and `close` are the two-character delimiters.
std::size_t MatchBracketed(std::string_view text, std::size_t i, std::string_view open,
                           std::string_view close) {
  if (text.substr(i, 2) != open) return 0;
  std::size_t j = i + 2;
  while (j < text.size() && text[j] == ' ') ++j;
  std::size_t name_start = j;
  while (j < text.size() && (IsWordChar(text[j]) || text[j] == '.')) ++j;
  std::size_t name_len = j - name_start;
  if (name_len == 0 || name_len > 32) return 0;
  while (j < text.size() && text[j] == ' ') ++j;
  if (text.substr(j, 2) != close) return 0;
  return j + 2 - i;
}

}  // namespace

std::vector<std::string> FindLeakedPlaceholders(std::string_view text) {
  std::vector<std::string> found;
  auto add = [&found](std::string_view token) {
    if (std::find(found.begin(), found.end(), token) == found.end()) {
      found.emplace_back(token);
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::size_t n = text[i] == '{' ? MatchBracketed(text, i, "{{", "}}") : 0) {
      add(text.substr(i, n));
      i += n;
      continue;
    }
    if (std::size_t n = text[i] == '[' ? MatchBracketed(text, i, "[[", "]]") : 0) {
      add(text.substr(i, n));
      i += n;
      continue;
    }
    if (IsWordChar(text[i]) && (i == 0 || !IsWordChar(text[i - 1]))) {
      std::size_t j = i;
      while (j < text.size() && IsWordChar(text[j])) ++j;
      std::string_view word = text.substr(i, j - i);
      // Both kinds of token contain an underscore; most words do not.
      const bool underscore = word.find('_') != std::string_view::npos;
      if (underscore && (IsDunderToken(word) || IsGeneratedName(word))) add(word);
      i = j;
      continue;
    }
    ++i;
  }
  return found;
}

}  // namespace gazette::text
