#include "services/importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "media/images.h"
#include "services/site_reader.h"
#include "text/iso_time.h"
#include "text/placeholder_lint.h"
#include "text/protect.h"
#include "text/sanitize.h"
#include "text/slug.h"

namespace gazette::services {

namespace fs = std::filesystem;
using model::Result;
using model::Status;

namespace {

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> SplitSectionPath(std::string_view path) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string name = Trim(path.substr(start, end - start));
    if (!name.empty()) names.push_back(std::move(name));
    start = end + 1;
  }
  return names;
}

bool IsUrl(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

}  // namespace

bool Importer::LineQueue::Push(std::vector<ReadLine> chunk) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return stopped_ || chunks_.size() < capacity_; });
  if (stopped_) return false;
  chunks_.push_back(std::move(chunk));
  changed_.notify_all();
  return true;
}

void Importer::LineQueue::Close(std::uint64_t total_bytes) {
  std::lock_guard lock(mu_);
  closed_ = true;
  total_bytes_ = total_bytes;
  changed_.notify_all();
}

void Importer::LineQueue::Fail(std::string message) {
  std::lock_guard lock(mu_);
  closed_ = true;
  failure_ = std::move(message);
  changed_.notify_all();
}

std::optional<std::vector<Importer::ReadLine>> Importer::LineQueue::Pop() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return closed_ || !chunks_.empty(); });
  if (chunks_.empty()) return std::nullopt;
  std::vector<ReadLine> chunk = std::move(chunks_.front());
  chunks_.pop_front();
  changed_.notify_all();
  return chunk;
}

void Importer::LineQueue::Stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  chunks_.clear();
  changed_.notify_all();
}

std::optional<std::string> Importer::LineQueue::Failure() {
  std::lock_guard lock(mu_);
  return failure_;
}

std::uint64_t Importer::LineQueue::TotalBytes() {
  std::lock_guard lock(mu_);
  return total_bytes_;
}

Importer::Importer(storage::Store& store, ImportOptions options)
    : store_(store), options_(std::move(options)) {}

Result<std::optional<model::Id>> Importer::ImportImage(const ImageRecord& image,
                                                       std::vector<LineProblem>& warnings,
                                                       std::int64_t line, const std::string& id) {
  model::Media media;
  media.caption = image.caption;
  media.credit = image.credit;
  media.alt = image.alt;
  if (image.src.empty()) return std::optional<model::Id>{};
  if (IsUrl(image.src)) {
    media.file = image.src;
  } else {
    auto cached = imported_files_.find(image.src);
    if (cached != imported_files_.end()) {
      media.file = cached->second.file;
      media.width = cached->second.width;
      media.height = cached->second.height;
      media.mime_type = cached->second.mime_type;
      media.rendition_widths = cached->second.rendition_widths;
    } else {
      fs::path source = image.src;
      if (source.is_relative()) source = fs::path(options_.source_dir) / source;
      std::error_code ec;
      if (!fs::is_regular_file(source, ec)) {
        warnings.push_back(
            {line, id, "image '" + image.src + "' not found; imported without image"});
        return std::optional<model::Id>{};
      }
      auto info = media::ProbeImage(source.string());
      if (!info.ok()) {
        warnings.push_back(
            {line, id,
             "image '" + image.src + "': " + info.error().message + "; imported without image"});
        return std::optional<model::Id>{};
      }
      // SEO file name: the slug of the original name, with the sniffed type's extension.
      std::string stem = text::Slugify(source.stem().string());
      if (stem.empty()) stem = "image";
      const std::string ext = info->mime_type == "image/png"    ? ".png"
                              : info->mime_type == "image/webp" ? ".webp"
                                                                : ".jpg";
      std::string name = stem + ext;
      for (int n = 2; fs::exists(fs::path(options_.media_dir) / name, ec); ++n) {
        name = stem + "-" + std::to_string(n) + ext;
      }
      const fs::path target = fs::path(options_.media_dir) / name;
      fs::create_directories(target.parent_path(), ec);
      if (!fs::copy_file(source, target, ec)) {
        return model::Unavailable("cannot copy image to " + target.string() + ": " + ec.message());
      }
      auto widths = media::MakeRenditions(target.string(), media::kRenditionWidths);
      if (!widths.ok()) {
        warnings.push_back(
            {line, id, "image '" + image.src + "': renditions: " + widths.error().message});
      } else {
        media.rendition_widths = *widths;
      }
      media.file = name;
      media.width = info->width;
      media.height = info->height;
      media.mime_type = info->mime_type;
      imported_files_[image.src] = media;
    }
  }
  GAZETTE_ASSIGN_OR_RETURN(auto media_id, store_.SaveMedia(media));
  return std::optional<model::Id>{media_id};
}

