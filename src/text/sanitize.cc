#include "text/sanitize.h"

#include <gumbo.h>

#include <array>
#include <cctype>
#include <memory>
#include <vector>

#include "text/html.h"

namespace gazette::text {
namespace {

enum class Action { kKeep, kUnwrap, kDrop };

Action ActionFor(const GumboElement& element) {
  // Foreign content (SVG, MathML) can carry scripts and event handlers of its own.
  if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return Action::kDrop;
  switch (element.tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_A:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TD:
      return Action::kKeep;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SELECT:
      return Action::kDrop;
    default:
      return Action::kUnwrap;
  }
}

// Whitespace and control characters removed, ASCII lowercased: the form a browser's URL
// parser effectively sees when it looks for a scheme.
std::string NormalizeForScheme(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) continue;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

enum class UrlKind { kRejected, kRelative, kAbsoluteHttp, kMailto };

UrlKind ClassifyUrl(std::string_view url) {
  std::string n = NormalizeForScheme(url);
  if (n.rfind("//", 0) == 0) return UrlKind::kAbsoluteHttp;
  std::size_t colon = n.find(':');
  std::size_t stop = n.find_first_of("/?#");
  if (colon == std::string::npos || (stop != std::string::npos && stop < colon)) {
    // Backslashes are treated as slashes by browsers ("\\evil.example"): refuse them.
    if (n.find('\\') != std::string::npos) return UrlKind::kRejected;
    return UrlKind::kRelative;
  }
  std::string scheme = n.substr(0, colon);
  if (scheme == "http" || scheme == "https") return UrlKind::kAbsoluteHttp;
  if (scheme == "mailto") return UrlKind::kMailto;
  return UrlKind::kRejected;
}

// The attribute value as written out: trimmed, without control characters.
std::string CleanUrl(std::string_view url) {
  std::string out;
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) continue;
    out += ch;
  }
  std::size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  std::size_t e = out.find_last_not_of(' ');
  return out.substr(b, e - b + 1);
}

bool IsDigits(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

const char* AttrValue(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr ? attr->value : nullptr;
}

void AppendAttr(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += EscapeHtml(value);
  out += '"';
}

void EscapeText(std::string_view text, std::string& out) {
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
      case '\0':
        break;
      default:
        out += c;
    }
  }
}

void Walk(const GumboNode* node, std::string& out);

void WalkChildren(const GumboVector& children, std::string& out) {
  for (unsigned i = 0; i < children.length; ++i) {
    Walk(static_cast<const GumboNode*>(children.data[i]), out);
  }
}

void WriteElement(const GumboElement& element, std::string& out) {
  const char* name = gumbo_normalized_tagname(element.tag);
  std::string open = std::string("<") + name;
  if (element.tag == GUMBO_TAG_A) {
    const char* href = AttrValue(element, "href");
    UrlKind kind = href ? ClassifyUrl(href) : UrlKind::kRejected;
    if (kind == UrlKind::kRejected) {
      WalkChildren(element.children, out);
      return;
    }
    AppendAttr(open, "href", CleanUrl(href));
    if (kind == UrlKind::kAbsoluteHttp) AppendAttr(open, "rel", "noopener nofollow");
  } else if (element.tag == GUMBO_TAG_IMG) {
    const char* src = AttrValue(element, "src");
    UrlKind kind = src ? ClassifyUrl(src) : UrlKind::kRejected;
    if (kind != UrlKind::kRelative && kind != UrlKind::kAbsoluteHttp) return;
    std::string clean = CleanUrl(src);
    if (clean.empty()) return;
    AppendAttr(open, "src", clean);
    if (const char* alt = AttrValue(element, "alt")) AppendAttr(open, "alt", alt);
    for (const char* dim : {"width", "height"}) {
      const char* v = AttrValue(element, dim);
      if (v && IsDigits(v)) AppendAttr(open, dim, v);
    }
    AppendAttr(open, "loading", "lazy");
  }
  out += open;
  out += '>';
  if (element.tag == GUMBO_TAG_BR || element.tag == GUMBO_TAG_HR || element.tag == GUMBO_TAG_IMG) {
    return;
  }
  WalkChildren(element.children, out);
  out += "</";
  out += name;
  out += '>';
}

void Walk(const GumboNode* node, std::string& out) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      EscapeText(node->v.text.text, out);
      return;
    case GUMBO_NODE_ELEMENT:
      switch (ActionFor(node->v.element)) {
        case Action::kKeep:
          WriteElement(node->v.element, out);
          return;
        case Action::kUnwrap:
          WalkChildren(node->v.element.children, out);
          return;
        case Action::kDrop:
          return;
      }
      return;
    default:  // comments, templates, the document node
      return;
  }
}

const GumboNode* FindBody(const GumboNode* root) {
  if (root->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboVector& children = root->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) return child;
  }
  return nullptr;
}

enum class Kind { kBlock, kFlow, kList, kItem, kInline, kVoid };

