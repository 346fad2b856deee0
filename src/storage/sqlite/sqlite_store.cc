#include "storage/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "model/permissions.h"
#include "model/site_paths.h"
#include "storage/migrations.h"
#include "storage/search.h"
#include "storage/sqlite/schema.h"
#include "storage/sqlite/search_rank.h"
#include "storage/sqlite/search_tokenizer.h"
#include "text/html.h"
#include "text/search_marks.h"
#include "text/search_text.h"
#include "text/slug.h"

namespace gazette::storage::sqlite {
namespace {

using model::Article;
using model::Error;
using model::UnixSeconds;

constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kMaxIdleConnections = 8;

// SQLite counts every allocation under one process-wide mutex for sqlite3_status(), which
// Gazette never asks for: the threads serving pages and an import's writer would wait on it.
// Set at start-up, before any connection exists (SQLite refuses the change afterwards).
[[maybe_unused]] const int kMemoryStatisticsOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

Error FromSqlite(const SQLite::Exception& e, std::string_view what) {
  std::string message = std::string(what) + ": " + e.what();
  switch (e.getErrorCode() & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return model::Unavailable(message);
    case SQLITE_NOTADB:
      return model::InvalidInput(message);
    case SQLITE_CORRUPT:
      return model::Integrity(message);
    case SQLITE_CONSTRAINT:
      switch (e.getExtendedErrorCode()) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
          return model::Conflict(message);
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return model::InvalidInput(message + " (unknown referenced id)");
        default:
          return model::Integrity(message);
      }
    default:
      return model::Internal(message);
  }
}

// Runs `f`, turning library exceptions into errors.
template <typename F>
auto Guard(std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, what);
  } catch (const std::exception& e) {
    return model::Internal(std::string(what) + ": " + e.what());
  }
}

UnixSeconds NowSeconds() { return static_cast<UnixSeconds>(std::time(nullptr)); }

// One database connection with its prepared statements. Used by one thread at a time.
struct Conn {
  Conn(const std::string& file, int flags) : db(file, flags) {}

  IndexedTerms indexed_terms;  // before db: the tokenizer keeps a pointer to it

  SQLite::Statement& Prepare(const std::string& sql) {
    auto it = cache.find(sql);
    if (it == cache.end()) {
      it = cache.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
    }
    return *it->second;
  }

  // A document waiting to enter a full-text table: FTS5 writes a new segment of its index
  // at every SAVEPOINT that follows a write, and each save runs in its own savepoint, so the
  // documents of a transaction are written together just before it commits.
  struct PendingDocument {
    std::string table;
    std::int64_t key = 0;
    std::string title, lead, body;
    // When the document's tokens were computed ahead: its texts are the tokens' columns.
    std::shared_ptr<const DocumentTokens> tokens;
    // When it is in its table, though after search_written: the write's number (write_count
    // then), else 0.
    std::uint64_t written = 0;

    const std::string& Text(std::size_t column) const {
      if (tokens) return tokens->columns[column].text;
      return column == 0 ? title : column == 1 ? lead : body;
    }
  };

  SQLite::Database db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cache;
  int savepoint_depth = 0;
  std::vector<PendingDocument> search_pending;
  std::size_t search_written = 0;  // search_pending[0, search_written) is in the tables
  std::uint64_t write_count = 0;   // documents written into the tables so far
};

using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;

// What PrepareSave computes for the search index: the document's tokens, with the fields and
// the table they were computed for (a save uses them only when its own are the same).
struct PreparedDocument final : Store::PreparedSave {
  std::string title, lead, body_html;
  std::string table;
  std::shared_ptr<const DocumentTokens> tokens;

  bool Fits(const Article& a, const std::string& for_table) const {
    return table == for_table && title == a.title && lead == a.lead && body_html == a.body_html;
  }
};

// A cached statement in use: cleared on entry, reset on exit so that a finished read never
// keeps a WAL snapshot (or a lock) open.
class Stmt {
 public:
  Stmt(Conn& conn, const std::string& sql) : st_(conn.Prepare(sql)) {
    st_.tryReset();
    st_.clearBindings();
  }
  ~Stmt() { st_.tryReset(); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(std::int64_t v) {
    st_.bind(++n_, v);
    return *this;
  }
  Stmt& Bind(int v) { return Bind(static_cast<std::int64_t>(v)); }
  Stmt& Bind(std::string_view v) {
    st_.bind(++n_, std::string(v));
    return *this;
  }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(std::optional<std::int64_t> v) {
    if (v) return Bind(*v);
    st_.bind(++n_);
    return *this;
  }
  Stmt& Bind(const Param& p) {
    if (const auto* i = std::get_if<std::int64_t>(&p)) return Bind(*i);
    if (const auto* s = std::get_if<std::string>(&p)) return Bind(*s);
    st_.bind(++n_);
    return *this;
  }

  bool Step() { return st_.executeStep(); }
  int Exec() { return st_.exec(); }
  SQLite::Column Col(int i) { return st_.getColumn(i); }
  std::int64_t Int(int i) { return st_.getColumn(i).getInt64(); }
  std::string Str(int i) { return st_.getColumn(i).getString(); }
  std::optional<std::int64_t> OptInt(int i) {
    auto c = st_.getColumn(i);
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
  }

 private:
  SQLite::Statement& st_;
  int n_ = 0;
};

std::string JsonIds(const std::vector<model::Id>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

std::string ArticleColumns(bool with_body) {
  return std::string(
             "a.id, a.external_id, a.edition, a.translation_group, a.title, a.seo_title, "
             "a.social_title, a.slug, a.lead, ") +
         (with_body ? "a.body_html" : "''") +
         ", a.section_id, a.source, a.image_id, a.status, a.created_at, a.updated_at, "
         "a.published_at, a.scheduled_at, a.revision";
}

Article ReadArticle(Stmt& s) {
  Article a;
  a.id = s.Int(0);
  a.external_id = s.Str(1);
  a.edition = s.Str(2);
  a.translation_group = s.Int(3);
  a.title = s.Str(4);
  a.seo_title = s.Str(5);
  a.social_title = s.Str(6);
  a.slug = s.Str(7);
  a.lead = s.Str(8);
  a.body_html = s.Str(9);
  a.section_id = s.Int(10);
  a.source = s.Str(11);
  a.image_id = s.OptInt(12);
  a.status = model::ParseStatus(s.Str(13)).value_or(model::ArticleStatus::kDraft);
  a.created_at = s.Int(14);
  a.updated_at = s.Int(15);
  a.published_at = s.OptInt(16);
  a.scheduled_at = s.OptInt(17);
  a.revision = static_cast<int>(s.Int(18));
  return a;
}

model::Section ReadSection(Stmt& s) {
  model::Section sec;
  sec.id = s.Int(0);
  sec.edition = s.Str(1);
  sec.parent_id = s.OptInt(2);
  sec.name = s.Str(3);
  sec.slug = s.Str(4);
  sec.path = s.Str(5);
  sec.position = static_cast<int>(s.Int(6));
  return sec;
}

constexpr const char* kSectionColumns = "id, edition, parent_id, name, slug, path, position";

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string JoinWidths(const std::vector<int>& widths) {
  std::string out;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(widths[i]);
  }
  return out;
}

std::vector<int> SplitWidths(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(std::stoi(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

model::Media ReadMedia(Stmt& s) {
  model::Media m;
  m.id = s.Int(0);
  m.file = s.Str(1);
  m.caption = s.Str(2);
  m.credit = s.Str(3);
  m.alt = s.Str(4);
  m.width = static_cast<int>(s.Int(5));
  m.height = static_cast<int>(s.Int(6));
  m.mime_type = s.Str(7);
  m.rendition_widths = SplitWidths(s.Str(8));
  return m;
}

// A list of the articles carrying a tag (or an author, or in a section tree) is made in one
// of two ways: read all n of them through that relation and sort them, or walk the
// newest-first index of all N articles until `wanted` (offset + limit) matches are found,
// about wanted * N / n steps. The first wins when n * n < wanted * N, so counting n can
// stop at sqrt(wanted * N) (and at kRelationCountCap, past which sorting loses anyway).
constexpr std::int64_t kRelationCountCap = 10000;

// The count at which the walk wins.
std::int64_t RelationCountLimit(std::int64_t wanted, std::int64_t total) {
  const auto product = std::max<std::int64_t>(wanted, 1) * std::max<std::int64_t>(total, 0);
  std::int64_t root = static_cast<std::int64_t>(std::sqrt(static_cast<double>(product)));
  while (root * root < product) ++root;  // the smallest n with n * n >= product
  return std::min(root, kRelationCountCap);
}

// Binds the article's stored columns in the order SaveArticle's INSERT and UPDATE name them
// (external_id, edition, ..., revision). The statement lives until the end of the caller's
// full expression, where it is run.
Stmt& BindArticleColumns(Stmt&& s, const Param& external, const model::Article& a) {
  return s.Bind(external)
      .Bind(a.edition)
      .Bind(a.translation_group)
      .Bind(a.title)
      .Bind(a.seo_title)
      .Bind(a.social_title)
      .Bind(a.slug)
      .Bind(a.lead)
      .Bind(a.body_html)
      .Bind(a.section_id)
      .Bind(a.source)
      .Bind(a.image_id)
      .Bind(model::StatusName(a.status))
      .Bind(a.created_at)
      .Bind(a.updated_at)
      .Bind(a.published_at)
      .Bind(a.scheduled_at)
      .Bind(a.revision);
}

class SqliteStore final : public Store, public SearchIndex {
 public:
  explicit SqliteStore(std::string file) : file_(std::move(file)) {}

  ~SqliteStore() override = default;

  Status Init(bool create_if_missing) {
    try {
      auto conn = OpenConn(create_if_missing);
      Migrate(*conn);
      const bool rebuild = conn->db.execAndGet("SELECT count(*) FROM search_rebuild").getInt() > 0;
      idle_.push_back(std::move(conn));
      // A change of the search index's schema (a migration) asks for a rebuild.
      if (rebuild) return Reindex({});
      return model::Ok();
    } catch (const SQLite::Exception& e) {
      if ((e.getErrorCode() & 0xFF) == SQLITE_NOTADB) {
        return model::InvalidInput("not a SQLite database: " + file_, "db_file");
      }
      return FromSqlite(e, "opening " + file_);
    } catch (const std::exception& e) {
      return model::Internal("opening " + file_ + ": " + e.what());
    }
  }

  // --- transactions

  // Runs `work` with the calls this thread makes meanwhile joining `conn` (see Acquire).
  Status RunJoined(Conn& conn, const std::function<Status()>& work, std::string_view what) {
    {
      std::lock_guard lock(mu_);
      tx_[std::this_thread::get_id()] = &conn;
    }
    Status result = RunCatching(work, what);
    std::lock_guard lock(mu_);
    tx_.erase(std::this_thread::get_id());
    return result;
  }

  Status InTransaction(const std::function<Status()>& work) override {
    std::optional<Lease> leased;
    if (Status opened = AcquireInto(leased); !opened.ok()) return opened;
    Lease& lease = *leased;
    if (lease.joined) return RunInSavepoint(*lease.conn, work);
    Conn& conn = *lease.conn;
    ForgetPendingDocuments(conn);
    try {
      conn.db.exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
      return FromSqlite(e, "beginning a transaction");
    }
    Status result = RunJoined(conn, work, "transaction");
    if (result.ok()) {
      try {
        WritePendingDocuments(conn);
        conn.db.exec("COMMIT");
        ForgetPendingDocuments(conn);
        return result;
      } catch (const SQLite::Exception& e) {
        result = FromSqlite(e, "committing");
      } catch (const std::exception& e) {
        result = model::Internal(std::string("committing: ") + e.what());
      }
    }
    ForgetPendingDocuments(conn);
    try {
      conn.db.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // A failed COMMIT may already have rolled back; nothing else to undo.
    }
    return result;
  }

  // Each read outside a transaction takes WAL's read lock and checks the file on its own
  // (two fcntl, a fstat and a shared mutex every time); a page's reads take them once here.
  Status InReadTransaction(const std::function<Status()>& work) override {
    std::optional<Lease> leased;
    if (Status opened = AcquireInto(leased); !opened.ok()) return opened;
    if (leased->joined) return work();
    Conn& conn = *leased->conn;
    try {
      Stmt(conn, "BEGIN").Exec();
    } catch (const SQLite::Exception& e) {
      return FromSqlite(e, "beginning a read");
    }
    Status result = RunJoined(conn, work, "read");
    try {
      // Nothing was written: ending the transaction only gives the snapshot back.
      Stmt(conn, "COMMIT").Exec();
    } catch (const SQLite::Exception& e) {
      try {
        conn.db.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
        // Already ended; nothing to give back.
      }
      if (result.ok()) result = FromSqlite(e, "ending a read");
    }
    return result;
  }

  // --- editions

  Result<std::vector<model::Edition>> ListEditions() override {
    return Guard("listing editions", [&]() -> Result<std::vector<model::Edition>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT code, name, language, locale, time_zone, position FROM editions "
             "ORDER BY position, code");
      std::vector<model::Edition> out;
      while (s.Step()) {
        out.push_back(
            {s.Str(0), s.Str(1), s.Str(2), s.Str(3), s.Str(4), static_cast<int>(s.Int(5))});
      }
      return out;
    });
  }

  Status UpsertEdition(const model::Edition& e) override {
    if (e.code.empty()) return model::InvalidInput("edition code is required", "code");
    return InTransaction([&]() -> Status {
      return Guard("saving edition", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn,
             "INSERT INTO editions (code, name, language, locale, time_zone, position) "
             "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
             "language = excluded.language, locale = excluded.locale, "
             "time_zone = excluded.time_zone, position = excluded.position")
            .Bind(e.code)
            .Bind(e.name)
            .Bind(e.language)
            .Bind(e.locale)
            .Bind(e.time_zone)
            .Bind(e.position)
            .Exec();
        RecordChange(*lease.conn, "", 0, 0);
        return model::Ok();
      });
    });
  }

  // --- sections