Importer::Draft Importer::Prepare(const ArticleRecord& record, const ImportOptions& options,
                                  std::int64_t line) {
  Draft draft;
  auto fail = [&](model::Error error) {
    draft.error = std::move(error);
    return std::move(draft);
  };
  model::Article& article = draft.article;
  article.external_id = record.id;
  article.edition = record.edition.empty() ? options.default_edition : record.edition;
  if (std::find(options.editions.begin(), options.editions.end(), article.edition) ==
      options.editions.end()) {
    return fail(model::InvalidInput("unknown edition '" + article.edition + "'", "edition"));
  }
  article.title = Trim(record.title);
  if (article.title.empty()) return fail(model::InvalidInput("title is empty", "title"));
  auto status = model::ParseStatus(record.status.empty() ? "published" : record.status);
  if (!status) {
    return fail(model::InvalidInput("unknown status '" + record.status + "'", "status"));
  }
  article.status = *status;
  if (!record.published_at.empty()) {
    auto t = text::ParseIso8601(record.published_at);
    if (!t) {
      return fail(model::InvalidInput(
          "'" + record.published_at + "' is not an ISO 8601 date-time with offset",
          "published_at"));
    }
    article.published_at = *t;
  } else if (article.status == model::ArticleStatus::kPublished ||
             article.status == model::ArticleStatus::kScheduled) {
    return fail(
        model::InvalidInput("a " + record.status + " article needs published_at", "published_at"));
  }
  if (article.status == model::ArticleStatus::kScheduled)
    article.scheduled_at = article.published_at;
  if (!record.updated_at.empty()) {
    auto t = text::ParseIso8601(record.updated_at);
    if (!t) {
      return fail(model::InvalidInput(
          "'" + record.updated_at + "' is not an ISO 8601 date-time with offset", "updated_at"));
    }
    article.updated_at = *t;
  }
  draft.section_names = SplitSectionPath(record.section);
  if (draft.section_names.empty()) {
    return fail(model::InvalidInput("section is empty", "section"));
  }

  article.lead = Trim(record.lead);
  article.body_html = text::SanitizeHtml(record.body_html);
  article.source = Trim(record.source);
  // The reader lint: a line with leaked placeholders (or a placeholder where the date was) is
  // imported as a draft with its integrity report, and cannot be published until fixed.
  for (auto [field, value] : {std::pair{"title", &article.title}, std::pair{"lead", &article.lead},
                              std::pair{"body_html", &article.body_html}}) {
    for (auto& issue : text::LintForReaders(*value, field)) {
      draft.warnings.push_back({line, record.id, issue.field + ": " + issue.detail});
      draft.lint.push_back(std::move(issue));
    }
  }
  if (!draft.lint.empty() && article.status != model::ArticleStatus::kDraft) {
    draft.warnings.push_back({line, record.id,
                              "imported as a draft instead of " +
                                  std::string(model::StatusName(article.status)) +
                                  ": it cannot be published until these problems are fixed"});
    article.status = model::ArticleStatus::kDraft;
    article.scheduled_at.reset();
  }
  draft.slug_base = text::Slugify(record.slug.empty() ? article.title : record.slug);
  if (draft.slug_base.empty()) draft.slug_base = "article";
  return draft;
}

