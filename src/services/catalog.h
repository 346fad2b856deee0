// The newsroom's catalog: sections (a tree per edition), tags, authors, the featured
// placements ("à la une") of the home and section pages, and the management of users. Used
// by the admin (http/admin_catalog.cc).
//
// Every write checks model/permissions.h first (kForbidden, nothing changed), validates its
// input (kInvalidInput with the field's name, nothing changed), and writes the audit log in
// the same transaction as the change. Storage records a change in that transaction too, so
// every serving process evicts the public pages that show it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/content.h"
#include "model/result.h"
#include "services/accounts.h"
#include "storage/store.h"

namespace gazette::services {

struct SectionFields {
  std::string edition;  // for a new section; an existing one keeps its edition
  std::string name;     // required, at most 100 characters
  std::string slug;     // a-z 0-9 and single hyphens, at most 80; empty: from the name
  std::optional<model::Id> parent_id;
  int position = 0;  // order among its siblings
};

struct TagFields {
  std::string edition;  // for a new tag
  std::string name;
  std::string slug;
};

struct AuthorFields {
  std::string name;
  std::string slug;
  std::string bio;  // plain text, at most 2000 characters
};

// The slot of an edition's home page, and of a section page.
inline constexpr char kHomeSlot[] = "home";
std::string SectionSlot(model::Id section_id);

// How a placement list changes.
struct PlacementEdit {
  enum class Kind { kAdd, kRemove, kUp, kDown };
  Kind kind = Kind::kAdd;
  model::Id article_id = 0;
};

class Catalog {
 public:
  using Clock = std::function<model::UnixSeconds()>;
  // At most this many featured articles per slot.
  static constexpr int kMaxPlacements = 12;

  Catalog(storage::Store& store, Accounts& accounts, Clock clock);

  // --- reads (any logged-in user; the admin decides who sees the pages)
  model::Result<std::vector<model::Edition>> Editions();
  model::Result<std::vector<model::Section>> Sections(const std::string& edition);
  model::Result<std::optional<model::Section>> GetSection(model::Id id);
  model::Result<std::vector<model::Tag>> Tags(const std::string& edition);
  model::Result<std::optional<model::Tag>> GetTag(model::Id id);
  model::Result<std::vector<model::Author>> Authors();
  model::Result<std::optional<model::Author>> GetAuthor(model::Id id);
  // How many articles (any status) use it; a section counts its subsections' articles.
  model::Result<std::int64_t> SectionUse(const model::Section& section);
  model::Result<std::int64_t> TagUse(const model::Tag& tag);
  model::Result<std::int64_t> AuthorUse(const model::Author& author);

  // --- sections, tags, authors: editors and administrators.
  // `id` 0 creates. Errors: kInvalidInput (fields "name", "slug", "parent_id", "edition":
  // a reserved or malformed slug, a parent in another edition, the section itself or one of
  // its descendants as parent), kConflict (field "slug": the address is taken), kNotFound.
  // Changing the address (slug or parent) of a section that has published articles is
  // refused (kConflict): their links would break. Subsections follow a moved section.
  model::Result<model::Section> SaveSection(const model::User& user, model::Id id,
                                            const SectionFields& fields);
  // kConflict when articles or subsections still use it; its placements go with it.
  model::Status DeleteSection(const model::User& user, model::Id id);
  model::Result<model::Tag> SaveTag(const model::User& user, model::Id id, const TagFields& fields);
  // kConflict when articles still use it.
  model::Status DeleteTag(const model::User& user, model::Id id);
  model::Result<model::Author> SaveAuthor(const model::User& user, model::Id id,
                                          const AuthorFields& fields);
  // kConflict when articles still carry the byline.
  model::Status DeleteAuthor(const model::User& user, model::Id id);

  // --- placements: editors and administrators.
  // The slot's articles in order (whatever their status: the admin shows which are not
  // public). kInvalidInput for an unknown slot ("home" or "section:<id of the edition>").
  model::Result<std::vector<model::Article>> Placed(const std::string& edition,
                                                    const std::string& slot);
  // Published articles of the edition whose title contains `query` (all when empty), newest
  // first, at most `limit`.
  model::Result<std::vector<model::Article>> Candidates(const std::string& edition,
                                                        const std::string& query, int limit);
  // Applies one edit to the slot's list and saves the whole list in one transaction. An
  // added article must be published in the edition (kInvalidInput, field "article_id") and
  // not already placed (kConflict); the list holds at most kMaxPlacements. Moving the first
  // up or the last down changes nothing.
  model::Status EditPlacements(const model::User& user, const std::string& edition,
                               const std::string& slot, const PlacementEdit& edit);

  // --- users: administrators. Administrators cannot change their own role or disable
  // themselves (kInvalidInput), so a site always keeps one way in.
  model::Result<model::User> CreateUser(const model::User& by, const std::string& username,
                                        const std::string& display_name, model::Role role,
                                        const std::string& password);
  model::Status SetRole(const model::User& by, model::Id user_id, model::Role role);
  model::Status SetDisabled(const model::User& by, model::Id user_id, bool disabled);

  // Whether `slug` is a-z 0-9 words joined by single hyphens, 1 to 80 characters.
  static bool IsValidSlug(const std::string& slug);

 private:
  model::Status Audit(const model::User& user, const std::string& action,
                      const std::string& detail);
  model::Status CheckSlot(const std::string& edition, const std::string& slot);

  storage::Store& store_;
  Accounts& accounts_;
  Clock clock_;
};

}  // namespace gazette::services
