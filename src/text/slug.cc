#include "text/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

namespace gazette::text {
namespace {

// Building the transliterator parses rule sets (milliseconds): build one prototype, then give
// each thread its own clone, since a Transliterator must not be used from two threads at once.
const icu::Transliterator* Prototype() {
  static const icu::Transliterator* prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower",
                                                                 UTRANS_FORWARD, status);
    if (U_FAILURE(status)) {
      delete t;
      return static_cast<icu::Transliterator*>(nullptr);
    }
    return t;
  }();
  return prototype;
}

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> local(Prototype() ? Prototype()->clone()
                                                                      : nullptr);
  return local.get();
}

}  // namespace

std::string Slugify(std::string_view text) {
  std::string ascii;
  if (icu::Transliterator* t = ThreadTransliterator()) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    t->transliterate(u);
    u.toUTF8String(ascii);
  } else {
    ascii.assign(text);
  }

  std::string slug;
  slug.reserve(ascii.size());
  bool dash = false;
  for (char ch : ascii) {
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !slug.empty()) slug += '-';
      dash = false;
      slug += c;
    } else {
      dash = true;
    }
  }
  if (slug.size() > kMaxSlugLength) {
    // Cut at the last dash that keeps whole words, unless that loses too much.
    std::size_t cut = kMaxSlugLength;
    if (slug[cut] != '-') {
      std::size_t last = slug.rfind('-', cut);
      if (last != std::string::npos && last > 0) cut = last;
    }
    slug.resize(cut);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug;
}

}  // namespace gazette::text