Result<model::Article> Importer::ToArticle(const ArticleRecord& record, Draft& draft,
                                           std::vector<LineProblem>& warnings, std::int64_t line) {
  // Everything that can be checked without writing was checked first (Prepare), so a
  // rejected line leaves no sections, tags or media behind.
  if (draft.error) return *draft.error;
  model::Article article = std::move(draft.article);
  const auto& section_names = draft.section_names;
  for (auto& w : draft.warnings) warnings.push_back(std::move(w));
  last_lint_ = std::move(draft.lint);

  GAZETTE_ASSIGN_OR_RETURN(auto existing, store_.FindArticleByExternalId(record.id));
  const auto now = SystemNow();
  if (existing) {
    article.id = existing->id;
    article.created_at = existing->created_at;
    article.translation_group = existing->translation_group;
    // A machine translation with integrity problems stays a draft whatever the file says.
    auto report = store_.GetIntegrityReport(existing->id);
    if (report.ok() && report->has_value() && article.status != model::ArticleStatus::kDraft) {
      for (const auto& issue : (*report)->issues) {
        if (issue.kind == "leaked" || issue.detail.rfind("missing date:", 0) == 0) continue;
        warnings.push_back({line, record.id,
                            "kept as a draft: its integrity report has problems (" + issue.field +
                                ": " + issue.detail + ")"});
        article.status = model::ArticleStatus::kDraft;
        article.scheduled_at.reset();
        break;
      }
    }
  } else {
    article.created_at = article.published_at.value_or(now);
  }
  if (article.updated_at == 0) article.updated_at = article.published_at.value_or(now);

  // Slug: given or derived from the title, made unique within the edition.
  const std::string& base = draft.slug_base;
  const std::string slug_key = article.edition + '\n' + base;
  int suffix = 1;
  if (!existing) {
    if (auto it = known_.slug_suffixes.find(slug_key); it != known_.slug_suffixes.end()) {
      suffix = it->second + 1;
    }
  }
  for (;; ++suffix) {
    article.slug = suffix == 1 ? base : base + "-" + std::to_string(suffix);
    GAZETTE_ASSIGN_OR_RETURN(auto holder, store_.FindArticleBySlug(article.edition, article.slug));
    if (!holder || holder->external_id == record.id) break;
  }
  if (!existing) known_.slug_suffixes[slug_key] = suffix;

  std::string section_key = article.edition;
  for (const auto& name : section_names) section_key += "\n" + name;
  if (auto it = known_.sections.find(section_key); it != known_.sections.end()) {
    article.section_id = it->second;
  } else {
    GAZETTE_ASSIGN_OR_RETURN(auto section, store_.EnsureSection(article.edition, section_names));
    article.section_id = section.id;
    known_.sections.emplace(std::move(section_key), section.id);
  }
  for (const auto& name : record.tags) {
    const std::string trimmed = Trim(name);
    if (trimmed.empty()) continue;
    std::string key = article.edition + "\n" + trimmed;
    model::Id tag_id = 0;
    if (auto it = known_.tags.find(key); it != known_.tags.end()) {
      tag_id = it->second;
    } else {
      GAZETTE_ASSIGN_OR_RETURN(auto tag, store_.EnsureTag(article.edition, trimmed));
      tag_id = tag.id;
      known_.tags.emplace(std::move(key), tag_id);
    }
    if (std::find(article.tag_ids.begin(), article.tag_ids.end(), tag_id) ==
        article.tag_ids.end()) {
      article.tag_ids.push_back(tag_id);
    }
  }
  for (const auto& name : record.authors) {
    const std::string trimmed = Trim(name);
    if (trimmed.empty()) continue;
    model::Id author_id = 0;
    if (auto it = known_.authors.find(trimmed); it != known_.authors.end()) {
      author_id = it->second;
    } else {
      GAZETTE_ASSIGN_OR_RETURN(auto author, store_.EnsureAuthor(trimmed));
      author_id = author.id;
      known_.authors.emplace(trimmed, author_id);
    }
    if (std::find(article.author_ids.begin(), article.author_ids.end(), author_id) ==
        article.author_ids.end()) {
      article.author_ids.push_back(author_id);
    }
  }
  if (record.image) {
    GAZETTE_ASSIGN_OR_RETURN(article.image_id,
                             ImportImage(*record.image, warnings, line, record.id));
  }
  if (!record.translation_of.empty() && record.translation_of != record.id) {
    GAZETTE_ASSIGN_OR_RETURN(auto original, store_.FindArticleByExternalId(record.translation_of));
    if (original) {
      article.translation_group =
          original->translation_group != 0 ? original->translation_group : original->id;
    } else {
      translation_links_.emplace_back(record.id, record.translation_of, line);
    }
  }
  return article;
}

