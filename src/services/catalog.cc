#include "services/catalog.h"

#include <algorithm>
#include <set>

#include "model/permissions.h"
#include "text/slug.h"

namespace gazette::services {

namespace {

using model::Id;

// First-level section slugs that the public URL scheme already uses under /<edition>/.
const std::set<std::string> kReservedSectionSlugs = {"tag", "author", "search"};

std::size_t Characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

model::Status CheckName(const std::string& name, const char* what) {
  if (name.empty()) return model::InvalidInput(std::string(what) + " needs a name", "name");
  if (Characters(name) > 100) {
    return model::InvalidInput("the name is longer than 100 characters", "name");
  }
  return model::Ok();
}

// The slug asked for, or one made from the name when none was given.
model::Result<std::string> SlugFor(const std::string& asked, const std::string& name) {
  std::string slug = Trim(asked);
  if (slug.empty()) slug = text::Slugify(name);
  if (!Catalog::IsValidSlug(slug)) {
    return model::InvalidInput(
        "the slug may only contain lowercase letters a-z, digits and single hyphens (at most "
        "80 characters)",
        "slug");
  }
  return slug;
}

model::Status MayManage(const model::User& user) {
  if (!model::MayManageCatalog(user.role)) {
    return model::Forbidden(
        "only editors and administrators manage sections, tags, authors "
        "and placements");
  }
  return model::Ok();
}

model::Status MayAdminister(const model::User& user) {
  if (!model::MayManageUsers(user.role)) {
    return model::Forbidden("only administrators manage users");
  }
  return model::Ok();
}

}  // namespace

std::string SectionSlot(Id section_id) { return "section:" + std::to_string(section_id); }

Catalog::Catalog(storage::Store& store, Accounts& accounts, Clock clock)
    : store_(store), accounts_(accounts), clock_(std::move(clock)) {}

bool Catalog::IsValidSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 80 || slug.front() == '-' || slug.back() == '-') return false;
  for (std::size_t i = 0; i < slug.size(); ++i) {
    const char c = slug[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
    if (c == '-' && i > 0 && slug[i - 1] == '-') return false;
  }
  return true;
}

model::Status Catalog::Audit(const model::User& user, const std::string& action,
                             const std::string& detail) {
  return store_.AppendAudit({0, clock_(), user.username, action, 0, detail});
}

// --- reads

model::Result<std::vector<model::Edition>> Catalog::Editions() { return store_.ListEditions(); }

model::Result<std::vector<model::Section>> Catalog::Sections(const std::string& edition) {
  return store_.ListSections(edition);
}

model::Result<std::optional<model::Section>> Catalog::GetSection(Id id) {
  return store_.GetSection(id);
}

model::Result<std::vector<model::Tag>> Catalog::Tags(const std::string& edition) {
  return store_.ListTags(edition);
}

model::Result<std::optional<model::Tag>> Catalog::GetTag(Id id) {
  GAZETTE_ASSIGN_OR_RETURN(auto tags, store_.GetTags({id}));
  if (tags.empty()) return std::optional<model::Tag>();
  return std::optional<model::Tag>(std::move(tags.front()));
}

model::Result<std::vector<model::Author>> Catalog::Authors() { return store_.ListAuthors(); }

model::Result<std::optional<model::Author>> Catalog::GetAuthor(Id id) {
  GAZETTE_ASSIGN_OR_RETURN(auto authors, store_.GetAuthors({id}));
  if (authors.empty()) return std::optional<model::Author>();
  return std::optional<model::Author>(std::move(authors.front()));
}

model::Result<std::int64_t> Catalog::SectionUse(const model::Section& section) {
  storage::ArticleQuery q;
  q.edition = section.edition;
  q.section_id = section.id;
  q.published_only = false;
  return store_.CountArticles(q);
}

model::Result<std::int64_t> Catalog::TagUse(const model::Tag& tag) {
  storage::ArticleQuery q;
  q.edition = tag.edition;
  q.tag_id = tag.id;
  q.published_only = false;
  return store_.CountArticles(q);
}

model::Result<std::int64_t> Catalog::AuthorUse(const model::Author& author) {
  GAZETTE_ASSIGN_OR_RETURN(auto editions, store_.ListEditions());
  std::int64_t total = 0;
  for (const auto& e : editions) {
    storage::ArticleQuery q;
    q.edition = e.code;
    q.author_id = author.id;
    q.published_only = false;
    GAZETTE_ASSIGN_OR_RETURN(auto n, store_.CountArticles(q));
    total += n;
  }
  return total;
}

