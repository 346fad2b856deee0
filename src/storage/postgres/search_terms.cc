#include "storage/postgres/search_terms.h"

#include <algorithm>
#include <map>
#include <set>

#include "model/pages.h"

namespace gazette::storage::postgres {
namespace {

// Lexemes of tsvector and tsquery literals: quoted, with quotes doubled and backslashes
// escaped (both input functions take \ as an escape inside quotes).
void AppendQuoted(std::string& out, std::string_view lexeme) {
  out += '\'';
  for (char ch : lexeme) {
    if (ch == '\'') out += '\'';
    if (ch == '\\') out += '\\';
    out += ch;
  }
  out += '\'';
}

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool matched = false;
  std::string term;
};

std::vector<Token> Tokens(std::string_view text, text::Analyzer& analyzer,
                          const MatchSet& matches) {
  std::vector<Token> out;
  analyzer.Analyze(text, true, [&](std::string_view term, std::size_t b, std::size_t e) {
    out.push_back({b, e, matches.Matches(term), std::string(term)});
    return true;
  });
  return out;
}

// `text` from byte `from` to byte `to`, with the matched tokens among `tokens` marked.
std::string MarkRange(std::string_view text, const std::vector<Token>& tokens, std::size_t first,
                      std::size_t last, std::size_t from, std::size_t to) {
  std::string out;
  std::size_t at = from;
  for (std::size_t i = first; i < last; ++i) {
    const Token& t = tokens[i];
    if (!t.matched || t.begin < at || t.end > to) continue;
    out.append(text.substr(at, t.begin - at));
    out += model::kSearchMatchBegin;
    out.append(text.substr(t.begin, t.end - t.begin));
    out += model::kSearchMatchEnd;
    at = t.end;
  }
  out.append(text.substr(at, to - at));
  return out;
}

}  // namespace

std::string LanguageKey(std::string_view language) {
  std::string code;
  for (char ch : language) {
    if (ch == '-' || ch == '_') break;
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (ch < 'a' || ch > 'z') return "xx";
    code += ch;
  }
  if (code.size() < 2 || code.size() > 3) return "xx";
  return code;
}

DocumentTerms AnalyzeDocument(text::Analyzer& analyzer, std::string_view title,
                              std::string_view lead, std::string_view body) {
  // Per lexeme: its positions with their weights, in order.
  std::map<std::string, std::vector<std::pair<int, char>>, std::less<>> lexemes;
  std::size_t lexeme_bytes = 0;
  int position = 0;
  auto add_field = [&](std::string_view field, char weight) {
    analyzer.Analyze(field, true, [&](std::string_view term, std::size_t, std::size_t) {
      position = std::min(position + 1, kMaxPosition);
      auto it = lexemes.find(term);
      if (it == lexemes.end()) {
        if (lexeme_bytes + term.size() > kMaxVectorBytes) return true;
        lexeme_bytes += term.size();
        it = lexemes.emplace(std::string(term), std::vector<std::pair<int, char>>{}).first;
      }
      auto& positions = it->second;
      if (positions.size() < static_cast<std::size_t>(kMaxPositionsPerTerm) &&
          (positions.empty() || positions.back().first < position)) {
        positions.emplace_back(position, weight);
      }
      return true;
    });
    position = std::min(position + 1, kMaxPosition);  // the gap between fields
  };
  add_field(title, 'A');
  add_field(lead, 'B');
  add_field(body, 'C');

  DocumentTerms doc;
  doc.distinct.reserve(lexemes.size());
  for (const auto& [lexeme, positions] : lexemes) {
    if (!doc.vector.empty()) doc.vector += ' ';
    AppendQuoted(doc.vector, lexeme);
    for (std::size_t i = 0; i < positions.size(); ++i) {
      doc.vector += i == 0 ? ':' : ',';
      doc.vector += std::to_string(positions[i].first);
      doc.vector += positions[i].second;
    }
    doc.distinct.push_back(lexeme);
  }
  return doc;
}

