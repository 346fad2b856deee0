// The services' error messages in the admin's language. The services speak English (the CLI
// prints their messages as they are); the admin recognizes the common ones and shows the
// catalog's text instead, with the part that varies (a count, a slug, a MIME type) carried over.
#include <optional>
#include <string>
#include <string_view>

#include "http/admin.h"

namespace gazette::http {
namespace {

struct KnownMessage {
  std::string_view english;  // the service's text; "{}" stands for the part that varies
  std::string_view key;      // the catalog key, whose text may hold "{}" too
};

constexpr KnownMessage kKnownMessages[] = {
    {"a section needs a name", "err_section_needs_name"},
    {"a tag needs a name", "err_tag_needs_name"},
    {"an author needs a name", "err_author_needs_name"},
    {"the name is longer than 100 characters", "err_name_too_long"},
    {"the slug may only contain lowercase letters a-z, digits and single hyphens (at most 80 "
     "characters)",
     "err_slug_invalid"},
    {"the slug '{}' is reserved by the site's addresses", "err_slug_reserved"},
    {"the parent section is not in this edition", "err_parent_other_edition"},
    {"a section cannot be placed under itself or its subsections", "err_section_cycle"},
    {"the section has {} published article(s): changing its address would break their links",
     "err_section_address_in_use"},
    {"the section has subsections: move or delete them first", "err_section_has_subsections"},
    {"the section is used by {} article(s): move them to another section first",
     "err_section_in_use"},
    {"the tag is used by {} article(s): remove it from them first", "err_tag_in_use"},
    {"the author signs {} article(s): remove the byline from them first", "err_author_in_use"},
    {"the biography is longer than 2000 characters", "err_bio_too_long"},
    {"the article is already featured here", "err_already_featured"},
    {"at most {} articles can be featured in one place", "err_too_many_featured"},
    {"only a published article of this edition can be featured", "err_feature_unpublished"},
    {"the article is not featured here", "err_not_featured"},
    {"you cannot change your own role", "err_own_role"},
    {"you cannot disable yourself", "err_disable_self"},
    {"the caption is longer than 1000 characters", "err_caption_too_long"},
    {"the credit is longer than 200 characters", "err_credit_too_long"},
    {"the alt text is longer than 500 characters", "err_alt_too_long"},
    {"not a supported image (found: {})", "err_unsupported_image"},
    {"the file is empty", "err_file_empty"},
};

// The part of `message` standing for "{}" in `pattern` (empty when the pattern has none), or
// nullopt when the message is not this pattern.
std::optional<std::string_view> Match(std::string_view message, std::string_view pattern) {
  const std::size_t hole = pattern.find("{}");
  if (hole == std::string_view::npos) {
    if (message == pattern) return std::string_view();
    return std::nullopt;
  }
  const std::string_view prefix = pattern.substr(0, hole);
  const std::string_view suffix = pattern.substr(hole + 2);
  if (message.size() <= prefix.size() + suffix.size() || !message.starts_with(prefix) ||
      !message.ends_with(suffix)) {
    return std::nullopt;
  }
  return message.substr(prefix.size(), message.size() - prefix.size() - suffix.size());
}

}  // namespace

std::string AdminHandlers::ErrorText(const Context& ctx, const model::Error& error) const {
  for (const auto& known : kKnownMessages) {
    const auto part = Match(error.message, known.english);
    if (!part) continue;
    std::string text = T(ctx, std::string(known.key));
    if (const std::size_t at = text.find("{}"); at != std::string::npos) {
      text.replace(at, 2, *part);
    }
    return text;
  }
  return error.message;
}

}  // namespace gazette::http
