// The integrity report of a machine translation (SPEC §5): what the translation pipeline
// protected, what came back, and every problem found. An article whose report has issues
// cannot be published. Plain values; text/ computes them, storage keeps them.
#pragma once

#include <string>
#include <vector>

namespace gazette::model {

struct IntegrityIssue {
  std::string field;   // where: "title", "lead", "body_html"
  std::string kind;    // "missing", "duplicated", "altered", "leaked", "number", "date"
  std::string detail;  // what, for an editor: "number '40' is missing"
};

struct IntegrityReport {
  int protected_items = 0;  // items replaced by placeholders before translation
  int kept = 0;             // items restored exactly once
  int missing = 0;          // placeholders the provider dropped
  int duplicated = 0;       // placeholders the provider repeated
  int altered = 0;          // placeholders the provider changed (broken or unknown tokens)
  int numbers_source = 0;   // numbers in the source, protected or not
  int numbers_translation = 0;
  int dates_source = 0;
  int dates_translation = 0;
  std::vector<IntegrityIssue> issues;
  // The provider that machine-translated the article ("apertium"), while the translation
  // needs review; empty for human text and once an editor has reviewed it.
  std::string machine_translation;

  bool ok() const { return issues.empty(); }
  // Adds `other`'s counts and issues to this report (not machine_translation).
  void Merge(const IntegrityReport& other);
};

// One line per issue, "body_html: number '40' is missing", joined by "; ".
std::string DescribeIssues(const IntegrityReport& report);

}  // namespace gazette::model
