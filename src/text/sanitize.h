// Allowlist HTML sanitizer for article bodies and other user-supplied markup.
#pragma once

#include <string>
#include <string_view>

namespace gazette::text {

// Returns a safe HTML fragment (no html/head/body) built from `html`:
// - kept elements: p h2 h3 h4 blockquote q cite ul ol li strong em b i u s sub sup br hr a
//   figure figcaption img pre code table thead tbody tr th td;
// - a keeps only href (http, https, mailto, relative or fragment) and gets
//   rel="noopener nofollow" when the link is absolute http(s); an a without a safe href is
//   unwrapped;
// - img keeps src (http, https or relative), alt, width, height (digits) and gets
//   loading="lazy"; an img without a safe src is dropped;
// - script, style, iframe, object, embed, template, noscript, svg, math (and head-only or
//   frame elements) are dropped with their content; any other element is unwrapped
//   (its children are kept); comments are dropped; every other attribute is dropped.
// URL schemes are compared after entity decoding, with whitespace and control characters
// removed, case-insensitively. Text and attribute values are re-escaped.
// Markup that is already in this form (the common case: bodies this sanitizer wrote, or
// plain paragraphs) is returned as it is without being parsed.
std::string SanitizeHtml(std::string_view html);

// The same result, always through the HTML parser. For tests of the fast path.
std::string ParseAndSanitizeHtml(std::string_view html);

// True when `html` is a fragment SanitizeHtml would return unchanged and that can be told
// without parsing: only attribute-free p h2 h3 h4 blockquote ul ol li and inline
// strong em b i u s sub sup q cite br, properly nested where an HTML parser would not
// rearrange them, text without < > or NUL and with & only in &amp; &lt; &gt;, valid UTF-8.
bool IsCleanSimpleFragment(std::string_view html);

}  // namespace gazette::text