// --- sections

model::Result<model::Section> Catalog::SaveSection(const model::User& user, Id id,
                                                   const SectionFields& fields) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  const std::string name = Trim(fields.name);
  GAZETTE_RETURN_IF_ERROR(CheckName(name, "a section"));
  GAZETTE_ASSIGN_OR_RETURN(const std::string slug, SlugFor(fields.slug, name));
  std::optional<model::Section> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    model::Section section;
    if (id != 0) {
      GAZETTE_ASSIGN_OR_RETURN(auto current, store_.GetSection(id));
      if (!current) return model::NotFound("no section with id " + std::to_string(id));
      section = std::move(*current);
    } else {
      section.edition = fields.edition;
      GAZETTE_ASSIGN_OR_RETURN(auto editions, store_.ListEditions());
      const bool known = std::any_of(editions.begin(), editions.end(),
                                     [&](const auto& e) { return e.code == fields.edition; });
      if (!known) return model::InvalidInput("unknown edition: " + fields.edition, "edition");
    }
    GAZETTE_ASSIGN_OR_RETURN(auto all, store_.ListSections(section.edition));
    auto find = [&](Id wanted) -> const model::Section* {
      for (const auto& s : all) {
        if (s.id == wanted) return &s;
      }
      return nullptr;
    };
    std::string prefix;
    if (fields.parent_id) {
      const model::Section* parent = find(*fields.parent_id);
      if (parent == nullptr) {
        return model::InvalidInput("the parent section is not in this edition", "parent_id");
      }
      // The new parent may not be the section itself or below it.
      for (const model::Section* p = parent; p != nullptr;
           p = p->parent_id ? find(*p->parent_id) : nullptr) {
        if (id != 0 && p->id == id) {
          return model::InvalidInput("a section cannot be placed under itself or its subsections",
                                     "parent_id");
        }
      }
      prefix = parent->path + "/";
    } else if (kReservedSectionSlugs.count(slug) != 0) {
      return model::InvalidInput("the slug '" + slug + "' is reserved by the site's addresses",
                                 "slug");
    }
    const std::string old_path = section.path;
    section.name = name;
    section.slug = slug;
    section.parent_id = fields.parent_id;
    section.path = prefix + slug;
    section.position = fields.position;
    const bool moved = id != 0 && old_path != section.path;
    if (moved) {
      storage::ArticleQuery q;
      q.edition = section.edition;
      q.section_id = id;
      GAZETTE_ASSIGN_OR_RETURN(auto published, store_.CountArticles(q));
      if (published > 0) {
        return model::Conflict("the section has " + std::to_string(published) +
                               " published article(s): changing its address would break their "
                               "links");
      }
    }
    GAZETTE_ASSIGN_OR_RETURN(auto written, store_.SaveSection(section));
    if (moved) {
      for (auto s : all) {
        if (s.path.rfind(old_path + "/", 0) != 0) continue;
        s.path = section.path + s.path.substr(old_path.size());
        GAZETTE_ASSIGN_OR_RETURN(auto child, store_.SaveSection(s));
        (void)child;
      }
    }
    GAZETTE_RETURN_IF_ERROR(Audit(user, id == 0 ? "section.create" : "section.update",
                                  written.edition + "/" + written.path + " (" + written.name +
                                      ", id " + std::to_string(written.id) + ")"));
    saved = std::move(written);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Status Catalog::DeleteSection(const model::User& user, Id id) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto section, store_.GetSection(id));
    if (!section) return model::NotFound("no section with id " + std::to_string(id));
    GAZETTE_ASSIGN_OR_RETURN(auto all, store_.ListSections(section->edition));
    for (const auto& s : all) {
      if (s.parent_id == id) {
        return model::Conflict("the section has subsections: move or delete them first");
      }
    }
    GAZETTE_ASSIGN_OR_RETURN(auto used, SectionUse(*section));
    if (used > 0) {
      return model::Conflict("the section is used by " + std::to_string(used) +
                             " article(s): move them to another section first");
    }
    GAZETTE_RETURN_IF_ERROR(store_.SetPlacements(section->edition, SectionSlot(id), {}));
    GAZETTE_RETURN_IF_ERROR(store_.DeleteSection(id));
    return Audit(user, "section.delete",
                 section->edition + "/" + section->path + " (" + section->name + ")");
  });
}

// --- tags

