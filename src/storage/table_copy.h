// Copying a whole site between backends, table by table, with the rows as they are (ids
// kept), then verifying row counts and checksums. Each backend offers a TableIo over its
// database; `gazette migrate-db` pairs a SQLite source with a PostgreSQL destination.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/result.h"

namespace gazette::storage {

struct TableSpec {
  std::string name;
  std::vector<std::string> columns;  // the key columns first
  std::size_t key_columns = 1;
  std::string identity;  // the generated id column, if any ("id", "seq")
};

// Every table of the content model, parents before children.
const std::vector<TableSpec>& SiteTables();

// A row as text (NULL as nullopt), in TableSpec::columns order.
using Row = std::vector<std::optional<std::string>>;

class TableIo {
 public:
  virtual ~TableIo() = default;
  // Rows in key order, `limit` at a time from `offset`.
  virtual model::Result<std::vector<Row>> ReadRows(const TableSpec& table, std::int64_t offset,
                                                   int limit) = 0;
  // Inserts or replaces (by key) `rows` in one transaction.
  virtual model::Status WriteRows(const TableSpec& table, const std::vector<Row>& rows) = 0;
  // After writing: moves generated-id counters past the copied ids.
  virtual model::Status FinishWrites(const std::vector<TableSpec>& tables) = 0;
};

struct TableReport {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t destination_rows = 0;
  std::uint64_t source_checksum = 0;
  std::uint64_t destination_checksum = 0;
  bool Matches() const {
    return source_rows == destination_rows && source_checksum == destination_checksum;
  }
};

// Copies every table of SiteTables() from `from` to `to` (replacing rows with the same key,
// so an interrupted copy can simply be run again), then reads both sides back and compares
// counts and an order-independent checksum of every row. kIntegrity when a table differs.
// `progress` (optional) is told each table and the rows copied so far.
model::Result<std::vector<TableReport>> CopyTables(
    TableIo& from, TableIo& to,
    const std::function<void(const std::string& table, std::int64_t rows)>& progress = {});

}  // namespace gazette::storage
