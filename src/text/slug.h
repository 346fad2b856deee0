// URL slugs from display text in any script.
#pragma once

#include <string>
#include <string_view>

namespace gazette::text {

inline constexpr std::size_t kMaxSlugLength = 80;

// Transliterates to lowercase ASCII (ICU "Any-Latin; Latin-ASCII; Lower"), turns each run of
// characters outside [a-z0-9] into "-", trims dashes and caps the result at kMaxSlugLength
// characters, cutting at a dash when there is one. "Nghệ An – Báo điện tử" ->
// "nghe-an-bao-dien-tu". Returns "" when nothing usable is left; the caller picks a fallback.
// Thread-safe.
std::string Slugify(std::string_view text);

}  // namespace gazette::text