model::Result<model::Tag> Catalog::SaveTag(const model::User& user, Id id,
                                           const TagFields& fields) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  const std::string name = Trim(fields.name);
  GAZETTE_RETURN_IF_ERROR(CheckName(name, "a tag"));
  GAZETTE_ASSIGN_OR_RETURN(const std::string slug, SlugFor(fields.slug, name));
  std::optional<model::Tag> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    model::Tag tag{id, fields.edition, name, slug};
    GAZETTE_ASSIGN_OR_RETURN(auto written, store_.SaveTag(tag));
    GAZETTE_RETURN_IF_ERROR(Audit(user, id == 0 ? "tag.create" : "tag.update",
                                  written.edition + ": " + written.name + " (" + written.slug +
                                      ", id " + std::to_string(written.id) + ")"));
    saved = std::move(written);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Status Catalog::DeleteTag(const model::User& user, Id id) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto tag, GetTag(id));
    if (!tag) return model::NotFound("no tag with id " + std::to_string(id));
    GAZETTE_ASSIGN_OR_RETURN(auto used, TagUse(*tag));
    if (used > 0) {
      return model::Conflict("the tag is used by " + std::to_string(used) +
                             " article(s): remove it from them first");
    }
    GAZETTE_RETURN_IF_ERROR(store_.DeleteTag(id));
    return Audit(user, "tag.delete", tag->edition + ": " + tag->name + " (" + tag->slug + ")");
  });
}

// --- authors

model::Result<model::Author> Catalog::SaveAuthor(const model::User& user, Id id,
                                                 const AuthorFields& fields) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  const std::string name = Trim(fields.name);
  GAZETTE_RETURN_IF_ERROR(CheckName(name, "an author"));
  GAZETTE_ASSIGN_OR_RETURN(const std::string slug, SlugFor(fields.slug, name));
  const std::string bio = Trim(fields.bio);
  if (Characters(bio) > 2000) {
    return model::InvalidInput("the biography is longer than 2000 characters", "bio");
  }
  std::optional<model::Author> saved;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto written, store_.SaveAuthor({id, name, slug, bio}));
    GAZETTE_RETURN_IF_ERROR(
        Audit(user, id == 0 ? "author.create" : "author.update",
              written.name + " (" + written.slug + ", id " + std::to_string(written.id) + ")"));
    saved = std::move(written);
    return model::Ok();
  }));
  return std::move(*saved);
}

model::Status Catalog::DeleteAuthor(const model::User& user, Id id) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto author, GetAuthor(id));
    if (!author) return model::NotFound("no author with id " + std::to_string(id));
    GAZETTE_ASSIGN_OR_RETURN(auto used, AuthorUse(*author));
    if (used > 0) {
      return model::Conflict("the author signs " + std::to_string(used) +
                             " article(s): remove the byline from them first");
    }
    GAZETTE_RETURN_IF_ERROR(store_.DeleteAuthor(id));
    return Audit(user, "author.delete", author->name + " (" + author->slug + ")");
  });
}

// --- placements

model::Status Catalog::CheckSlot(const std::string& edition, const std::string& slot) {
  GAZETTE_ASSIGN_OR_RETURN(auto editions, store_.ListEditions());
  if (std::none_of(editions.begin(), editions.end(),
                   [&](const auto& e) { return e.code == edition; })) {
    return model::InvalidInput("unknown edition: " + edition, "edition");
  }
  if (slot == kHomeSlot) return model::Ok();
  const std::string prefix = "section:";
  if (slot.rfind(prefix, 0) == 0) {
    GAZETTE_ASSIGN_OR_RETURN(auto sections, store_.ListSections(edition));
    for (const auto& s : sections) {
      if (SectionSlot(s.id) == slot) return model::Ok();
    }
  }
  return model::InvalidInput("unknown placement slot: " + slot, "slot");
}

model::Result<std::vector<model::Article>> Catalog::Placed(const std::string& edition,
                                                           const std::string& slot) {
  GAZETTE_RETURN_IF_ERROR(CheckSlot(edition, slot));
  GAZETTE_ASSIGN_OR_RETURN(auto placements, store_.ListPlacements(edition, slot));
  std::vector<model::Article> out;
  for (const auto& p : placements) {
    GAZETTE_ASSIGN_OR_RETURN(auto article, store_.GetArticle(p.article_id));
    if (article) out.push_back(std::move(*article));
  }
  return out;
}

