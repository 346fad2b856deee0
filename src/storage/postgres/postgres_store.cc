#include "storage/postgres/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>

#include "model/permissions.h"
#include "model/site_paths.h"
#include "storage/migrations.h"
#include "storage/postgres/schema.h"
#include "storage/postgres/search_terms.h"
#include "text/html.h"
#include "text/search_marks.h"
#include "text/search_text.h"
#include "text/slug.h"

namespace gazette::storage::postgres {
namespace {

using model::Article;
using model::Error;
using model::UnixSeconds;

constexpr const char* kChannel = "gazette_changes";
// Advisory lock keys (pg_advisory_xact_lock takes a bigint): one serializes writers, one the
// migrations; RunExclusive's names hash into the rest.
constexpr std::int64_t kWriteLockKey = 0x47617a6574746501;
constexpr std::int64_t kMigrationLockKey = 0x47617a6574746502;

// The SQLSTATE of the last database error on this thread, for the retry decision.
thread_local std::string last_sqlstate;

Error FromPqxx(const std::exception& e, std::string_view what) {
  // libpq's messages span lines ("...failed\n\tIs the server running...?\n"): one line.
  std::string message = std::string(what) + ":";
  bool space = true;
  for (char ch : std::string_view(e.what())) {
    bool blank = ch == '\n' || ch == '\t' || ch == ' ';
    if (blank && !space) message += ' ';
    if (!blank) message += ch;
    space = blank;
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  message.insert(std::string(what).size() + 1, " ");
  last_sqlstate.clear();
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return model::Unavailable(message + " (database unreachable)");
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return model::Unavailable(message + " (commit outcome unknown)");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    last_sqlstate = sql->sqlstate();
    const std::string& state = last_sqlstate;
    if (state == "23505") return model::Conflict(message);
    if (state == "23503") return model::InvalidInput(message + " (unknown referenced id)");
    if (state.rfind("23", 0) == 0) return model::Integrity(message);
    if (state == "40001" || state == "40P01") return model::Unavailable(message);
    // Connection exceptions, operator intervention (shutdown), insufficient resources.
    if (state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0 || state.rfind("53", 0) == 0) {
      return model::Unavailable(message);
    }
    if (state == "22P02" || state == "22021") return model::InvalidInput(message);
  }
  return model::Internal(message);
}

bool IsBrokenConnection(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    return sql->sqlstate().rfind("08", 0) == 0 || sql->sqlstate().rfind("57", 0) == 0;
  }
  return false;
}

UnixSeconds NowSeconds() { return static_cast<UnixSeconds>(std::time(nullptr)); }

// Rewrites `?` placeholders as $1, $2, ... (outside quoted strings).
std::string Numbered(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool quoted = false;
  for (char ch : sql) {
    if (ch == '\'') quoted = !quoted;
    if (ch == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

// One server connection with its prepared statements; used by one thread at a time. The
// nontransaction carries every statement: transactions are BEGIN/COMMIT and SAVEPOINTs sent
// through it, so that calls made inside InTransaction's callback simply join.
struct Conn {
  explicit Conn(const std::string& conninfo) : c(conninfo) {
    tx = std::make_unique<pqxx::nontransaction>(c);
  }

  const std::string& Prepared(const std::string& sql) {
    auto it = names.find(sql);
    if (it == names.end()) {
      std::string name = "s" + std::to_string(names.size() + 1);
      c.prepare(name, Numbered(sql));
      it = names.emplace(sql, std::move(name)).first;
    }
    return it->second;
  }

  pqxx::connection c;
  std::unique_ptr<pqxx::nontransaction> tx;
  std::unordered_map<std::string, std::string> names;
  int savepoint_depth = 0;
  // Changes to search_vocabulary's document counts made by the open transaction, applied
  // once just before COMMIT: updating a common term's row once per saved article would
  // leave a chain of row versions that every later update of the transaction walks.
  struct VocabularyChange {
    std::string language;
    std::string term;
    int delta = 0;
  };
  std::vector<VocabularyChange> vocabulary_changes;
  bool in_transaction = false;
  bool broken = false;
};

using Param = std::variant<std::nullptr_t, std::int64_t, std::string>;

// A prepared statement with its parameters, run on one connection.
class Stmt {
 public:
  Stmt(Conn& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

  Stmt& Bind(std::int64_t v) {
    params_.emplace_back(v);
    return *this;
  }
  Stmt& Bind(int v) { return Bind(static_cast<std::int64_t>(v)); }
  Stmt& Bind(std::string_view v) {
    params_.emplace_back(std::string(v));
    return *this;
  }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(std::optional<std::int64_t> v) {
    if (v) return Bind(*v);
    params_.emplace_back(nullptr);
    return *this;
  }
  Stmt& Bind(const Param& p) {
    params_.push_back(p);
    return *this;
  }

  pqxx::result Run() {
    std::vector<std::string> text(params_.size());
    std::vector<const char*> values(params_.size(), nullptr);
    for (std::size_t i = 0; i < params_.size(); ++i) {
      if (const auto* n = std::get_if<std::int64_t>(&params_[i])) {
        text[i] = std::to_string(*n);
      } else if (const auto* s = std::get_if<std::string>(&params_[i])) {
        text[i] = *s;
      } else {
        continue;
      }
      values[i] = text[i].c_str();
    }
    const std::string& name = conn_.Prepared(sql_);
    return conn_.tx->exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  }
  std::int64_t Exec() { return static_cast<std::int64_t>(Run().affected_rows()); }

 private:
  Conn& conn_;
  std::string sql_;
  std::vector<Param> params_;
};

std::int64_t Int(const pqxx::row& r, int i) { return r[i].as<std::int64_t>(); }
std::string Str(const pqxx::row& r, int i) { return r[i].is_null() ? "" : r[i].c_str(); }
std::optional<std::int64_t> OptInt(const pqxx::row& r, int i) {
  if (r[i].is_null()) return std::nullopt;
  return r[i].as<std::int64_t>();
}

std::string ArrayIds(const std::vector<model::Id>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += '}';
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

Article ReadArticle(const pqxx::row& r) {
  Article a;
  a.id = Int(r, 0);
  a.external_id = Str(r, 1);
  a.edition = Str(r, 2);
  a.translation_group = Int(r, 3);
  a.title = Str(r, 4);
  a.seo_title = Str(r, 5);
  a.social_title = Str(r, 6);
  a.slug = Str(r, 7);
  a.lead = Str(r, 8);
  a.body_html = Str(r, 9);
  a.section_id = Int(r, 10);
  a.source = Str(r, 11);
  a.image_id = OptInt(r, 12);
  a.status = model::ParseStatus(Str(r, 13)).value_or(model::ArticleStatus::kDraft);
  a.created_at = Int(r, 14);
  a.updated_at = Int(r, 15);
  a.published_at = OptInt(r, 16);
  a.scheduled_at = OptInt(r, 17);
  a.revision = static_cast<int>(Int(r, 18));
  return a;
}

model::Section ReadSection(const pqxx::row& r) {
  model::Section sec;
  sec.id = Int(r, 0);
  sec.edition = Str(r, 1);
  sec.parent_id = OptInt(r, 2);
  sec.name = Str(r, 3);
  sec.slug = Str(r, 4);
  sec.path = Str(r, 5);
  sec.position = static_cast<int>(Int(r, 6));
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

model::Media ReadMediaRow(const pqxx::row& r) {
  model::Media m;
  m.id = Int(r, 0);
  m.file = Str(r, 1);
  m.caption = Str(r, 2);
  m.credit = Str(r, 3);
  m.alt = Str(r, 4);
  m.width = static_cast<int>(Int(r, 5));
  m.height = static_cast<int>(Int(r, 6));
  m.mime_type = Str(r, 7);
  m.rendition_widths = SplitWidths(Str(r, 8));
  return m;
}

// FNV-1a, for RunExclusive's lock names: stable across processes and program versions.
std::int64_t LockKey(std::string_view name) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : name) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(h & 0x7fffffffffffffffULL);
}

std::string ConnInfo(const std::string& url, int connect_timeout_s) {
  if (url.find("connect_timeout=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") +
         "connect_timeout=" + std::to_string(connect_timeout_s);
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

class PostgresStore final : public Store, public SearchIndex {
 public:
  PostgresStore(std::string url, PostgresOptions options)
      : conninfo_(ConnInfo(url, options.connect_timeout_s)), options_(options) {}

  Status Init() {
    try {
      auto conn = OpenConn();
      if (options_.migrate) {
        if (Status st = Migrate(*conn); !st.ok()) return st;
      }
      idle_.push_back(std::move(conn));
      return model::Ok();
    } catch (const std::exception& e) {
      return FromPqxx(e, "connecting to PostgreSQL");
    }
  }

  // --- transactions

  Status InTransaction(const std::function<Status()>& work) override {
    return Transaction(work, std::nullopt, nullptr);
  }

  Result<bool> RunExclusive(std::string_view name, const std::function<Status()>& work) override {
    bool acquired = false;
    Status st = Transaction(work, LockKey(name), &acquired);
    if (!st.ok()) return st.error();
    return acquired;
  }

  bool WaitForChange(int timeout_ms) override {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::unique_lock lock(listen_mu_);
    try {
      if (!listener_) {
        listener_ = std::make_unique<pqxx::connection>(conninfo_);
        receiver_ = std::make_unique<Receiver>(*listener_, notified_);
      }
      if (listener_->get_notifs() > 0 || notified_) {
        notified_ = false;
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() > 0) {
        listener_->await_notification(static_cast<long>(left.count() / 1000000),
                                      static_cast<long>(left.count() % 1000000));
      }
      bool got = notified_;
      notified_ = false;
      return got;
    } catch (const std::exception&) {
      // The server is away: forget the listener and let the caller poll; the next call
      // connects again.
      receiver_.reset();
      listener_.reset();
      lock.unlock();
      std::this_thread::sleep_until(deadline);
      return false;
    }
  }

  // --- editions

  Result<std::vector<model::Edition>> ListEditions() override {
    return Read("listing editions", [&](Conn& c) -> Result<std::vector<model::Edition>> {
      std::vector<model::Edition> out;
      for (const auto& r : Stmt(c,
                                "SELECT code, name, language, locale, time_zone, position "
                                "FROM editions ORDER BY position, code")
                               .Run()) {
        out.push_back(
            {Str(r, 0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), static_cast<int>(Int(r, 5))});
      }
      return out;
    });
  }

  Status UpsertEdition(const model::Edition& e) override {
    if (e.code.empty()) return model::InvalidInput("edition code is required", "code");
    return Write("saving edition", [&](Conn& c) -> Status {
      Stmt(c,
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
      RecordChange(c, "", 0, 0);
      return model::Ok();
    });
  }

  // --- sections

  Result<std::vector<model::Section>> ListSections(std::string_view edition) override {
    return Read("listing sections", [&](Conn& c) -> Result<std::vector<model::Section>> {
      std::vector<model::Section> out;
      for (const auto& r :
           Stmt(c, std::string("SELECT ") + kSectionColumns +
                       " FROM sections WHERE edition = ? ORDER BY path COLLATE \"C\"")
               .Bind(edition)
               .Run()) {
        out.push_back(ReadSection(r));
      }
      return out;
    });
  }

  Result<model::Section> EnsureSection(std::string_view edition,
                                       const std::vector<std::string>& names) override {
    if (names.empty()) return model::InvalidInput("a section needs a name", "section");
    std::optional<model::Section> leaf;
    Status st = Write("ensuring section", [&](Conn& c) -> Status {
      if (!EditionExists(c, edition)) {
        return model::InvalidInput("unknown edition: " + std::string(edition), "edition");
      }
      std::optional<model::Section> parent;
      for (const std::string& raw : names) {
        std::string name = Trim(raw);
        if (name.empty()) return model::InvalidInput("empty section name", "section");
        std::optional<model::Section> found;
        {
          auto rows = Stmt(c, std::string("SELECT ") + kSectionColumns +
                                  " FROM sections WHERE edition = ? AND parent_id IS NOT "
                                  "DISTINCT FROM ?::bigint AND name = ? ORDER BY id LIMIT 1")
                          .Bind(edition)
                          .Bind(parent ? std::optional<std::int64_t>(parent->id) : std::nullopt)
                          .Bind(name)
                          .Run();
          if (!rows.empty()) found = ReadSection(rows[0]);
        }
        if (!found) {
          model::Section sec;
          sec.edition = std::string(edition);
          sec.parent_id = parent ? std::optional<model::Id>(parent->id) : std::nullopt;
          sec.name = name;
          std::string prefix = parent ? parent->path + "/" : "";
          sec.slug = UniqueSlug(text::Slugify(name), "section", [&](const std::string& slug) {
            return !Stmt(c, "SELECT 1 FROM sections WHERE edition = ? AND path = ?")
                        .Bind(edition)
                        .Bind(prefix + slug)
                        .Run()
                        .empty();
          });
          sec.path = prefix + sec.slug;
          sec.position = static_cast<int>(Int(Stmt(c,
                                                   "SELECT COALESCE(MAX(position) + 1, 0) FROM "
                                                   "sections WHERE edition = ? AND parent_id IS "
                                                   "NOT DISTINCT FROM ?::bigint")
                                                  .Bind(edition)
                                                  .Bind(sec.parent_id)
                                                  .Run()[0],
                                              0));
          sec.id = Int(Stmt(c,
                            "INSERT INTO sections (edition, parent_id, name, slug, path, "
                            "position) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                           .Bind(sec.edition)
                           .Bind(sec.parent_id)
                           .Bind(sec.name)
                           .Bind(sec.slug)
                           .Bind(sec.path)
                           .Bind(sec.position)
                           .Run()[0],
                       0);
          found = sec;
        }
        parent = found;
      }
      leaf = parent;
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return *leaf;
  }

  Result<std::optional<model::Section>> FindSectionByPath(std::string_view edition,
                                                          std::string_view path) override {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    return Read("finding section", [&](Conn& c) -> Result<std::optional<model::Section>> {
      auto rows = Stmt(c, std::string("SELECT ") + kSectionColumns +
                              " FROM sections WHERE edition = ? AND path = ?")
                      .Bind(edition)
                      .Bind(path)
                      .Run();
      if (rows.empty()) return std::optional<model::Section>();
      return std::optional<model::Section>(ReadSection(rows[0]));
    });
  }

  // --- tags

  Result<model::Tag> EnsureTag(std::string_view edition, std::string_view raw_name) override {
    std::string name = Trim(raw_name);
    if (name.empty()) return model::InvalidInput("a tag needs a name", "tag");
    std::optional<model::Tag> tag;
    Status st = Write("ensuring tag", [&](Conn& c) -> Status {
      {
        auto rows = Stmt(c,
                         "SELECT id, edition, name, slug FROM tags WHERE edition = ? AND name = ? "
                         "ORDER BY id LIMIT 1")
                        .Bind(edition)
                        .Bind(name)
                        .Run();
        if (!rows.empty()) {
          tag = model::Tag{Int(rows[0], 0), Str(rows[0], 1), Str(rows[0], 2), Str(rows[0], 3)};
          return model::Ok();
        }
      }
      if (!EditionExists(c, edition)) {
        return model::InvalidInput("unknown edition: " + std::string(edition), "edition");
      }
      std::string slug = UniqueSlug(text::Slugify(name), "tag", [&](const std::string& s) {
        return !Stmt(c, "SELECT 1 FROM tags WHERE edition = ? AND slug = ?")
                    .Bind(edition)
                    .Bind(s)
                    .Run()
                    .empty();
      });
      auto id = Int(Stmt(c, "INSERT INTO tags (edition, name, slug) VALUES (?, ?, ?) RETURNING id")
                        .Bind(edition)
                        .Bind(name)
                        .Bind(slug)
                        .Run()[0],
                    0);
      tag = model::Tag{id, std::string(edition), name, slug};
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return *tag;
  }

  Result<std::optional<model::Tag>> FindTagBySlug(std::string_view edition,
                                                  std::string_view slug) override {
    return Read("finding tag", [&](Conn& c) -> Result<std::optional<model::Tag>> {
      auto rows = Stmt(c, "SELECT id, edition, name, slug FROM tags WHERE edition = ? AND slug = ?")
                      .Bind(edition)
                      .Bind(slug)
                      .Run();
      if (rows.empty()) return std::optional<model::Tag>();
      const auto& r = rows[0];
      return std::optional<model::Tag>(model::Tag{Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
    });
  }

  Result<std::vector<model::Tag>> GetTags(const std::vector<model::Id>& ids) override {
    return Read("reading tags", [&](Conn& c) -> Result<std::vector<model::Tag>> {
      std::vector<model::Tag> out;
      if (ids.empty()) return out;
      for (const auto& r : Stmt(c,
                                "SELECT t.id, t.edition, t.name, t.slug FROM "
                                "unnest(?::bigint[]) WITH ORDINALITY AS j(id, ord) "
                                "JOIN tags t ON t.id = j.id ORDER BY j.ord")
                               .Bind(ArrayIds(ids))
                               .Run()) {
        out.push_back({Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
      }
      return out;
    });
  }

  // --- authors

  Result<model::Author> EnsureAuthor(std::string_view raw_name) override {
    std::string name = Trim(raw_name);
    if (name.empty()) return model::InvalidInput("an author needs a name", "author");
    std::optional<model::Author> author;
    Status st = Write("ensuring author", [&](Conn& c) -> Status {
      {
        auto rows =
            Stmt(c, "SELECT id, name, slug, bio FROM authors WHERE name = ? ORDER BY id LIMIT 1")
                .Bind(name)
                .Run();
        if (!rows.empty()) {
          const auto& r = rows[0];
          author = model::Author{Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)};
          return model::Ok();
        }
      }
      std::string slug = UniqueSlug(text::Slugify(name), "author", [&](const std::string& s) {
        return !Stmt(c, "SELECT 1 FROM authors WHERE slug = ?").Bind(s).Run().empty();
      });
      auto id = Int(Stmt(c, "INSERT INTO authors (name, slug) VALUES (?, ?) RETURNING id")
                        .Bind(name)
                        .Bind(slug)
                        .Run()[0],
                    0);
      author = model::Author{id, name, slug, ""};
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return *author;
  }

  Result<std::optional<model::Author>> FindAuthorBySlug(std::string_view slug) override {
    return Read("finding author", [&](Conn& c) -> Result<std::optional<model::Author>> {
      auto rows =
          Stmt(c, "SELECT id, name, slug, bio FROM authors WHERE slug = ?").Bind(slug).Run();
      if (rows.empty()) return std::optional<model::Author>();
      const auto& r = rows[0];
      return std::optional<model::Author>(
          model::Author{Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
    });
  }

  Result<std::vector<model::Author>> GetAuthors(const std::vector<model::Id>& ids) override {
    return Read("reading authors", [&](Conn& c) -> Result<std::vector<model::Author>> {
      std::vector<model::Author> out;
      if (ids.empty()) return out;
      for (const auto& r : Stmt(c,
                                "SELECT a.id, a.name, a.slug, a.bio FROM "
                                "unnest(?::bigint[]) WITH ORDINALITY AS j(id, ord) "
                                "JOIN authors a ON a.id = j.id ORDER BY j.ord")
                               .Bind(ArrayIds(ids))
                               .Run()) {
        out.push_back({Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
      }
      return out;
    });
  }

  // --- catalog management

  Result<std::optional<model::Section>> GetSection(model::Id id) override {
    return Read("reading section", [&](Conn& c) -> Result<std::optional<model::Section>> {
      auto rows = Stmt(c, std::string("SELECT ") + kSectionColumns + " FROM sections WHERE id = ?")
                      .Bind(id)
                      .Run();
      if (rows.empty()) return std::optional<model::Section>();
      return std::optional<model::Section>(ReadSection(rows[0]));
    });
  }

  Result<model::Section> SaveSection(const model::Section& input) override {
    model::Section sec = input;
    Status st = Write("saving section", [&](Conn& c) -> Status {
      if (sec.id != 0) {
        auto rows = Stmt(c, "SELECT edition FROM sections WHERE id = ?").Bind(sec.id).Run();
        if (rows.empty()) return model::NotFound("no section with id " + std::to_string(sec.id));
        sec.edition = Str(rows[0], 0);
      } else if (!EditionExists(c, sec.edition)) {
        return model::InvalidInput("unknown edition: " + sec.edition, "edition");
      }
      if (!Stmt(c, "SELECT 1 FROM sections WHERE edition = ? AND path = ? AND id <> ?")
               .Bind(sec.edition)
               .Bind(sec.path)
               .Bind(sec.id)
               .Run()
               .empty()) {
        return model::Error{
            model::ErrorKind::kConflict,
            "the address '" + sec.path + "' is already used in edition " + sec.edition, "slug"};
      }
      if (sec.id == 0) {
        sec.id = Int(Stmt(c,
                          "INSERT INTO sections (edition, parent_id, name, slug, path, position) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                         .Bind(sec.edition)
                         .Bind(sec.parent_id)
                         .Bind(sec.name)
                         .Bind(sec.slug)
                         .Bind(sec.path)
                         .Bind(sec.position)
                         .Run()[0],
                     0);
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
    if (!st.ok()) return st.error();
    return sec;
  }

  Status DeleteSection(model::Id id) override {
    return Write("deleting section", [&](Conn& c) -> Status {
      auto rows = Stmt(c, "DELETE FROM sections WHERE id = ? RETURNING edition").Bind(id).Run();
      if (rows.empty()) return model::NotFound("no section with id " + std::to_string(id));
      RecordChange(c, Str(rows[0], 0), 0, 0);
      return model::Ok();
    });
  }

  Result<std::vector<model::Tag>> ListTags(std::string_view edition) override {
    return Read("listing tags", [&](Conn& c) -> Result<std::vector<model::Tag>> {
      std::vector<model::Tag> out;
      for (const auto& r : Stmt(c,
                                "SELECT id, edition, name, slug FROM tags WHERE edition = ? "
                                "ORDER BY name COLLATE \"C\", id")
                               .Bind(edition)
                               .Run()) {
        out.push_back({Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
      }
      return out;
    });
  }

  Result<model::Tag> SaveTag(const model::Tag& input) override {
    model::Tag tag = input;
    Status st = Write("saving tag", [&](Conn& c) -> Status {
      if (tag.id != 0) {
        auto rows = Stmt(c, "SELECT edition FROM tags WHERE id = ?").Bind(tag.id).Run();
        if (rows.empty()) return model::NotFound("no tag with id " + std::to_string(tag.id));
        tag.edition = Str(rows[0], 0);
      } else if (!EditionExists(c, tag.edition)) {
        return model::InvalidInput("unknown edition: " + tag.edition, "edition");
      }
      if (!Stmt(c, "SELECT 1 FROM tags WHERE edition = ? AND slug = ? AND id <> ?")
               .Bind(tag.edition)
               .Bind(tag.slug)
               .Bind(tag.id)
               .Run()
               .empty()) {
        return model::Error{model::ErrorKind::kConflict,
                            "the slug '" + tag.slug + "' is already used in edition " + tag.edition,
                            "slug"};
      }
      if (tag.id == 0) {
        tag.id = Int(Stmt(c, "INSERT INTO tags (edition, name, slug) VALUES (?, ?, ?) RETURNING id")
                         .Bind(tag.edition)
                         .Bind(tag.name)
                         .Bind(tag.slug)
                         .Run()[0],
                     0);
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
    if (!st.ok()) return st.error();
    return tag;
  }

  Status DeleteTag(model::Id id) override {
    return Write("deleting tag", [&](Conn& c) -> Status {
      auto rows = Stmt(c, "DELETE FROM tags WHERE id = ? RETURNING edition").Bind(id).Run();
      if (rows.empty()) return model::NotFound("no tag with id " + std::to_string(id));
      RecordChange(c, Str(rows[0], 0), 0, 0);
      return model::Ok();
    });
  }

  Result<std::vector<model::Author>> ListAuthors() override {
    return Read("listing authors", [&](Conn& c) -> Result<std::vector<model::Author>> {
      std::vector<model::Author> out;
      for (const auto& r :
           Stmt(c, "SELECT id, name, slug, bio FROM authors ORDER BY name COLLATE \"C\", id")
               .Run()) {
        out.push_back({Int(r, 0), Str(r, 1), Str(r, 2), Str(r, 3)});
      }
      return out;
    });
  }

  Result<model::Author> SaveAuthor(const model::Author& input) override {
    model::Author author = input;
    Status st = Write("saving author", [&](Conn& c) -> Status {
      if (!Stmt(c, "SELECT 1 FROM authors WHERE slug = ? AND id <> ?")
               .Bind(author.slug)
               .Bind(author.id)
               .Run()
               .empty()) {
        return model::Error{model::ErrorKind::kConflict,
                            "the slug '" + author.slug + "' is already used", "slug"};
      }
      if (author.id == 0) {
        author.id =
            Int(Stmt(c, "INSERT INTO authors (name, slug, bio) VALUES (?, ?, ?) RETURNING id")
                    .Bind(author.name)
                    .Bind(author.slug)
                    .Bind(author.bio)
                    .Run()[0],
                0);
      } else {
        Stmt s(c, "UPDATE authors SET name = ?, slug = ?, bio = ? WHERE id = ?");
        s.Bind(author.name).Bind(author.slug).Bind(author.bio).Bind(author.id);
        if (s.Exec() == 0) return model::NotFound("no author with id " + std::to_string(author.id));
      }
      RecordChange(c, "", 0, 0);
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return author;
  }

  Status DeleteAuthor(model::Id id) override {
    return Write("deleting author", [&](Conn& c) -> Status {
      Stmt s(c, "DELETE FROM authors WHERE id = ?");
      s.Bind(id);
      if (s.Exec() == 0) return model::NotFound("no author with id " + std::to_string(id));
      RecordChange(c, "", 0, 0);
      return model::Ok();
    });
  }

  // --- media

  Result<model::Id> SaveMedia(const model::Media& m) override {
    if (m.file.empty()) return model::InvalidInput("a media item needs a file", "file");
    std::optional<model::Id> id;
    Status st = Write("saving media", [&](Conn& c) -> Status {
      if (m.id == 0) {
        id = Int(Stmt(c,
                      "INSERT INTO media (file, caption, credit, alt, width, height, mime_type, "
                      "rendition_widths) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
                     .Bind(m.file)
                     .Bind(m.caption)
                     .Bind(m.credit)
                     .Bind(m.alt)
                     .Bind(m.width)
                     .Bind(m.height)
                     .Bind(m.mime_type)
                     .Bind(JoinWidths(m.rendition_widths))
                     .Run()[0],
                 0);
        return model::Ok();
      }
      auto changed = Stmt(c,
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
      for (const auto& row :
           Stmt(c, "SELECT edition, id, translation_group FROM articles WHERE image_id = ?")
               .Bind(m.id)
               .Run()) {
        RecordChange(c, Str(row, 0), Int(row, 1), Int(row, 2));
      }
      id = m.id;
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return *id;
  }

  Result<std::optional<model::Media>> GetMedia(model::Id id) override {
    return Read("reading media", [&](Conn& c) -> Result<std::optional<model::Media>> {
      auto rows = Stmt(c,
                       "SELECT id, file, caption, credit, alt, width, height, mime_type, "
                       "rendition_widths FROM media WHERE id = ?")
                      .Bind(id)
                      .Run();
      if (rows.empty()) return std::optional<model::Media>();
      model::Media m = ReadMediaRow(rows[0]);
      return std::optional<model::Media>(std::move(m));
    });
  }

  Result<std::vector<model::Media>> SearchMedia(const MediaQuery& query) override {
    return Read("searching media", [&](Conn& c) -> Result<std::vector<model::Media>> {
      std::string sql =
          "SELECT id, file, caption, credit, alt, width, height, mime_type, rendition_widths "
          "FROM media";
      if (!query.text.empty()) {
        // ASCII-only folding, like SQLite's lower(): whatever the server's locale.
        sql +=
            " WHERE strpos(translate(caption || E'\\n' || alt || E'\\n' || credit || E'\\n' || "
            "file, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), translate(?, "
            "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) > 0";
      }
      sql += " ORDER BY id DESC LIMIT ? OFFSET ?";
      Stmt s(c, sql);
      if (!query.text.empty()) s.Bind(query.text);
      s.Bind(std::max(query.limit, 0)).Bind(std::max(query.offset, 0));
      std::vector<model::Media> out;
      for (const auto& r : s.Run()) out.push_back(ReadMediaRow(r));
      return out;
    });
  }

  Status DeleteMedia(model::Id id) override {
    return Write("deleting media", [&](Conn& c) -> Status {
      // Locks the row first, so no article can take the image between the check and the
      // delete.
      if (Stmt(c, "SELECT id FROM media WHERE id = ? FOR UPDATE").Bind(id).Run().empty()) {
        return model::NotFound("no media with id " + std::to_string(id));
      }
      const auto n =
          Int(Stmt(c, "SELECT count(*) FROM articles WHERE image_id = ?").Bind(id).Run()[0], 0);
      if (n > 0) {
        return model::Conflict("the image is the main image of " + std::to_string(n) +
                               " article(s): choose another image for them first");
      }
      Stmt(c, "DELETE FROM media WHERE id = ?").Bind(id).Exec();
      return model::Ok();
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
    if (input.edition.empty()) {
      return model::InvalidInput("an article needs an edition", "edition");
    }
    std::optional<Article> saved;
    Status st = Write("saving article", [&](Conn& c) -> Status {
      // A fresh copy on each try: a retried transaction starts again from the input.
      Article a = input;
      if (a.slug.empty()) a.slug = text::Slugify(a.title);
      if (a.slug.empty()) return model::InvalidInput("an article needs a slug", "slug");
      Status s = SaveArticleIn(c, a, saved_by);
      if (!s.ok()) return s;
      std::vector<Article> found;
      for (const auto& r :
           Stmt(c, "SELECT " + ArticleColumns(true) + " FROM articles a WHERE a.id = ?")
               .Bind(a.id)
               .Run()) {
        found.push_back(ReadArticle(r));
      }
      if (found.empty()) return model::Internal("saved article vanished");
      LoadRelations(c, found);
      saved = std::move(found.front());
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return std::move(*saved);
  }

  Result<std::vector<Article>> ListArticles(const ArticleQuery& q) override {
    if (Status v = ValidateQuery(q); !v.ok()) return v.error();
    return Read("listing articles", [&](Conn& c) -> Result<std::vector<Article>> {
      std::vector<Article> out;
      if (q.limit == 0) return out;
      std::vector<Param> params;
      std::string where = BuildWhere(q, params);
      std::string sql = (q.section_id ? kSectionTreeCte : std::string()) + "SELECT " +
                        ArticleColumns(q.with_body) + " FROM articles a WHERE " + where +
                        " ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT ? OFFSET ?";
      Stmt s(c, sql);
      for (const Param& p : params) s.Bind(p);
      s.Bind(q.limit).Bind(q.offset);
      for (const auto& r : s.Run()) out.push_back(ReadArticle(r));
      LoadRelations(c, out);
      return out;
    });
  }

  Result<std::int64_t> CountArticles(const ArticleQuery& q) override {
    if (Status v = ValidateQuery(q); !v.ok()) return v.error();
    return Read("counting articles", [&](Conn& c) -> Result<std::int64_t> {
      std::vector<Param> params;
      std::string where = BuildWhere(q, params);
      std::string sql = (q.section_id ? kSectionTreeCte : std::string()) +
                        "SELECT COUNT(*) FROM articles a WHERE " + where;
      Stmt s(c, sql);
      for (const Param& p : params) s.Bind(p);
      return Int(s.Run()[0], 0);
    });
  }

  Result<std::vector<Article>> ScanArticles(model::Id after_id, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Read("scanning articles", [&](Conn& c) -> Result<std::vector<Article>> {
      std::vector<Article> out;
      for (const auto& r : Stmt(c, "SELECT " + ArticleColumns(true) +
                                       " FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?")
                               .Bind(after_id)
                               .Bind(limit)
                               .Run()) {
        out.push_back(ReadArticle(r));
      }
      LoadRelations(c, out);
      return out;
    });
  }

  Result<std::vector<model::Revision>> ListRevisions(model::Id article_id) override {
    return Read("listing revisions", [&](Conn& c) -> Result<std::vector<model::Revision>> {
      std::vector<model::Revision> out;
      for (const auto& r : Stmt(c,
                                "SELECT article_id, number, saved_at, saved_by, title, lead, "
                                "body_html FROM revisions WHERE article_id = ? ORDER BY number")
                               .Bind(article_id)
                               .Run()) {
        out.push_back({Int(r, 0), static_cast<int>(Int(r, 1)), Int(r, 2), Str(r, 3), Str(r, 4),
                       Str(r, 5), Str(r, 6)});
      }
      return out;
    });
  }

  Result<std::vector<Article>> RelatedArticles(const Article& article, UnixSeconds now,
                                               int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Read("finding related articles", [&](Conn& c) -> Result<std::vector<Article>> {
      std::vector<Article> out;
      if (limit == 0) return out;
      const std::string published =
          " a.edition = ? AND a.status = 'published' AND a.published_at IS NOT NULL AND "
          "(?::bigint = 0 OR a.published_at <= ?::bigint) AND NOT (a.id = ANY(?::bigint[])) ";
      std::vector<model::Id> seen = {article.id};
      if (!article.tag_ids.empty()) {
        for (const auto& r :
             Stmt(c, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE" + published +
                         "AND a.id IN (SELECT article_id FROM article_tags WHERE "
                         "tag_id = ANY(?::bigint[])) "
                         "ORDER BY a.published_at DESC, a.id DESC LIMIT ?")
                 .Bind(article.edition)
                 .Bind(now)
                 .Bind(now)
                 .Bind(ArrayIds(seen))
                 .Bind(ArrayIds(article.tag_ids))
                 .Bind(limit)
                 .Run()) {
          out.push_back(ReadArticle(r));
        }
      }
      if (static_cast<int>(out.size()) < limit && article.section_id != 0) {
        for (const Article& a : out) seen.push_back(a.id);
        for (const auto& r :
             Stmt(c, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE" + published +
                         "AND a.section_id = ? ORDER BY a.published_at DESC, "
                         "a.id DESC LIMIT ?")
                 .Bind(article.edition)
                 .Bind(now)
                 .Bind(now)
                 .Bind(ArrayIds(seen))
                 .Bind(article.section_id)
                 .Bind(limit - static_cast<int>(out.size()))
                 .Run()) {
          out.push_back(ReadArticle(r));
        }
      }
      LoadRelations(c, out);
      return out;
    });
  }

  // --- redirects

  Result<std::optional<std::string>> FindRedirect(std::string_view from_path) override {
    return Read("finding redirect", [&](Conn& c) -> Result<std::optional<std::string>> {
      auto rows =
          Stmt(c, "SELECT to_path FROM redirects WHERE from_path = ?").Bind(from_path).Run();
      if (rows.empty()) return std::optional<std::string>();
      return std::optional<std::string>(Str(rows[0], 0));
    });
  }

  Status SaveRedirect(const model::Redirect& r) override {
    if (r.from_path.empty() || r.to_path.empty()) {
      return model::InvalidInput("a redirect needs both paths", "from_path");
    }
    if (r.from_path == r.to_path) return model::InvalidInput("a redirect to itself", "to_path");
    return Write("saving redirect", [&](Conn& c) -> Status {
      SaveRedirectIn(c, r.from_path, r.to_path);
      return model::Ok();
    });
  }

  // --- placements

  Result<std::vector<model::Placement>> ListPlacements(std::string_view edition,
                                                       std::string_view slot) override {
    return Read("listing placements", [&](Conn& c) -> Result<std::vector<model::Placement>> {
      std::vector<model::Placement> out;
      for (const auto& r : Stmt(c,
                                "SELECT edition, slot, position, article_id FROM placements "
                                "WHERE edition = ? AND slot = ? ORDER BY position")
                               .Bind(edition)
                               .Bind(slot)
                               .Run()) {
        out.push_back({Str(r, 0), Str(r, 1), static_cast<int>(Int(r, 2)), Int(r, 3)});
      }
      return out;
    });
  }

  Status SetPlacements(std::string_view edition, std::string_view slot,
                       const std::vector<model::Id>& article_ids) override {
    if (edition.empty() || slot.empty()) {
      return model::InvalidInput("placements need an edition and a slot", "slot");
    }
    return Write("saving placements", [&](Conn& c) -> Status {
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
  }

  // --- change feed

  Result<std::int64_t> LatestChangeSeq() override {
    return Read("reading change feed", [&](Conn& c) -> Result<std::int64_t> {
      return Int(Stmt(c, "SELECT COALESCE(MAX(seq), 0) FROM changes").Run()[0], 0);
    });
  }

  Result<std::vector<model::Change>> ChangesSince(std::int64_t seq, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Read("reading change feed", [&](Conn& c) -> Result<std::vector<model::Change>> {
      std::vector<model::Change> out;
      for (const auto& r : Stmt(c,
                                "SELECT seq, edition, article_id, translation_group FROM changes "
                                "WHERE seq > ? ORDER BY seq LIMIT ?")
                               .Bind(seq)
                               .Bind(limit)
                               .Run()) {
        out.push_back({Int(r, 0), Str(r, 1), Int(r, 2), Int(r, 3)});
      }
      return out;
    });
  }

  Result<std::vector<Article>> DueScheduled(UnixSeconds now) override {
    return Read("listing scheduled articles", [&](Conn& c) -> Result<std::vector<Article>> {
      std::vector<Article> out;
      for (const auto& r : Stmt(c, "SELECT " + ArticleColumns(true) +
                                       " FROM articles a WHERE a.status = 'scheduled' AND "
                                       "COALESCE(a.published_at, a.scheduled_at) <= ? "
                                       "ORDER BY COALESCE(a.published_at, a.scheduled_at), a.id")
                               .Bind(now)
                               .Run()) {
        out.push_back(ReadArticle(r));
      }
      LoadRelations(c, out);
      return out;
    });
  }

  // --- integrity reports. Issues are stored one a line as field, kind and detail separated
  // by tabs (details never contain tabs or newlines: they are replaced by spaces), as in the
  // SQLite backend, so that `gazette migrate-db` copies the rows as they are.

  Status SaveIntegrityReport(model::Id article_id, const model::IntegrityReport& r) override {
    auto clean = [](std::string v) {
      for (char& ch : v) {
        if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
      }
      return v;
    };
    std::string issues;
    for (const auto& i : r.issues) {
      issues += clean(i.field) + "\t" + clean(i.kind) + "\t" + clean(i.detail) + "\n";
    }
    return Write("saving integrity report", [&](Conn& c) -> Status {
      Stmt(c,
           "INSERT INTO article_integrity (article_id, protected_items, kept, missing, "
           "duplicated, altered, numbers_source, numbers_translation, dates_source, "
           "dates_translation, issues, machine_translation, checked_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (article_id) DO UPDATE SET "
           "protected_items = excluded.protected_items, kept = excluded.kept, "
           "missing = excluded.missing, duplicated = excluded.duplicated, "
           "altered = excluded.altered, numbers_source = excluded.numbers_source, "
           "numbers_translation = excluded.numbers_translation, "
           "dates_source = excluded.dates_source, dates_translation = excluded.dates_translation, "
           "issues = excluded.issues, machine_translation = excluded.machine_translation, "
           "checked_at = excluded.checked_at")
          .Bind(article_id)
          .Bind(r.protected_items)
          .Bind(r.kept)
          .Bind(r.missing)
          .Bind(r.duplicated)
          .Bind(r.altered)
          .Bind(r.numbers_source)
          .Bind(r.numbers_translation)
          .Bind(r.dates_source)
          .Bind(r.dates_translation)
          .Bind(issues)
          .Bind(r.machine_translation)
          .Bind(NowSeconds())
          .Exec();
      return model::Ok();
    });
  }

  Result<std::optional<model::IntegrityReport>> GetIntegrityReport(model::Id article_id) override {
    return Read(
        "reading integrity report", [&](Conn& c) -> Result<std::optional<model::IntegrityReport>> {
          auto rows = Stmt(c,
                           "SELECT protected_items, kept, missing, duplicated, altered, "
                           "numbers_source, numbers_translation, dates_source, "
                           "dates_translation, issues, machine_translation "
                           "FROM article_integrity WHERE article_id = ?")
                          .Bind(article_id)
                          .Run();
          if (rows.empty()) return std::optional<model::IntegrityReport>();
          const pqxx::row row = rows[0];
          model::IntegrityReport r;
          r.protected_items = static_cast<int>(Int(row, 0));
          r.kept = static_cast<int>(Int(row, 1));
          r.missing = static_cast<int>(Int(row, 2));
          r.duplicated = static_cast<int>(Int(row, 3));
          r.altered = static_cast<int>(Int(row, 4));
          r.numbers_source = static_cast<int>(Int(row, 5));
          r.numbers_translation = static_cast<int>(Int(row, 6));
          r.dates_source = static_cast<int>(Int(row, 7));
          r.dates_translation = static_cast<int>(Int(row, 8));
          const std::string issues = Str(row, 9);
          r.machine_translation = Str(row, 10);
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

  // --- newsroom: work lists, users, sessions, audit log

  Result<std::vector<Article>> ListWork(const WorkQuery& q) override {
    if (q.limit < 0 || q.offset < 0) return model::InvalidInput("negative limit or offset");
    return Read("listing work", [&](Conn& c) -> Result<std::vector<Article>> {
      std::string where = "TRUE";
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
        // ASCII-only folding, like SQLite's lower(): whatever the server's locale.
        where +=
            " AND strpos(translate(a.title, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
            "'abcdefghijklmnopqrstuvwxyz'), translate(?, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
            "'abcdefghijklmnopqrstuvwxyz')) > 0";
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
      Stmt s(c, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE " + where +
                    " ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?");
      for (const Param& p : params) s.Bind(p);
      s.Bind(q.limit).Bind(q.offset);
      std::vector<Article> out;
      for (const auto& r : s.Run()) out.push_back(ReadArticle(r));
      LoadRelations(c, out);
      return out;
    });
  }

  static constexpr const char* kUserColumns = "id, username, display_name, role, disabled";

  static model::User ReadUser(const pqxx::row& r) {
    model::User u;
    u.id = Int(r, 0);
    u.username = Str(r, 1);
    u.display_name = Str(r, 2);
    u.role = model::ParseRole(Str(r, 3)).value_or(model::Role::kReporter);
    u.disabled = Int(r, 4) != 0;
    return u;
  }

  Result<model::User> CreateUser(const model::User& user, std::string_view password_hash) override {
    if (user.username.empty()) return model::InvalidInput("a user needs a username", "username");
    model::User out = user;
    Status st = Write("creating user", [&](Conn& c) -> Status {
      if (!Stmt(c, "SELECT 1 FROM users WHERE username = ?").Bind(user.username).Run().empty()) {
        return model::Conflict("user '" + user.username + "' already exists");
      }
      out.id = Int(Stmt(c,
                        "INSERT INTO users (username, display_name, role, password_hash, "
                        "disabled) VALUES (?, ?, ?, ?, ?) RETURNING id")
                       .Bind(user.username)
                       .Bind(user.display_name)
                       .Bind(model::RoleName(user.role))
                       .Bind(password_hash)
                       .Bind(user.disabled ? 1 : 0)
                       .Run()[0],
                   0);
      return model::Ok();
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
    return Read("finding user", [&](Conn& c) -> Result<std::optional<model::User>> {
      auto rows = Stmt(c, std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where)
                      .Bind(p)
                      .Run();
      if (rows.empty()) return std::optional<model::User>();
      return std::optional<model::User>(ReadUser(rows[0]));
    });
  }

  Result<std::vector<model::User>> ListUsers() override {
    return Read("listing users", [&](Conn& c) -> Result<std::vector<model::User>> {
      std::vector<model::User> out;
      for (const auto& r : Stmt(c, std::string("SELECT ") + kUserColumns +
                                       " FROM users ORDER BY username COLLATE \"C\"")
                               .Run()) {
        out.push_back(ReadUser(r));
      }
      return out;
    });
  }

  // Runs one UPDATE by key in a transaction; kNotFound when it touched no row.
  template <typename BindFn>
  Status UpdateOne(std::string_view what, const std::string& sql, BindFn bind,
                   std::string not_found) {
    return Write(what, [&](Conn& c) -> Status {
      Stmt s(c, sql);
      bind(s);
      if (s.Exec() == 0) return model::NotFound(std::move(not_found));
      return model::Ok();
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
    return Read("reading password hash", [&](Conn& c) -> Result<std::string> {
      auto rows = Stmt(c, "SELECT password_hash FROM users WHERE id = ?").Bind(user_id).Run();
      if (rows.empty()) return model::NotFound("no user with id " + std::to_string(user_id));
      return Str(rows[0], 0);
    });
  }

  Status SetPasswordHash(model::Id user_id, std::string_view password_hash) override {
    return UpdateOne(
        "setting password", "UPDATE users SET password_hash = ? WHERE id = ?",
        [&](Stmt& s) { s.Bind(password_hash).Bind(user_id); },
        "no user with id " + std::to_string(user_id));
  }

  Status CreateSession(const model::Session& session) override {
    return Write("creating session", [&](Conn& c) -> Status {
      Stmt(c,
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
  }

  Result<std::optional<model::Session>> FindSession(std::string_view token_hash) override {
    return Read("finding session", [&](Conn& c) -> Result<std::optional<model::Session>> {
      auto rows = Stmt(c,
                       "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, "
                       "expires_at FROM sessions WHERE token_hash = ?")
                      .Bind(token_hash)
                      .Run();
      if (rows.empty()) return std::optional<model::Session>();
      const pqxx::row r = rows[0];
      return std::optional<model::Session>(
          model::Session{Str(r, 0), Int(r, 1), Str(r, 2), Int(r, 3), Int(r, 4), Int(r, 5)});
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
    Status st = Write("recording a failed login", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM login_failures WHERE locked_until <= ? AND first_at < ?")
          .Bind(now)
          .Bind(now - window_seconds)
          .Exec();
      LoginFailures row;
      auto rows = Stmt(c, "SELECT count, first_at, locked_until FROM login_failures WHERE key = ?")
                      .Bind(key)
                      .Run();
      if (!rows.empty()) {
        row = {static_cast<int>(Int(rows[0], 0)), Int(rows[0], 1), Int(rows[0], 2)};
      }
      row = AddLoginFailure(row, limit, now, window_seconds, lockout_seconds);
      Stmt(c,
           "INSERT INTO login_failures (key, count, first_at, locked_until) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (key) DO UPDATE SET count = excluded.count, first_at = "
           "excluded.first_at, locked_until = excluded.locked_until")
          .Bind(key)
          .Bind(row.count)
          .Bind(row.first_at)
          .Bind(row.locked_until)
          .Exec();
      locked_until = row.locked_until > now ? row.locked_until : 0;
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return locked_until;
  }

  Result<model::UnixSeconds> LoginLockedUntil(std::string_view key,
                                              model::UnixSeconds now) override {
    return Read("reading login failures", [&](Conn& c) -> Result<model::UnixSeconds> {
      auto rows = Stmt(c,
                       "SELECT locked_until FROM login_failures WHERE key = ? AND "
                       "locked_until > ?")
                      .Bind(key)
                      .Bind(now)
                      .Run();
      return rows.empty() ? 0 : Int(rows[0], 0);
    });
  }

  Status ClearLoginFailures(std::string_view key) override {
    return Write("clearing login failures", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM login_failures WHERE key = ?").Bind(key).Exec();
      return model::Ok();
    });
  }

  Status DeleteSession(std::string_view token_hash) override {
    return Write("deleting session", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM sessions WHERE token_hash = ?").Bind(token_hash).Exec();
      return model::Ok();
    });
  }

  Result<int> DeleteUserSessions(model::Id user_id) override {
    int deleted = 0;
    Status st = Write("ending sessions", [&](Conn& c) -> Status {
      deleted =
          static_cast<int>(Stmt(c, "DELETE FROM sessions WHERE user_id = ?").Bind(user_id).Exec());
      return model::Ok();
    });
    if (!st.ok()) return st.error();
    return deleted;
  }

  Status AppendAudit(const model::AuditEntry& e) override {
    return Write("writing the audit log", [&](Conn& c) -> Status {
      Stmt(c,
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
  }

  Result<std::vector<model::AuditEntry>> ListAudit(model::Id article_id, int limit) override {
    if (limit < 0) return model::InvalidInput("negative limit", "limit");
    return Read("reading the audit log", [&](Conn& c) -> Result<std::vector<model::AuditEntry>> {
      std::vector<model::AuditEntry> out;
      for (const auto& r : Stmt(c,
                                "SELECT id, at, username, action, article_id, detail FROM "
                                "audit_log WHERE (?::bigint = 0 OR article_id = ?) "
                                "ORDER BY id DESC LIMIT ?")
                               .Bind(article_id)
                               .Bind(article_id)
                               .Bind(limit)
                               .Run()) {
        out.push_back({Int(r, 0), Int(r, 1), Str(r, 2), Str(r, 3), Int(r, 4), Str(r, 5)});
      }
      return out;
    });
  }

  // --- search (storage::SearchIndex): an article's terms in search_documents, written in the
  // same transaction as the article; the language's vocabulary in search_vocabulary.

  Result<SearchResults> Search(const SearchQuery& q) override {
    if (q.edition.empty()) return model::InvalidInput("a search needs an edition", "edition");
    if (q.limit < 0 || q.limit > 100) return model::InvalidInput("limit out of 0..100", "limit");
    if (q.offset < 0 || q.offset > 10000) {
      return model::InvalidInput("offset out of 0..10000", "offset");
    }
    return Read("searching", [&](Conn& c) -> Result<SearchResults> {
      std::optional<std::string> language = EditionLanguage(c, q.edition);
      if (!language) return model::NotFound("unknown edition: " + q.edition);
      const std::string key = LanguageKey(*language);
      text::Analyzer& analyzer = AnalyzerFor(key);
      SearchResults results;
      text::ParsedQuery parsed = text::ParseQuery(q.text);
      results.truncated = parsed.truncated;
      const std::string match = QueryLiteral(parsed, analyzer);
      if (match.empty()) {
        results.query_empty = true;
        return results;
      }

      ArticleQuery filter;
      filter.edition = q.edition;
      filter.section_id = q.section_id;
      filter.tag_id = q.tag_id;
      filter.author_id = q.author_id;
      filter.published_only = q.published_only;
      filter.now = q.now;
      filter.published_since = q.published_from;
      std::vector<Param> where_params;
      std::string where = BuildWhere(filter, where_params);
      if (q.published_to) {
        where += " AND a.published_at <= ?";
        where_params.emplace_back(*q.published_to);
      }
      // The section tree CTE's parameter comes first, then the match, then the WHERE
      // clause's.
      std::vector<Param> params;
      std::string cte;
      if (q.section_id) {
        cte = kSectionTreeCte;
        params.push_back(where_params.front());
        where_params.erase(where_params.begin());
      }
      params.emplace_back(match);
      params.insert(params.end(), where_params.begin(), where_params.end());
      const std::string from =
          " FROM search_documents d JOIN articles a ON a.id = d.article_id "
          "WHERE d.terms @@ ?::tsquery AND " +
          where;
      // Title above lead above body (weights D, C, B, A), by cover density, divided by
      // 1 + log(length) so that long texts do not win by length alone.
      std::vector<std::pair<model::Id, double>> page;
      {
        const bool by_date = q.sort == SearchSort::kDate;
        Stmt s(c, cte + "SELECT a.id, " +
                      (by_date ? std::string("0::float8")
                               : "ts_rank_cd('{0.05,0.1,0.4,1.0}'::float4[], d.terms, "
                                 "?::tsquery, 1)::float8") +
                      from + " ORDER BY " +
                      (by_date ? "a.published_at DESC NULLS LAST, a.id DESC"
                               : "2 DESC, a.published_at DESC NULLS LAST, a.id DESC") +
                      " LIMIT ? OFFSET ?");
        if (q.section_id) s.Bind(params.front());
        if (!by_date) s.Bind(match);
        for (std::size_t i = q.section_id ? 1 : 0; i < params.size(); ++i) s.Bind(params[i]);
        s.Bind(q.limit).Bind(q.offset);
        for (const auto& r : s.Run()) page.emplace_back(Int(r, 0), r[1].as<double>());
      }
      if (!page.empty() && static_cast<int>(page.size()) < q.limit) {
        results.total = q.offset + static_cast<std::int64_t>(page.size());  // the last page
      } else {
        Stmt count(c, cte + "SELECT count(*)" + from);
        for (const Param& p : params) count.Bind(p);
        results.total = Int(count.Run()[0], 0);
      }
      if (page.empty()) {
        if (results.total == 0) results.suggestions = Suggestions(c, key, parsed, analyzer);
        return results;
      }
      std::vector<model::Id> ids;
      for (const auto& [id, score] : page) ids.push_back(id);
      const text::QueryMarks marks(parsed, analyzer);
      std::unordered_map<model::Id, SearchHit> found;
      for (const auto& r : Stmt(c, "SELECT " + ArticleColumns(false) +
                                       ", a.body_html FROM articles a WHERE a.id = "
                                       "ANY(?::bigint[])")
                               .Bind(ArrayIds(ids))
                               .Run()) {
        SearchHit hit;
        hit.article = ReadArticle(r);
        hit.title = marks.Mark(text::CleanUtf8(hit.article.title));
        // The lead's snippet when it holds a match, else the body's when it does.
        const std::string lead = text::CleanUtf8(hit.article.lead);
        text::QueryMarks::Snippet snippet = marks.MakeSnippet(lead, kSnippetWords);
        if (!snippet.matched || lead.empty()) {
          text::QueryMarks::Snippet in_body =
              marks.MakeSnippet(text::CleanUtf8(text::HtmlToPlainText(Str(r, 19))), kSnippetWords);
          if (in_body.matched || lead.empty()) snippet = std::move(in_body);
        }
        hit.snippet = std::move(snippet.text);
        found[hit.article.id] = std::move(hit);
      }
      std::vector<Article> articles;
      for (const auto& [id, score] : page) {
        auto it = found.find(id);
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

  // Rebuilt in place, batch by batch, so that searches keep working meanwhile; the
  // vocabulary is then counted again from the documents.
  Status Reindex(const ReindexProgress& progress) override {
    auto total = Read("counting articles", [&](Conn& c) -> Result<std::int64_t> {
      return Int(Stmt(c, "SELECT count(*) FROM articles").Run()[0], 0);
    });
    if (!total.ok()) return total.error();
    if (progress) progress(0, *total);
    std::int64_t done = 0;
    model::Id after = 0;
    for (;;) {
      std::size_t batch_size = 0;
      model::Id last = after;
      Status st = Write("rebuilding the search index", [&](Conn& c) -> Status {
        std::vector<Article> batch;
        for (const auto& r : Stmt(c, "SELECT " + ArticleColumns(true) +
                                         " FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?")
                                 .Bind(after)
                                 .Bind(kReindexBatch)
                                 .Run()) {
          batch.push_back(ReadArticle(r));
        }
        for (const Article& a : batch) IndexArticleIn(c, a, /*vocabulary=*/false);
        batch_size = batch.size();
        if (!batch.empty()) last = batch.back().id;
        return model::Ok();
      });
      if (!st.ok()) return st;
      if (batch_size == 0) break;
      after = last;
      done += static_cast<std::int64_t>(batch_size);
      if (progress) progress(done, *total);
    }
    return Write("counting the search vocabulary", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM search_vocabulary").Exec();
      std::vector<std::string> languages;
      for (const auto& r : Stmt(c, "SELECT DISTINCT language FROM search_documents").Run()) {
        languages.push_back(Str(r, 0));
      }
      for (const std::string& language : languages) {
        Stmt(c,
             "INSERT INTO search_vocabulary (language, term, documents) SELECT ?, word, ndoc "
             "FROM ts_stat('SELECT terms FROM search_documents WHERE language = ' || "
             "quote_literal(?::text))")
            .Bind(language)
            .Bind(language)
            .Exec();
      }
      return model::Ok();
    });
  }

 private:
  static constexpr int kSnippetWords = 30;
  static constexpr int kReindexBatch = 500;

  static std::optional<std::string> EditionLanguage(Conn& c, std::string_view edition) {
    auto rows = Stmt(c, "SELECT language FROM editions WHERE code = ?").Bind(edition).Run();
    if (rows.empty()) return std::nullopt;
    return Str(rows[0], 0);
  }

  // One analyzer per thread and language key: stemmers keep state.
  static text::Analyzer& AnalyzerFor(const std::string& key) {
    thread_local std::unordered_map<std::string, std::unique_ptr<text::Analyzer>> analyzers;
    auto& slot = analyzers[key];
    if (!slot) slot = std::make_unique<text::Analyzer>(key);
    return *slot;
  }

  // Within the caller's transaction: the article's search document from its current text,
  // and (with `vocabulary`) the moves of the language's document counts from the old terms
  // to the new ones, applied at commit (ApplyVocabularyChanges).
  static void IndexArticleIn(Conn& c, const Article& a, bool vocabulary) {
    std::optional<std::string> language = EditionLanguage(c, a.edition);
    if (!language) return;
    const std::string key = LanguageKey(*language);
    DocumentTerms doc =
        AnalyzeDocument(AnalyzerFor(key), text::CleanUtf8(a.title), text::CleanUtf8(a.lead),
                        text::CleanUtf8(text::HtmlToPlainText(a.body_html)));
    if (vocabulary) {
      std::string old_key;
      std::vector<std::string> old_terms;
      for (const auto& r : Stmt(c,
                                "SELECT d.language, t.lexeme FROM search_documents d CROSS "
                                "JOIN LATERAL unnest(d.terms) t WHERE d.article_id = ? "
                                "ORDER BY t.lexeme COLLATE \"C\"")
                               .Bind(a.id)
                               .Run()) {
        old_key = Str(r, 0);
        old_terms.push_back(Str(r, 1));
      }
      std::vector<std::string> removed, added;
      if (old_key == key) {
        std::set_difference(old_terms.begin(), old_terms.end(), doc.distinct.begin(),
                            doc.distinct.end(), std::back_inserter(removed));
        std::set_difference(doc.distinct.begin(), doc.distinct.end(), old_terms.begin(),
                            old_terms.end(), std::back_inserter(added));
      } else {
        removed = std::move(old_terms);
        added = doc.distinct;
      }
      for (std::string& term : removed)
        c.vocabulary_changes.push_back({old_key, std::move(term), -1});
      for (std::string& term : added) c.vocabulary_changes.push_back({key, std::move(term), 1});
    }
    Stmt(c,
         "INSERT INTO search_documents (article_id, language, terms) VALUES (?, ?, ?::tsvector) "
         "ON CONFLICT (article_id) DO UPDATE SET language = excluded.language, "
         "terms = excluded.terms")
        .Bind(a.id)
        .Bind(key)
        .Bind(doc.vector)
        .Exec();
  }

  // Applies the open transaction's vocabulary changes, each term's summed once; a term no
  // document has any more leaves the vocabulary.
  static void ApplyVocabularyChanges(Conn& c) {
    if (c.vocabulary_changes.empty()) return;
    std::map<std::pair<std::string, std::string>, int> sums;
    for (const Conn::VocabularyChange& change : c.vocabulary_changes) {
      sums[{change.language, change.term}] += change.delta;
    }
    std::vector<std::string> languages, terms, gone_languages, gone_terms;
    std::string deltas = "{";
    for (const auto& [key, delta] : sums) {
      if (delta == 0) continue;
      if (!languages.empty()) deltas += ',';
      languages.push_back(key.first);
      terms.push_back(key.second);
      deltas += std::to_string(delta);
      if (delta < 0) {
        gone_languages.push_back(key.first);
        gone_terms.push_back(key.second);
      }
    }
    deltas += '}';
    if (!languages.empty()) {
      Stmt(c,
           "INSERT INTO search_vocabulary (language, term, documents) SELECT * FROM "
           "unnest(?::text[], ?::text[], ?::int[]) ON CONFLICT (language, term) DO UPDATE SET "
           "documents = search_vocabulary.documents + excluded.documents")
          .Bind(TextArrayLiteral(languages))
          .Bind(TextArrayLiteral(terms))
          .Bind(deltas)
          .Exec();
    }
    if (!gone_terms.empty()) {
      Stmt(c,
           "DELETE FROM search_vocabulary v USING unnest(?::text[], ?::text[]) u(language, term) "
           "WHERE v.language = u.language AND v.term = u.term AND v.documents <= 0")
          .Bind(TextArrayLiteral(gone_languages))
          .Bind(TextArrayLiteral(gone_terms))
          .Exec();
    }
    c.vocabulary_changes.clear();
  }

  // "Did you mean": each word of the query that is not in the index is replaced by the
  // closest indexed term (edit distance 1 for short words, 2 otherwise; the same first
  // letter, then the most documents on ties), shown as an article writes it.
  static std::vector<std::string> Suggestions(Conn& c, const std::string& key,
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
      // Only the terms sharing the first letter (typos seldom hit it): a range of the
      // vocabulary's key, in byte order.
      const auto lead = static_cast<unsigned char>(wanted[0]);
      const std::size_t first_len = std::min<std::size_t>(wanted.size(), lead < 0x80   ? 1
                                                                         : lead < 0xE0 ? 2
                                                                         : lead < 0xF0 ? 3
                                                                                       : 4);
      std::string low = wanted.substr(0, first_len);
      std::string high = low;
      high.back() = static_cast<char>(static_cast<unsigned char>(high.back()) + 1);
      for (const auto& r : Stmt(c,
                                "SELECT term, documents FROM search_vocabulary WHERE language = "
                                "? AND term >= ? AND term < ?")
                               .Bind(key)
                               .Bind(low)
                               .Bind(high)
                               .Run()) {
        std::string candidate = Str(r, 0);
        int d = text::EditDistance(wanted, candidate, max);
        std::int64_t docs = Int(r, 1);
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
      auto rows = Stmt(c,
                       "SELECT a.title, a.lead, a.body_html FROM search_documents d JOIN "
                       "articles a ON a.id = d.article_id WHERE d.language = ? AND "
                       "d.terms @@ ?::tsquery LIMIT 1")
                      .Bind(key)
                      .Bind(QuotedLexeme(best))
                      .Run();
      if (!rows.empty()) {
        for (const std::string& field :
             {Str(rows[0], 0), Str(rows[0], 1), text::HtmlToPlainText(Str(rows[0], 2))}) {
          std::string written = SurfaceForm(text::CleanUtf8(field), analyzer, best);
          if (!written.empty()) {
            surface = std::move(written);
            break;
          }
        }
      }
      term.text = surface;
      changed = true;
    }
    if (!changed) return {};
    return {FormatQuery(corrected)};
  }

  Status TouchEditing(model::Id article_id, std::string_view username, UnixSeconds now,
                      UnixSeconds fresh_since) override {
    return Write("recording who edits an article", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM article_editing WHERE article_id = ? AND seen_at < ?")
          .Bind(article_id)
          .Bind(fresh_since)
          .Exec();
      // What is left is fresh: it keeps its started_at.
      Stmt(c,
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
  }

  Result<std::vector<model::EditingMark>> ListEditing(model::Id article_id,
                                                      UnixSeconds fresh_since) override {
    return Read("reading who edits an article",
                [&](Conn& c) -> Result<std::vector<model::EditingMark>> {
                  std::vector<model::EditingMark> out;
                  for (const auto& r :
                       Stmt(c,
                            "SELECT e.article_id, e.username, COALESCE(u.display_name, ''), "
                            "e.started_at, e.seen_at FROM article_editing e LEFT JOIN users u "
                            "ON u.username = e.username WHERE e.article_id = ? AND "
                            "e.seen_at >= ? ORDER BY e.started_at, e.username")
                           .Bind(article_id)
                           .Bind(fresh_since)
                           .Run()) {
                    out.push_back({Int(r, 0), Str(r, 1), Str(r, 2), Int(r, 3), Int(r, 4)});
                  }
                  return out;
                });
  }

  Status ClearEditing(model::Id article_id, std::string_view username) override {
    return Write("clearing who edits an article", [&](Conn& c) -> Status {
      Stmt(c, "DELETE FROM article_editing WHERE article_id = ? AND username = ?")
          .Bind(article_id)
          .Bind(username)
          .Exec();
      return model::Ok();
    });
  }

 private:
  // A connection for the calling thread: the one bound by its open transaction (joined), or
  // one from the pool, returned when the lease ends (dropped if it broke).
  struct Lease {
    PostgresStore* store = nullptr;
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

  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection& c, bool& flag)
        : pqxx::notification_receiver(c, kChannel), flag_(flag) {}
    void operator()(const std::string&, int) override { flag_ = true; }

   private:
    bool& flag_;
  };

  static inline const std::string kSectionTreeCte =
      "WITH RECURSIVE tree(id) AS (SELECT ?::bigint UNION ALL "
      "SELECT s.id FROM sections s JOIN tree ON s.parent_id = tree.id) ";

  std::unique_ptr<Conn> OpenConn() { return std::make_unique<Conn>(conninfo_); }

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
    if (!lease.owned) lease.owned = OpenConn();
    lease.conn = lease.owned.get();
    return lease;
  }

  // After one broken connection the others, opened to the same server, are likely broken too.
  void DropIdle() {
    std::vector<std::unique_ptr<Conn>> dropped;
    std::lock_guard lock(mu_);
    dropped.swap(idle_);
  }

  void Release(std::unique_ptr<Conn> conn) {
    if (conn->broken || !conn->c.is_open() || conn->in_transaction) return;
    std::lock_guard lock(mu_);
    if (idle_.size() < static_cast<std::size_t>(options_.pool_size)) {
      idle_.push_back(std::move(conn));
    }
  }

  // Runs a read on a pooled (or the joined) connection. A connection found broken is
  // dropped and the read tried once more on a fresh one, so that a restarted server is
  // survived without an error when it is back.
  template <typename F>
  auto Read(std::string_view what, F&& f) -> decltype(f(std::declval<Conn&>())) {
    for (int attempt = 0;; ++attempt) {
      bool joined = false;
      try {
        Lease lease = Acquire();
        joined = lease.joined;
        try {
          return f(*lease.conn);
        } catch (const std::exception& e) {
          if (IsBrokenConnection(e)) {
            lease.conn->broken = true;
            DropIdle();
          }
          throw;
        }
      } catch (const std::exception& e) {
        if (!joined && attempt == 0 && IsBrokenConnection(e)) continue;
        return FromPqxx(e, what);
      }
    }
  }

  // Runs `f` in a transaction (joining the caller's, if any).
  template <typename F>
  Status Write(std::string_view what, F&& f) {
    return Transaction(
        [&]() -> Status {
          Lease lease = Acquire();
          try {
            return f(*lease.conn);
          } catch (const std::exception& e) {
            if (IsBrokenConnection(e)) lease.conn->broken = true;
            return FromPqxx(e, what);
          }
        },
        std::nullopt, nullptr);
  }

  // The transaction machinery. Top level: BEGIN, the write lock (or, for RunExclusive, a try
  // of `exclusive_key`), work, COMMIT; retried on serialization failures and deadlocks, and
  // once on a connection found broken before anything ran. Nested: a SAVEPOINT.
  Status Transaction(const std::function<Status()>& work, std::optional<std::int64_t> exclusive_key,
                     bool* acquired) {
    for (int attempt = 1;; ++attempt) {
      std::optional<Lease> leased;
      try {
        leased.emplace(Acquire());
      } catch (const std::exception& e) {
        return FromPqxx(e, "opening a connection");
      }
      Lease& lease = *leased;
      Conn& conn = *lease.conn;
      if (lease.joined) {
        if (exclusive_key) {
          try {
            bool got = conn.tx
                           ->exec("SELECT pg_try_advisory_xact_lock(" +
                                  std::to_string(*exclusive_key) + ")")[0][0]
                           .as<bool>();
            if (acquired) *acquired = got;
            if (!got) return model::Ok();
          } catch (const std::exception& e) {
            return FromPqxx(e, "taking a lock");
          }
        }
        return RunInSavepoint(conn, work);
      }
      try {
        conn.tx->exec("BEGIN");
        conn.in_transaction = true;
        conn.vocabulary_changes.clear();
        if (exclusive_key) {
          bool got = conn.tx
                         ->exec("SELECT pg_try_advisory_xact_lock(" +
                                std::to_string(*exclusive_key) + ")")[0][0]
                         .as<bool>();
          if (acquired) *acquired = got;
          if (!got) {
            conn.tx->exec("ROLLBACK");
            conn.in_transaction = false;
            return model::Ok();
          }
        }
        // Writers take turns, as with SQLite's write lock: change-feed sequence numbers
        // then become visible in order, and slug checks cannot race.
        conn.tx->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
      } catch (const std::exception& e) {
        if (IsBrokenConnection(e)) {
          conn.broken = true;
          DropIdle();
        }
        conn.in_transaction = false;
        if (attempt == 1 && conn.broken) continue;
        return FromPqxx(e, "beginning a transaction");
      }
      {
        std::lock_guard lock(mu_);
        tx_[std::this_thread::get_id()] = &conn;
      }
      Status result;
      last_sqlstate.clear();
      result = RunCatching(work, "transaction");
      {
        std::lock_guard lock(mu_);
        tx_.erase(std::this_thread::get_id());
      }
      std::string state = last_sqlstate;
      if (result.ok()) {
        try {
          ApplyVocabularyChanges(conn);
          conn.tx->exec("COMMIT");
          conn.in_transaction = false;
          conn.vocabulary_changes.clear();
          return result;
        } catch (const std::exception& e) {
          if (IsBrokenConnection(e)) conn.broken = true;
          result = FromPqxx(e, "committing");
          state = last_sqlstate;
        }
      }
      try {
        if (!conn.broken) conn.tx->exec("ROLLBACK");
      } catch (const std::exception&) {
        conn.broken = true;
      }
      if (conn.broken) DropIdle();
      conn.in_transaction = false;
      conn.vocabulary_changes.clear();
      bool retryable = state == "40001" || state == "40P01";
      if (retryable && attempt < options_.max_transaction_tries) {
        if (acquired) *acquired = false;
        continue;
      }
      return result;
    }
  }

  Status RunInSavepoint(Conn& conn, const std::function<Status()>& work) {
    std::string name = "sp" + std::to_string(++conn.savepoint_depth);
    const std::size_t vocabulary_mark = conn.vocabulary_changes.size();
    Status result;
    try {
      conn.tx->exec("SAVEPOINT " + name);
      result = RunCatching(work, "transaction");
      if (!result.ok()) {
        conn.tx->exec("ROLLBACK TO SAVEPOINT " + name);
        conn.vocabulary_changes.resize(vocabulary_mark);
      }
      conn.tx->exec("RELEASE SAVEPOINT " + name);
    } catch (const std::exception& e) {
      if (IsBrokenConnection(e)) conn.broken = true;
      result = FromPqxx(e, "nested transaction");
    }
    --conn.savepoint_depth;
    return result;
  }

  Status Migrate(Conn& conn) {
    const std::vector<Migration>& migrations = PostgresMigrations();
    if (Status v = ValidateMigrations(migrations); !v.ok()) return v;
    pqxx::nontransaction& tx = *conn.tx;
    tx.exec("BEGIN");
    try {
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
      tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
          "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      int current = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0][0].as<int>();
      auto pending = PendingMigrations(migrations, current);
      if (!pending.ok()) {
        tx.exec("ROLLBACK");
        return pending.error();
      }
      for (const Migration* m : *pending) {
        tx.exec(m->sql);
        tx.exec_params("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                       m->version, m->name, static_cast<std::int64_t>(NowSeconds()));
      }
      tx.exec("COMMIT");
      return model::Ok();
    } catch (...) {
      try {
        tx.exec("ROLLBACK");
      } catch (const std::exception&) {
        // The connection is gone; the server rolls back by itself.
      }
      throw;
    }
  }

  static bool EditionExists(Conn& c, std::string_view edition) {
    return !Stmt(c, "SELECT 1 FROM editions WHERE code = ?").Bind(edition).Run().empty();
  }

  template <typename Taken>
  static std::string UniqueSlug(std::string base, const char* fallback, Taken taken) {
    if (base.empty()) base = fallback;
    if (!taken(base)) return base;
    for (int n = 2;; ++n) {
      std::string candidate = base + "-" + std::to_string(n);
      if (!taken(candidate)) return candidate;
    }
  }

  // The NOTIFY is delivered at commit, to every listening process.
  static void RecordChange(Conn& c, std::string_view edition, model::Id article_id,
                           model::Id group) {
    Stmt(c,
         "WITH c AS (INSERT INTO changes (edition, article_id, translation_group) "
         "VALUES (?, ?, ?) RETURNING seq) SELECT pg_notify('gazette_changes', seq::text) FROM c")
        .Bind(edition)
        .Bind(article_id)
        .Bind(group)
        .Run();
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
    auto rows = Stmt(c, "SELECT path FROM sections WHERE id = ? AND edition = ?")
                    .Bind(section_id)
                    .Bind(edition)
                    .Run();
    if (rows.empty()) return std::nullopt;
    return Str(rows[0], 0);
  }

  // Within an open transaction. Sets a.id (and the group) on success.
  static Status SaveArticleIn(Conn& c, Article& a, std::string_view saved_by) {
    if (!EditionExists(c, a.edition)) {
      return model::InvalidInput("unknown edition: " + a.edition, "edition");
    }
    std::optional<std::string> section_path = SectionPathIn(c, a.section_id, a.edition);
    if (!section_path) {
      return model::InvalidInput(
          "section " + std::to_string(a.section_id) + " does not exist in edition " + a.edition,
          "section_id");
    }
    if (!Stmt(c, "SELECT id FROM articles WHERE edition = ? AND slug = ? AND id != ?")
             .Bind(a.edition)
             .Bind(a.slug)
             .Bind(a.id)
             .Run()
             .empty()) {
      return model::Conflict("slug '" + a.slug + "' is already used in edition " + a.edition);
    }
    if (!a.external_id.empty() &&
        !Stmt(c, "SELECT id FROM articles WHERE external_id = ? AND id != ?")
             .Bind(a.external_id)
             .Bind(a.id)
             .Run()
             .empty()) {
      return model::Conflict("external id '" + a.external_id + "' is already used");
    }
    UnixSeconds now = NowSeconds();
    if (a.updated_at == 0) a.updated_at = now;
    Param external = a.external_id.empty() ? Param(nullptr) : Param(a.external_id);

    std::optional<Article> old;
    if (a.id != 0) {
      auto rows = Stmt(c, "SELECT " + ArticleColumns(false) + " FROM articles a WHERE a.id = ?")
                      .Bind(a.id)
                      .Run();
      if (rows.empty()) return model::NotFound("no article with id " + std::to_string(a.id));
      old = ReadArticle(rows[0]);
    }

    if (!old) {
      if (a.created_at == 0) a.created_at = now;
      a.revision = 1;
      a.id = Int(BindArticleColumns(
                     Stmt(c,
                          "INSERT INTO articles (external_id, edition, translation_group, title, "
                          "seo_title, social_title, slug, lead, body_html, section_id, source, "
                          "image_id, status, created_at, updated_at, published_at, scheduled_at, "
                          "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "RETURNING id"),
                     external, a)
                     .Run()[0],
                 0);
      if (a.translation_group == 0) {
        a.translation_group = a.id;
        Stmt(c, "UPDATE articles SET translation_group = ? WHERE id = ?")
            .Bind(a.translation_group)
            .Bind(a.id)
            .Exec();
      }
    } else {
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
    Stmt(c,
         "INSERT INTO revisions (article_id, number, saved_at, saved_by, title, lead, body_html) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(a.id)
        .Bind(a.revision)
        .Bind(now)
        .Bind(saved_by)
        .Bind(a.title)
        .Bind(a.lead)
        .Bind(a.body_html)
        .Exec();
    IndexArticleIn(c, a, /*vocabulary=*/true);
    RecordChange(c, a.edition, a.id, a.translation_group);
    return model::Ok();
  }

  template <typename BindFn>
  Result<std::optional<Article>> FindOne(std::string_view what, const std::string& where,
                                         BindFn bind) {
    return Read(what, [&](Conn& c) -> Result<std::optional<Article>> {
      std::vector<Article> found;
      Stmt s(c, "SELECT " + ArticleColumns(true) + " FROM articles a WHERE " + where);
      bind(s);
      auto rows = s.Run();
      if (rows.empty()) return std::optional<Article>();
      found.push_back(ReadArticle(rows[0]));
      LoadRelations(c, found);
      return std::optional<Article>(std::move(found.front()));
    });
  }

  static void LoadRelations(Conn& c, std::vector<Article>& articles) {
    if (articles.empty()) return;
    std::unordered_map<model::Id, Article*> by_id;
    std::vector<model::Id> ids;
    for (Article& a : articles) {
      by_id[a.id] = &a;
      ids.push_back(a.id);
    }
    std::string array = ArrayIds(ids);
    for (const auto& r : Stmt(c,
                              "SELECT article_id, tag_id FROM article_tags WHERE article_id = "
                              "ANY(?::bigint[]) ORDER BY article_id, position")
                             .Bind(array)
                             .Run()) {
      by_id[Int(r, 0)]->tag_ids.push_back(Int(r, 1));
    }
    for (const auto& r : Stmt(c,
                              "SELECT article_id, author_id FROM article_authors WHERE "
                              "article_id = ANY(?::bigint[]) ORDER BY article_id, position")
                             .Bind(array)
                             .Run()) {
      by_id[Int(r, 0)]->author_ids.push_back(Int(r, 1));
    }
  }

  static Status ValidateQuery(const ArticleQuery& q) {
    if (q.edition.empty()) return model::InvalidInput("a query needs an edition", "edition");
    if (q.limit < 0) return model::InvalidInput("negative limit", "limit");
    if (q.offset < 0) return model::InvalidInput("negative offset", "offset");
    return model::Ok();
  }

  static std::string BuildWhere(const ArticleQuery& q, std::vector<Param>& params) {
    std::string where = "a.edition = ?";
    if (q.section_id) {
      params.emplace_back(*q.section_id);
      where += " AND a.section_id IN (SELECT id FROM tree)";
    }
    params.emplace_back(q.edition);
    if (q.tag_id) {
      where += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)";
      params.emplace_back(*q.tag_id);
    }
    if (q.author_id) {
      where += " AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?)";
      params.emplace_back(*q.author_id);
    }
    if (q.translation_group) {
      where += " AND a.translation_group = ?";
      params.emplace_back(*q.translation_group);
    }
    if (q.published_only) {
      where += " AND a.status = 'published' AND a.published_at IS NOT NULL";
      if (q.now != 0) {
        where += " AND a.published_at <= ?";
        params.emplace_back(q.now);
      }
    }
    if (q.published_since) {
      where += " AND a.published_at >= ?";
      params.emplace_back(*q.published_since);
    }
    if (!q.exclude_ids.empty()) {
      where += " AND NOT (a.id = ANY(?::bigint[]))";
      params.emplace_back(ArrayIds(q.exclude_ids));
    }
    return where;
  }

  const std::string conninfo_;
  const PostgresOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::unordered_map<std::thread::id, Conn*> tx_;

  std::mutex listen_mu_;
  std::unique_ptr<pqxx::connection> listener_;
  std::unique_ptr<Receiver> receiver_;
  bool notified_ = false;
};

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

}  // namespace

SearchIndex* SearchIndexOf(Store& store) { return dynamic_cast<PostgresStore*>(&store); }

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string WithDatabase(const std::string& server_url, const std::string& database) {
  std::size_t scheme = server_url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t slash = server_url.find('/', start);
  std::size_t query = server_url.find('?', start);
  std::string base = server_url.substr(0, std::min(slash, query));
  std::string rest = query == std::string::npos ? "" : server_url.substr(query);
  return base + "/" + database + rest;
}

model::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                        const PostgresOptions& options) {
  if (!IsPostgresUrl(url)) {
    return model::InvalidInput("not a PostgreSQL URL (postgresql://…): " + url, "database");
  }
  if (options.pool_size < 1) return model::InvalidInput("pool size must be at least 1", "pool");
  auto store = std::make_unique<PostgresStore>(url, options);
  if (Status st = store->Init(); !st.ok()) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

model::Status CreateDatabase(const std::string& server_url, const std::string& name) {
  if (!ValidName(name)) return model::InvalidInput("bad database name: " + name, "database");
  try {
    pqxx::connection c(ConnInfo(server_url, 5));
    pqxx::nontransaction tx(c);
    if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty()) {
      tx.exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    }
    return model::Ok();
  } catch (const std::exception& e) {
    return FromPqxx(e, "creating database " + name);
  }
}

model::Status DropDatabase(const std::string& server_url, const std::string& name) {
  if (!ValidName(name)) return model::InvalidInput("bad database name: " + name, "database");
  try {
    pqxx::connection c(ConnInfo(server_url, 5));
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    return model::Ok();
  } catch (const std::exception& e) {
    return FromPqxx(e, "dropping database " + name);
  }
}

}  // namespace gazette::storage::postgres
