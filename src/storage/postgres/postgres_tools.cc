#include <pqxx/pqxx>
#include <set>

#include "storage/postgres/postgres_store.h"

namespace gazette::storage::postgres {
namespace {

std::string Join(const std::vector<std::string>& parts, std::size_t from, std::size_t to,
                 const std::string& each_suffix = "") {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (i > from ? ", " : "") + parts[i] + each_suffix;
  return out;
}

model::Error Failed(const std::exception& e, const std::string& what) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return model::Unavailable(what + ": database unreachable: " + e.what());
  }
  return model::Unavailable(what + ": " + e.what());
}

class PostgresTableIo final : public TableIo {
 public:
  explicit PostgresTableIo(const std::string& url) : c_(url) {}

  model::Result<std::vector<Row>> ReadRows(const TableSpec& table, std::int64_t offset,
                                           int limit) override {
    try {
      pqxx::nontransaction tx(c_);
      auto result =
          tx.exec_params("SELECT " + Join(table.columns, 0, table.columns.size(), "::text") +
                             " FROM " + table.name + " ORDER BY " +
                             Join(table.columns, 0, table.key_columns) + " LIMIT $1 OFFSET $2",
                         limit, offset);
      std::vector<Row> rows;
      for (const auto& r : result) {
        Row row;
        for (const auto& field : r) {
          if (field.is_null()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(field.c_str());
          }
        }
        rows.push_back(std::move(row));
      }
      return rows;
    } catch (const std::exception& e) {
      return Failed(e, "reading " + table.name);
    }
  }

  model::Status WriteRows(const TableSpec& table, const std::vector<Row>& rows) override {
    std::string placeholders;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    std::string sql = "INSERT INTO " + table.name + " (" +
                      Join(table.columns, 0, table.columns.size()) + ") VALUES (" + placeholders +
                      ") ON CONFLICT (" + Join(table.columns, 0, table.key_columns) + ") ";
    if (table.key_columns == table.columns.size()) {
      sql += "DO NOTHING";
    } else {
      sql += "DO UPDATE SET ";
      for (std::size_t i = table.key_columns; i < table.columns.size(); ++i) {
        sql += (i > table.key_columns ? ", " : "") + table.columns[i] + " = excluded." +
               table.columns[i];
      }
    }
    // Copied ids are given explicitly; an identity column must accept them.
    try {
      pqxx::work tx(c_);
      const std::string name = "copy_" + table.name;
      if (prepared_.insert(name).second) c_.prepare(name, sql);
      for (const Row& row : rows) {
        std::vector<const char*> values;
        for (const auto& v : row) values.push_back(v ? v->c_str() : nullptr);
        tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
      }
      tx.commit();
      return model::Ok();
    } catch (const std::exception& e) {
      return Failed(e, "writing " + table.name);
    }
  }

  model::Status FinishWrites(const std::vector<TableSpec>& tables) override {
    try {
      pqxx::work tx(c_);
      for (const TableSpec& table : tables) {
        if (table.identity.empty()) continue;
        tx.exec("SELECT setval(pg_get_serial_sequence('" + table.name + "', '" + table.identity +
                "'), GREATEST((SELECT MAX(" + table.identity + ") FROM " + table.name + "), 1))");
      }
      tx.commit();
      return model::Ok();
    } catch (const std::exception& e) {
      return Failed(e, "moving id counters");
    }
  }

 private:
  pqxx::connection c_;
  std::set<std::string> prepared_;
};

}  // namespace

model::Result<std::unique_ptr<TableIo>> OpenPostgresTableIo(const std::string& url) {
  if (!IsPostgresUrl(url)) {
    return model::InvalidInput("not a PostgreSQL URL (postgresql://…): " + url, "to");
  }
  try {
    return std::unique_ptr<TableIo>(std::make_unique<PostgresTableIo>(url));
  } catch (const std::exception& e) {
    return Failed(e, "connecting to PostgreSQL");
  }
}

}  // namespace gazette::storage::postgres
