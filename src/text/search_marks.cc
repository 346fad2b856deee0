#include "text/search_marks.h"

#include <algorithm>

#include "model/pages.h"

namespace gazette::text {

QueryMarks::QueryMarks(const ParsedQuery& parsed, Analyzer& analyzer) : analyzer_(analyzer) {
  for (const QueryTerm& term : parsed.terms) {
    if (term.excluded) continue;
    Element element;
    element.terms = analyzer.Terms(term.text);
    if (element.terms.empty()) continue;
    if (element.terms.size() > kMaxTerms) element.terms.resize(kMaxTerms);
    element.prefix = term.kind == QueryTerm::Kind::kPrefix;
    const bool seen = std::any_of(elements_.begin(), elements_.end(), [&](const Element& e) {
      return e.terms == element.terms && e.prefix == element.prefix;
    });
    if (!seen) elements_.push_back(std::move(element));
  }
}

bool QueryMarks::EndsSentence(std::string_view gap, std::size_t* start) {
  for (std::size_t i = gap.size(); i-- > 1;) {
    const char c = gap[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') continue;
    const char before = gap[i - 1];
    if (before == '.' || before == '!' || before == '?') {
      std::size_t j = i;
      while (j < gap.size() &&
             (gap[j] == ' ' || gap[j] == '\t' || gap[j] == '\n' || gap[j] == '\r')) {
        ++j;
      }
      *start = j;
      return true;
    }
  }
  return false;
}

template <typename Done>
void QueryMarks::Scan(std::string_view text, std::vector<Token>& tokens,
                      std::vector<Match>& matches, Done&& done) const {
  analyzer_.Analyze(text, true, [&](std::string_view term, std::size_t b, std::size_t e) {
    Token token{b, e, 0, 0, {}};
    if (!tokens.empty()) {
      const Token& previous = tokens.back();
      std::size_t start = 0;
      if (EndsSentence(text.substr(previous.end, b - previous.end), &start)) {
        token.sentence = tokens.size();
        token.sentence_from = previous.end + start;
      } else {
        token.sentence = previous.sentence;
        token.sentence_from = previous.sentence_from;
      }
    }
    for (std::size_t i = 0; i < elements_.size(); ++i) {
      const Element& element = elements_[i];
      for (std::size_t j = 0; j < element.terms.size(); ++j) {
        const std::string& wanted = element.terms[j];
        const bool last = j + 1 == element.terms.size();
        if (term == wanted || (last && element.prefix && term.substr(0, wanted.size()) == wanted)) {
          token.terms.push_back(i * kMaxTerms + j);
        }
      }
    }
    tokens.push_back(std::move(token));
    const std::size_t t = tokens.size() - 1;
    // An element ends here when its last term is this token's and the others precede it.
    for (std::size_t code : tokens[t].terms) {
      const std::size_t i = code / kMaxTerms;
      const std::size_t k = elements_[i].terms.size();
      if (code % kMaxTerms != k - 1 || t + 1 < k) continue;
      bool whole = true;
      for (std::size_t j = 0; j + 1 < k && whole; ++j) {
        const std::vector<std::size_t>& at = tokens[t + 1 - k + j].terms;
        whole = std::find(at.begin(), at.end(), i * kMaxTerms + j) != at.end();
      }
      if (whole) matches.push_back({t + 1 - k, t, i});
    }
    return !done(tokens, matches);
  });
}

std::string QueryMarks::MarkRange(std::string_view text, const std::vector<Token>& tokens,
                                  const std::vector<Match>& matches, std::size_t from,
                                  std::size_t to) {
  // Matches come in the order of their last token; overlapping ones become one span.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const Match& m : matches) {
    const std::size_t b = tokens[m.first].begin;
    const std::size_t e = tokens[m.last].end;
    if (b < from || e > to) continue;
    spans.emplace_back(b, e);
  }
  std::sort(spans.begin(), spans.end());
  std::string out;
  out.reserve(to - from + 2 * spans.size());
  std::size_t at = from;
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t b = spans[i].first;
    std::size_t e = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= e; ++i) e = std::max(e, spans[i].second);
    out.append(text.substr(at, b - at));
    out += model::kSearchMatchBegin;
    out.append(text.substr(b, e - b));
    out += model::kSearchMatchEnd;
    at = e;
  }
  out.append(text.substr(at, to - at));
  return out;
}

