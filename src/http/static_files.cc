#include "http/static_files.h"

#include <sys/stat.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "http/conditional.h"

namespace gazette::http {
namespace {

struct FileEntry {
  off_t size = 0;
  struct timespec mtime {};
  std::string etag;
  std::string last_modified;
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gzip_body;
};

bool IsWithin(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *r != *p) return false;
  }
  return true;
}

}  // namespace

struct StaticFiles::Cache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const FileEntry>> files;
};

std::string_view ContentTypeForPath(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  std::string ext = AsciiLower(path.substr(dot + 1));
  static const std::unordered_map<std::string, std::string_view> kTypes = {
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"webp", "image/webp"},
      {"gif", "image/gif"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"txt", "text/plain; charset=utf-8"},
      {"json", "application/json"},
      {"xml", "application/xml"},
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"map", "application/json"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

StaticFiles::StaticFiles(std::filesystem::path root, StaticFilesOptions options)
    : options_(std::move(options)), cache_(std::make_unique<Cache>()) {
  std::error_code ec;
  auto canonical = std::filesystem::canonical(root, ec);
  root_ = ec ? std::filesystem::absolute(root, ec).lexically_normal() : canonical;
}

StaticFiles::~StaticFiles() = default;

model::Result<std::filesystem::path> StaticFiles::Resolve(std::string_view relative) const {
  if (relative.empty()) return model::InvalidInput("empty file path");
  if (relative.front() == '/') return model::InvalidInput("absolute file path");
  if (relative.find('\0') != std::string_view::npos) return model::InvalidInput("NUL in path");
  if (relative.find('\\') != std::string_view::npos)
    return model::InvalidInput("backslash in path");
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    std::string_view segment = relative.substr(start, end - start);
    if (segment == "." || segment == "..") return model::InvalidInput("dot segment in path");
    start = end + 1;
  }
  std::error_code ec;
  // canonical() follows symlinks, so a link pointing outside the root is caught below.
  auto resolved = std::filesystem::canonical(root_ / std::filesystem::path(relative), ec);
  if (ec) return model::NotFound("no such file");
  if (!IsWithin(root_, resolved)) return model::NotFound("no such file");
  if (!std::filesystem::is_regular_file(resolved, ec) || ec) return model::NotFound("not a file");
  return resolved;
}

Response StaticFiles::Serve(const Request& request, std::string_view relative) const {
  if (!request.IsGetOrHead()) {
    Response r = Response::Text(405, "Method not allowed\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto path = Resolve(relative);
  // Every failure is a 404 so that probing does not learn what exists outside the root.
  if (!path.ok()) return Response::Text(404, "Not found\n");

  struct stat st {};
  if (::stat(path->c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<size_t>(st.st_size) > options_.max_file_bytes) {
    return Response::Text(404, "Not found\n");
  }
  std::string key = path->string();
  std::shared_ptr<const FileEntry> entry;
  {
    std::lock_guard lock(cache_->mutex);
    auto it = cache_->files.find(key);
    if (it != cache_->files.end() && it->second->size == st.st_size &&
        it->second->mtime.tv_sec == st.st_mtim.tv_sec &&
        it->second->mtime.tv_nsec == st.st_mtim.tv_nsec) {
      entry = it->second;
    }
  }
  std::string_view content_type = ContentTypeForPath(key);
  if (!entry) {
    std::ifstream in(*path, std::ios::binary);
    if (!in) return Response::Text(404, "Not found\n");
    std::ostringstream data;
    data << in.rdbuf();
    auto fresh = std::make_shared<FileEntry>();
    fresh->size = st.st_size;
    fresh->mtime = st.st_mtim;
    std::string body = std::move(data).str();
    fresh->etag = StrongEtag(body);
    fresh->last_modified = FormatHttpDate(static_cast<std::time_t>(st.st_mtim.tv_sec));
    if (options_.gzip && IsCompressible(content_type) && body.size() >= kMinCompressBytes) {
      auto gz = GzipCompress(body, 9);
      if (gz.ok() && gz->size() < body.size()) {
        fresh->gzip_body = std::make_shared<const std::string>(std::move(*gz));
      }
    }
    fresh->body = std::make_shared<const std::string>(std::move(body));
    entry = fresh;
    std::lock_guard lock(cache_->mutex);
    cache_->files[key] = entry;
  }

  Response response;
  if (!options_.cache_control.empty()) {
    response.headers.emplace_back("Cache-Control", options_.cache_control);
  }
  response.headers.emplace_back("Last-Modified", entry->last_modified);
  if (entry->gzip_body) response.headers.emplace_back("Vary", "Accept-Encoding");
  bool use_gzip = entry->gzip_body && AcceptsGzip(request.Header("accept-encoding"));
  response.headers.emplace_back("ETag", use_gzip ? GzipEtag(entry->etag) : entry->etag);
  if (IsNotModified(request, entry->etag, entry->last_modified)) {
    response.status = 304;
    return response;
  }
  response.content_type = std::string(content_type);
  if (use_gzip) {
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.shared_body = entry->gzip_body;
  } else {
    response.shared_body = entry->body;
  }
  return response;
}

}  // namespace gazette::http
