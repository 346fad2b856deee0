// Escaping for the formats render/ writes: HTML, XML 1.0 and JSON embedded in HTML.
#pragma once

#include <string>
#include <string_view>

#include "text/html.h"

namespace gazette::render {

// Escapes & < > " ' for element content and quoted attribute values.
using text::EscapeHtml;

// XML 1.0 text or attribute value: & < > " ' escaped; bytes that are not well-formed
// UTF-8 become U+FFFD; characters XML 1.0 forbids (C0 controls except tab, LF, CR;
// U+FFFE, U+FFFF) are dropped.
std::string EscapeXml(std::string_view text);

// Makes serialized JSON safe inside <script type="application/ld+json">: < > & and
// U+2028/U+2029 become \u escapes, so "</script>" or "<!--" can never occur. Valid only for
// JSON text (those characters may appear in JSON only inside strings).
std::string EscapeJsonForHtml(std::string_view json);

// Appends `text` as a JSON string, quotes included, already made safe inside a script
// element: the text EscapeJsonForHtml gives for boost::json's serialization of that string
// (" and \ escaped, control characters as \b \t \n \f \r or \u00xx, then < > & U+2028
// U+2029 as \u escapes), in one pass.
void AppendJsonStringForHtml(std::string& out, std::string_view text);

// Percent-encodes everything but RFC 3986 unreserved characters (for share-link queries).
std::string EncodeUriComponent(std::string_view text);

}  // namespace gazette::render
