#include "model/integrity.h"

namespace gazette::model {

void IntegrityReport::Merge(const IntegrityReport& other) {
  protected_items += other.protected_items;
  kept += other.kept;
  missing += other.missing;
  duplicated += other.duplicated;
  altered += other.altered;
  numbers_source += other.numbers_source;
  numbers_translation += other.numbers_translation;
  dates_source += other.dates_source;
  dates_translation += other.dates_translation;
  issues.insert(issues.end(), other.issues.begin(), other.issues.end());
}

std::string DescribeIssues(const IntegrityReport& report) {
  std::string out;
  for (const auto& issue : report.issues) {
    if (!out.empty()) out += "; ";
    out += issue.field + ": " + issue.detail;
  }
  return out;
}

}  // namespace gazette::model
