// Serves files below one root folder: safe path resolution, content types by
// extension, ETag/Last-Modified/304, Cache-Control, gzip, HEAD.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"
#include "model/result.h"

namespace gazette::http {

struct StaticFilesOptions {
  std::string cache_control = "public, max-age=31536000, immutable";
  bool gzip = true;
  size_t max_file_bytes = 64 << 20;  // larger files answer 404
};

// Content type for a file name by its extension (case-insensitive);
// "application/octet-stream" when unknown.
std::string_view ContentTypeForPath(std::string_view path);

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root, StaticFilesOptions options = {});
  ~StaticFiles();
  StaticFiles(const StaticFiles&) = delete;
  StaticFiles& operator=(const StaticFiles&) = delete;

  // The regular file `relative` names below the root. kInvalidInput for an
  // empty or absolute path, NUL, backslash, or "." / ".." segments;
  // kNotFound when missing, not a regular file, or resolving (through
  // symlinks) outside the root.
  model::Result<std::filesystem::path> Resolve(std::string_view relative) const;

  // Answers a GET or HEAD for `relative` (a decoded path below the root, such
  // as "css/site.css"): 200 with the file, 304 when the validators match, 404
  // when it cannot be served, 405 for other methods. Bodies are shared from a
  // small in-memory cache that is refreshed when the file's size or mtime change.
  Response Serve(const Request& request, std::string_view relative) const;

 private:
  struct Cache;
  std::filesystem::path root_;  // canonical
  StaticFilesOptions options_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace gazette::http
