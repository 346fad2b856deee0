#include "text/html.h"

#include <gumbo.h>

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

// U+00A0 (no-break space) counts as whitespace for summaries. Words are copied whole (byte
// by byte, this was a large part of indexing an article).
std::string Collapse(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  const std::size_t n = in.size();
  auto is_nbsp = [&](std::size_t i) {
    return static_cast<unsigned char>(in[i]) == 0xC2 && i + 1 < n &&
           static_cast<unsigned char>(in[i + 1]) == 0xA0;
  };
  std::size_t i = 0;
  while (i < n) {
    std::size_t word_end = i;
    while (word_end < n && !IsSpace(static_cast<unsigned char>(in[word_end])) &&
           !is_nbsp(word_end)) {
      ++word_end;
    }
    if (word_end > i) {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(in, i, word_end - i);
      i = word_end;
      continue;
    }
    pending_space = !out.empty();
    i += is_nbsp(i) ? 2 : 1;
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
// the parse: block tags separate words, inline tags join them.
std::string SimpleFragmentText(std::string_view html) {
  std::string raw;
  raw.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t end = html.find('>', i);
      std::string_view name = html.substr(i + 1, end - i - 1);
      if (!name.empty() && name.front() == '/') name.remove_prefix(1);
      const bool inline_tag = name == "strong" || name == "em" || name == "b" || name == "i" ||
                              name == "u" || name == "s" || name == "sub" || name == "sup" ||
                              name == "q" || name == "cite";
      if (!inline_tag) raw += ' ';
      i = end + 1;
      continue;
    }
    if (c == '&') {
      if (html.compare(i, 5, "&amp;") == 0) {
        raw += '&';
        i += 5;
      } else {
        raw += html.compare(i, 4, "&lt;") == 0 ? '<' : '>';
        i += 4;
      }
      continue;
    }
    const std::size_t next = html.find_first_of("<&", i);
    const std::size_t text_end = next == std::string_view::npos ? html.size() : next;
    raw.append(html.substr(i, text_end - i));
    i = text_end;
  }
  return Collapse(raw);
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