std::string QueryMarks::Mark(std::string_view text) const {
  std::vector<Token> tokens;
  std::vector<Match> matches;
  if (!elements_.empty()) {
    Scan(text, tokens, matches, [](const auto&, const auto&) { return false; });
  }
  return MarkRange(text, tokens, matches, 0, text.size());
}

QueryMarks::Snippet QueryMarks::MakeSnippet(std::string_view text, int words) const {
  const std::size_t width = static_cast<std::size_t>(std::max(words, 1));
  // Without a sentence start close enough, a window starts kLeadIn tokens before a match.
  constexpr std::size_t kLeadIn = 4;
  std::vector<Token> tokens;
  std::vector<Match> matches;
  std::size_t next = 0;  // the first match whose window is not judged yet
  std::size_t best_start = 0;
  std::size_t best_distinct = 0;
  std::size_t best_count = 0;
  bool stopped = false;  // reading stopped before the end of the text
  auto start_of = [&](const Match& m) {
    const std::size_t sentence = tokens[m.first].sentence;
    if (m.last < sentence + width) return sentence;
    const std::size_t lead_in = std::min(kLeadIn, (width - 1) / 2);
    return m.first > lead_in ? m.first - lead_in : 0;
  };
  // Keeps the window starting at `start` when it holds more distinct elements than the best
  // (or as many, and more matches).
  auto judge = [&](std::size_t start) {
    std::vector<bool> seen(elements_.size());
    std::size_t distinct = 0;
    std::size_t count = 0;
    // Matches come in the order of their last token: those of the window are one run.
    auto it = std::lower_bound(matches.begin(), matches.end(), start,
                               [](const Match& m, std::size_t token) { return m.last < token; });
    for (; it != matches.end() && it->last < start + width; ++it) {
      const Match& m = *it;
      if (m.first < start) continue;
      ++count;
      if (seen[m.element]) continue;
      seen[m.element] = true;
      ++distinct;
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_distinct = distinct;
      best_count = count;
      best_start = start;
    }
  };
  if (elements_.empty()) {
    analyzer_.Analyze(text, true, [&](std::string_view, std::size_t b, std::size_t e) {
      tokens.push_back({b, e, 0, 0, {}});
      stopped = tokens.size() > width;
      return !stopped;
    });
  } else {
    Scan(text, tokens, matches, [&](const std::vector<Token>& read, const std::vector<Match>&) {
      // A window is judged once the token after it is read, windows in the order of their
      // matches; one that holds every element ends the reading.
      for (; next < matches.size() && start_of(matches[next]) + width < read.size(); ++next) {
        judge(start_of(matches[next]));
        if (best_distinct == elements_.size()) {
          stopped = true;
          return true;
        }
      }
      return false;
    });
    if (!stopped) {
      // The text ended: the windows left are cut by its end, so they start earlier.
      const std::size_t latest = tokens.size() > width ? tokens.size() - width : 0;
      for (; next < matches.size(); ++next) judge(std::min(start_of(matches[next]), latest));
    }
  }
  const std::size_t n = tokens.size();
  Snippet snippet;
  snippet.matched = best_distinct > 0;
  if (!stopped && n <= width) {
    snippet.text = MarkRange(text, tokens, matches, 0, text.size());
    return snippet;
  }
  const std::size_t last = best_start + width;  // one past the window; at most n
  const bool at_end = !stopped && last >= n;
  const Token& first = tokens[best_start];
  const std::size_t from =
      best_start == 0 ? 0 : (first.sentence == best_start ? first.sentence_from : first.begin);
  const std::size_t to = at_end ? text.size() : tokens[last - 1].end;
  snippet.text = from == 0 ? "" : "…";
  snippet.text += MarkRange(text, tokens, matches, from, to);
  if (!at_end) snippet.text += "…";
  return snippet;
}

}  // namespace gazette::text