  Result<std::vector<model::Section>> ListSections(std::string_view edition) override {
    return Guard("listing sections", [&]() -> Result<std::vector<model::Section>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, std::string("SELECT ") + kSectionColumns +
                              " FROM sections WHERE edition = ? ORDER BY path");
      s.Bind(edition);
      std::vector<model::Section> out;
      while (s.Step()) out.push_back(ReadSection(s));
      return out;
    });
  }

  Result<model::Section> EnsureSection(std::string_view edition,
                                       const std::vector<std::string>& names) override {
    if (names.empty()) return model::InvalidInput("a section needs a name", "section");
    std::optional<model::Section> leaf;
    Status st = InTransaction([&]() -> Status {
      return Guard("ensuring section", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        if (!EditionExists(c, edition)) {
          return model::InvalidInput("unknown edition: " + std::string(edition), "edition");
        }
        std::optional<model::Section> parent;
        for (const std::string& raw : names) {
          std::string name = Trim(raw);
          if (name.empty()) return model::InvalidInput("empty section name", "section");
          std::optional<model::Section> found;
          {
            Stmt s(c, std::string("SELECT ") + kSectionColumns +
                          " FROM sections WHERE edition = ? AND parent_id IS ? AND name = ? "
                          "ORDER BY id LIMIT 1");
            s.Bind(edition)
                .Bind(parent ? std::optional<std::int64_t>(parent->id) : std::nullopt)
                .Bind(name);
            if (s.Step()) found = ReadSection(s);
          }
          if (!found) {
            model::Section sec;
            sec.edition = std::string(edition);
            sec.parent_id = parent ? std::optional<model::Id>(parent->id) : std::nullopt;
            sec.name = name;
            std::string prefix = parent ? parent->path + "/" : "";
            sec.slug = UniqueSlug(text::Slugify(name), "section", [&](const std::string& slug) {
              Stmt s(c, "SELECT 1 FROM sections WHERE edition = ? AND path = ?");
              s.Bind(edition).Bind(prefix + slug);
              return s.Step();
            });
            sec.path = prefix + sec.slug;
            {
              Stmt s(c,
                     "SELECT COALESCE(MAX(position) + 1, 0) FROM sections "
                     "WHERE edition = ? AND parent_id IS ?");
              s.Bind(edition).Bind(sec.parent_id);
              s.Step();
              sec.position = static_cast<int>(s.Int(0));
            }
            Stmt(c,
                 "INSERT INTO sections (edition, parent_id, name, slug, path, position) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
                .Bind(sec.edition)
                .Bind(sec.parent_id)
                .Bind(sec.name)
                .Bind(sec.slug)
                .Bind(sec.path)
                .Bind(sec.position)
                .Exec();
            sec.id = c.db.getLastInsertRowid();
            found = sec;
          }
          parent = found;
        }
        leaf = parent;
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return *leaf;
  }

  Result<std::optional<model::Section>> FindSectionByPath(std::string_view edition,
                                                          std::string_view path) override {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return Guard("finding section", [&]() -> Result<std::optional<model::Section>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, std::string("SELECT ") + kSectionColumns +
                              " FROM sections WHERE edition = ? AND path = ?");
      s.Bind(edition).Bind(path);
      if (!s.Step()) return std::optional<model::Section>();
      return std::optional<model::Section>(ReadSection(s));
    });
  }

  // --- tags

  Result<model::Tag> EnsureTag(std::string_view edition, std::string_view raw_name) override {
    std::string name = Trim(raw_name);
    if (name.empty()) return model::InvalidInput("a tag needs a name", "tag");
    std::optional<model::Tag> tag;
    Status st = InTransaction([&]() -> Status {
      return Guard("ensuring tag", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        {
          Stmt s(c,
                 "SELECT id, edition, name, slug FROM tags WHERE edition = ? AND name = ? "
                 "ORDER BY id LIMIT 1");
          s.Bind(edition).Bind(name);
          if (s.Step()) {
            tag = model::Tag{s.Int(0), s.Str(1), s.Str(2), s.Str(3)};
            return model::Ok();
          }
        }
        if (!EditionExists(c, edition)) {
          return model::InvalidInput("unknown edition: " + std::string(edition), "edition");
        }
        std::string slug = UniqueSlug(text::Slugify(name), "tag", [&](const std::string& s) {
          Stmt q(c, "SELECT 1 FROM tags WHERE edition = ? AND slug = ?");
          q.Bind(edition).Bind(s);
          return q.Step();
        });
        Stmt(c, "INSERT INTO tags (edition, name, slug) VALUES (?, ?, ?)")
            .Bind(edition)
            .Bind(name)
            .Bind(slug)
            .Exec();
        tag = model::Tag{c.db.getLastInsertRowid(), std::string(edition), name, slug};
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return *tag;
  }

  Result<std::optional<model::Tag>> FindTagBySlug(std::string_view edition,
                                                  std::string_view slug) override {
    return Guard("finding tag", [&]() -> Result<std::optional<model::Tag>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT id, edition, name, slug FROM tags WHERE edition = ? AND slug = ?");
      s.Bind(edition).Bind(slug);
      if (!s.Step()) return std::optional<model::Tag>();
      return std::optional<model::Tag>(model::Tag{s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
    });
  }

  Result<std::vector<model::Tag>> GetTags(const std::vector<model::Id>& ids) override {
    return Guard("reading tags", [&]() -> Result<std::vector<model::Tag>> {
      std::vector<model::Tag> out;
      if (ids.empty()) return out;
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT t.id, t.edition, t.name, t.slug FROM json_each(?) j "
             "JOIN tags t ON t.id = j.value ORDER BY j.key");
      s.Bind(JsonIds(ids));
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
      return out;
    });
  }

  // --- authors

  Result<model::Author> EnsureAuthor(std::string_view raw_name) override {
    std::string name = Trim(raw_name);
    if (name.empty()) return model::InvalidInput("an author needs a name", "author");
    std::optional<model::Author> author;
    Status st = InTransaction([&]() -> Status {
      return Guard("ensuring author", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        {
          Stmt s(c, "SELECT id, name, slug, bio FROM authors WHERE name = ? ORDER BY id LIMIT 1");
          s.Bind(name);
          if (s.Step()) {
            author = model::Author{s.Int(0), s.Str(1), s.Str(2), s.Str(3)};
            return model::Ok();
          }
        }
        std::string slug = UniqueSlug(text::Slugify(name), "author", [&](const std::string& s) {
          Stmt q(c, "SELECT 1 FROM authors WHERE slug = ?");
          q.Bind(s);
          return q.Step();
        });
        Stmt(c, "INSERT INTO authors (name, slug) VALUES (?, ?)").Bind(name).Bind(slug).Exec();
        author = model::Author{c.db.getLastInsertRowid(), name, slug, ""};
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return *author;
  }

  Result<std::optional<model::Author>> FindAuthorBySlug(std::string_view slug) override {
    return Guard("finding author", [&]() -> Result<std::optional<model::Author>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, "SELECT id, name, slug, bio FROM authors WHERE slug = ?");
      s.Bind(slug);
      if (!s.Step()) return std::optional<model::Author>();
      return std::optional<model::Author>(model::Author{s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
    });
  }

  Result<std::vector<model::Author>> GetAuthors(const std::vector<model::Id>& ids) override {
    return Guard("reading authors", [&]() -> Result<std::vector<model::Author>> {
      std::vector<model::Author> out;
      if (ids.empty()) return out;
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT a.id, a.name, a.slug, a.bio FROM json_each(?) j "
             "JOIN authors a ON a.id = j.value ORDER BY j.key");
      s.Bind(JsonIds(ids));
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
      return out;
    });
  }

  // --- catalog management

  Result<std::optional<model::Section>> GetSection(model::Id id) override {
    return Guard("reading section", [&]() -> Result<std::optional<model::Section>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, std::string("SELECT ") + kSectionColumns + " FROM sections WHERE id = ?");
      s.Bind(id);
      if (!s.Step()) return std::optional<model::Section>();
      return std::optional<model::Section>(ReadSection(s));
    });
  }

  Result<model::Section> SaveSection(const model::Section& input) override {
    model::Section sec = input;
    Status st = InTransaction([&]() -> Status {
      return Guard("saving section", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        if (sec.id != 0) {
          Stmt s(c, "SELECT edition FROM sections WHERE id = ?");
          s.Bind(sec.id);
          if (!s.Step()) return model::NotFound("no section with id " + std::to_string(sec.id));
          sec.edition = s.Str(0);
        } else if (!EditionExists(c, sec.edition)) {
          return model::InvalidInput("unknown edition: " + sec.edition, "edition");
        }
        {
          Stmt s(c, "SELECT 1 FROM sections WHERE edition = ? AND path = ? AND id <> ?");
          s.Bind(sec.edition).Bind(sec.path).Bind(sec.id);
          if (s.Step()) {
            return model::Error{
                model::ErrorKind::kConflict,
                "the address '" + sec.path + "' is already used in edition " + sec.edition, "slug"};
          }
        }
        if (sec.id == 0) {
          Stmt(c,
               "INSERT INTO sections (edition, parent_id, name, slug, path, position) "
               "VALUES (?, ?, ?, ?, ?, ?)")
              .Bind(sec.edition)
              .Bind(sec.parent_id)
              .Bind(sec.name)
              .Bind(sec.slug)
              .Bind(sec.path)
              .Bind(sec.position)
              .Exec();
          sec.id = c.db.getLastInsertRowid();
        } else {
          Stmt(c,
               "UPDATE sections SET parent_id = ?, name = ?, slug = ?, path = ?, position = ? "
               "WHERE id = ?")
              .Bind(sec.parent_id)
              .Bind(sec.name)
              .Bind(sec.slug)
              .Bind(sec.path)
              .Bind(sec.position)
              .Bind(sec.id)
              .Exec();
        }
        RecordChange(c, sec.edition, 0, 0);
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return sec;
  }

  Status DeleteSection(model::Id id) override {
    return InTransaction([&]() -> Status {
      return Guard("deleting section", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        std::string edition;
        {
          Stmt s(c, "SELECT edition FROM sections WHERE id = ?");
          s.Bind(id);
          if (!s.Step()) return model::NotFound("no section with id " + std::to_string(id));
          edition = s.Str(0);
        }
        Stmt(c, "DELETE FROM sections WHERE id = ?").Bind(id).Exec();
        RecordChange(c, edition, 0, 0);
        return model::Ok();
      });
    });
  }

  Result<std::vector<model::Tag>> ListTags(std::string_view edition) override {
    return Guard("listing tags", [&]() -> Result<std::vector<model::Tag>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT id, edition, name, slug FROM tags WHERE edition = ? ORDER BY name, id");
      s.Bind(edition);
      std::vector<model::Tag> out;
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
      return out;
    });
  }

  Result<model::Tag> SaveTag(const model::Tag& input) override {
    model::Tag tag = input;
    Status st = InTransaction([&]() -> Status {
      return Guard("saving tag", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        if (tag.id != 0) {
          Stmt s(c, "SELECT edition FROM tags WHERE id = ?");
          s.Bind(tag.id);
          if (!s.Step()) return model::NotFound("no tag with id " + std::to_string(tag.id));
          tag.edition = s.Str(0);
        } else if (!EditionExists(c, tag.edition)) {
          return model::InvalidInput("unknown edition: " + tag.edition, "edition");
        }
        {
          Stmt s(c, "SELECT 1 FROM tags WHERE edition = ? AND slug = ? AND id <> ?");
          s.Bind(tag.edition).Bind(tag.slug).Bind(tag.id);
          if (s.Step()) {
            return model::Error{
                model::ErrorKind::kConflict,
                "the slug '" + tag.slug + "' is already used in edition " + tag.edition, "slug"};
          }
        }
        if (tag.id == 0) {
          Stmt(c, "INSERT INTO tags (edition, name, slug) VALUES (?, ?, ?)")
              .Bind(tag.edition)
              .Bind(tag.name)
              .Bind(tag.slug)
              .Exec();
          tag.id = c.db.getLastInsertRowid();
        } else {
          Stmt(c, "UPDATE tags SET name = ?, slug = ? WHERE id = ?")
              .Bind(tag.name)
              .Bind(tag.slug)
              .Bind(tag.id)
              .Exec();
        }
        RecordChange(c, tag.edition, 0, 0);
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return tag;
  }

  Status DeleteTag(model::Id id) override {
    return InTransaction([&]() -> Status {
      return Guard("deleting tag", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        std::string edition;
        {
          Stmt s(c, "SELECT edition FROM tags WHERE id = ?");
          s.Bind(id);
          if (!s.Step()) return model::NotFound("no tag with id " + std::to_string(id));
          edition = s.Str(0);
        }
        Stmt(c, "DELETE FROM tags WHERE id = ?").Bind(id).Exec();
        RecordChange(c, edition, 0, 0);
        return model::Ok();
      });
    });
  }

  Result<std::vector<model::Author>> ListAuthors() override {
    return Guard("listing authors", [&]() -> Result<std::vector<model::Author>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, "SELECT id, name, slug, bio FROM authors ORDER BY name, id");
      std::vector<model::Author> out;
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Str(2), s.Str(3)});
      return out;
    });
  }

  Result<model::Author> SaveAuthor(const model::Author& input) override {
    model::Author author = input;
    Status st = InTransaction([&]() -> Status {
      return Guard("saving author", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        {
          Stmt s(c, "SELECT 1 FROM authors WHERE slug = ? AND id <> ?");
          s.Bind(author.slug).Bind(author.id);
          if (s.Step()) {
            return model::Error{model::ErrorKind::kConflict,
                                "the slug '" + author.slug + "' is already used", "slug"};
          }
        }
        if (author.id == 0) {
          Stmt(c, "INSERT INTO authors (name, slug, bio) VALUES (?, ?, ?)")
              .Bind(author.name)
              .Bind(author.slug)
              .Bind(author.bio)
              .Exec();
          author.id = c.db.getLastInsertRowid();
        } else {
          Stmt s(c, "UPDATE authors SET name = ?, slug = ?, bio = ? WHERE id = ?");
          s.Bind(author.name).Bind(author.slug).Bind(author.bio).Bind(author.id);
          if (s.Exec() == 0)
            return model::NotFound("no author with id " + std::to_string(author.id));
        }
        RecordChange(c, "", 0, 0);
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return author;
  }

  Status DeleteAuthor(model::Id id) override {
    return InTransaction([&]() -> Status {
      return Guard("deleting author", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        Stmt s(c, "DELETE FROM authors WHERE id = ?");
        s.Bind(id);
        if (s.Exec() == 0) return model::NotFound("no author with id " + std::to_string(id));
        RecordChange(c, "", 0, 0);
        return model::Ok();
      });
    });
  }

  // --- media

  Result<model::Id> SaveMedia(const model::Media& m) override {
    if (m.file.empty()) return model::InvalidInput("a media item needs a file", "file");
    if (m.id == 0) {
      return Guard("saving media", [&]() -> Result<model::Id> {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        Stmt(c,
             "INSERT INTO media (file, caption, credit, alt, width, height, mime_type, "
             "rendition_widths) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(m.file)
            .Bind(m.caption)
            .Bind(m.credit)
            .Bind(m.alt)
            .Bind(m.width)
            .Bind(m.height)
            .Bind(m.mime_type)
            .Bind(JoinWidths(m.rendition_widths))
            .Exec();
        return c.db.getLastInsertRowid();
      });
    }
    Status st = InTransaction([&]() -> Status {
      return Guard("saving media", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        int changed = Stmt(c,
                           "UPDATE media SET file = ?, caption = ?, credit = ?, alt = ?, "
                           "width = ?, height = ?, mime_type = ?, rendition_widths = ? "
                           "WHERE id = ?")
                          .Bind(m.file)
                          .Bind(m.caption)
                          .Bind(m.credit)
                          .Bind(m.alt)
                          .Bind(m.width)
                          .Bind(m.height)
                          .Bind(m.mime_type)
                          .Bind(JoinWidths(m.rendition_widths))
                          .Bind(m.id)
                          .Exec();
        if (changed == 0) return model::NotFound("no media with id " + std::to_string(m.id));
        // The pages of the articles showing the image carry its caption, credit and alt
        // text: a change per article lets every serving process evict them.
        std::vector<std::tuple<std::string, model::Id, model::Id>> users;
        {
          Stmt s(c, "SELECT edition, id, translation_group FROM articles WHERE image_id = ?");
          s.Bind(m.id);
          while (s.Step()) users.emplace_back(s.Str(0), s.Int(1), s.Int(2));
        }
        for (const auto& [edition, id, group] : users) RecordChange(c, edition, id, group);
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return m.id;
  }

  Result<std::optional<model::Media>> GetMedia(model::Id id) override {
    return Guard("reading media", [&]() -> Result<std::optional<model::Media>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT id, file, caption, credit, alt, width, height, mime_type, rendition_widths "
             "FROM media WHERE id = ?");
      s.Bind(id);
      if (!s.Step()) return std::optional<model::Media>();
      return std::optional<model::Media>(ReadMedia(s));
    });
  }

  Result<std::vector<model::Media>> GetMediaItems(const std::vector<model::Id>& ids) override {
    return Guard("reading media", [&]() -> Result<std::vector<model::Media>> {
      std::vector<model::Media> out;
      if (ids.empty()) return out;
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT m.id, m.file, m.caption, m.credit, m.alt, m.width, m.height, m.mime_type, "
             "m.rendition_widths FROM json_each(?) j JOIN media m ON m.id = j.value "
             "ORDER BY j.key");
      s.Bind(JsonIds(ids));
      while (s.Step()) out.push_back(ReadMedia(s));
      return out;
    });
  }

  Result<std::vector<model::Media>> SearchMedia(const MediaQuery& query) override {
    return Guard("searching media", [&]() -> Result<std::vector<model::Media>> {
      std::vector<model::Media> out;
      Lease lease = Acquire();
      std::string sql =
          "SELECT id, file, caption, credit, alt, width, height, mime_type, rendition_widths "
          "FROM media";
      if (!query.text.empty()) {
        sql +=
            " WHERE instr(lower(caption || char(10) || alt || char(10) || credit || char(10) || "
            "file), lower(?)) > 0";
      }
      sql += " ORDER BY id DESC LIMIT ? OFFSET ?";
      Stmt s(*lease.conn, sql);
      if (!query.text.empty()) s.Bind(query.text);
      s.Bind(std::max(query.limit, 0)).Bind(std::max(query.offset, 0));
      while (s.Step()) out.push_back(ReadMedia(s));
      return out;
    });
  }

  Status DeleteMedia(model::Id id) override {
    return InTransaction([&]() -> Status {
      return Guard("deleting media", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        {
          Stmt used(c, "SELECT count(*) FROM articles WHERE image_id = ?");
          used.Bind(id);
          used.Step();
          if (const std::int64_t n = used.Int(0); n > 0) {
            return model::Conflict("the image is the main image of " + std::to_string(n) +
                                   " article(s): choose another image for them first");
          }
        }
        Stmt s(c, "DELETE FROM media WHERE id = ?");
        s.Bind(id);
        if (s.Exec() == 0) return model::NotFound("no media with id " + std::to_string(id));
        return model::Ok();
      });
    });
  }

  // --- articles

  Result<std::optional<Article>> GetArticle(model::Id id) override {
    return FindOne("reading article", "a.id = ?", [&](Stmt& s) { s.Bind(id); });
  }

  Result<std::optional<Article>> FindArticleByExternalId(std::string_view id) override {
    if (id.empty()) return std::optional<Article>();
    return FindOne("finding article", "a.external_id = ?", [&](Stmt& s) { s.Bind(id); });
  }

  Result<std::optional<Article>> FindArticleBySlug(std::string_view edition,
                                                   std::string_view slug) override {
    return FindOne("finding article", "a.edition = ? AND a.slug = ?",
                   [&](Stmt& s) { s.Bind(edition).Bind(slug); });
  }

  Result<Article> SaveArticle(const Article& input, std::string_view saved_by) override {
    return SavePreparedArticle(input, saved_by, nullptr);
  }

  // The search index's text and tokens, for IndexArticleIn.
  std::shared_ptr<const PreparedSave> PrepareSave(const Article& article) override {
    try {
      std::optional<std::string> language;
      {
        std::lock_guard lock(languages_mu_);
        if (auto it = languages_.find(article.edition); it != languages_.end()) {
          language = it->second;
        }
      }
      // A language changed since is harmless: the save then finds another table and does
      // the work itself.
      if (!language) {
        Lease lease = Acquire();
        language = EditionLanguage(*lease.conn, article.edition);
        if (!language) return nullptr;
        std::lock_guard lock(languages_mu_);
        languages_[article.edition] = *language;
      }
      auto prepared = std::make_shared<PreparedDocument>();
      prepared->title = article.title;
      prepared->lead = article.lead;
      prepared->body_html = article.body_html;
      prepared->table = SearchTable(*language);
      prepared->tokens = std::make_shared<const DocumentTokens>(
          TokenizeDocument(prepared->table.substr(std::string_view("search_").size()),
                           {text::CleanUtf8(article.title), text::CleanUtf8(article.lead),
                            text::CleanUtf8(text::HtmlToPlainText(article.body_html))}));
      return prepared;
    } catch (const std::exception&) {
      return nullptr;  // nothing ahead: the save does it all
    }
  }

  Result<Article> SavePreparedArticle(const Article& input, std::string_view saved_by,
                                      const PreparedSave* prepared) override {
    Article a = input;
    if (a.edition.empty()) return model::InvalidInput("an article needs an edition", "edition");
    if (a.slug.empty()) a.slug = text::Slugify(a.title);
    if (a.slug.empty()) return model::InvalidInput("an article needs a slug", "slug");
    std::optional<Article> saved;
    Status st = InTransaction([&]() -> Status {
      return Guard("saving article", [&]() -> Status {
        Status s =
            SaveArticleInTransaction(a, saved_by, dynamic_cast<const PreparedDocument*>(prepared));
        if (!s.ok()) return s;
        auto reread = GetArticle(a.id);
        if (!reread.ok()) return reread.error();
        if (!reread->has_value()) return model::Internal("saved article vanished");
        saved = std::move(**reread);
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return std::move(*saved);
  }

  Result<std::vector<Article>> ListArticles(const ArticleQuery& q) override {
    if (Status v = ValidateQuery(q); !v.ok()) return v.error();
    return Guard("listing articles", [&]() -> Result<std::vector<Article>> {
      std::vector<Article> out;
      if (q.limit == 0) return out;
      Lease lease = Acquire();
      std::vector<Param> params;
      const std::string from_where = BuildFromWhere(q, params, ListingAccess(*lease.conn, q));
      const auto select = from_where.find(" FROM articles a WHERE ");
      std::string sql = from_where.substr(0, select) + "SELECT " + ArticleColumns(q.with_body) +
                        from_where.substr(select) +
                        " ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?";
      {
        Stmt s(*lease.conn, sql);
        for (const Param& p : params) s.Bind(p);
        s.Bind(q.limit).Bind(q.offset);
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      LoadRelations(*lease.conn, out);
      return out;
    });
  }

  Result<std::int64_t> CountArticles(const ArticleQuery& q) override {
    if (Status v = ValidateQuery(q); !v.ok()) return v.error();
    return Guard("counting articles", [&]() -> Result<std::int64_t> {
      std::vector<Param> params;
      // A count visits every match: reading them through their tag, author or section costs
      // one step per match, the newest-first index one step per article of the edition.
      const std::string from_where = BuildFromWhere(
          q, params, q.tag_id || q.author_id ? Access::kRelation : Access::kSectionIndex);
      const auto select = from_where.find(" FROM articles a WHERE ");
      std::string sql =
          from_where.substr(0, select) + "SELECT COUNT(*)" + from_where.substr(select);
      Lease lease = Acquire();
      Stmt s(*lease.conn, sql);
      for (const Param& p : params) s.Bind(p);
      s.Step();
      return s.Int(0);
    });
  }

  Result<std::vector<Article>> ScanArticles(model::Id after_id, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Guard("scanning articles", [&]() -> Result<std::vector<Article>> {
      std::vector<Article> out;
      Lease lease = Acquire();
      {
        Stmt s(*lease.conn, "SELECT " + ArticleColumns(true) +
                                " FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?");
        s.Bind(after_id).Bind(limit);
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      LoadRelations(*lease.conn, out);
      return out;
    });
  }

  Result<std::vector<model::Revision>> ListRevisions(model::Id article_id) override {
    return Guard("listing revisions", [&]() -> Result<std::vector<model::Revision>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT r.article_id, r.number, r.saved_at, r.saved_by, r.title, r.lead, "
             "COALESCE(r.body_html, a.body_html) FROM revisions r "
             "JOIN articles a ON a.id = r.article_id WHERE r.article_id = ? ORDER BY r.number");
      s.Bind(article_id);
      std::vector<model::Revision> out;
      while (s.Step()) {
        out.push_back({s.Int(0), static_cast<int>(s.Int(1)), s.Int(2), s.Str(3), s.Str(4), s.Str(5),
                       s.Str(6)});
      }
      return out;
    });
  }

  Result<std::vector<Article>> RelatedArticles(const Article& article, UnixSeconds now,
                                               int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Guard("finding related articles", [&]() -> Result<std::vector<Article>> {
      std::vector<Article> out;
      if (limit == 0) return out;
      const std::string published =
          " a.edition = ?1 AND a.status = 'published' AND a.published_at IS NOT NULL AND "
          "(?2 = 0 OR a.published_at <= ?3) AND a.id NOT IN (SELECT value FROM json_each(?4)) ";
      Lease lease = Acquire();
      std::vector<model::Id> seen = {article.id};
      if (!article.tag_ids.empty()) {
        const std::string tags = JsonIds(article.tag_ids);
        const bool rare = RareTags(*lease.conn, tags, limit);
        const std::string sql =
            rare ? "SELECT " + ArticleColumns(false) +
                       " FROM articles a WHERE a.id IN (SELECT article_id FROM article_tags "
                       "WHERE tag_id IN (SELECT value FROM json_each(?6))) AND" +
                       Unindexed(published) + "ORDER BY a.published_at DESC, a.id DESC LIMIT ?5"
                 : "SELECT " + ArticleColumns(false) + " FROM articles a WHERE" + published +
                       "AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND "
                       "t.tag_id IN (SELECT value FROM json_each(?6))) "
                       "ORDER BY a.published_at DESC, a.id DESC LIMIT ?5";
        Stmt s(*lease.conn, sql);
        s.Bind(article.edition).Bind(now).Bind(now).Bind(JsonIds(seen)).Bind(limit).Bind(tags);
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      if (static_cast<int>(out.size()) < limit && article.section_id != 0) {
        for (const Article& a : out) seen.push_back(a.id);
        Stmt s(*lease.conn, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE" +
                                published +
                                "AND a.section_id = ? ORDER BY a.published_at DESC, a.id DESC "
                                "LIMIT ?");
        s.Bind(article.edition)
            .Bind(now)
            .Bind(now)
            .Bind(JsonIds(seen))
            .Bind(article.section_id)
            .Bind(limit - static_cast<int>(out.size()));
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      LoadRelations(*lease.conn, out);
      return out;
    });
  }

  // --- redirects

  Result<std::optional<std::string>> FindRedirect(std::string_view from_path) override {
    return Guard("finding redirect", [&]() -> Result<std::optional<std::string>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, "SELECT to_path FROM redirects WHERE from_path = ?");
      s.Bind(from_path);
      if (!s.Step()) return std::optional<std::string>();
      return std::optional<std::string>(s.Str(0));
    });
  }

  Status SaveRedirect(const model::Redirect& r) override {
    if (r.from_path.empty() || r.to_path.empty()) {
      return model::InvalidInput("a redirect needs both paths", "from_path");
    }
    if (r.from_path == r.to_path) return model::InvalidInput("a redirect to itself", "to_path");
    return InTransaction([&]() -> Status {
      return Guard("saving redirect", [&]() -> Status {
        Lease lease = Acquire();
        SaveRedirectIn(*lease.conn, r.from_path, r.to_path);
        return model::Ok();
      });
    });
  }

  // --- integrity reports. Issues are stored one a line as field, kind and detail separated
  // by tabs (details never contain tabs or newlines: they are replaced by spaces).

  Status SaveIntegrityReport(model::Id article_id, const model::IntegrityReport& r) override {
    auto clean = [](std::string v) {
      for (char& c : v) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
      }
      return v;
    };
    std::string issues;
    for (const auto& i : r.issues) {
      issues += clean(i.field) + "\t" + clean(i.kind) + "\t" + clean(i.detail) + "\n";
    }
    return InTransaction([&]() -> Status {
      return Guard("saving integrity report", [&]() -> Status {
        Lease lease = Acquire();
        Stmt s(*lease.conn,
               "INSERT OR REPLACE INTO article_integrity (article_id, protected_items, kept, "
               "missing, duplicated, altered, numbers_source, numbers_translation, dates_source, "
               "dates_translation, issues, machine_translation) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        s.Bind(article_id).Bind(r.protected_items).Bind(r.kept).Bind(r.missing);
        s.Bind(r.duplicated).Bind(r.altered).Bind(r.numbers_source).Bind(r.numbers_translation);
        s.Bind(r.dates_source).Bind(r.dates_translation).Bind(issues).Bind(r.machine_translation);
        s.Exec();
        return model::Ok();
      });
    });
  }

  Result<std::optional<model::IntegrityReport>> GetIntegrityReport(model::Id article_id) override {
    return Guard(
        "reading integrity report", [&]() -> Result<std::optional<model::IntegrityReport>> {
          Lease lease = Acquire();
          Stmt s(*lease.conn,
                 "SELECT protected_items, kept, missing, duplicated, altered, "
                 "numbers_source, numbers_translation, dates_source, dates_translation, "
                 "issues, machine_translation FROM article_integrity WHERE article_id = ?");
          s.Bind(article_id);
          if (!s.Step()) return std::optional<model::IntegrityReport>();
          model::IntegrityReport r;
          r.protected_items = static_cast<int>(s.Int(0));
          r.kept = static_cast<int>(s.Int(1));
          r.missing = static_cast<int>(s.Int(2));
          r.duplicated = static_cast<int>(s.Int(3));
          r.altered = static_cast<int>(s.Int(4));
          r.numbers_source = static_cast<int>(s.Int(5));
          r.numbers_translation = static_cast<int>(s.Int(6));
          r.dates_source = static_cast<int>(s.Int(7));
          r.dates_translation = static_cast<int>(s.Int(8));
          const std::string issues = s.Str(9);
          r.machine_translation = s.Str(10);
          std::size_t from = 0;
          while (from < issues.size()) {
            std::size_t end = issues.find('\n', from);
            if (end == std::string::npos) end = issues.size();
            const std::string line = issues.substr(from, end - from);
            from = end + 1;
            const std::size_t t1 = line.find('\t');
            const std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
            if (t2 == std::string::npos) continue;
            r.issues.push_back(
                {line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
          }
          return std::optional<model::IntegrityReport>(std::move(r));
        });
  }

  // --- placements

  Result<std::vector<model::Placement>> ListPlacements(std::string_view edition,
                                                       std::string_view slot) override {
    return Guard("listing placements", [&]() -> Result<std::vector<model::Placement>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT edition, slot, position, article_id FROM placements "
             "WHERE edition = ? AND slot = ? ORDER BY position");
      s.Bind(edition).Bind(slot);
      std::vector<model::Placement> out;
      while (s.Step()) {
        out.push_back({s.Str(0), s.Str(1), static_cast<int>(s.Int(2)), s.Int(3)});
      }
      return out;
    });
  }

  Status SetPlacements(std::string_view edition, std::string_view slot,
                       const std::vector<model::Id>& article_ids) override {
    if (edition.empty() || slot.empty()) {
      return model::InvalidInput("placements need an edition and a slot", "slot");
    }
    return InTransaction([&]() -> Status {
      return Guard("saving placements", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        Stmt(c, "DELETE FROM placements WHERE edition = ? AND slot = ?")
            .Bind(edition)
            .Bind(slot)
            .Exec();
        int position = 0;
        for (model::Id id : article_ids) {
          Stmt(c, "INSERT INTO placements (edition, slot, position, article_id) VALUES (?,?,?,?)")
              .Bind(edition)
              .Bind(slot)
              .Bind(position++)
              .Bind(id)
              .Exec();
        }
        RecordChange(c, edition, 0, 0);
        return model::Ok();
      });
    });
  }

  // --- change feed

  Result<std::int64_t> LatestChangeSeq() override {
    return Guard("reading change feed", [&]() -> Result<std::int64_t> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, "SELECT COALESCE(MAX(seq), 0) FROM changes");
      s.Step();
      return s.Int(0);
    });
  }

  Result<std::vector<model::Change>> ChangesSince(std::int64_t seq, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Guard("reading change feed", [&]() -> Result<std::vector<model::Change>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT seq, edition, article_id, translation_group FROM changes "
             "WHERE seq > ? ORDER BY seq LIMIT ?");
      s.Bind(seq).Bind(limit);
      std::vector<model::Change> out;
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Int(2), s.Int(3)});
      return out;
    });
  }

  Result<std::vector<Article>> DueScheduled(UnixSeconds now) override {
    return Guard("listing scheduled articles", [&]() -> Result<std::vector<Article>> {
      std::vector<Article> out;
      Lease lease = Acquire();
      {
        // The publication time may be held in published_at (as the contract says) or, when
        // that is empty, in scheduled_at.
        Stmt s(*lease.conn, "SELECT " + ArticleColumns(true) +
                                " FROM articles a WHERE a.status = 'scheduled' AND "
                                "COALESCE(a.published_at, a.scheduled_at) <= ? "
                                "ORDER BY COALESCE(a.published_at, a.scheduled_at), a.id");
        s.Bind(now);
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      LoadRelations(*lease.conn, out);
      return out;
    });
  }
  // --- newsroom: work lists, users, sessions, audit log

  Result<std::vector<Article>> ListWork(const WorkQuery& q) override {
    if (q.limit < 0 || q.offset < 0) return model::InvalidInput("negative limit or offset");
    return Guard("listing work", [&]() -> Result<std::vector<Article>> {
      std::string where = "1";
      std::vector<Param> params;
      if (!q.edition.empty()) {
        where += " AND a.edition = ?";
        params.emplace_back(q.edition);
      }
      if (q.status) {
        where += " AND a.status = ?";
        params.emplace_back(std::string(model::StatusName(*q.status)));
      }
      if (!q.created_by.empty()) {
        where +=
            " AND a.id IN (SELECT article_id FROM revisions WHERE number = 1 AND saved_by = ?)";
        params.emplace_back(q.created_by);
      }
      if (!q.title_contains.empty()) {
        where += " AND instr(lower(a.title), lower(?)) > 0";
        params.emplace_back(q.title_contains);
      }
      if (q.section_id) {
        where += " AND a.section_id = ?";
        params.emplace_back(*q.section_id);
      }
      if (q.image_id) {
        where += " AND a.image_id = ?";
        params.emplace_back(*q.image_id);
      }
      std::vector<Article> out;
      Lease lease = Acquire();
      {
        Stmt s(*lease.conn, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE " + where +
                                " ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?");
        for (const Param& p : params) s.Bind(p);
        s.Bind(q.limit).Bind(q.offset);
        while (s.Step()) out.push_back(ReadArticle(s));
      }
      LoadRelations(*lease.conn, out);
      return out;
    });
  }

  static constexpr const char* kUserColumns = "id, username, display_name, role, disabled";

  static model::User ReadUser(Stmt& s) {
    model::User u;
    u.id = s.Int(0);
    u.username = s.Str(1);
    u.display_name = s.Str(2);
    u.role = model::ParseRole(s.Str(3)).value_or(model::Role::kReporter);
    u.disabled = s.Int(4) != 0;
    return u;
  }

  Result<model::User> CreateUser(const model::User& user, std::string_view password_hash) override {
    if (user.username.empty()) return model::InvalidInput("a user needs a username", "username");
    model::User out = user;
    Status st = InTransaction([&]() -> Status {
      return Guard("creating user", [&]() -> Status {
        Lease lease = Acquire();
        {
          Stmt s(*lease.conn, "SELECT 1 FROM users WHERE username = ?");
          s.Bind(user.username);
          if (s.Step()) return model::Conflict("user '" + user.username + "' already exists");
        }
        Stmt(*lease.conn,
             "INSERT INTO users (username, display_name, role, password_hash, disabled) "
             "VALUES (?, ?, ?, ?, ?)")
            .Bind(user.username)
            .Bind(user.display_name)
            .Bind(model::RoleName(user.role))
            .Bind(password_hash)
            .Bind(user.disabled ? 1 : 0)
            .Exec();
        out.id = lease.conn->db.getLastInsertRowid();
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return out;
  }

  Result<std::optional<model::User>> FindUser(std::string_view username) override {
    return FindUserWhere("username = ?", std::string(username));
  }

  Result<std::optional<model::User>> GetUser(model::Id id) override {
    return FindUserWhere("id = ?", id);
  }

  Result<std::optional<model::User>> FindUserWhere(const std::string& where, const Param& p) {
    return Guard("finding user", [&]() -> Result<std::optional<model::User>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where);
      s.Bind(p);
      if (!s.Step()) return std::optional<model::User>();
      return std::optional<model::User>(ReadUser(s));
    });
  }

  Result<std::vector<model::User>> ListUsers() override {
    return Guard("listing users", [&]() -> Result<std::vector<model::User>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username");
      std::vector<model::User> out;
      while (s.Step()) out.push_back(ReadUser(s));
      return out;
    });
  }

  // Runs one UPDATE/DELETE by id in a transaction; kNotFound when it touched no row.
  template <typename BindFn>
  Status UpdateOne(std::string_view what, const std::string& sql, BindFn bind,
                   std::string not_found) {
    return InTransaction([&]() -> Status {
      return Guard(what, [&]() -> Status {
        Lease lease = Acquire();
        Stmt s(*lease.conn, sql);
        bind(s);
        if (s.Exec() == 0) return model::NotFound(std::move(not_found));
        return model::Ok();
      });
    });
  }

  Status UpdateUser(const model::User& user) override {
    return UpdateOne(
        "updating user", "UPDATE users SET display_name = ?, role = ?, disabled = ? WHERE id = ?",
        [&](Stmt& s) {
          s.Bind(user.display_name).Bind(model::RoleName(user.role)).Bind(user.disabled ? 1 : 0);
          s.Bind(user.id);
        },
        "no user with id " + std::to_string(user.id));
  }

  Result<std::string> GetPasswordHash(model::Id user_id) override {
    return Guard("reading password hash", [&]() -> Result<std::string> {
      Lease lease = Acquire();
      Stmt s(*lease.conn, "SELECT password_hash FROM users WHERE id = ?");
      s.Bind(user_id);
      if (!s.Step()) return model::NotFound("no user with id " + std::to_string(user_id));
      return s.Str(0);
    });
  }

  Status SetPasswordHash(model::Id user_id, std::string_view password_hash) override {
    return UpdateOne(
        "setting password", "UPDATE users SET password_hash = ? WHERE id = ?",
        [&](Stmt& s) { s.Bind(password_hash).Bind(user_id); },
        "no user with id " + std::to_string(user_id));
  }

  Status CreateSession(const model::Session& session) override {
    return InTransaction([&]() -> Status {
      return Guard("creating session", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn,
             "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
             "expires_at) VALUES (?, ?, ?, ?, ?, ?)")
            .Bind(session.token_hash)
            .Bind(session.user_id)
            .Bind(session.csrf_token)
            .Bind(session.created_at)
            .Bind(session.last_seen_at)
            .Bind(session.expires_at)
            .Exec();
        return model::Ok();
      });
    });
  }

  Result<std::optional<model::Session>> FindSession(std::string_view token_hash) override {
    return Guard("finding session", [&]() -> Result<std::optional<model::Session>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at "
             "FROM sessions WHERE token_hash = ?");
      s.Bind(token_hash);
      if (!s.Step()) return std::optional<model::Session>();
      return std::optional<model::Session>(
          model::Session{s.Str(0), s.Int(1), s.Str(2), s.Int(3), s.Int(4), s.Int(5)});
    });
  }

  Status TouchSession(std::string_view token_hash, UnixSeconds last_seen_at) override {
    return UpdateOne(
        "touching session", "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
        [&](Stmt& s) { s.Bind(last_seen_at).Bind(token_hash); }, "no such session");
  }

  Result<model::UnixSeconds> RecordLoginFailure(std::string_view key, int limit,
                                                model::UnixSeconds now, std::int64_t window_seconds,
                                                std::int64_t lockout_seconds) override {
    model::UnixSeconds locked_until = 0;
    Status st = InTransaction([&]() -> Status {
      return Guard("recording a failed login", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        Stmt(c, "DELETE FROM login_failures WHERE locked_until <= ? AND first_at < ?")
            .Bind(now)
            .Bind(now - window_seconds)
            .Exec();
        LoginFailures row;
        {
          Stmt s(c, "SELECT count, first_at, locked_until FROM login_failures WHERE key = ?");
          s.Bind(key);
          if (s.Step()) row = {static_cast<int>(s.Int(0)), s.Int(1), s.Int(2)};
        }
        row = AddLoginFailure(row, limit, now, window_seconds, lockout_seconds);
        Stmt(c,
             "INSERT INTO login_failures (key, count, first_at, locked_until) VALUES (?, ?, ?, ?) "
             "ON CONFLICT(key) DO UPDATE SET count = excluded.count, first_at = "
             "excluded.first_at, locked_until = excluded.locked_until")
            .Bind(key)
            .Bind(row.count)
            .Bind(row.first_at)
            .Bind(row.locked_until)
            .Exec();
        locked_until = row.locked_until > now ? row.locked_until : 0;
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return locked_until;
  }

  Result<model::UnixSeconds> LoginLockedUntil(std::string_view key,
                                              model::UnixSeconds now) override {
    return Guard("reading login failures", [&]() -> Result<model::UnixSeconds> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT locked_until FROM login_failures WHERE key = ? AND locked_until > ?");
      s.Bind(key).Bind(now);
      return s.Step() ? s.Int(0) : 0;
    });
  }

  Status ClearLoginFailures(std::string_view key) override {
    return InTransaction([&]() -> Status {
      return Guard("clearing login failures", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn, "DELETE FROM login_failures WHERE key = ?").Bind(key).Exec();
        return model::Ok();
      });
    });
  }

  Status DeleteSession(std::string_view token_hash) override {
    return InTransaction([&]() -> Status {
      return Guard("deleting session", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn, "DELETE FROM sessions WHERE token_hash = ?").Bind(token_hash).Exec();
        return model::Ok();
      });
    });
  }

  Result<int> DeleteUserSessions(model::Id user_id) override {
    int deleted = 0;
    Status st = InTransaction([&]() -> Status {
      return Guard("ending sessions", [&]() -> Status {
        Lease lease = Acquire();
        deleted = Stmt(*lease.conn, "DELETE FROM sessions WHERE user_id = ?").Bind(user_id).Exec();
        return model::Ok();
      });
    });
    if (!st.ok()) return st.error();
    return deleted;
  }

  Status AppendAudit(const model::AuditEntry& e) override {
    return InTransaction([&]() -> Status {
      return Guard("writing the audit log", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn,
             "INSERT INTO audit_log (at, username, action, article_id, detail) "
             "VALUES (?, ?, ?, ?, ?)")
            .Bind(e.at != 0 ? e.at : NowSeconds())
            .Bind(e.username)
            .Bind(e.action)
            .Bind(e.article_id)
            .Bind(e.detail)
            .Exec();
        return model::Ok();
      });
    });
  }

  Result<std::vector<model::AuditEntry>> ListAudit(model::Id article_id, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Guard("reading the audit log", [&]() -> Result<std::vector<model::AuditEntry>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT id, at, username, action, article_id, detail FROM audit_log "
             "WHERE (? = 0 OR article_id = ?) ORDER BY id DESC LIMIT ?");
      s.Bind(article_id).Bind(article_id).Bind(limit);
      std::vector<model::AuditEntry> out;
      while (s.Step()) {
        out.push_back({s.Int(0), s.Int(1), s.Str(2), s.Str(3), s.Int(4), s.Str(5)});
      }
      return out;
    });
  }

  Status TouchEditing(model::Id article_id, std::string_view username, UnixSeconds now,
                      UnixSeconds fresh_since) override {
    return InTransaction([&]() -> Status {
      return Guard("recording who edits an article", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn, "DELETE FROM article_editing WHERE article_id = ? AND seen_at < ?")
            .Bind(article_id)
            .Bind(fresh_since)
            .Exec();
        // What is left is fresh: it keeps its started_at.
        Stmt(*lease.conn,
             "INSERT INTO article_editing (article_id, username, started_at, seen_at) "
             "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, username) "
             "DO UPDATE SET seen_at = excluded.seen_at")
            .Bind(article_id)
            .Bind(username)
            .Bind(now)
            .Bind(now)
            .Exec();
        return model::Ok();
      });
    });
  }

  Result<std::vector<model::EditingMark>> ListEditing(model::Id article_id,
                                                      UnixSeconds fresh_since) override {
    return Guard("reading who edits an article", [&]() -> Result<std::vector<model::EditingMark>> {
      Lease lease = Acquire();
      Stmt s(*lease.conn,
             "SELECT e.article_id, e.username, COALESCE(u.display_name, ''), e.started_at, "
             "e.seen_at FROM article_editing e LEFT JOIN users u ON u.username = e.username "
             "WHERE e.article_id = ? AND e.seen_at >= ? ORDER BY e.started_at, e.username");
      s.Bind(article_id).Bind(fresh_since);
      std::vector<model::EditingMark> out;
      while (s.Step()) out.push_back({s.Int(0), s.Str(1), s.Str(2), s.Int(3), s.Int(4)});
      return out;
    });
  }

  Status ClearEditing(model::Id article_id, std::string_view username) override {
    return InTransaction([&]() -> Status {
      return Guard("clearing who edits an article", [&]() -> Status {
        Lease lease = Acquire();
        Stmt(*lease.conn, "DELETE FROM article_editing WHERE article_id = ? AND username = ?")
            .Bind(article_id)
            .Bind(username)
            .Exec();
        return model::Ok();
      });
    });
  }

  Result<bool> RunExclusive(std::string_view, const std::function<Status()>& work) override {
    // BEGIN IMMEDIATE takes the database's only write lock: every process waits its turn.
    Status st = InTransaction(work);
    if (!st.ok()) return st.error();
    return true;
  }

  bool WaitForChange(int timeout_ms) override {
    // SQLite cannot notify other processes; callers poll the change feed.
    std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
    return false;
  }

  // --- search (storage::SearchIndex)

  // Relevance ranks the newest kRankWindow matches (in the index's key order), and counts
  // stop past kCountCap: both bound the work of a query on a very common word. A query of
  // several terms, a phrase or an exclusion counts only up to kRankWindow: each of its
  // matches costs an intersection of doclists, not one step along a single one.
  static constexpr int kRankWindow = 200;
  static constexpr int kCountCap = 500;

  Result<SearchResults> Search(const SearchQuery& q) override {
    if (q.edition.empty()) return model::InvalidInput("a search needs an edition", "edition");
    if (q.limit < 0 || q.limit > 100) return model::InvalidInput("limit out of 0..100", "limit");
    if (q.offset < 0 || q.offset > 10000) {
      return model::InvalidInput("offset out of 0..10000", "offset");
    }
    return Guard("searching", [&]() -> Result<SearchResults> {
      Lease lease = Acquire();
      Conn& c = *lease.conn;
      std::optional<std::string> language = EditionLanguage(c, q.edition);
      if (!language) return model::NotFound("unknown edition: " + q.edition);
      SearchResults results;
      text::ParsedQuery parsed = text::ParseQuery(q.text);
      results.truncated = parsed.truncated;
      text::Analyzer& analyzer = AnalyzerFor(*language);
      const std::string table = SearchTable(*language);
      // Inside a transaction, the search sees the transaction's own saves.
      WritePendingDocuments(c);
      const std::optional<std::string> table_sql = TableSql(c, table);
      const bool pairs = table_sql && HasPairs(*table_sql);
      const Match matched = MatchExpression(c, table, pairs, parsed, analyzer);
      const std::string& match = matched.expression;
      if (match.empty()) {
        results.query_empty = true;
        return results;
      }
      if (!table_sql) return results;

      // Public filters as a range of keys; the others through search_docs.
      std::int64_t low = 0;
      std::int64_t high = std::numeric_limits<std::int64_t>::max();
      std::string docs;
      std::vector<Param> docs_params;
      if (q.published_only) {
        low = kPublishedKeys;
        high = KeyOf(true, kKeyTimeMax) + (std::int64_t{1} << kKeySlotBits) - 1;
        if (q.now != 0) high = std::min(high, KeyOf(true, q.now + 1) - 1);
        if (q.published_from) low = std::max(low, KeyOf(true, *q.published_from));
        if (q.published_to) high = std::min(high, KeyOf(true, *q.published_to + 1) - 1);
      } else {
        if (q.published_from) {
          docs += " AND d.published_at >= ?";
          docs_params.emplace_back(*q.published_from);
        }
        if (q.published_to) {
          docs += " AND d.published_at <= ?";
          docs_params.emplace_back(*q.published_to);
        }
      }
      if (TableShared(c, table, q.edition)) {
        docs += " AND d.edition = ?";
        docs_params.emplace_back(q.edition);
      }
      std::string cte;
      std::vector<Param> cte_params;
      std::vector<Param> params;
      if (q.section_id) {
        cte = kSectionTreeCte;
        cte_params.emplace_back(*q.section_id);
        docs += " AND d.section_id IN (SELECT id FROM tree)";
      }
      if (q.tag_id) {
        docs += " AND d.article_id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)";
        docs_params.emplace_back(*q.tag_id);
      }
      if (q.author_id) {
        docs += " AND d.article_id IN (SELECT article_id FROM article_authors WHERE author_id = ?)";
        docs_params.emplace_back(*q.author_id);
      }
      params.emplace_back(match);
      params.emplace_back(low);
      params.emplace_back(high);
      params.insert(params.end(), docs_params.begin(), docs_params.end());
      // A statement of the form cte + "SELECT <columns>" + from: the CTE's parameters, then
      // those of the columns, then those of `from`.
      auto bind = [&](Stmt& s, const std::vector<Param>& column_params) {
        for (const Param& p : cte_params) s.Bind(p);
        for (const Param& p : column_params) s.Bind(p);
        for (const Param& p : params) s.Bind(p);
      };
      // CROSS JOIN keeps the full-text match as the outer loop, read newest key first and
      // stopped by the LIMIT.
      const std::string from =
          " FROM " + table + " s" +
          (docs.empty() ? "" : " CROSS JOIN search_docs d ON d.key = s.rowid") + " WHERE " + table +
          " MATCH ? AND s.rowid >= ? AND s.rowid <= ?" + docs;

      const std::int64_t wanted = static_cast<std::int64_t>(q.offset) + q.limit;
      const bool one_list = parsed.terms.size() == 1 && !parsed.terms[0].excluded &&
                            parsed.terms[0].kind != text::QueryTerm::Kind::kPhrase;
      const std::int64_t cap = std::max<std::int64_t>(one_list ? kCountCap : kRankWindow, wanted);
      std::vector<std::pair<std::int64_t, double>> page;  // key, score
      std::int64_t seen = 0;                              // matches read by the page's query
      bool complete = false;                              // those were all the matches
      if (q.sort == SearchSort::kDate) {
        Stmt s(c, cte + "SELECT s.rowid" + from + " ORDER BY s.rowid DESC LIMIT ? OFFSET ?");
        bind(s, {});
        s.Bind(q.limit).Bind(q.offset);
        while (s.Step()) page.emplace_back(s.Int(0), 0.0);
        seen = q.offset + static_cast<std::int64_t>(page.size());
        complete = !page.empty() && static_cast<int>(page.size()) < q.limit;
      } else {
        // BM25 with title above lead above body, lower for better; gazette_rank takes the
        // phrases' document counts from the vocabulary (bm25() would count them in the whole
        // index at every query).
        const std::int64_t window = std::max<std::int64_t>(kRankWindow, wanted);
        std::vector<std::pair<std::int64_t, double>> ranked;
        {
          std::string counts;
          for (std::int64_t n : matched.phrase_docs) {
            if (!counts.empty()) counts += ' ';
            counts += std::to_string(n);
          }
          Stmt s(c, cte + "SELECT s.rowid, gazette_rank(" + table + ", ?, 10.0, 4.0, 1.0)" + from +
                        " ORDER BY s.rowid DESC LIMIT ?");
          bind(s, {counts});
          // One match past the window tells whether the window held them all, when the
          // window is also the count's cap.
          s.Bind(cap == window ? window + 1 : window);
          while (s.Step()) ranked.emplace_back(s.Int(0), -s.Col(1).getDouble());
        }
        if (static_cast<std::int64_t>(ranked.size()) > window) {
          ranked.pop_back();
          results.total = cap;
          results.total_capped = true;
        }
        seen = static_cast<std::int64_t>(ranked.size());
        complete = seen < window;
        // Keys come newest first: a stable sort keeps the newest first among equal scores.
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        for (std::size_t i = static_cast<std::size_t>(q.offset);
             i < ranked.size() && static_cast<std::int64_t>(i) < wanted; ++i) {
          page.push_back(ranked[i]);
        }
      }
      if (complete) {
        results.total = seen;
      } else if (!results.total_capped) {
        Stmt count(c, cte + "SELECT count(*) FROM (SELECT 1" + from + " LIMIT ?)");
        bind(count, {});
        count.Bind(cap + 1);
        if (count.Step()) results.total = count.Int(0);
        if (results.total > cap) {
          results.total = cap;
          results.total_capped = true;
        }
      }
      if (page.empty()) {
        if (results.total == 0) results.suggestions = Suggestions(c, table, parsed, analyzer);
        return results;
      }
      std::vector<model::Id> keys;
      for (const auto& [key, score] : page) keys.push_back(key);
      std::unordered_map<std::int64_t, SearchHit> found;
      {
        Stmt s(c, "SELECT " + ArticleColumns(false) +
                      ", d.key FROM search_docs d CROSS JOIN articles a ON a.id = d.article_id "
                      "WHERE d.key IN (SELECT value FROM json_each(?))");
        s.Bind(JsonIds(keys));
        while (s.Step()) {
          SearchHit hit;
          hit.article = ReadArticle(s);
          found[s.Int(19)] = std::move(hit);
        }
      }
      // Marks and snippets from the text the index was built from (search_source's): the
      // lead's snippet when it holds a match, else the body's when it does (its HTML is read
      // and scanned only then, and only up to a window holding every word of the query).
      const text::QueryMarks marks(parsed, analyzer);
      constexpr int kSnippetWords = 30;
      for (auto& [key, hit] : found) {
        hit.title = marks.Mark(text::CleanUtf8(hit.article.title));
        const std::string lead = text::CleanUtf8(hit.article.lead);
        text::QueryMarks::Snippet snippet = marks.MakeSnippet(lead, kSnippetWords);
        if (!snippet.matched || lead.empty()) {
          Stmt body(c, "SELECT body_html FROM articles WHERE id = ?");
          body.Bind(hit.article.id);
          std::string html = body.Step() ? body.Str(0) : std::string();
          text::QueryMarks::Snippet in_body =
              marks.MakeSnippet(text::CleanUtf8(text::HtmlToPlainText(html)), kSnippetWords);
          if (in_body.matched || lead.empty()) snippet = std::move(in_body);
        }
        hit.snippet = std::move(snippet.text);
      }
      std::vector<Article> articles;
      for (const auto& [key, score] : page) {
        auto it = found.find(key);
        if (it == found.end()) continue;
        it->second.score = score;
        articles.push_back(it->second.article);
        results.hits.push_back(std::move(it->second));
      }
      LoadRelations(c, articles);
      for (std::size_t i = 0; i < articles.size(); ++i) {
        results.hits[i].article = std::move(articles[i]);
      }
      return results;
    });
  }

  // --- bulk writes. FTS5 merges its index segments as documents arrive (by default each
  // time 4 segments of a level exist, at once past 16), rewriting the same postings several
  // times over a large import. During one it waits for 16 (64), and the end merges until no
  // level holds 4 segments (100,000 articles: 4 segments left, against 16 with the default
  // settings). Not 'optimize': that rewrites the whole index even when a small import into
  // a large site added one small segment. The settings live in the tables (shared with every
  // connection, kept if the import is killed, until the next import ends or `gazette
  // reindex`), so EndBulkWrites puts FTS5's defaults back.

  static constexpr int kBulkAutomerge = 16;
  static constexpr int kBulkCrisismerge = 64;
  static constexpr int kDefaultAutomerge = 4;
  static constexpr int kDefaultCrisismerge = 16;

  static void SetMergeSettings(Conn& c, const std::string& table, int automerge, int crisismerge) {
    c.db.exec("INSERT INTO " + table + " (" + table + ", rank) VALUES ('automerge', " +
              std::to_string(automerge) + ")");
    c.db.exec("INSERT INTO " + table + " (" + table + ", rank) VALUES ('crisismerge', " +
              std::to_string(crisismerge) + ")");
  }

  static std::vector<std::string> SearchTables(Conn& c) {
    std::vector<std::string> tables;
    SQLite::Statement s(c.db,
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                        "'search\\_%' ESCAPE '\\' AND sql LIKE '%USING fts5(%'");
    while (s.executeStep()) tables.push_back(s.getColumn(0).getString());
    return tables;
  }

  Status BeginBulkWrites() override {
    return InTransaction([&]() -> Status {
      return Guard("preparing the search index for an import", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        // Every edition's table now (an import adds no edition), so that each one the
        // import fills has the settings from its first document.
        std::vector<std::string> languages;
        {
          Stmt s(c, "SELECT DISTINCT language FROM editions");
          while (s.Step()) languages.push_back(s.Str(0));
        }
        for (const std::string& language : languages) EnsureSearchTable(c, language);
        for (const std::string& table : SearchTables(c)) {
          SetMergeSettings(c, table, kBulkAutomerge, kBulkCrisismerge);
        }
        return model::Ok();
      });
    });
  }

  Status EndBulkWrites() override {
    return InTransaction([&]() -> Status {
      return Guard("merging the search index after an import", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        for (const std::string& table : SearchTables(c)) {
          SetMergeSettings(c, table, kDefaultAutomerge, kDefaultCrisismerge);
          // A positive budget merges only levels with 4 segments or more (FTS5's
          // 'usermerge'); it has nothing left to do when it changes at most one row.
          for (;;) {
            const int before = c.db.getTotalChanges();
            c.db.exec("INSERT INTO " + table + " (" + table + ", rank) VALUES ('merge', 2000)");
            if (c.db.getTotalChanges() - before < 2) break;
          }
        }
        return model::Ok();
      });
    });
  }

  Status Reindex(const ReindexProgress& progress) override {
    std::int64_t total = 0;
    Status cleared = InTransaction([&]() -> Status {
      return Guard("clearing the search index", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        total = c.db.execAndGet("SELECT count(*) FROM articles").getInt64();
        std::vector<std::string> tables;
        {
          SQLite::Statement s(c.db,
                              "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                              "'search\\_%' ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
                              "ORDER BY name DESC");
          while (s.executeStep()) tables.push_back(s.getColumn(0).getString());
        }
        // Descending names drop an older schema's search_fr_vocab before search_fr.
        for (const std::string& t : tables) c.db.exec("DROP TABLE " + t);
        c.db.exec("DELETE FROM search_docs");
        c.db.exec("DELETE FROM search_terms");
        ForgetPendingDocuments(c);
        c.cache.clear();
        return model::Ok();
      });
    });
    if (!cleared.ok()) return cleared;
    if (progress) progress(0, total);
    std::int64_t done = 0;
    model::Id after = 0;
    for (;;) {
      std::size_t batch_size = 0;
      Status st = InTransaction([&]() -> Status {
        return Guard("rebuilding the search index", [&]() -> Status {
          Lease lease = Acquire();
          Conn& c = *lease.conn;
          std::vector<Article> batch;
          {
            Stmt s(c, "SELECT " + ArticleColumns(true) +
                          " FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT 1000");
            s.Bind(after);
            while (s.Step()) batch.push_back(ReadArticle(s));
          }
          for (const Article& a : batch) IndexArticleIn(c, a);
          batch_size = batch.size();
          if (!batch.empty()) after = batch.back().id;
          return model::Ok();
        });
      });
      if (!st.ok()) return st;
      if (batch_size == 0) break;
      done += static_cast<std::int64_t>(batch_size);
      if (progress) progress(done, total);
    }
    return InTransaction([&]() -> Status {
      return Guard("optimizing the search index", [&]() -> Status {
        Lease lease = Acquire();
        Conn& c = *lease.conn;
        std::vector<std::string> tables;
        {
          SQLite::Statement s(c.db,
                              "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
                              "'search\\_%' ESCAPE '\\' AND sql LIKE '%USING fts5(%'");
          while (s.executeStep()) tables.push_back(s.getColumn(0).getString());
        }
        for (const std::string& t : tables) {
          c.db.exec("INSERT INTO " + t + "(" + t + ") VALUES ('optimize')");
        }
        c.db.exec("DELETE FROM search_rebuild");
        return model::Ok();
      });
    });
  }

 private:
  // --- search index upkeep: one FTS5 table per language ("search_fr") with columns title,
  // lead, body (plain text), every state indexed. The tables keep no copy of the text: they
  // read it through the search_source view. Their rowid is search_docs.key, which orders
  // published articles by publication time above every other article, so that the newest
  // matches come first from the index itself and the public filters (published, due, date
  // range) are a range of rowids. search_terms is the vocabulary of each table.

  static constexpr std::int64_t kPublishedKeys = std::int64_t{1} << 60;
  static constexpr int kKeySlotBits = 16;  // articles sharing one second
  static constexpr std::int64_t kKeyTimeShift = std::int64_t{1} << 37;
  static constexpr std::int64_t kKeyTimeMax = (std::int64_t{1} << 38) - 1;

  // The first key of second `t` (clamped to about ±4,000 years) in the published or other
  // keys.
  static std::int64_t KeyOf(bool published, UnixSeconds t) {
    const std::int64_t shifted = std::clamp<std::int64_t>(t + kKeyTimeShift, 0, kKeyTimeMax);
    return (published ? kPublishedKeys : 0) + (shifted << kKeySlotBits);
  }

  // A free key for `a`: after the keys of the same second (a later save sorts first).
  static std::int64_t NewKey(Conn& c, const Article& a) {
    const bool published =
        a.status == model::ArticleStatus::kPublished && a.published_at.has_value();
    std::int64_t base = KeyOf(published, a.published_at.value_or(a.created_at));
    const std::int64_t slots = std::int64_t{1} << kKeySlotBits;
    for (;;) {
      Stmt s(c, "SELECT max(key) FROM search_docs WHERE key >= ? AND key < ?");
      s.Bind(base).Bind(base + slots);
      s.Step();
      auto last = s.OptInt(0);
      if (!last) return base;
      if (*last + 1 < base + slots) return *last + 1;
      base -= slots;  // the second is full: borrow the one before
    }
  }

  static std::string SearchTable(std::string_view language) {
    std::string code;
    for (char ch : language) {
      if (ch == '-' || ch == '_') break;
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if (ch < 'a' || ch > 'z') return "search_xx";
      code += ch;
    }
    if (code.size() < 2 || code.size() > 3) return "search_xx";
    return "search_" + code;
  }

  static std::optional<std::string> EditionLanguage(Conn& c, std::string_view edition) {
    Stmt s(c, "SELECT language FROM editions WHERE code = ?");
    s.Bind(edition);
    if (!s.Step()) return std::nullopt;
    return s.Str(0);
  }

  // Whether another edition than `edition` shares the language table `table`.
  static bool TableShared(Conn& c, const std::string& table, std::string_view edition) {
    Stmt s(c, "SELECT code, language FROM editions");
    while (s.Step()) {
      if (s.Str(0) != edition && SearchTable(s.Str(1)) == table) return true;
    }
    return false;
  }

  static bool TableExists(Conn& c, const std::string& table) {
    return TableSql(c, table).has_value();
  }

  // The CREATE statement of a table, or nothing when there is no such table.
  static std::optional<std::string> TableSql(Conn& c, const std::string& table) {
    Stmt s(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.Bind(table);
    if (!s.Step()) return std::nullopt;
    return s.Str(0);
  }

  // Whether a full-text table (its CREATE statement) indexes pairs of neighbouring terms.
  // Tables made before pairs existed do not, until `gazette reindex` makes them again.
  static bool HasPairs(const std::string& table_sql) {
    return table_sql.find(" pairs')") != std::string::npos;
  }

  // Creates the language's table on first use.
  static std::string EnsureSearchTable(Conn& c, std::string_view language) {
    const std::string table = SearchTable(language);
    if (TableExists(c, table)) return table;
    const std::string code = table.substr(std::string("search_").size());
    c.db.exec("CREATE VIRTUAL TABLE " + table +
              " USING fts5(title, lead, body, content = 'search_source', content_rowid = 'key', "
              "tokenize = 'gazette " +
              code + " pairs')");
    // A larger in-memory buffer than the default 1 MB: fewer, larger segments to merge.
    c.db.exec("INSERT INTO " + table + " (" + table + ", rank) VALUES ('hashsize', 33554432)");
    return table;
  }

  // Writes the queued documents of this connection's transaction into their tables, and
  // their terms into the vocabulary.
  static void WritePendingDocuments(Conn& c) {
    if (c.search_written == c.search_pending.size()) return;
    // In ascending rowid order per table: FTS5 writes its in-memory index out as a new segment
    // whenever a document's rowid is below the previous one's, and keys follow publication
    // times, which an import meets in any order (one segment every other document, merged
    // over and over, instead of one per transaction). The queue's own order stays, for
    // RunInSavepoint.
    std::vector<std::size_t> order;
    order.reserve(c.search_pending.size() - c.search_written);
    for (std::size_t i = c.search_written; i < c.search_pending.size(); ++i) {
      if (c.search_pending[i].written == 0) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Conn::PendingDocument& x = c.search_pending[a];
      const Conn::PendingDocument& y = c.search_pending[b];
      return x.table != y.table ? x.table < y.table : x.key < y.key;
    });
    IndexedTerms& terms = c.indexed_terms;
    terms.by_code.clear();
    terms.recording = true;
    try {
      for (std::size_t i : order) {
        Conn::PendingDocument& d = c.search_pending[i];
        terms.replay = d.tokens.get();
        Stmt(c, "INSERT INTO " + d.table + " (rowid, title, lead, body) VALUES (?, ?, ?, ?)")
            .Bind(d.key)
            .Bind(d.Text(0))
            .Bind(d.Text(1))
            .Bind(d.Text(2))
            .Exec();
        terms.replay = nullptr;
        d.written = ++c.write_count;
      }
      c.search_written = c.search_pending.size();
    } catch (...) {
      terms.replay = nullptr;
      terms.recording = false;
      terms.by_code.clear();
      throw;
    }
    terms.recording = false;
    auto counts = std::move(terms.by_code);
    terms.by_code.clear();
    for (const auto& [code, words] : counts) {
      const std::string table = "search_" + code;
      for (const auto& [term, count] : words) {
        Stmt(c,
             "INSERT INTO search_terms (tbl, term, docs) VALUES (?, ?, ?) "
             "ON CONFLICT (tbl, term) DO UPDATE SET docs = docs + excluded.docs")
            .Bind(table)
            .Bind(term)
            .Bind(count.docs)
            .Exec();
      }
    }
  }

  static void ForgetPendingDocuments(Conn& c) {
    c.search_pending.clear();
    c.search_written = 0;
  }

  // Removes an article from the index. Must run before the article's row changes: the
  // table reads the words to remove through search_source.
  static void UnindexArticleIn(Conn& c, model::Id article_id) {
    std::int64_t key = 0;
    std::string edition;
    {
      Stmt s(c, "SELECT key, edition FROM search_docs WHERE article_id = ?");
      s.Bind(article_id);
      if (!s.Step()) return;
      key = s.Int(0);
      edition = s.Str(1);
    }
    std::optional<std::string> language = EditionLanguage(c, edition);
    const std::string table = SearchTable(language.value_or(""));
    if (TableExists(c, table)) {
      for (std::size_t i = c.search_written; i < c.search_pending.size(); ++i) {
        if (c.search_pending[i].written == 0 && c.search_pending[i].key == key &&
            c.search_pending[i].table == table) {
          WritePendingDocuments(c);
          break;
        }
      }
      Stmt(c, "DELETE FROM " + table + " WHERE rowid = ?").Bind(key).Exec();
    }
    Stmt(c, "DELETE FROM search_docs WHERE key = ?").Bind(key).Exec();
  }

  // Adds a saved article to the index: its search_docs row now, its words when the
  // transaction commits (or before a search inside it).
  static void IndexArticleIn(Conn& c, const Article& a,
                             const PreparedDocument* prepared = nullptr) {
    std::optional<std::string> language = EditionLanguage(c, a.edition);
    if (!language) return;
    const std::string table = EnsureSearchTable(c, *language);
    const std::int64_t key = NewKey(c, a);
    Stmt(c,
         "INSERT INTO search_docs (key, article_id, edition, section_id, status, published_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
        .Bind(key)
        .Bind(a.id)
        .Bind(a.edition)
        .Bind(a.section_id)
        .Bind(model::StatusName(a.status))
        .Bind(a.published_at)
        .Exec();
    if (prepared && prepared->Fits(a, table)) {
      c.search_pending.push_back({table, key, {}, {}, {}, prepared->tokens});
      return;
    }
    c.search_pending.push_back({table, key, text::CleanUtf8(a.title), text::CleanUtf8(a.lead),
                                text::CleanUtf8(text::HtmlToPlainText(a.body_html)), nullptr});
  }

  // One analyzer per thread and language: stemmers keep state.
  static text::Analyzer& AnalyzerFor(const std::string& language) {
    thread_local std::unordered_map<std::string, std::unique_ptr<text::Analyzer>> analyzers;
    auto& slot = analyzers[language];
    if (!slot) slot = std::make_unique<text::Analyzer>(language);
    return *slot;
  }

  static std::string QuoteFts(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
      if (ch == '"') out += '"';
      out += ch;
    }
    return out + "\"";
  }

  // The FTS5 expression for a parsed query, with an estimate of how many documents hold
  // each of its phrases (in the order they appear in it) for gazette_rank.
  struct Match {
    std::string expression;  // empty when nothing positive remains
    std::vector<std::int64_t> phrase_docs;
  };

  // Documents indexed with `term`, from the vocabulary (which counts each column that holds
  // the term, and keeps removed articles: an estimate from above).
  static std::int64_t TermDocs(Conn& c, const std::string& table, const std::string& term) {
    Stmt s(c, "SELECT docs FROM search_terms WHERE tbl = ? AND term = ?");
    s.Bind(table).Bind(term);
    return s.Step() ? s.Int(0) : 0;
  }

  // Every element a quoted string (so no FTS5 syntax typed by the reader survives), terms
  // without any searchable word dropped. In a table with pairs, an element of several terms
  // (not a prefix) is the phrase of its pair tokens. A phrase holds at most as many documents
  // as its rarest word.
  static Match MatchExpression(Conn& c, const std::string& table, bool pairs,
                               const text::ParsedQuery& parsed, text::Analyzer& analyzer) {
    std::string positive;
    std::string negative;
    std::vector<std::int64_t> positive_docs;
    std::vector<std::int64_t> negative_docs;
    for (const text::QueryTerm& term : parsed.terms) {
      std::vector<std::string> terms = analyzer.Terms(term.text);
      if (terms.empty()) continue;
      std::string element = QuoteFts(term.text);
      std::vector<std::int64_t>& docs = term.excluded ? negative_docs : positive_docs;
      if (term.kind == text::QueryTerm::Kind::kPrefix && terms.size() == 1) {
        element = PrefixExpression(c, table, terms.front(), element, docs);
      } else {
        const bool prefix = term.kind == text::QueryTerm::Kind::kPrefix;
        if (prefix) {
          element += " *";
        } else if (pairs && terms.size() > 1) {
          std::string raw(1, kRawTermMarker);
          for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
            if (i) raw += ' ';
            raw += PairTerm(terms[i], terms[i + 1]);
          }
          element = QuoteFts(raw);
        }
        if (prefix) terms.pop_back();
        std::int64_t fewest = 0;
        for (std::size_t i = 0; i < terms.size(); ++i) {
          const std::int64_t n = TermDocs(c, table, terms[i]);
          fewest = i == 0 ? n : std::min(fewest, n);
        }
        docs.push_back(fewest);
      }
      if (term.excluded) {
        negative += " NOT " + element;
      } else {
        positive += (positive.empty() ? "" : " AND ") + element;
      }
    }
    if (positive.empty()) return {};
    Match match;
    match.expression = "(" + positive + ")" + negative;
    match.phrase_docs = std::move(positive_docs);
    match.phrase_docs.insert(match.phrase_docs.end(), negative_docs.begin(), negative_docs.end());
    return match;
  }

  // The upper bound of the terms that start with `prefix` (UTF-8 never holds 0xFF).
  static std::string PrefixEnd(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
    if (!prefix.empty()) {
      prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    }
    return prefix;
  }

  static constexpr int kPrefixTerms = 64;

  // A prefix as the OR of its kPrefixTerms most frequent completions in the vocabulary
  // (FTS5 would merge the whole lists of every completion before returning one row), or
  // FTS5's own prefix query of `quoted` when the vocabulary has none. Appends the documents
  // of each phrase to `docs`.
  static std::string PrefixExpression(Conn& c, const std::string& table, const std::string& prefix,
                                      const std::string& quoted, std::vector<std::int64_t>& docs) {
    Stmt s(c,
           "SELECT term, docs FROM search_terms WHERE tbl = ? AND term >= ? AND term < ? "
           "ORDER BY docs DESC LIMIT ?");
    s.Bind(table).Bind(prefix).Bind(PrefixEnd(prefix)).Bind(kPrefixTerms);
    std::string out;
    while (s.Step()) {
      out += (out.empty() ? "(" : " OR ") + QuoteFts(std::string(1, kRawTermMarker) + s.Str(0));
      docs.push_back(s.Int(1));
    }
    if (out.empty()) {
      docs.push_back(0);
      return quoted + " *";
    }
    return out + ")";
  }

  // "Did you mean": each word of the query that is not in the index is replaced by the
  // closest indexed term (edit distance 1 for short words, 2 otherwise; most frequent on
  // ties), shown as it is written in an article.
  static std::vector<std::string> Suggestions(Conn& c, const std::string& table,
                                              const text::ParsedQuery& parsed,
                                              text::Analyzer& analyzer) {
    text::ParsedQuery corrected = parsed;
    bool changed = false;
    for (text::QueryTerm& term : corrected.terms) {
      if (term.excluded || term.kind != text::QueryTerm::Kind::kWord) continue;
      std::vector<std::string> terms = analyzer.Terms(term.text);
      if (terms.size() != 1) continue;
      const std::string& wanted = terms.front();
      const int max = wanted.size() <= 4 ? 1 : 2;
      std::string best;
      int best_distance = max + 1;
      std::int64_t best_docs = 0;
      // Only the terms sharing the first letter (typos seldom hit it) are compared: a range
      // of the vocabulary's key.
      const std::size_t first_len = std::min<std::size_t>(
          wanted.size(), (static_cast<unsigned char>(wanted[0]) < 0x80)   ? 1
                         : (static_cast<unsigned char>(wanted[0]) < 0xE0) ? 2
                         : (static_cast<unsigned char>(wanted[0]) < 0xF0) ? 3
                                                                          : 4);
      std::string low = wanted.substr(0, first_len);
      std::string high = low;
      high.back() = static_cast<char>(static_cast<unsigned char>(high.back()) + 1);
      Stmt s(c, "SELECT term, docs FROM search_terms WHERE tbl = ? AND term >= ? AND term < ?");
      s.Bind(table).Bind(low).Bind(high);
      while (s.Step()) {
        std::string candidate = s.Str(0);
        int d = text::EditDistance(wanted, candidate, max);
        std::int64_t docs = s.Int(1);
        // Typos rarely hit the first letter: on equal distance prefer the same first letter,
        // then the more frequent term.
        const bool same_first = !candidate.empty() && candidate[0] == wanted[0];
        const bool best_same_first = !best.empty() && best[0] == wanted[0];
        if (d < best_distance ||
            (d == best_distance && (same_first > best_same_first ||
                                    (same_first == best_same_first && docs > best_docs)))) {
          best = std::move(candidate);
          best_distance = d;
          best_docs = docs;
        }
      }
      if (best.empty() || best_distance == 0) continue;
      std::string surface = best;
      {
        Stmt w(c, "SELECT snippet(" + table + ", -1, '" + kMatchBegin + "', '" + kMatchEnd +
                      "', '', 1) FROM " + table + " WHERE " + table + " MATCH ? LIMIT 1");
        w.Bind(QuoteFts(std::string(1, kRawTermMarker) + best));
        // The vocabulary keeps the words of removed articles: suggest only what is found.
        if (!w.Step()) continue;
        std::string snip = w.Str(0);
        std::size_t b = snip.find(kMatchBegin);
        std::size_t e = snip.find(kMatchEnd);
        if (b != std::string::npos && e != std::string::npos && e > b + 1) {
          surface = snip.substr(b + 1, e - b - 1);
        }
      }
      term.text = surface;
      changed = true;
    }
    if (!changed) return {};
    std::string out;
    for (const text::QueryTerm& term : corrected.terms) {
      if (!out.empty()) out += ' ';
      if (term.excluded) out += '-';
      if (term.kind == text::QueryTerm::Kind::kPhrase) {
        out += '"' + term.text + '"';
      } else {
        out += term.text;
        if (term.kind == text::QueryTerm::Kind::kPrefix) out += '*';
      }
    }
    return {out};
  }
  // A connection for the calling thread: the one bound by its open transaction (joined), or
  // one from the pool, returned when the lease ends.
  struct Lease {
    SqliteStore* store = nullptr;
    std::unique_ptr<Conn> owned;
    Conn* conn = nullptr;
    bool joined = false;

    Lease() = default;
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (owned) store->Release(std::move(owned));
    }
  };

  static inline const std::string kSectionTreeCte =
      "WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL "
      "SELECT s.id FROM sections s JOIN tree ON s.parent_id = tree.id) ";
  static inline const std::string kSectionTreeInEditionCte =
      "WITH RECURSIVE tree(id) AS (SELECT id FROM sections WHERE id = ? AND edition = ? "
      "UNION ALL SELECT s.id FROM sections s JOIN tree ON s.parent_id = tree.id) ";

  std::unique_ptr<Conn> OpenConn(bool create) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    auto conn = std::make_unique<Conn>(file_, flags);
    conn->db.setBusyTimeout(kBusyTimeoutMs);
    // 16 KiB pages for a new database (an existing one keeps its own): the search index's
    // segments and the article bodies span a quarter as many pages, so an import writes,
    // links and copies fewer of them.
    conn->db.exec("PRAGMA page_size = 16384");
    // journal_mode reads the header first, so a file that is not a database fails here.
    conn->db.exec("PRAGMA journal_mode = WAL");
    conn->db.exec("PRAGMA foreign_keys = ON");
    conn->db.exec("PRAGMA synchronous = NORMAL");
    // Checkpoints every 64 MiB of log instead of every 4 MiB: a page written by several
    // transactions in a row (B-tree interior pages, index segments merged soon after) is
    // copied into the database once; the log file is cut back to 64 MiB after each one.
    conn->db.exec("PRAGMA wal_autocheckpoint = 16384");
    conn->db.exec("PRAGMA journal_size_limit = 67108864");
    // 16 MiB of page cache per connection (the default 2 MiB makes a large import re-read
    // the same index pages), and sorts in memory.
    conn->db.exec("PRAGMA cache_size = -16384");
    conn->db.exec("PRAGMA temp_store = MEMORY");
    if (!RegisterSearchTokenizer(conn->db.getHandle(), &conn->indexed_terms)) {
      throw SQLite::Exception("this SQLite has no FTS5", SQLITE_ERROR);
    }
    if (!RegisterSearchTextFunctions(conn->db.getHandle()) ||
        !RegisterSearchRank(conn->db.getHandle())) {
      throw SQLite::Exception("cannot register the search functions", SQLITE_ERROR);
    }
    return conn;
  }

  Lease Acquire() {
    Lease lease;
    lease.store = this;
    {
      std::lock_guard lock(mu_);
      auto it = tx_.find(std::this_thread::get_id());
      if (it != tx_.end()) {
        lease.conn = it->second;
        lease.joined = true;
        return lease;
      }
      if (!idle_.empty()) {
        lease.owned = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!lease.owned) lease.owned = OpenConn(false);
    lease.conn = lease.owned.get();
    return lease;
  }

  // Leases this thread's connection for a transaction into `leased` (joined when the thread is
  // in one already).
  Status AcquireInto(std::optional<Lease>& leased) {
    return Guard("opening a connection", [&]() -> Status {
      leased.emplace(Acquire());
      return model::Ok();
    });
  }

  void Release(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(conn));
  }

  Status RunInSavepoint(Conn& conn, const std::function<Status()>& work) {
    std::string name = "sp" + std::to_string(++conn.savepoint_depth);
    const std::size_t pending = conn.search_pending.size();
    const std::size_t written = conn.search_written;
    const std::uint64_t write_count = conn.write_count;
    Status result;
    try {
      conn.db.exec("SAVEPOINT " + name);
      result = RunCatching(work, "transaction");
      if (!result.ok()) {
        conn.db.exec("ROLLBACK TO " + name);
        // The documents queued inside the savepoint are gone, and the ones written inside it
        // were rolled back with it.
        conn.search_pending.resize(pending);
        conn.search_written = written;
        for (std::size_t i = written; i < pending; ++i) {
          if (conn.search_pending[i].written > write_count) conn.search_pending[i].written = 0;
        }
      }
      conn.db.exec("RELEASE " + name);
    } catch (const SQLite::Exception& e) {
      result = FromSqlite(e, "nested transaction");
    }
    --conn.savepoint_depth;
    return result;
  }

  void Migrate(Conn& conn) {
    const std::vector<Migration>& migrations = SqliteMigrations();
    if (Status v = ValidateMigrations(migrations); !v.ok()) {
      throw std::runtime_error(v.error().message);
    }
    SQLite::Transaction tx(conn.db, SQLite::TransactionBehavior::IMMEDIATE);
    conn.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int current =
        conn.db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_version").getInt();
    auto pending = PendingMigrations(migrations, current);
    if (!pending.ok()) {
      throw SQLite::Exception(pending.error().message, SQLITE_CANTOPEN);
    }
    for (const Migration* m : *pending) {
      conn.db.exec(m->sql);
      SQLite::Statement ins(conn.db,
                            "INSERT INTO schema_version (version, name, applied_at) "
                            "VALUES (?, ?, ?)");
      ins.bind(1, m->version);
      ins.bind(2, m->name);
      ins.bind(3, static_cast<std::int64_t>(NowSeconds()));
      ins.exec();
    }
    tx.commit();
  }

  static bool EditionExists(Conn& c, std::string_view edition) {
    Stmt s(c, "SELECT 1 FROM editions WHERE code = ?");
    s.Bind(edition);
    return s.Step();
  }

  // `base` (or `fallback` when empty) if free, else base-2, base-3, ...
  template <typename Taken>
  static std::string UniqueSlug(std::string base, const char* fallback, Taken taken) {
    if (base.empty()) base = fallback;
    if (!taken(base)) return base;
    for (int n = 2;; ++n) {
      std::string candidate = base + "-" + std::to_string(n);
      if (!taken(candidate)) return candidate;
    }
  }

  static void RecordChange(Conn& c, std::string_view edition, model::Id article_id,
                           model::Id group) {
    Stmt(c, "INSERT INTO changes (edition, article_id, translation_group) VALUES (?, ?, ?)")
        .Bind(edition)
        .Bind(article_id)
        .Bind(group)
        .Exec();
  }

  static void SaveRedirectIn(Conn& c, const std::string& from, const std::string& to) {
    // Keep chains one hop long, and drop a redirect away from a path that is live again.
    Stmt(c, "UPDATE redirects SET to_path = ? WHERE to_path = ?").Bind(to).Bind(from).Exec();
    Stmt(c, "DELETE FROM redirects WHERE from_path = ? OR from_path = to_path").Bind(to).Exec();
    Stmt(c,
         "INSERT INTO redirects (from_path, to_path) VALUES (?, ?) "
         "ON CONFLICT(from_path) DO UPDATE SET to_path = excluded.to_path")
        .Bind(from)
        .Bind(to)
        .Exec();
  }

  static std::optional<std::string> SectionPathIn(Conn& c, model::Id section_id,
                                                  std::string_view edition) {
    Stmt s(c, "SELECT path FROM sections WHERE id = ? AND edition = ?");
    s.Bind(section_id).Bind(edition);
    if (!s.Step()) return std::nullopt;
    return s.Str(0);
  }

  // Within an open transaction on this thread. Sets a.id (and the group) on success.
  Status SaveArticleInTransaction(Article& a, std::string_view saved_by,
                                  const PreparedDocument* prepared = nullptr) {
    Lease lease = Acquire();
    Conn& c = *lease.conn;
    if (!EditionExists(c, a.edition)) {
      return model::InvalidInput("unknown edition: " + a.edition, "edition");
    }
    std::optional<std::string> section_path = SectionPathIn(c, a.section_id, a.edition);
    if (!section_path) {
      return model::InvalidInput(
          "section " + std::to_string(a.section_id) + " does not exist in edition " + a.edition,
          "section_id");
    }
    {
      Stmt s(c, "SELECT id FROM articles WHERE edition = ? AND slug = ? AND id != ?");
      s.Bind(a.edition).Bind(a.slug).Bind(a.id);
      if (s.Step()) {
        return model::Conflict("slug '" + a.slug + "' is already used in edition " + a.edition);
      }
    }
    if (!a.external_id.empty()) {
      Stmt s(c, "SELECT id FROM articles WHERE external_id = ? AND id != ?");
      s.Bind(a.external_id).Bind(a.id);
      if (s.Step()) return model::Conflict("external id '" + a.external_id + "' is already used");
    }
    UnixSeconds now = NowSeconds();
    if (a.updated_at == 0) a.updated_at = now;
    // NULL, not "", for articles without an external id: UNIQUE ignores NULLs.
    Param external = a.external_id.empty() ? Param(nullptr) : Param(a.external_id);

    std::optional<Article> old;
    if (a.id != 0) {
      Stmt s(c, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE a.id = ?");
      s.Bind(a.id);
      if (!s.Step()) return model::NotFound("no article with id " + std::to_string(a.id));
      old = ReadArticle(s);
    }

    if (!old) {
      if (a.created_at == 0) a.created_at = now;
      a.revision = 1;
      BindArticleColumns(
          Stmt(c,
               "INSERT INTO articles (external_id, edition, translation_group, title, seo_title, "
               "social_title, slug, lead, body_html, section_id, source, image_id, status, "
               "created_at, updated_at, published_at, scheduled_at, revision) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          external, a)
          .Exec();
      a.id = c.db.getLastInsertRowid();
      if (a.translation_group == 0) {
        a.translation_group = a.id;
        Stmt(c, "UPDATE articles SET translation_group = ? WHERE id = ?")
            .Bind(a.translation_group)
            .Bind(a.id)
            .Exec();
      }
    } else {
      // Revisions without a body of their own show the article's current body: give them a
      // copy before it changes.
      Stmt(c,
           "UPDATE revisions SET body_html = (SELECT body_html FROM articles WHERE id = ?1) "
           "WHERE article_id = ?1 AND body_html IS NULL "
           "AND ?2 IS NOT (SELECT body_html FROM articles WHERE id = ?1)")
          .Bind(a.id)
          .Bind(a.body_html)
          .Exec();
      // The index reads the words to remove from the article as it still is.
      UnindexArticleIn(c, a.id);
      if (a.translation_group == 0) a.translation_group = old->translation_group;
      if (a.created_at == 0) a.created_at = old->created_at;
      a.revision = old->revision + 1;
      BindArticleColumns(
          Stmt(
              c,
              "UPDATE articles SET external_id = ?, edition = ?, translation_group = ?, title = ?, "
              "seo_title = ?, social_title = ?, slug = ?, lead = ?, body_html = ?, section_id = ?, "
              "source = ?, image_id = ?, status = ?, created_at = ?, updated_at = ?, "
              "published_at = ?, scheduled_at = ?, revision = ? WHERE id = ?"),
          external, a)
          .Bind(a.id)
          .Exec();
      Stmt(c, "DELETE FROM article_tags WHERE article_id = ?").Bind(a.id).Exec();
      Stmt(c, "DELETE FROM article_authors WHERE article_id = ?").Bind(a.id).Exec();

      if (old->status == model::ArticleStatus::kPublished) {
        std::optional<std::string> old_section = SectionPathIn(c, old->section_id, old->edition);
        if (old_section) {
          std::string from = model::ArticlePath(old->edition, *old_section, old->slug);
          std::string to = model::ArticlePath(a.edition, *section_path, a.slug);
          if (from != to) SaveRedirectIn(c, from, to);
        }
      }
      if (old->edition != a.edition) RecordChange(c, old->edition, a.id, a.translation_group);
    }

    int position = 0;
    for (model::Id tag : a.tag_ids) {
      Stmt(c,
           "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?) "
           "ON CONFLICT DO NOTHING")
          .Bind(a.id)
          .Bind(tag)
          .Bind(position++)
          .Exec();
    }
    position = 0;
    for (model::Id author : a.author_ids) {
      Stmt(c,
           "INSERT INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?) "
           "ON CONFLICT DO NOTHING")
          .Bind(a.id)
          .Bind(author)
          .Bind(position++)
          .Exec();
    }
    // No copy of the body: NULL is the article's body, copied in before it next changes.
    Stmt(c,
         "INSERT INTO revisions (article_id, number, saved_at, saved_by, title, lead, body_html) "
         "VALUES (?, ?, ?, ?, ?, ?, NULL)")
        .Bind(a.id)
        .Bind(a.revision)
        .Bind(now)
        .Bind(saved_by)
        .Bind(a.title)
        .Bind(a.lead)
        .Exec();
    IndexArticleIn(c, a, prepared);
    RecordChange(c, a.edition, a.id, a.translation_group);
    return model::Ok();
  }

  template <typename BindFn>
  Result<std::optional<Article>> FindOne(std::string_view what, const std::string& where,
                                         BindFn bind) {
    return Guard(what, [&]() -> Result<std::optional<Article>> {
      Lease lease = Acquire();
      std::vector<Article> found;
      {
        Stmt s(*lease.conn, "SELECT " + ArticleColumns(true) + " FROM articles a WHERE " + where);
        bind(s);
        if (s.Step()) found.push_back(ReadArticle(s));
      }
      if (found.empty()) return std::optional<Article>();
      LoadRelations(*lease.conn, found);
      return std::optional<Article>(std::move(found.front()));
    });
  }

  // Fills tag_ids and author_ids (in their saved order) with one query.
  static void LoadRelations(Conn& c, std::vector<Article>& articles) {
    if (articles.empty()) return;
    std::unordered_map<model::Id, Article*> by_id;
    std::vector<model::Id> ids;
    for (Article& a : articles) {
      // Each id once: the join below would repeat a repeated id's rows.
      if (by_id.emplace(a.id, &a).second) ids.push_back(a.id);
    }
    struct Row {
      model::Id article_id;
      std::int64_t kind;  // 0 tag, 1 author
      std::int64_t position;
      model::Id id;
    };
    std::vector<Row> rows;
    {
      // Unordered: sorting the few rows here is cheaper than SQLite's sorter. Joined from
      // json_each rather than "IN (SELECT ...)", which builds a temporary index per run.
      Stmt s(c,
             "SELECT t.article_id, 0, t.position, t.tag_id FROM json_each(?1) j "
             "JOIN article_tags t ON t.article_id = j.value UNION ALL "
             "SELECT w.article_id, 1, w.position, w.author_id FROM json_each(?1) j "
             "JOIN article_authors w ON w.article_id = j.value");
      s.Bind(JsonIds(ids));
      while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Int(2), s.Int(3)});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.article_id, a.kind, a.position) <
             std::tie(b.article_id, b.kind, b.position);
    });
    for (const Row& row : rows) {
      Article& a = *by_id[row.article_id];
      (row.kind == 0 ? a.tag_ids : a.author_ids).push_back(row.id);
    }
  }

  // Whether the articles carrying any of `tags` (a JSON array) are few enough to be read
  // through article_tags for a list of `limit` (see RelationCountLimit). Counting costs
  // hundreds of index steps for common tags, on every article page; the answer only picks
  // an access path, never changes a result, so it is remembered for a while.
  bool RareTags(Conn& c, const std::string& tags, int limit) {
    using Clock = std::chrono::steady_clock;
    constexpr auto kRemembered = std::chrono::seconds(60);
    constexpr std::size_t kMaxRemembered = 10000;
    const std::string key = std::to_string(limit) + ":" + tags;
    const auto now = Clock::now();
    {
      std::lock_guard lock(rare_mu_);
      auto it = rare_tags_.find(key);
      if (it != rare_tags_.end() && now - it->second.second < kRemembered) return it->second.first;
    }
    const bool rare = FewerThan(c, "article_tags", "tag_id IN (SELECT value FROM json_each(?))",
                                Param(tags), RelationCountLimit(limit, ArticleTotal(c)));
    std::lock_guard lock(rare_mu_);
    if (rare_tags_.size() >= kMaxRemembered) rare_tags_.clear();
    rare_tags_[key] = {rare, now};
    return rare;
  }

  // Whether fewer than `limit` rows of `table` match `condition`.
  static bool FewerThan(Conn& c, const std::string& table, const std::string& condition,
                        const Param& param, std::int64_t limit) {
    Stmt s(c, "SELECT COUNT(*) FROM (SELECT 1 FROM " + table + " WHERE " + condition + " LIMIT ?)");
    s.Bind(param).Bind(limit);
    s.Step();
    return s.Int(0) < limit;
  }

  // `where` with its article columns behind a unary plus, so that SQLite does not pick an
  // index for them and reads the articles through the rowids a relation gives instead.
  static std::string Unindexed(const std::string& where) {
    std::string out;
    out.reserve(where.size() + 16);
    for (std::size_t i = 0; i < where.size(); ++i) {
      if (where.compare(i, 3, " a.") == 0 || where.compare(i, 3, "(a.") == 0) {
        out += where[i];
        out += '+';
        continue;
      }
      out += where[i];
    }
    return out;
  }

  static Status ValidateQuery(const ArticleQuery& q) {
    if (q.edition.empty()) return model::InvalidInput("a query needs an edition", "edition");
    if (q.limit < 0) return model::InvalidInput("negative limit", "limit");
    if (q.offset < 0) return model::InvalidInput("negative offset", "offset");
    return model::Ok();
  }

  // How ListArticles and CountArticles reach the articles of a query.
  enum class Access {
    kListingIndex,  // walk the newest-first index, filtering as it goes
    kRelation,      // read the tag's (else the author's) articles by rowid, then sort
    kSectionIndex,  // read the section tree's articles through their section index
  };

  // The section tree CTE (when the query has a section) followed by the SELECT's FROM and
  // WHERE for `q`; its parameters are appended to `params` in order.
  static std::string BuildFromWhere(const ArticleQuery& q, std::vector<Param>& params,
                                    Access access) {
    if (!q.section_id) {
      if (access == Access::kSectionIndex) access = Access::kListingIndex;
    } else if (access == Access::kSectionIndex) {
      // Sections belong to one edition and articles to their section's edition, so the
      // tree's root carries the edition test and the articles need none.
      params.emplace_back(*q.section_id);
      params.emplace_back(q.edition);
    } else {
      params.emplace_back(*q.section_id);
    }
    const bool by_tag = q.tag_id.has_value();
    const bool by_author = q.author_id.has_value();
    if (access == Access::kRelation && !by_tag && !by_author) access = Access::kListingIndex;
    std::string head;
    if (q.section_id) {
      head = access == Access::kSectionIndex ? kSectionTreeInEditionCte : kSectionTreeCte;
    }
    head += " FROM articles a WHERE ";

    std::string where;
    if (access == Access::kRelation) {
      where = by_tag ? "a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)"
                     : "a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?)";
      params.emplace_back(by_tag ? *q.tag_id : *q.author_id);
    }
    std::string rest;
    if (access != Access::kSectionIndex) {
      rest = " AND a.edition = ?";
      params.emplace_back(q.edition);
    }
    if (q.section_id) {
      if (access == Access::kSectionIndex) {
        where = "a.section_id IN (SELECT id FROM tree)";
      } else {
        rest += " AND a.section_id IN (SELECT id FROM tree)";
      }
    }
    if (by_tag && access != Access::kRelation) {
      rest +=
          " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ?)";
      params.emplace_back(*q.tag_id);
    }
    if (by_author && (access != Access::kRelation || by_tag)) {
      rest +=
          " AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND "
          "w.author_id = ?)";
      params.emplace_back(*q.author_id);
    }
    if (q.translation_group) {
      rest += " AND a.translation_group = ?";
      params.emplace_back(*q.translation_group);
    }
    if (q.published_only) {
      rest += " AND a.status = 'published' AND a.published_at IS NOT NULL";
      if (q.now != 0) {
        rest += " AND a.published_at <= ?";
        params.emplace_back(q.now);
      }
    }
    if (q.published_since) {
      rest += " AND a.published_at >= ?";
      params.emplace_back(*q.published_since);
    }
    if (!q.exclude_ids.empty()) {
      rest += " AND a.id NOT IN (SELECT value FROM json_each(?))";
      params.emplace_back(JsonIds(q.exclude_ids));
    }
    if (access != Access::kListingIndex) return head + where + Unindexed(rest);
    return head + rest.substr(5);  // without the leading " AND "
  }

  // An estimate of how many articles there are, from the highest rowid.
  static std::int64_t ArticleTotal(Conn& c) {
    Stmt s(c, "SELECT COALESCE(MAX(id), 0) FROM articles");
    s.Step();
    return s.Int(0);
  }

  // The access for listing `q`: through the relation or the section index when that reads
  // fewer rows than walking the newest-first index.
  static Access ListingAccess(Conn& c, const ArticleQuery& q) {
    if (!q.tag_id && !q.author_id && !q.section_id) return Access::kListingIndex;
    const std::int64_t wanted = static_cast<std::int64_t>(q.offset) + q.limit;
    const std::int64_t total = ArticleTotal(c);
    const std::int64_t enough = RelationCountLimit(wanted, total);
    if (q.tag_id || q.author_id) {
      const bool few =
          q.tag_id ? FewerThan(c, "article_tags", "tag_id = ?", Param(*q.tag_id), enough)
                   : FewerThan(c, "article_authors", "author_id = ?", Param(*q.author_id), enough);
      return few ? Access::kRelation : Access::kListingIndex;
    }
    Stmt s(c, kSectionTreeCte +
                  "SELECT COUNT(*) FROM (SELECT 1 FROM articles a "
                  "WHERE a.section_id IN (SELECT id FROM tree) LIMIT ?)");
    s.Bind(*q.section_id).Bind(enough);
    s.Step();
    return s.Int(0) < enough ? Access::kSectionIndex : Access::kListingIndex;
  }

  const std::string file_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::unordered_map<std::thread::id, Conn*> tx_;
  std::mutex rare_mu_;
  std::unordered_map<std::string, std::pair<bool, std::chrono::steady_clock::time_point>>
      rare_tags_;
  std::mutex languages_mu_;
  std::unordered_map<std::string, std::string> languages_;  // edition -> language, for PrepareSave
};

}  // namespace

model::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& db_file,
                                                      bool create_if_missing) {
  if (db_file.empty()) return model::InvalidInput("no database file given", "db_file");
  std::error_code ec;
  if (!create_if_missing && !std::filesystem::exists(db_file, ec)) {
    return model::Unavailable("database file does not exist: " + db_file);
  }
  auto store = std::make_unique<SqliteStore>(db_file);
  if (Status st = store->Init(create_if_missing); !st.ok()) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

SearchIndex* SearchIndexOf(Store& store) { return dynamic_cast<SqliteStore*>(&store); }

}  // namespace gazette::storage::sqlite
