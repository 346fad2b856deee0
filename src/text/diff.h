// A word-level diff of two texts, for showing what changed between article revisions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::text {

struct DiffPiece {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind = Kind::kSame;
  std::string text;  // consecutive tokens of one kind, with their whitespace
};

// Splits both texts into words (each with its trailing whitespace; an HTML tag is a word of its
// own) and returns the pieces of a longest-common-subsequence alignment: concatenating the
// kSame and kRemoved pieces gives `before`, the kSame and kAdded ones gives `after`. Above
// `max_tokens` words on either side the result is one removal and one addition.
std::vector<DiffPiece> WordDiff(std::string_view before, std::string_view after,
                                std::size_t max_tokens = 5000);

}  // namespace gazette::text
