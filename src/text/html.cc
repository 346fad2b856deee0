#include "text/html.h"

#include <gumbo.h>

#include <array>
#include <memory>

#include "text/sanitize.h"

namespace gazette::text {
namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_IMG:
      return true;
    default:
      return false;
  }
}

bool IsSkipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_IFRAME ||
         tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH;
}

void CollectText(const GumboNode* node, std::string& out) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      out += node->v.text.text;
      return;
    case GUMBO_NODE_DOCUMENT:
    case GUMBO_NODE_ELEMENT: {
      const GumboVector& children =
          node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
      bool block = node->type == GUMBO_NODE_ELEMENT && IsBlock(node->v.element.tag);
      if (node->type == GUMBO_NODE_ELEMENT && IsSkipped(node->v.element.tag)) return;
      if (block) out += ' ';
      for (unsigned i = 0; i < children.length; ++i) {
        CollectText(static_cast<const GumboNode*>(children.data[i]), out);
      }
      if (block) out += ' ';
      return;
    }
    default:
      return;
  }
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// U+00A0 (no-break space) counts as whitespace for summaries.
std::string Collapse(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    unsigned char c = in[i];
    bool space = IsSpace(c);
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// A fragment in the sanitizer's simple form (known tags without attributes, only &amp;
// &lt; &gt;, nothing a parser would move) gives the same text as the parse below, without
// the parse: block tags separate words, inline tags join them. Whitespace is collapsed on the
// way, as Collapse does (valid UTF-8, so a no-break space never straddles a tag), and text
// between tags, entities and spaces is copied whole: byte by byte, this was a large part of
// indexing an article.
std::string SimpleFragmentText(std::string_view html) {
  static constexpr auto kStops = [] {
    std::array<bool, 256> stops{};
    for (unsigned char c : {'<', '&', ' ', '\t', '\n', '\r', '\f', '\v'}) stops[c] = true;
    stops[0xC2] = true;  // may start U+00A0
    return stops;
  }();
  std::string out;
  out.reserve(html.size());
  bool pending_space = false;
  auto text = [&](std::string_view run) {
    if (run.empty()) return;
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(run);
  };
  auto space = [&] { pending_space = !out.empty(); };
  const std::size_t n = html.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t run_end = i;
    while (run_end < n && !kStops[static_cast<unsigned char>(html[run_end])]) ++run_end;
    text(html.substr(i, run_end - i));
    i = run_end;
    if (i == n) break;
    const char c = html[i];
    if (c == '<') {
      const std::size_t end = html.find('>', i);
      std::string_view name = html.substr(i + 1, end - i - 1);
      if (!name.empty() && name.front() == '/') name.remove_prefix(1);
      const bool inline_tag = name == "strong" || name == "em" || name == "b" || name == "i" ||
                              name == "u" || name == "s" || name == "sub" || name == "sup" ||
                              name == "q" || name == "cite";
      if (!inline_tag) space();
      i = end + 1;
    } else if (c == '&') {
      if (html.compare(i, 5, "&amp;") == 0) {
        text("&");
        i += 5;
      } else {
        text(html.compare(i, 4, "&lt;") == 0 ? "<" : ">");
        i += 4;
      }
    } else if (static_cast<unsigned char>(c) == 0xC2) {
      if (i + 1 < n && static_cast<unsigned char>(html[i + 1]) == 0xA0) {
        space();
        i += 2;
      } else {
        text(html.substr(i, 1));
        ++i;
      }
    } else {
      space();
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string HtmlToPlainText(std::string_view html) {
  if (html.empty()) return {};
  if (IsCleanSimpleFragment(html)) return SimpleFragmentText(html);
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return {};
  std::string raw;
  raw.reserve(html.size());
  CollectText(output->root, raw);
  return Collapse(raw);
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace gazette::text
