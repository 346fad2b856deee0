// The services' error messages in the admin's language. The services speak English (the CLI
// prints their messages as they are); the admin recognizes the common ones and shows the
// catalog's text instead, with the parts that vary (a count, a slug, a MIME type) carried over
// in order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/admin.h"

namespace gazette::http {
namespace {

struct KnownMessage {
  std::string_view english;  // the service's text; each "{}" stands for a part that varies
  std::string_view key;      // the catalog key, whose text holds as many "{}"
  bool statuses = false;     // the parts are article status names, shown translated
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
    {"the address '{}' is already used in edition {}", "err_address_taken"},
    {"the slug '{}' is already used in edition {}", "err_slug_taken_in_edition"},
    {"slug '{}' is already used in edition {}", "err_slug_taken_in_edition"},
    {"the slug '{}' is already used", "err_slug_taken"},
    {"external id '{}' is already used", "err_external_id_taken"},
    {"the file is too large: {} (limit {})", "err_file_too_large"},
    {"the image is too large: {} × {} pixels (limit {} megapixels)", "err_image_too_large"},
    {"the file is not a readable image: {}", "err_image_unreadable"},
    {"your role cannot upload images", "err_role_upload"},
    {"your role cannot edit the media library", "err_role_media"},
    {"your role cannot write articles", "err_role_write"},
    {"reporters may change only their own articles", "err_reporter_own_articles"},
    {"your role cannot edit an article that is {}", "err_role_edit_status", true},
    {"your role cannot move an article from {} to {}", "err_role_move_status", true},
    {"your role cannot machine-translate articles", "err_role_translate"},
    {"the body is larger than 512 KiB", "err_body_too_large"},
    {"the image is the main image of {} article(s): choose another image for them first",
     "err_image_in_use"},
    {"your role cannot delete images", "err_role_delete_media"},
    {"the main image has no alt text: describe it in the media library (image {}) before "
     "publishing",
     "err_image_needs_alt"},
};

// The parts of `message` standing for each "{}" of `pattern`, in order, or nullopt when the
// message is not this pattern. A part ends where the pattern's next literal text first
// appears, and is never empty.
std::optional<std::vector<std::string_view>> Match(std::string_view message,
                                                   std::string_view pattern) {
  std::vector<std::string_view> parts;
  std::size_t hole = pattern.find("{}");
  const std::string_view head = pattern.substr(0, hole);
  if (!message.starts_with(head)) return std::nullopt;
  message.remove_prefix(head.size());
  while (hole != std::string_view::npos) {
    pattern.remove_prefix(hole + 2);
    hole = pattern.find("{}");
    const std::string_view literal = pattern.substr(0, hole);
    const bool last = hole == std::string_view::npos;
    // The last part runs to the pattern's tail, which ends the message.
    const std::size_t end = last ? (message.ends_with(literal) ? message.size() - literal.size()
                                                               : std::string_view::npos)
                                 : message.find(literal, 1);
    if (end == std::string_view::npos || end == 0) return std::nullopt;
    parts.push_back(message.substr(0, end));
    message.remove_prefix(end + literal.size());
  }
  if (!message.empty()) return std::nullopt;
  return parts;
}

}  // namespace

std::string AdminHandlers::ErrorText(const Context& ctx, const model::Error& error) const {
  for (const auto& known : kKnownMessages) {
    const auto parts = Match(error.message, known.english);
    if (!parts) continue;
    std::string text = T(ctx, std::string(known.key));
    std::size_t at = 0;
    for (std::string_view part : *parts) {
      at = text.find("{}", at);
      if (at == std::string::npos) break;
      std::string shown(part);
      if (known.statuses) {
        if (std::string name = T(ctx, "status_" + shown); !name.empty()) shown = name;
      }
      text.replace(at, 2, shown);
      at += shown.size();
    }
    return text;
  }
  return error.message;
}

}  // namespace gazette::http
