#include "storage/postgres/search_terms.h"

#include <algorithm>
#include <map>

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
