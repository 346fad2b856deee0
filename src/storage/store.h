// Start here. The storage contract: everything Gazette keeps goes through this interface.
// SQLite (storage/sqlite/) implements it for one machine; a PostgreSQL backend will
// implement it for clusters. Nothing above storage/ knows which one it talks to.
//
// Thread safety: a Store may be called from many threads at once. Within
// InTransaction's callback, calls from that thread join the transaction.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/accounts.h"
#include "model/content.h"
#include "model/integrity.h"
#include "model/result.h"

namespace gazette::storage {

using model::Id;
using model::Result;
using model::Status;

// Which articles to list. Lists are newest first (published_at, then id).
struct ArticleQuery {
  std::string edition;           // required
  std::optional<Id> section_id;  // includes the section's descendants
  std::optional<Id> tag_id;
  std::optional<Id> author_id;
  std::optional<Id> translation_group;
  bool published_only = true;  // status published and published_at <= now
  model::UnixSeconds now = 0;  // for published_only; 0 = no upper bound on published_at
  std::optional<model::UnixSeconds> published_since;  // inclusive
  std::vector<Id> exclude_ids;
  bool with_body = false;  // lists usually need title, lead, image only
  int limit = 20;
  int offset = 0;
};

// Which articles the newsroom sees (admin lists), newest change first. Every status.
struct WorkQuery {
  std::string edition;  // empty: every edition
  std::optional<model::ArticleStatus> status;
  std::string created_by;      // username who saved revision 1; empty: anyone
  std::string title_contains;  // case-insensitive for ASCII; empty: any
  std::optional<Id> section_id;
  std::optional<Id> image_id;  // only articles whose main image this is
  int limit = 50;
  int offset = 0;
};

// Which images the media library lists, newest first (highest id).
struct MediaQuery {
  std::string text;  // must occur in the caption, alt text, credit or file name (ASCII case
                     // folded; % and _ are plain characters); empty: every image
  int limit = 50;
  int offset = 0;
};

// Runs a transaction's `work`: an exception it throws becomes an internal error "<what>
// aborted by an exception: …", so that the caller can still roll back and answer.
inline Status RunCatching(const std::function<Status()>& work, std::string_view what) {
  try {
    return work();
  } catch (const std::exception& e) {
    return model::Internal(std::string(what) + " aborted by an exception: " + e.what());
  } catch (...) {
    return model::Internal(std::string(what) + " aborted by an exception");
  }
}

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in one transaction: committed if it returns ok, rolled back otherwise (and
  // if it throws). Calls made from this thread inside `work` take part in the transaction.
  virtual Status InTransaction(const std::function<Status()>& work) = 0;

  // Runs `work`, which only reads, so that the reads made from this thread inside it see
  // one state of the data (a backend may also answer each read on its own, as if outside).
  // Inside InTransaction it simply runs `work` there. Returns `work`'s status (an error if it
  // throws); it must not write. SQLite: one read transaction, taken and checked once for all
  // the reads of a page.
  virtual Status InReadTransaction(const std::function<Status()>& work) {
    return RunCatching(work, "read");
  }

  // --- editions
  virtual Result<std::vector<model::Edition>> ListEditions() = 0;
  virtual Status UpsertEdition(const model::Edition& edition) = 0;

  // --- sections, tags, authors
  virtual Result<std::vector<model::Section>> ListSections(std::string_view edition) = 0;
  // Finds or creates each level of `names` (display names, root first) and returns the leaf.
  virtual Result<model::Section> EnsureSection(std::string_view edition,
                                               const std::vector<std::string>& names) = 0;
  virtual Result<std::optional<model::Section>> FindSectionByPath(std::string_view edition,
                                                                  std::string_view path) = 0;
  virtual Result<model::Tag> EnsureTag(std::string_view edition, std::string_view name) = 0;
  virtual Result<std::optional<model::Tag>> FindTagBySlug(std::string_view edition,
                                                          std::string_view slug) = 0;
  virtual Result<std::vector<model::Tag>> GetTags(const std::vector<Id>& ids) = 0;
  virtual Result<model::Author> EnsureAuthor(std::string_view name) = 0;
  virtual Result<std::optional<model::Author>> FindAuthorBySlug(std::string_view slug) = 0;
  virtual Result<std::vector<model::Author>> GetAuthors(const std::vector<Id>& ids) = 0;

  // --- media
  // Inserts (id == 0) or updates; returns the id. An update records, in its transaction, a
  // Change for each article whose main image it is (their pages show its caption, credit and
  // alt text); kNotFound for an unknown id.
  virtual Result<Id> SaveMedia(const model::Media& media) = 0;
  virtual Result<std::optional<model::Media>> GetMedia(Id id) = 0;
  // The media items with these ids, in the order of `ids`; unknown ids are left out. A
  // backend should answer with one query; this default asks one id at a time.
  virtual Result<std::vector<model::Media>> GetMediaItems(const std::vector<Id>& ids) {
    std::vector<model::Media> out;
    for (Id id : ids) {
      auto found = GetMedia(id);
      if (!found.ok()) return found.error();
      if (*found) out.push_back(std::move(**found));
    }
    return out;
  }

  // The media library (see MediaQuery). A backend without one answers kUnavailable.
  virtual Result<std::vector<model::Media>> SearchMedia(const MediaQuery& query) {
    (void)query;
    return Unsupported("the media library");
  }
  // Deletes the record of image `id` (its files are the caller's to remove). kNotFound when
  // there is none; kConflict, nothing deleted, while an article has it as its main image.
  virtual Status DeleteMedia(Id id) {
    (void)id;
    return Unsupported("the media library");
  }

  // --- articles
  virtual Result<std::optional<model::Article>> GetArticle(Id id) = 0;
  virtual Result<std::optional<model::Article>> FindArticleByExternalId(std::string_view id) = 0;
  virtual Result<std::optional<model::Article>> FindArticleBySlug(std::string_view edition,
                                                                  std::string_view slug) = 0;
  // Inserts (article.id == 0) or updates the article with its tags and authors, stores a
  // revision, and records a Change. The slug must be unique in its edition (kConflict
  // otherwise). When a published article's slug or section changes, a redirect from the
  // old path is kept. A translation_group of 0 on insert starts a new group (the new id).
  // Returns the saved article (id, revision, group set).
  virtual Result<model::Article> SaveArticle(const model::Article& article,
                                             std::string_view saved_by) = 0;

  // Work ahead of a save (`gazette import` prepares the next lines on a thread of its own).
  // PrepareSave may be called from any thread, also while another one writes: it does, without
  // writing, part of what saving `article` will need (SQLite: the search index's plain text and
  // terms) and returns it, or null when it has nothing to do ahead. SavePreparedArticle then
  // saves exactly as SaveArticle(article, saved_by) does, using `prepared` (may be null) only
  // where it was made from the same text and edition language, and doing the rest itself. The
  // defaults prepare nothing.
  class PreparedSave {
   public:
    virtual ~PreparedSave() = default;
  };
  virtual std::shared_ptr<const PreparedSave> PrepareSave(const model::Article& article) {
    (void)article;
    return nullptr;
  }
  virtual Result<model::Article> SavePreparedArticle(const model::Article& article,
                                                     std::string_view saved_by,
                                                     const PreparedSave* prepared) {
    (void)prepared;
    return SaveArticle(article, saved_by);
  }
  virtual Result<std::vector<model::Article>> ListArticles(const ArticleQuery& query) = 0;
  virtual Result<std::int64_t> CountArticles(const ArticleQuery& query) = 0;
  // Every article, in id order, `limit` at a time after `after_id` (exports, sitemaps).
  virtual Result<std::vector<model::Article>> ScanArticles(Id after_id, int limit) = 0;
  virtual Result<std::vector<model::Revision>> ListRevisions(Id article_id) = 0;
  // Published articles sharing a tag with `article`, newest first, else its section's.
  virtual Result<std::vector<model::Article>> RelatedArticles(const model::Article& article,
                                                              model::UnixSeconds now,
                                                              int limit) = 0;

  // --- redirects: old public path -> new public path
  virtual Result<std::optional<std::string>> FindRedirect(std::string_view from_path) = 0;
  virtual Status SaveRedirect(const model::Redirect& redirect) = 0;

  // --- placements (featured slots), in position order
  virtual Result<std::vector<model::Placement>> ListPlacements(std::string_view edition,
                                                               std::string_view slot) = 0;
  virtual Status SetPlacements(std::string_view edition, std::string_view slot,
                               const std::vector<Id>& article_ids) = 0;

  // --- change feed, for page-cache invalidation across processes
  virtual Result<std::int64_t> LatestChangeSeq() = 0;
  virtual Result<std::vector<model::Change>> ChangesSince(std::int64_t seq, int limit) = 0;
  // Articles whose scheduled time has come (status scheduled, published_at <= now).
  virtual Result<std::vector<model::Article>> DueScheduled(model::UnixSeconds now) = 0;

  // --- integrity reports: one per article (machine translation, import lint), replaced on
  // each save; removed with the article. Backends without them answer kUnavailable.
  virtual Status SaveIntegrityReport(Id article_id, const model::IntegrityReport& report) {
    (void)article_id;
    (void)report;
    return model::Unavailable("integrity reports are not supported by this storage backend");
  }
  virtual Result<std::optional<model::IntegrityReport>> GetIntegrityReport(Id article_id) {
    (void)article_id;
    return model::Unavailable("integrity reports are not supported by this storage backend");
  }
  // --- catalog management (the newsroom's sections, tags and authors pages). Each write
  // records a Change in its transaction: the edition's for sections and tags, a site-wide
  // one for authors (an author shows in every edition). Callers validate names, slugs and
  // the section tree; these write what they are given. Backends without them answer
  // kUnavailable (the default bodies).

  // The section with this id in any edition; nullopt when none. The default reads every
  // edition's sections.
  virtual Result<std::optional<model::Section>> GetSection(Id id) {
    auto editions = ListEditions();
    if (!editions.ok()) return editions.error();
    for (const auto& e : *editions) {
      auto sections = ListSections(e.code);
      if (!sections.ok()) return sections.error();
      for (auto& s : *sections) {
        if (s.id == id) return std::optional<model::Section>(std::move(s));
      }
    }
    return std::optional<model::Section>();
  }
  // Inserts (section.id == 0) or updates every column of the section (parent, name, slug,
  // path, position; the edition of an existing section never changes). kConflict when
  // another section of the edition has the path; kNotFound for an unknown id; kInvalidInput
  // for an unknown edition. Returns the saved section with its id.
  virtual Result<model::Section> SaveSection(const model::Section& section) {
    (void)section;
    return Unsupported("section management");
  }
  // Deletes the section (kNotFound when unknown). Articles, subsections and placements that
  // still name it make it fail: callers check first.
  virtual Status DeleteSection(Id id) {
    (void)id;
    return Unsupported("section management");
  }
  // The edition's tags by name.
  virtual Result<std::vector<model::Tag>> ListTags(std::string_view edition) {
    (void)edition;
    return Unsupported("tag management");
  }
  // Inserts (tag.id == 0) or updates name and slug. kConflict when the slug is taken in the
  // edition, kNotFound for an unknown id.
  virtual Result<model::Tag> SaveTag(const model::Tag& tag) {
    (void)tag;
    return Unsupported("tag management");
  }
  // Deletes the tag and its links to articles (callers check that none is left).
  virtual Status DeleteTag(Id id) {
    (void)id;
    return Unsupported("tag management");
  }
  // Every author by name.
  virtual Result<std::vector<model::Author>> ListAuthors() {
    return Unsupported("author management");
  }
  // Inserts (author.id == 0) or updates name, slug and bio. kConflict when the slug is taken.
  virtual Result<model::Author> SaveAuthor(const model::Author& author) {
    (void)author;
    return Unsupported("author management");
  }
  // Deletes the author and their bylines (callers check that none is left).
  virtual Status DeleteAuthor(Id id) {
    (void)id;
    return Unsupported("author management");
  }

  // --- bulk writes (`gazette import`): BeginBulkWrites says that many saves follow, one
  // transaction after another, EndBulkWrites that they are over. In between a backend may
  // put off upkeep that a burst of writes makes wasteful, and does it in EndBulkWrites;
  // every read and write stays exact meanwhile. Callers pair them (EndBulkWrites also after
  // a failure). SQLite: the search index merges its segments less often, and EndBulkWrites
  // merges them. The defaults do nothing.
  virtual Status BeginBulkWrites() { return model::Ok(); }
  virtual Status EndBulkWrites() { return model::Ok(); }

  // --- running on several processes at once
  // Runs `work` in one transaction while holding the lock `name`, shared by every process
  // using the same database; when another process holds it, returns false at once without
  // running `work`. For periodic jobs that must run once across a cluster. (SQLite: the
  // write transaction is the lock, so it waits for it and always returns true.)
  virtual Result<bool> RunExclusive(std::string_view name, const std::function<Status()>& work) = 0;
  // Waits up to `timeout_ms`, returning early (true) when the backend can tell that another
  // process may have recorded a change (PostgreSQL LISTEN/NOTIFY). Callers read ChangesSince
  // afterwards either way: a false return only means no notice came.
  virtual bool WaitForChange(int timeout_ms) = 0;

  // --- newsroom: optimistic locking, work lists, users, sessions, audit log. A backend that
  // does not keep these yet answers kUnavailable (the default bodies).

  // SaveArticle, but only if the stored article's revision is still `expected_revision`;
  // otherwise kConflict and nothing changes. The default runs the check and the save in one
  // transaction through the other methods.
  virtual Result<model::Article> SaveArticleAtRevision(const model::Article& article,
                                                       std::string_view saved_by,
                                                       int expected_revision) {
    std::optional<model::Article> saved;
    Status st = InTransaction([&]() -> Status {
      auto current = GetArticle(article.id);
      if (!current.ok()) return current.error();
      if (!current->has_value()) {
        return model::NotFound("no article with id " + std::to_string(article.id));
      }
      if ((*current)->revision != expected_revision) {
        return model::Conflict("the article was saved by someone else meanwhile (revision " +
                               std::to_string((*current)->revision) + ", you edited revision " +
                               std::to_string(expected_revision) + ")");
      }
      auto result = SaveArticle(article, saved_by);
      if (!result.ok()) return result.error();
      saved = std::move(*result);
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return std::move(*saved);
  }
  virtual Result<std::vector<model::Article>> ListWork(const WorkQuery& query) {
    (void)query;
    return Unsupported("work lists");
  }

  // Users. Usernames are unique (kConflict); CreateUser returns the user with its id.
  virtual Result<model::User> CreateUser(const model::User& user, std::string_view password_hash) {
    (void)user, (void)password_hash;
    return Unsupported("users");
  }
  virtual Result<std::optional<model::User>> FindUser(std::string_view username) {
    (void)username;
    return Unsupported("users");
  }
  virtual Result<std::optional<model::User>> GetUser(Id id) {
    (void)id;
    return Unsupported("users");
  }
  virtual Result<std::vector<model::User>> ListUsers() { return Unsupported("users"); }
  // Updates display_name, role and disabled of the user with user.id (kNotFound if none).
  virtual Status UpdateUser(const model::User& user) {
    (void)user;
    return Unsupported("users");
  }
  // The stored password hash ("" when none); kNotFound for an unknown id.
  virtual Result<std::string> GetPasswordHash(Id user_id) {
    (void)user_id;
    return Unsupported("users");
  }
  virtual Status SetPasswordHash(Id user_id, std::string_view password_hash) {
    (void)user_id, (void)password_hash;
    return Unsupported("users");
  }

  // Sessions, by the hash of their token.
  virtual Status CreateSession(const model::Session& session) {
    (void)session;
    return Unsupported("sessions");
  }
  virtual Result<std::optional<model::Session>> FindSession(std::string_view token_hash) {
    (void)token_hash;
    return Unsupported("sessions");
  }
  virtual Status TouchSession(std::string_view token_hash, model::UnixSeconds last_seen_at) {
    (void)token_hash, (void)last_seen_at;
    return Unsupported("sessions");
  }
  virtual Status DeleteSession(std::string_view token_hash) {
    (void)token_hash;
    return Unsupported("sessions");
  }
  // Ends every session of the user; returns how many there were.
  virtual Result<int> DeleteUserSessions(Id user_id) {
    (void)user_id;
    return Unsupported("sessions");
  }

  // The rule RecordLoginFailure applies to a key's row, for the backends.
  struct LoginFailures {
    int count = 0;
    model::UnixSeconds first_at = 0;
    model::UnixSeconds locked_until = 0;
  };
  static LoginFailures AddLoginFailure(LoginFailures row, int limit, model::UnixSeconds now,
                                       std::int64_t window_seconds, std::int64_t lockout_seconds) {
    if (row.count == 0 || now - row.first_at > window_seconds) {
      row.count = 0;
      row.first_at = now;
    }
    if (++row.count >= limit) {
      row.locked_until = now + lockout_seconds;
      row.count = 0;
    }
    return row;
  }

  // Login throttling shared by every process using the database (cluster nodes behind a
  // load balancer count together). RecordLoginFailure adds one failed login for `key` at
  // `now`: a count whose first failure is more than `window_seconds` old starts over, and
  // reaching `limit` locks the key until now + `lockout_seconds` (the count starts over).
  // It returns the time the key is locked until (0: not locked). Rows of keys neither
  // locked nor failing within the window are dropped on the way.
  virtual Result<model::UnixSeconds> RecordLoginFailure(std::string_view key, int limit,
                                                        model::UnixSeconds now,
                                                        std::int64_t window_seconds,
                                                        std::int64_t lockout_seconds) {
    (void)key, (void)limit, (void)now, (void)window_seconds, (void)lockout_seconds;
    return Unsupported("login throttling");
  }
  // The time `key` is locked until, or 0 when it is not locked at `now`.
  virtual Result<model::UnixSeconds> LoginLockedUntil(std::string_view key,
                                                      model::UnixSeconds now) {
    (void)key, (void)now;
    return Unsupported("login throttling");
  }
  // Forgets the failures of `key` (after a successful login).
  virtual Status ClearLoginFailures(std::string_view key) {
    (void)key;
    return Unsupported("login throttling");
  }

  // The audit log, newest first; article_id 0 lists every entry.
  virtual Status AppendAudit(const model::AuditEntry& entry) {
    (void)entry;
    return Unsupported("the audit log");
  }
  virtual Result<std::vector<model::AuditEntry>> ListAudit(Id article_id, int limit) {
    (void)article_id, (void)limit;
    return Unsupported("the audit log");
  }

  // Who has which article open in the editor, shared by every process on the database.
  // TouchEditing records that `username` has `article_id` open at `now`: a mark seen at or
  // after `fresh_since` keeps its `since`, an older or missing one starts again at `now`.
  // Marks of the article not seen since `fresh_since` are removed on the way.
  virtual Status TouchEditing(Id article_id, std::string_view username, model::UnixSeconds now,
                              model::UnixSeconds fresh_since) {
    (void)article_id, (void)username, (void)now, (void)fresh_since;
    return Unsupported("editing marks");
  }
  // The article's marks seen at or after `fresh_since`, oldest `since` first, with each
  // user's display name.
  virtual Result<std::vector<model::EditingMark>> ListEditing(Id article_id,
                                                              model::UnixSeconds fresh_since) {
    (void)article_id, (void)fresh_since;
    return Unsupported("editing marks");
  }
  // Removes `username`'s mark on the article (none: nothing to do).
  virtual Status ClearEditing(Id article_id, std::string_view username) {
    (void)article_id, (void)username;
    return Unsupported("editing marks");
  }

 protected:
  static model::Error Unsupported(std::string_view what) {
    return model::Unavailable(std::string(what) + " not supported by this storage backend");
  }
};

}  // namespace gazette::storage
