// In-memory cache of rendered responses, keyed by a string (usually the
// request path plus whatever varies the page), with dependency keys so that a
// content change evicts exactly the pages built from that content.
//
// Thread-safe. Entries are immutable and shared: a hit hands out a
// shared_ptr, and ServeCached puts the (precompressed) body into the Response
// without copying it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace gazette::http {

struct CachedPage {
  int status = 200;
  std::string content_type;
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gzip_body;  // null when not worth compressing
  std::string etag;                              // strong tag of `body`, quotes included
  std::string last_modified;                     // IMF-fixdate or empty
  std::string cache_control;                     // sent as Cache-Control when not empty
  std::vector<std::string> dependencies;         // keys for PageCache::Invalidate

  // Builds a page: computes the ETag, and (unless `compress` is false) the gzip body once
  // when the type is compressible and the body is at least kMinCompressBytes.
  static CachedPage Make(int status, std::string content_type, std::string body,
                         std::vector<std::string> dependencies, std::string cache_control = {},
                         std::optional<std::chrono::system_clock::time_point> last_modified = {},
                         bool compress = true);
  // Whether Make would give this body a gzip form (an estimate: Make also drops a gzip
  // form that is not smaller).
  static bool WouldCompress(std::string_view content_type, std::string_view body);

  // Approximate memory charged against the cache budget.
  size_t Bytes() const;
};

// The response for `request` from `page`: 304 when the request's validators
// match, otherwise the gzip body when accepted (Content-Encoding, gzip ETag),
// else the plain body; Vary: Accept-Encoding when a gzip body exists. Bodies
// are shared, not copied.
Response ServeCached(const Request& request, const CachedPage& page);

class PageCache {
 public:
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;      // removed to respect the byte budget
    uint64_t invalidations = 0;  // removed by Invalidate, Erase or Clear
    size_t entries = 0;
    size_t bytes = 0;
  };

  // `max_bytes` is the budget over all shards; each of the `shards` gets an
  // equal part and evicts least recently used entries of its own. A page
  // larger than one shard's part is not stored.
  explicit PageCache(size_t max_bytes = 64 << 20, size_t shards = 16);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The entry for `key`, or null. A hit makes the entry most recently used.
  std::shared_ptr<const CachedPage> Get(std::string_view key);
  // Stores or replaces the entry for `key`. Returns false when it is too large.
  bool Put(std::string key, CachedPage page);
  bool Put(std::string key, std::shared_ptr<const CachedPage> page);
  // Removes exactly the entries whose dependencies contain any of `keys`;
  // returns how many were removed.
  size_t Invalidate(const std::vector<std::string>& keys);
  bool Erase(std::string_view key);
  void Clear();

  Stats stats() const;

 private:
  struct Shard;
  Shard& ShardFor(std::string_view key);

  size_t shard_budget_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
  std::atomic<uint64_t> evictions_{0};
  std::atomic<uint64_t> invalidations_{0};
};

}  // namespace gazette::http