// The lint's findings replace those of an earlier import; a machine translation's own
// findings stay until an editor's save checks the text again.
Status Importer::KeepLintReport(model::Id article_id, bool is_new) {
  auto is_lint = [](const model::IntegrityIssue& i) {
    return i.kind == "leaked" || i.detail.rfind("missing date:", 0) == 0;
  };
  model::IntegrityReport report;
  if (!is_new) {
    auto existing = store_.GetIntegrityReport(article_id);
    if (!existing.ok()) {
      return existing.error().kind == model::ErrorKind::kUnavailable ? model::Ok()
                                                                     : Status(existing.error());
    }
    if (existing->has_value()) report = **existing;
  }
  const std::size_t before = report.issues.size();
  report.issues.erase(std::remove_if(report.issues.begin(), report.issues.end(), is_lint),
                      report.issues.end());
  if (before == report.issues.size() && last_lint_.empty()) return model::Ok();
  report.issues.insert(report.issues.end(), last_lint_.begin(), last_lint_.end());
  Status kept = store_.SaveIntegrityReport(article_id, report);
  if (!kept.ok() && kept.error().kind != model::ErrorKind::kUnavailable) return kept;
  return model::Ok();
}

Status Importer::WriteBatch(std::vector<Pending>& batch, ImportSummary& summary) {
  ImportSummary delta;
  auto cache_before = imported_files_;
  auto known_before = known_;
  auto links_before = translation_links_.size();
  Status written = store_.InTransaction([&]() -> Status {
    for (auto& pending : batch) {
      auto article = ToArticle(pending.record, pending.draft, delta.warnings, pending.line);
      if (!article.ok()) {
        if (article.error().kind != model::ErrorKind::kInvalidInput) return article.error();
        ++delta.rejected;
        delta.errors.push_back({pending.line, pending.record.id, article.error().ToString()});
        continue;
      }
      const bool is_new = article->id == 0;
      auto saved =
          store_.SavePreparedArticle(*article, options_.imported_by, pending.draft.prepared.get());
      pending.draft.prepared.reset();  // the store keeps what it still needs
      if (!saved.ok()) {
        if (saved.error().kind != model::ErrorKind::kConflict &&
            saved.error().kind != model::ErrorKind::kInvalidInput) {
          return saved.error();
        }
        ++delta.rejected;
        delta.errors.push_back({pending.line, pending.record.id, saved.error().ToString()});
        continue;
      }
      GAZETTE_RETURN_IF_ERROR(KeepLintReport(saved->id, is_new));
      ++(is_new ? delta.imported : delta.updated);
    }
    return model::Ok();
  });
  batch.clear();
  if (!written.ok()) {
    // The batch was rolled back: forget what it remembered.
    imported_files_ = std::move(cache_before);
    known_ = std::move(known_before);
    translation_links_.resize(links_before);
    return written;
  }
  summary.imported += delta.imported;
  summary.updated += delta.updated;
  summary.rejected += delta.rejected;
  for (auto& e : delta.errors) summary.errors.push_back(std::move(e));
  for (auto& w : delta.warnings) summary.warnings.push_back(std::move(w));
  return model::Ok();
}

Status Importer::LinkTranslations(ImportSummary& summary) {
  if (translation_links_.empty()) return model::Ok();
  Status linked = store_.InTransaction([&]() -> Status {
    for (const auto& [id, target_id, line] : translation_links_) {
      GAZETTE_ASSIGN_OR_RETURN(auto article, store_.FindArticleByExternalId(id));
      GAZETTE_ASSIGN_OR_RETURN(auto original, store_.FindArticleByExternalId(target_id));
      if (!article) continue;  // the line itself was rejected
      if (!original) {
        summary.warnings.push_back(
            {line, id, "translation_of '" + target_id + "' names no article"});
        continue;
      }
      const model::Id group =
          original->translation_group != 0 ? original->translation_group : original->id;
      if (article->translation_group == group) continue;
      article->translation_group = group;
      GAZETTE_ASSIGN_OR_RETURN(auto saved, store_.SaveArticle(*article, options_.imported_by));
      (void)saved;
    }
    return model::Ok();
  });
  translation_links_.clear();
  return linked;
}