model::Result<std::vector<model::Article>> Catalog::Candidates(const std::string& edition,
                                                               const std::string& query,
                                                               int limit) {
  storage::WorkQuery q;
  q.edition = edition;
  q.status = model::ArticleStatus::kPublished;
  q.title_contains = Trim(query);
  q.limit = limit;
  return store_.ListWork(q);
}

model::Status Catalog::EditPlacements(const model::User& user, const std::string& edition,
                                      const std::string& slot, const PlacementEdit& edit) {
  GAZETTE_RETURN_IF_ERROR(MayManage(user));
  GAZETTE_RETURN_IF_ERROR(CheckSlot(edition, slot));
  using Kind = PlacementEdit::Kind;
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto placements, store_.ListPlacements(edition, slot));
    std::vector<Id> ids;
    for (const auto& p : placements) ids.push_back(p.article_id);
    const auto at = std::find(ids.begin(), ids.end(), edit.article_id);
    std::string action;
    switch (edit.kind) {
      case Kind::kAdd: {
        if (at != ids.end()) return model::Conflict("the article is already featured here");
        if (static_cast<int>(ids.size()) >= kMaxPlacements) {
          return model::InvalidInput("at most " + std::to_string(kMaxPlacements) +
                                         " articles can be featured in one place",
                                     "article_id");
        }
        GAZETTE_ASSIGN_OR_RETURN(auto article, store_.GetArticle(edit.article_id));
        if (!article || article->edition != edition ||
            article->status != model::ArticleStatus::kPublished) {
          return model::InvalidInput("only a published article of this edition can be featured",
                                     "article_id");
        }
        ids.push_back(edit.article_id);
        action = "placement.add";
        break;
      }
      case Kind::kRemove:
        if (at == ids.end()) return model::NotFound("the article is not featured here");
        ids.erase(at);
        action = "placement.remove";
        break;
      case Kind::kUp:
      case Kind::kDown: {
        if (at == ids.end()) return model::NotFound("the article is not featured here");
        const auto index = at - ids.begin();
        const auto other = edit.kind == Kind::kUp ? index - 1 : index + 1;
        if (other < 0 || other >= static_cast<std::ptrdiff_t>(ids.size())) return model::Ok();
        std::swap(ids[index], ids[other]);
        action = edit.kind == Kind::kUp ? "placement.up" : "placement.down";
        break;
      }
    }
    GAZETTE_RETURN_IF_ERROR(store_.SetPlacements(edition, slot, ids));
    return store_.AppendAudit(
        {0, clock_(), user.username, action, edit.article_id, edition + " " + slot});
  });
}

// --- users

model::Result<model::User> Catalog::CreateUser(const model::User& by, const std::string& username,
                                               const std::string& display_name, model::Role role,
                                               const std::string& password) {
  GAZETTE_RETURN_IF_ERROR(MayAdminister(by));
  std::optional<model::User> created;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto user,
                             accounts_.CreateUser(username, Trim(display_name), role, password));
    GAZETTE_RETURN_IF_ERROR(
        Audit(by, "user.create", user.username + " (" + model::RoleName(user.role) + ")"));
    created = std::move(user);
    return model::Ok();
  }));
  return std::move(*created);
}

model::Status Catalog::SetRole(const model::User& by, Id user_id, model::Role role) {
  GAZETTE_RETURN_IF_ERROR(MayAdminister(by));
  if (user_id == by.id) return model::InvalidInput("you cannot change your own role", "role");
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto user, store_.GetUser(user_id));
    if (!user) return model::NotFound("no user with id " + std::to_string(user_id));
    if (user->role == role) return model::Ok();
    const std::string from = model::RoleName(user->role);
    user->role = role;
    GAZETTE_RETURN_IF_ERROR(store_.UpdateUser(*user));
    return Audit(by, "user.role", user->username + ": " + from + " → " + model::RoleName(role));
  });
}

model::Status Catalog::SetDisabled(const model::User& by, Id user_id, bool disabled) {
  GAZETTE_RETURN_IF_ERROR(MayAdminister(by));
  if (user_id == by.id) return model::InvalidInput("you cannot disable yourself", "disabled");
  return store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto user, store_.GetUser(user_id));
    if (!user) return model::NotFound("no user with id " + std::to_string(user_id));
    GAZETTE_RETURN_IF_ERROR(accounts_.SetDisabled(user_id, disabled));
    return Audit(by, disabled ? "user.disable" : "user.enable", user->username);
  });
}

}  // namespace gazette::services
