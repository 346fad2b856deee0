// The newspaper's content model (SPEC §3). Plain values: no I/O, no library types.
// Times are Unix seconds in UTC; an edition's time zone applies only when showing them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::model {

using Id = std::int64_t;
using UnixSeconds = std::int64_t;

// A language version of the newspaper, e.g. the French edition under /fr/.
struct Edition {
  std::string code;       // BCP 47 language tag and URL prefix: "fr"
  std::string name;       // "Gazette — édition française"
  std::string language;   // "fr"
  std::string locale;     // ICU locale: "fr_FR"
  std::string time_zone;  // IANA zone: "Asia/Ho_Chi_Minh"
  int position = 0;       // order in the language switcher

  bool operator==(const Edition&) const = default;
};

// One node of an edition's section tree. `path` is the slash-joined slugs from the
// root ("international/amerique"); it is what URLs use.
struct Section {
  Id id = 0;
  std::string edition;
  std::optional<Id> parent_id;
  std::string name;
  std::string slug;
  std::string path;
  int position = 0;

  bool operator==(const Section&) const = default;
};

struct Tag {
  Id id = 0;
  std::string edition;
  std::string name;
  std::string slug;

  bool operator==(const Tag&) const = default;
};

struct Author {
  Id id = 0;
  std::string name;
  std::string slug;
  std::string bio;

  bool operator==(const Author&) const = default;
};

// An image in the media library. `file` is relative to the site's media folder
// (e.g. "2024/07/jens-stoltenberg-nato-commerce.jpg"), or an absolute http(s) URL.
struct Media {
  Id id = 0;
  std::string file;
  std::string caption;
  std::string credit;
  std::string alt;
  int width = 0;
  int height = 0;
  std::string mime_type;
  std::vector<int> rendition_widths;  // widths with "<stem>-<w>.jpg" and ".webp" beside the file

  bool operator==(const Media&) const = default;
};

enum class ArticleStatus { kDraft, kReview, kScheduled, kPublished, kUnpublished };

const char* StatusName(ArticleStatus status);
std::optional<ArticleStatus> ParseStatus(std::string_view name);

struct Article {
  Id id = 0;
  std::string external_id;  // stable id from the interchange format; unique
  std::string edition;
  Id translation_group = 0;  // articles that translate each other share it; 0 = none yet
  std::string title;
  std::string seo_title;
  std::string social_title;
  std::string slug;
  std::string lead;
  std::string body_html;  // sanitized
  Id section_id = 0;
  std::vector<Id> tag_ids;
  std::vector<Id> author_ids;
  std::string source;  // agency attribution, e.g. "RIA Novosti"
  std::optional<Id> image_id;
  ArticleStatus status = ArticleStatus::kDraft;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::optional<UnixSeconds> published_at;
  std::optional<UnixSeconds> scheduled_at;
  int revision = 0;  // number of saves; the latest revision's number

  bool operator==(const Article&) const = default;
};

// A saved state of an article (every save makes one).
struct Revision {
  Id article_id = 0;
  int number = 0;
  UnixSeconds saved_at = 0;
  std::string saved_by;
  std::string title;
  std::string lead;
  std::string body_html;
};

// Editor-curated slot: `slot` names a place ("home", "section:<id>"), `position` orders it.
struct Placement {
  std::string edition;
  std::string slot;
  int position = 0;
  Id article_id = 0;
};

// An old public path that now lives elsewhere (slug changes), answered with 301.
struct Redirect {
  std::string from_path;
  std::string to_path;
};

enum class Role { kAdministrator, kEditor, kReporter, kTranslator };

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kReporter;
  bool disabled = false;
};

// A content change, recorded by storage in the same transaction as the change itself, so
// every process serving the same database can evict exactly the pages it affects.
struct Change {
  std::int64_t seq = 0;
  std::string edition;  // empty: site-wide (editions, settings)
  Id article_id = 0;    // 0: not about one article
  Id translation_group = 0;
};

}  // namespace gazette::model
