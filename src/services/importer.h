// Bulk import of the articles interchange format (formats: articles JSON Lines).
// A bad line is reported with its line number and skipped; the others are written in one
// transaction per batch, so an interrupted import leaves whole batches or nothing.
// Re-importing an id updates that article instead of duplicating it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/integrity.h"
#include "model/result.h"
#include "services/article_record.h"
#include "storage/store.h"

namespace gazette::services {

struct ImportOptions {
  std::string default_edition;
  std::vector<std::string> editions;  // codes an article may name
  std::string media_dir;              // where imported image files are copied
  std::string source_dir;             // relative image paths are read from here
  int batch_size = 5000;
  std::string imported_by = "import";
};

struct LineProblem {
  std::int64_t line = 0;  // 1-based; 0 for problems not tied to one line
  std::string id;
  std::string message;
};

struct ImportSummary {
  std::int64_t imported = 0;          // new articles
  std::int64_t updated = 0;           // existing ids written again
  std::int64_t rejected = 0;          // lines skipped
  std::vector<LineProblem> errors;    // why each rejected line was skipped
  std::vector<LineProblem> warnings;  // imported, but worth a look (missing image, ...)
};

// Called after each batch with the bytes read so far and the summary so far.
using ImportProgress = std::function<void(std::uint64_t bytes_read, const ImportSummary&)>;

class Importer {
 public:
  Importer(storage::Store& store, ImportOptions options);

  // Imports a JSON Lines file. Fails only when the file cannot be read or storage fails;
  // bad lines are counted in the summary. The lines are read and prepared on a second
  // thread, ahead of the writes; the results, their order and the progress calls are those
  // of reading line by line. Runs inside the store's bulk writes.
  model::Result<ImportSummary> ImportFile(const std::string& path,
                                          const ImportProgress& progress = {});
  // Imports already parsed records (the demo content, tests), as one batch each `batch_size`.
  model::Result<ImportSummary> ImportRecords(const std::vector<ArticleRecord>& records);

 private:
  // What a record gives without the store or the import's memory: checked, converted,
  // sanitized and linted (any thread).
  struct Draft {
    std::optional<model::Error> error;  // the line's first problem: it is rejected
    model::Article article;
    std::vector<std::string> section_names;
    std::string slug_base;
    std::vector<model::IntegrityIssue> lint;  // the reader lint's findings
    std::vector<LineProblem> warnings;        // the lint's, in order
    // The store's work ahead of the save (Store::PrepareSave), or null.
    std::shared_ptr<const storage::Store::PreparedSave> prepared;
  };
  struct Pending {
    std::int64_t line = 0;
    ArticleRecord record;
    Draft draft;
  };
  // One non-blank line of the file as the reading thread hands it over.
  struct ReadLine {
    std::uint64_t bytes = 0;  // read up to the end of this line
    std::optional<LineProblem> parse_error;
    Pending pending;  // when parsed
  };
  // Chunks of lines from the reading thread to the writing one, at most `capacity` waiting.
  class LineQueue {
   public:
    explicit LineQueue(std::size_t capacity) : capacity_(capacity) {}
    // Reader: waits for room; false when the writer has stopped.
    bool Push(std::vector<ReadLine> chunk);
    // Reader: no more lines; the file had `total_bytes`.
    void Close(std::uint64_t total_bytes);
    // Reader: the lines end here because reading failed.
    void Fail(std::string message);
    // Writer: the next chunk, or nullopt once closed and emptied.
    std::optional<std::vector<ReadLine>> Pop();
    // Writer: takes no more chunks (the reader's Push returns false).
    void Stop();
    std::optional<std::string> Failure();
    std::uint64_t TotalBytes();

   private:
    std::mutex mu_;
    std::condition_variable changed_;
    std::deque<std::vector<ReadLine>> chunks_;
    std::size_t capacity_;
    bool closed_ = false;
    bool stopped_ = false;
    std::optional<std::string> failure_;
    std::uint64_t total_bytes_ = 0;
  };
  static constexpr std::size_t kLinesPerChunk = 256;
  static constexpr std::size_t kQueuedChunks = 8;

  static Draft Prepare(const ArticleRecord& record, const ImportOptions& options,
                       std::int64_t line);
  // `store` only prepares saves (Store::PrepareSave, safe beside the writing thread).
  static void ReadLines(std::istream& in, const ImportOptions& options, storage::Store& store,
                        LineQueue& queue);
  model::Result<ImportSummary> ImportLines(std::istream& in, const ImportProgress& progress);
  model::Status WriteBatch(std::vector<Pending>& batch, ImportSummary& summary);
  // Completes a prepared record with what the store knows (existing article, slug, section,
  // tags, authors, image); the error says what is wrong with the record.
  model::Result<model::Article> ToArticle(const ArticleRecord& record, Draft& draft,
                                          std::vector<LineProblem>& warnings, std::int64_t line);
  model::Result<std::optional<model::Id>> ImportImage(const ImageRecord& image,
                                                      std::vector<LineProblem>& warnings,
                                                      std::int64_t line, const std::string& id);
  model::Status LinkTranslations(ImportSummary& summary);
  model::Status KeepLintReport(model::Id article_id, bool is_new);

  storage::Store& store_;
  ImportOptions options_;
  // translation_of links whose target may come later in the file: (id, target id, line).
  std::vector<std::tuple<std::string, std::string, std::int64_t>> translation_links_;
  // Local image files already copied in this import, by their source path.
  std::map<std::string, model::Media> imported_files_;
  // Sections, tags and authors found or made in this import, by edition and name(s): a
  // large archive names the same few hundred of them again and again.
  struct Known {
    std::map<std::string, model::Id> sections;
    std::map<std::string, model::Id> tags;
    std::map<std::string, model::Id> authors;
    // By edition and base slug: the suffix a new article last took (1: the base itself), so
    // that the next one with the same title does not try every taken suffix again.
    std::map<std::string, int> slug_suffixes;
  };
  Known known_;
  // The reader lint's findings for the record ToArticle converted last.
  std::vector<model::IntegrityIssue> last_lint_;
};

}  // namespace gazette::services
