#include "render/escape.h"

#include <array>
#include <cstdint>

namespace gazette::render {
namespace {

// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i, or
// returns -1 (and advances one byte) for a malformed sequence.
std::int32_t DecodeUtf8(std::string_view text, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = 0;
  std::int32_t cp = 0;
  std::int32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return -1;
  }
  if (i + extra >= text.size()) {
    ++i;
    return -1;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += extra + 1;
  return cp;
}

bool AllowedInXml(std::int32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const std::int32_t cp = DecodeUtf8(text, i);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    if (!AllowedInXml(cp)) continue;
    switch (cp) {
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
        out += "&apos;";
        break;
      default:
        out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string EscapeJsonForHtml(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 16);
  std::size_t done = 0;  // json[done, i) is copied as it is, in one append
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    const char* replacement = nullptr;
    std::size_t length = 1;
    if (c == '<') {
      replacement = "\\u003c";
    } else if (c == '>') {
      replacement = "\\u003e";
    } else if (c == '&') {
      replacement = "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      replacement = json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      length = 3;
    } else {
      continue;
    }
    out.append(json, done, i - done);
    out += replacement;
    i += length - 1;
    done = i + 1;
  }
  out.append(json, done, std::string_view::npos);
  return out;
}

void AppendJsonStringForHtml(std::string& out, std::string_view text) {
  // boost::json's serializer table: 'u' for \u00xx, another letter for a short escape.
  static constexpr std::array<char, 256> kEscape = [] {
    std::array<char, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = 'u';
    table['\b'] = 'b';
    table['\t'] = 't';
    table['\n'] = 'n';
    table['\f'] = 'f';
    table['\r'] = 'r';
    table['"'] = '"';
    table['\\'] = '\\';
    table['<'] = '<';
    table['>'] = '>';
    table['&'] = '&';
    table[0xE2] = '\xE2';
    return table;
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t done = 0;  // text[done, i) is copied as it is, in one append
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const char kind = kEscape[c];
    if (kind == 0) continue;
    if (kind == '\xE2' && !(i + 2 < text.size() && text[i + 1] == '\x80' &&
                            (text[i + 2] == '\xA8' || text[i + 2] == '\xA9'))) {
      continue;
    }
    out.append(text, done, i - done);
    switch (kind) {
      case 'u':
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
        break;
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '\xE2':
        out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
        i += 2;
        break;
      default:
        out += '\\';
        out += kind;
        break;
    }
    done = i + 1;
  }
  out.append(text, done, std::string_view::npos);
  out += '"';
}

std::string EncodeUriComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace gazette::render
