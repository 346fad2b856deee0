// Protection of what machine translation must not change (SPEC §5), and verification of
// what came back. Protect() replaces numbers, dates, times, amounts, percentages, URLs,
// e-mails, HTML markup, glossary terms and names by placeholder elements; the translation
// provider (in HTML mode) passes them through as markup; Restore() puts the items back and
// reports every placeholder that was dropped, repeated or changed, every placeholder-like
// token left, and every number that differs between source and translation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/integrity.h"

namespace gazette::text {

enum class ProtectedKind {
  kMarkup,  // an HTML tag with its attributes
  kUrl,     // https://..., www....
  kEmail,
  kDate,     // 11/07/2024, 2024-07-11, "11 juillet 2024" (re-rendered in the target locale)
  kTime,     // 08:32, 8h30
  kAmount,   // 12 €, $5, 1 500 USD
  kPercent,  // 12,5 %
  kNumber,   // 40, 1 500, 12,5 (numbers inside words, "COVID-19", "G7", are left alone)
  kTerm,     // a glossary term (kept, or replaced by its forced translation)
  kName,     // a person's name: given (authors, tags) or found (capitalized words)
};

const char* ProtectedKindName(ProtectedKind kind);

struct ProtectedItem {
  ProtectedKind kind = ProtectedKind::kNumber;
  std::string original;     // as in the source
  std::string replacement;  // what Restore() puts back: `original`, a forced translation or
                            // a date rendered in the target locale
};

struct GlossaryTerm {
  std::string term;         // as written in the source language, case-sensitive
  std::string translation;  // empty: never translated; else forced ("OTAN" -> "NATO")
};

struct ProtectOptions {
  std::string source_locale = "fr_FR";  // ICU locale: month names recognised in dates
  std::string target_locale = "es_ES";  // ICU locale: dates with month names rendered in it
  std::vector<std::string> names;       // kept verbatim: authors' names, names from tags
  std::vector<GlossaryTerm> glossary;
  bool detect_names = true;  // capitalized multi-word names ("Jens Stoltenberg", "Jean de la Tour")
};

struct ProtectedText {
  std::string text;  // the input with each item replaced by PlaceholderFor(index)
  std::vector<ProtectedItem> items;
};

// The placeholder of item `index`: <gz-p n="index"/>. An element, so that Apertium and
// HTML-aware services treat it as markup and neither translate nor move it inside words.
std::string PlaceholderFor(std::size_t index);

// `html` is a sanitized HTML fragment or escaped plain text, in UTF-8 (see
// DecodeEntitiesForTranslation). Pure; never fails.
ProtectedText Protect(std::string_view html, const ProtectOptions& options);

struct RestoredText {
  std::string text;
  model::IntegrityReport report;
};

// Puts the items back into `translated` (the provider's output for `source.text`) and
// verifies it. Issues name `field`. Every placeholder of a known index is replaced, even
// when repeated, so the restored text never shows a placeholder of ours; a broken one is
// reported as altered and removed.
RestoredText Restore(std::string_view translated, const ProtectedText& source,
                     std::string_view field);

// Decodes character references (&eacute;, &#233;, &laquo;) to UTF-8, except &amp; &lt; &gt;
// and &quot; which stay escaped: Apertium's HTML mode garbles non-ASCII entities.
std::string DecodeEntitiesForTranslation(std::string_view html);

// Lints text meant for readers (on save and import): leaked placeholders, our own
// placeholder elements, and a leaked token standing where a date should be (right before a
// time, as in "Russie DNUM_BBZAHZCACE 08:32"). Empty when the text is clean.
std::vector<model::IntegrityIssue> LintForReaders(std::string_view text, std::string_view field);

}  // namespace gazette::text