Result<ImportSummary> Importer::ImportFile(const std::string& path,
                                           const ImportProgress& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return model::InvalidInput("cannot read '" + path + "'");
  if (options_.source_dir.empty()) options_.source_dir = fs::path(path).parent_path().string();

  GAZETTE_RETURN_IF_ERROR(store_.BeginBulkWrites());
  auto summary = ImportLines(in, progress);
  // The store's upkeep is put back even when the import failed: the batches written stay.
  Status ended = store_.EndBulkWrites();
  if (!summary.ok()) return summary;
  if (!ended.ok()) return ended.error();
  return summary;
}

// The reading thread: reads, parses and prepares the lines in order, a chunk at a time.
void Importer::ReadLines(std::istream& in, const ImportOptions& options, storage::Store& store,
                         LineQueue& queue) {
  std::vector<ReadLine> chunk;
  std::string line;
  std::int64_t number = 0;
  std::uint64_t bytes = 0;
  while (std::getline(in, line)) {
    ++number;
    bytes += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) continue;
    ReadLine read;
    read.bytes = bytes;
    auto record = ParseArticleLine(line);
    if (!record.ok()) {
      read.parse_error = {number, "", record.error().ToString()};
    } else {
      read.pending.line = number;
      read.pending.record = std::move(record).value();
      read.pending.draft = Prepare(read.pending.record, options, number);
      // The search index's text and terms, here rather than on the writing thread.
      if (!read.pending.draft.error) {
        read.pending.draft.prepared = store.PrepareSave(read.pending.draft.article);
      }
    }
    chunk.push_back(std::move(read));
    if (chunk.size() >= kLinesPerChunk) {
      if (!queue.Push(std::move(chunk))) return;
      chunk.clear();
    }
  }
  if (!chunk.empty() && !queue.Push(std::move(chunk))) return;
  queue.Close(bytes);
}

Result<ImportSummary> Importer::ImportLines(std::istream& in, const ImportProgress& progress) {
  // Reading and preparing the lines (JSON, sanitizer, lint, slugs) runs on a thread of its
  // own, a few chunks ahead of this one, which writes them in file order exactly as a
  // single thread would: same batches, summary, progress and line numbers.
  LineQueue queue(kQueuedChunks);
  std::thread reader;
  try {
    reader = std::thread([&] {
      try {
        ReadLines(in, options_, store_, queue);
      } catch (const std::exception& e) {
        queue.Fail(std::string("reading the import file: ") + e.what());
      }
    });
  } catch (const std::system_error& e) {
    return model::Unavailable(std::string("cannot start the reading thread: ") + e.what());
  }
  struct Join {
    LineQueue& queue;
    std::thread& reader;
    ~Join() {
      queue.Stop();
      reader.join();
    }
  } join{queue, reader};

  ImportSummary summary;
  std::vector<Pending> batch;
  std::uint64_t bytes = 0;
  for (;;) {
    auto chunk = queue.Pop();
    if (!chunk) break;
    for (ReadLine& read : *chunk) {
      bytes = read.bytes;
      if (read.parse_error) {
        ++summary.rejected;
        summary.errors.push_back(std::move(*read.parse_error));
        continue;
      }
      batch.push_back(std::move(read.pending));
      if (static_cast<int>(batch.size()) >= options_.batch_size) {
        GAZETTE_RETURN_IF_ERROR(WriteBatch(batch, summary));
        if (progress) progress(bytes, summary);
      }
    }
  }
  if (auto failure = queue.Failure()) return model::Internal(*failure);
  bytes = queue.TotalBytes();
  if (!batch.empty()) GAZETTE_RETURN_IF_ERROR(WriteBatch(batch, summary));
  GAZETTE_RETURN_IF_ERROR(LinkTranslations(summary));
  if (progress) progress(bytes, summary);
  return summary;
}

Result<ImportSummary> Importer::ImportRecords(const std::vector<ArticleRecord>& records) {
  ImportSummary summary;
  std::vector<Pending> batch;
  std::int64_t number = 0;
  for (const auto& r : records) {
    ++number;
    batch.push_back({number, r, Prepare(r, options_, number)});
    if (static_cast<int>(batch.size()) >= options_.batch_size) {
      GAZETTE_RETURN_IF_ERROR(WriteBatch(batch, summary));
    }
  }
  if (!batch.empty()) GAZETTE_RETURN_IF_ERROR(WriteBatch(batch, summary));
  GAZETTE_RETURN_IF_ERROR(LinkTranslations(summary));
  return summary;
}

}  // namespace gazette::services