struct SimpleTag {
  std::string_view name;
  Kind kind;
};

// kBlock holds inline content only; kFlow (blockquote) and kItem (li) hold blocks or inline;
// kList holds li only.
constexpr SimpleTag kSimpleTags[] = {
    {"p", Kind::kBlock},    {"h2", Kind::kBlock},        {"h3", Kind::kBlock},
    {"h4", Kind::kBlock},   {"blockquote", Kind::kFlow}, {"ul", Kind::kList},
    {"ol", Kind::kList},    {"li", Kind::kItem},         {"strong", Kind::kInline},
    {"em", Kind::kInline},  {"b", Kind::kInline},        {"i", Kind::kInline},
    {"u", Kind::kInline},   {"s", Kind::kInline},        {"sub", Kind::kInline},
    {"sup", Kind::kInline}, {"q", Kind::kInline},        {"cite", Kind::kInline},
    {"br", Kind::kVoid},    {"hr", Kind::kVoid},
};

const SimpleTag* FindSimpleTag(std::string_view name) {
  for (const auto& t : kSimpleTags) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// Whether `child` may stand directly in `parent` (nullptr: the fragment's top level) without
// an HTML parser closing or moving anything.
bool MayContain(const SimpleTag* parent, const SimpleTag& child, std::string_view child_name) {
  if (parent == nullptr) return child.kind != Kind::kItem;
  switch (parent->kind) {
    case Kind::kList:
      return child.kind == Kind::kItem;
    case Kind::kFlow:
    case Kind::kItem:
      return child.kind != Kind::kItem;
    case Kind::kBlock:
    case Kind::kInline:
      // hr closes an open p; the same inline element nested in itself (b in b, q in q) is
      // legal but not worth the risk of a parser quirk.
      return (child.kind == Kind::kInline || (child.kind == Kind::kVoid && child_name == "br")) &&
             child.name != parent->name;
    case Kind::kVoid:
      return false;
  }
  return false;
}

}  // namespace

// Bytes that text may hold without a closer look: not markup ('<', '>', '&'), not a control
// character other than tab and newline ('\r' and NUL are controls).
constexpr auto kPlainTextByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 256; ++c) plain[c] = c != '<' && c != '>' && c != '&';
  plain['\t'] = plain['\n'] = true;
  return plain;
}();

bool IsCleanSimpleFragment(std::string_view html) {
  if (html.empty() || !IsValidUtf8(html)) return false;
  // Whitespace before the first element is dropped by the parser.
  if (html.front() != '<') return false;
  std::vector<const SimpleTag*> open;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const bool closing = i + 1 < html.size() && html[i + 1] == '/';
      const std::size_t name_start = i + (closing ? 2 : 1);
      const std::size_t end = html.find('>', name_start);
      if (end == std::string_view::npos) return false;
      const std::string_view name = html.substr(name_start, end - name_start);
      const SimpleTag* tag = FindSimpleTag(name);
      if (tag == nullptr) return false;
      if (closing) {
        if (open.empty() || open.back() != tag) return false;
        open.pop_back();
      } else {
        if (!MayContain(open.empty() ? nullptr : open.back(), *tag, name)) return false;
        // Text may not stand directly in a list, and blocks may not follow inline content at
        // the top level: both are checked by MayContain and the text rule below.
        if (tag->kind != Kind::kVoid) open.push_back(tag);
      }
      i = end + 1;
      continue;
    }
    if (c == '>' || c == '\0' || c == '\r') return false;
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') return false;
    if (c == '&') {
      const std::string_view rest = html.substr(i);
      if (rest.rfind("&amp;", 0) == 0) {
        i += 5;
      } else if (rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0) {
        i += 4;
      } else {
        return false;
      }
      continue;
    }
    // Text directly in a list is moved by the parser unless it is whitespace; text at the
    // top level is kept, but only whitespace there keeps the check simple.
    const bool whitespace = c == ' ' || c == '\n' || c == '\t';
    if (!whitespace && (open.empty() || open.back()->kind == Kind::kList)) return false;
    ++i;
    // Inside an element that takes text, the rest of the run needs no other check: skipped
    // whole (byte by byte, this check was a large part of indexing an article).
    if (!open.empty() && open.back()->kind != Kind::kList) {
      while (i < html.size() && kPlainTextByte[static_cast<unsigned char>(html[i])]) ++i;
    }
  }
  return open.empty();
}

std::string SanitizeHtml(std::string_view html) {
  // Parsing is most of an import's time; bodies already in sanitized form need none.
  if (IsCleanSimpleFragment(html)) return std::string(html);
  return ParseAndSanitizeHtml(html);
}

std::string ParseAndSanitizeHtml(std::string_view html) {
  if (html.empty()) return {};
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return {};
  const GumboNode* body = FindBody(output->root);
  if (!body) return {};
  std::string out;
  out.reserve(html.size());
  WalkChildren(body->v.element.children, out);
  return out;
}

}  // namespace gazette::text
