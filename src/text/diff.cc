#include "text/diff.h"

#include <algorithm>
#include <cstdint>

namespace gazette::text {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    if (s[i] == '<') {
      const std::size_t close = s.find('>', i);
      i = close == std::string_view::npos ? s.size() : close + 1;
    } else {
      while (i < s.size() && !IsSpace(s[i]) && s[i] != '<') ++i;
    }
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i == start) ++i;  // leading whitespace only
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

void Append(std::vector<DiffPiece>& out, DiffPiece::Kind kind, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().kind == kind) {
    out.back().text += text;
  } else {
    out.push_back({kind, std::string(text)});
  }
}

}  // namespace

std::vector<DiffPiece> WordDiff(std::string_view before, std::string_view after,
                                std::size_t max_tokens) {
  using K = DiffPiece::Kind;
  std::vector<DiffPiece> out;
  const auto a = Tokens(before);
  const auto b = Tokens(after);
  if (a.size() > max_tokens || b.size() > max_tokens) {
    Append(out, K::kRemoved, before);
    Append(out, K::kAdded, after);
    return out;
  }
  const std::size_t n = a.size(), m = b.size();
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) {
      Append(out, K::kSame, a[i]);
      ++i, ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      Append(out, K::kRemoved, a[i++]);
    } else {
      Append(out, K::kAdded, b[j++]);
    }
  }
  while (i < n) Append(out, K::kRemoved, a[i++]);
  while (j < m) Append(out, K::kAdded, b[j++]);
  return out;
}

}  // namespace gazette::text
