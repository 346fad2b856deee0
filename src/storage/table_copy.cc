#include "storage/table_copy.h"

namespace gazette::storage {
namespace {

constexpr int kBatchRows = 500;

// FNV-1a over the row's values with separators, NULL distinct from "".
std::uint64_t RowHash(const Row& row) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](unsigned char ch) {
    h ^= ch;
    h *= 1099511628211ULL;
  };
  for (const auto& value : row) {
    if (!value) {
      mix(0x00);
    } else {
      mix(0x01);
      for (unsigned char ch : *value) mix(ch);
    }
    mix(0x1f);
  }
  return h;
}

model::Status Sum(TableIo& io, const TableSpec& table, std::int64_t& rows, std::uint64_t& sum) {
  rows = 0;
  sum = 0;
  for (;;) {
    GAZETTE_ASSIGN_OR_RETURN(auto batch, io.ReadRows(table, rows, kBatchRows));
    for (const Row& row : batch) sum += RowHash(row);  // a sum: independent of the order
    rows += static_cast<std::int64_t>(batch.size());
    if (static_cast<int>(batch.size()) < kBatchRows) return model::Ok();
  }
}

}  // namespace

const std::vector<TableSpec>& SiteTables() {
  static const std::vector<TableSpec> kTables = {
      {"editions", {"code", "name", "language", "locale", "time_zone", "position"}, 1, ""},
      {"sections", {"id", "edition", "parent_id", "name", "slug", "path", "position"}, 1, "id"},
      {"tags", {"id", "edition", "name", "slug"}, 1, "id"},
      {"authors", {"id", "name", "slug", "bio"}, 1, "id"},
      {"media",
       {"id", "file", "caption", "credit", "alt", "width", "height", "mime_type",
        "rendition_widths"},
       1,
       "id"},
      {"articles",
       {"id", "external_id", "edition", "translation_group", "title", "seo_title", "social_title",
        "slug", "lead", "body_html", "section_id", "source", "image_id", "status", "created_at",
        "updated_at", "published_at", "scheduled_at", "revision"},
       1,
       "id"},
      {"article_tags", {"article_id", "tag_id", "position"}, 2, ""},
      {"article_authors", {"article_id", "author_id", "position"}, 2, ""},
      {"revisions",
       {"article_id", "number", "saved_at", "saved_by", "title", "lead", "body_html"},
       2,
       ""},
      {"redirects", {"from_path", "to_path"}, 1, ""},
      {"placements", {"edition", "slot", "position", "article_id"}, 3, ""},
      {"changes", {"seq", "edition", "article_id", "translation_group", "changed_at"}, 1, "seq"},
      {"users",
       {"id", "username", "display_name", "role", "password_hash", "disabled", "created_at"},
       1,
       "id"},
      {"article_integrity",
       {"article_id", "protected_items", "kept", "missing", "duplicated", "altered",
        "numbers_source", "numbers_translation", "dates_source", "dates_translation", "issues",
        "machine_translation", "checked_at"},
       1,
       ""},
      // Copied so that nobody is logged out by the move.
      {"sessions",
       {"token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at"},
       1,
       ""},
      {"audit_log", {"id", "at", "username", "action", "article_id", "detail"}, 1, "id"},
  };
  return kTables;
}

model::Result<std::vector<TableReport>> CopyTables(
    TableIo& from, TableIo& to,
    const std::function<void(const std::string& table, std::int64_t rows)>& progress) {
  const auto& tables = SiteTables();
  for (const TableSpec& table : tables) {
    std::int64_t copied = 0;
    for (;;) {
      GAZETTE_ASSIGN_OR_RETURN(auto batch, from.ReadRows(table, copied, kBatchRows));
      if (!batch.empty()) GAZETTE_RETURN_IF_ERROR(to.WriteRows(table, batch));
      copied += static_cast<std::int64_t>(batch.size());
      if (progress) progress(table.name, copied);
      if (static_cast<int>(batch.size()) < kBatchRows) break;
    }
  }
  GAZETTE_RETURN_IF_ERROR(to.FinishWrites(tables));

  std::vector<TableReport> reports;
  std::string mismatched;
  for (const TableSpec& table : tables) {
    TableReport r;
    r.table = table.name;
    GAZETTE_RETURN_IF_ERROR(Sum(from, table, r.source_rows, r.source_checksum));
    GAZETTE_RETURN_IF_ERROR(Sum(to, table, r.destination_rows, r.destination_checksum));
    if (!r.Matches()) mismatched += (mismatched.empty() ? "" : ", ") + table.name;
    reports.push_back(r);
  }
  if (!mismatched.empty()) {
    return model::Integrity("the copy differs from the source in: " + mismatched +
                            " (was the destination written to meanwhile?)");
  }
  return reports;
}

}  // namespace gazette::storage
