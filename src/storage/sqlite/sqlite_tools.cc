#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "storage/sqlite/sqlite_store.h"

namespace gazette::storage::sqlite {
namespace {

constexpr int kBackupPagesPerStep = 256;  // short steps let writers in between
constexpr int kBusyTimeoutMs = 5000;

class SqliteTableReader final : public TableIo {
 public:
  explicit SqliteTableReader(const std::string& file)
      : db_(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX) {
    db_.setBusyTimeout(kBusyTimeoutMs);
  }

  model::Result<std::vector<Row>> ReadRows(const TableSpec& table, std::int64_t offset,
                                           int limit) override {
    try {
      std::string columns, key;
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        columns += (i ? ", " : "") + table.columns[i];
        if (i < table.key_columns) key += (i ? ", " : "") + table.columns[i];
      }
      SQLite::Statement s(db_, "SELECT " + columns + " FROM " + Source(table.name) + " ORDER BY " +
                                   key + " LIMIT ? OFFSET ?");
      s.bind(1, limit);
      s.bind(2, static_cast<std::int64_t>(offset));
      std::vector<Row> rows;
      while (s.executeStep()) {
        Row row;
        for (int i = 0; i < s.getColumnCount(); ++i) {
          auto c = s.getColumn(i);
          if (c.isNull()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(c.getString());
          }
        }
        rows.push_back(std::move(row));
      }
      return rows;
    } catch (const SQLite::Exception& e) {
      return model::Unavailable("reading " + table.name + ": " + e.what());
    }
  }

  // The rows as the site sees them: a revision without a body of its own (NULL) has the
  // article's current body, which a destination stores in the revision itself.
  static std::string Source(const std::string& table) {
    if (table != "revisions") return table;
    return "(SELECT r.article_id AS article_id, r.number AS number, r.saved_at AS saved_at, "
           "r.saved_by AS saved_by, r.title AS title, r.lead AS lead, "
           "COALESCE(r.body_html, a.body_html, '') AS body_html "
           "FROM revisions r LEFT JOIN articles a ON a.id = r.article_id)";
  }

  model::Status WriteRows(const TableSpec&, const std::vector<Row>&) override {
    return model::InvalidInput("a SQLite database is not a copy destination");
  }
  model::Status FinishWrites(const std::vector<TableSpec>&) override {
    return model::InvalidInput("a SQLite database is not a copy destination");
  }

 private:
  SQLite::Database db_;
};

}  // namespace

model::Result<std::unique_ptr<TableIo>> OpenSqliteTableReader(const std::string& db_file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db_file, ec)) {
    return model::Unavailable("database file does not exist: " + db_file);
  }
  try {
    return std::unique_ptr<TableIo>(std::make_unique<SqliteTableReader>(db_file));
  } catch (const SQLite::Exception& e) {
    return model::Unavailable("opening " + db_file + ": " + e.what());
  }
}

model::Status BackupSqlite(const std::string& db_file, const std::string& out_file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db_file, ec)) {
    return model::Unavailable("database file does not exist: " + db_file);
  }
  if (std::filesystem::exists(out_file, ec)) {
    return model::InvalidInput("'" + out_file + "' already exists; choose a new file", "out");
  }
  // Written beside the target, then renamed: a backup file is complete or absent.
  const std::string partial = out_file + ".partial";
  try {
    {
      SQLite::Database source(db_file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
      source.setBusyTimeout(kBusyTimeoutMs);
      SQLite::Database target(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      SQLite::Backup backup(target, source);
      for (;;) {
        int rc = backup.executeStep(kBackupPagesPerStep);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
    }
    {
      SQLite::Database check(partial, SQLITE_OPEN_READONLY);
      std::string verdict = check.execAndGet("PRAGMA integrity_check").getString();
      if (verdict != "ok") {
        std::filesystem::remove(partial, ec);
        return model::Integrity("the backup failed its integrity check: " + verdict);
      }
    }
    std::filesystem::rename(partial, out_file, ec);
    if (ec) {
      std::filesystem::remove(partial, ec);
      return model::Unavailable("cannot write '" + out_file + "': " + ec.message());
    }
    return model::Ok();
  } catch (const SQLite::Exception& e) {
    std::filesystem::remove(partial, ec);
    return model::Unavailable("backing up " + db_file + ": " + e.what());
  }
}

}  // namespace gazette::storage::sqlite
