// Small HTML text helpers: escaping, plain-text extraction, UTF-8 validation.
#pragma once

#include <string>
#include <string_view>

namespace gazette::text {

// Escapes & < > " ' for use in element content and quoted attribute values.
std::string EscapeHtml(std::string_view text);

// The readable text of an HTML fragment: tags removed (script/style content dropped),
// entities decoded, runs of whitespace collapsed to one space, trimmed. Block elements
// separate words ("<p>a</p><p>b</p>" -> "a b").
std::string HtmlToPlainText(std::string_view html);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace gazette::text
