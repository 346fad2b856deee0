// Detects machine-translation placeholder tokens that leaked into text meant for readers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::text {

// Returns each distinct leaked token, in order of first appearance:
// DNUM_XXXX (4+ capitals or digits), __PH12__ / __NUM_3__, {{0}} / {{name}}, [[0]] / [[x]],
// and ALLCAPS_SUFFIX tokens whose suffix is 6+ capitals/digits (e.g. "TERM_QXZKWPRA").
// Ordinary words, acronyms and codes ("COVID-19", "OTAN", "G7", "F-35") are not reported.
std::vector<std::string> FindLeakedPlaceholders(std::string_view text);

}  // namespace gazette::text