std::string QueryLiteral(const text::ParsedQuery& parsed, text::Analyzer& analyzer) {
  std::string positive;
  std::string negative;
  for (const text::QueryTerm& term : parsed.terms) {
    std::vector<std::string> terms = analyzer.Terms(term.text);
    if (terms.empty()) continue;
    std::string element = "(";
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (i) element += " <-> ";
      AppendQuoted(element, terms[i]);
    }
    if (term.kind == text::QueryTerm::Kind::kPrefix) element += ":*";
    element += ')';
    if (term.excluded) {
      negative += " & !" + element;
    } else {
      positive += (positive.empty() ? "" : " & ") + element;
    }
  }
  if (positive.empty()) return "";
  return "(" + positive + ")" + negative;
}

MatchSet::MatchSet(const text::ParsedQuery& parsed, text::Analyzer& analyzer) {
  for (const text::QueryTerm& term : parsed.terms) {
    if (term.excluded) continue;
    std::vector<std::string> terms = analyzer.Terms(term.text);
    if (terms.empty()) continue;
    if (term.kind == text::QueryTerm::Kind::kPrefix) {
      prefixes_.push_back(std::move(terms.back()));
      terms.pop_back();
    }
    for (std::string& t : terms) exact_.push_back(std::move(t));
  }
}

bool MatchSet::Matches(std::string_view term) const {
  if (std::find(exact_.begin(), exact_.end(), term) != exact_.end()) return true;
  return std::any_of(prefixes_.begin(), prefixes_.end(),
                     [&](const std::string& p) { return term.substr(0, p.size()) == p; });
}

std::string MarkMatches(std::string_view text, text::Analyzer& analyzer, const MatchSet& matches) {
  std::vector<Token> tokens = Tokens(text, analyzer, matches);
  return MarkRange(text, tokens, 0, tokens.size(), 0, text.size());
}

std::string Snippet(std::string_view text, text::Analyzer& analyzer, const MatchSet& matches,
                    int words) {
  std::vector<Token> tokens = Tokens(text, analyzer, matches);
  const std::size_t n = tokens.size();
  const auto width = static_cast<std::size_t>(std::max(words, 1));
  if (n <= width) return MarkRange(text, tokens, 0, n, 0, text.size());
  // A window of `width` tokens starting a little before a match; the one with the most
  // distinct matched terms, then the most matches.
  constexpr std::size_t kLeadIn = 3;
  std::size_t best_start = 0;
  std::pair<std::size_t, std::size_t> best_score{0, 0};
  for (std::size_t m = 0; m < n; ++m) {
    if (!tokens[m].matched) continue;
    const std::size_t start = std::min(m > kLeadIn ? m - kLeadIn : 0, n - width);
    std::set<std::string_view> distinct;
    std::size_t count = 0;
    for (std::size_t i = start; i < start + width; ++i) {
      if (!tokens[i].matched) continue;
      distinct.insert(tokens[i].term);
      ++count;
    }
    std::pair<std::size_t, std::size_t> score{distinct.size(), count};
    if (score > best_score) {
      best_score = score;
      best_start = start;
    }
  }
  const std::size_t last = best_start + width;
  const std::size_t from = best_start == 0 ? 0 : tokens[best_start].begin;
  const std::size_t to = last >= n ? text.size() : tokens[last - 1].end;
  std::string out = best_start == 0 ? "" : "…";
  out += MarkRange(text, tokens, best_start, last, from, to);
  if (last < n) out += "…";
  return out;
}

std::string SurfaceForm(std::string_view text, text::Analyzer& analyzer, std::string_view term) {
  std::string found;
  analyzer.Analyze(text, true, [&](std::string_view t, std::size_t b, std::size_t e) {
    if (t != term) return true;
    found = std::string(text.substr(b, e - b));
    return false;
  });
  return found;
}

std::string FormatQuery(const text::ParsedQuery& parsed) {
  std::string out;
  for (const text::QueryTerm& term : parsed.terms) {
    if (!out.empty()) out += ' ';
    if (term.excluded) out += '-';
    if (term.kind == text::QueryTerm::Kind::kPhrase) {
      out += '"' + term.text + '"';
    } else {
      out += term.text;
      if (term.kind == text::QueryTerm::Kind::kPrefix) out += '*';
    }
  }
  return out;
}

std::string QuotedLexeme(std::string_view lexeme) {
  std::string out;
  AppendQuoted(out, lexeme);
  return out;
}

std::string TextArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace gazette::storage::postgres
