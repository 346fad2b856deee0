#include "http/page_cache.h"

#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "http/conditional.h"

namespace gazette::http {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Fixed overhead charged per entry besides its strings.
constexpr size_t kEntryOverhead = 256;

}  // namespace

CachedPage CachedPage::Make(int status, std::string content_type, std::string body,
                            std::vector<std::string> dependencies, std::string cache_control,
                            std::optional<std::chrono::system_clock::time_point> last_modified,
                            bool compress) {
  CachedPage page;
  page.status = status;
  page.etag = StrongEtag(body);
  if (compress && WouldCompress(content_type, body)) {
    auto gz = GzipCompress(body);
    if (gz.ok() && gz->size() < body.size()) {
      page.gzip_body = std::make_shared<const std::string>(std::move(*gz));
    }
  }
  page.content_type = std::move(content_type);
  page.body = std::make_shared<const std::string>(std::move(body));
  page.dependencies = std::move(dependencies);
  page.cache_control = std::move(cache_control);
  if (last_modified) page.last_modified = FormatHttpDate(*last_modified);
  return page;
}

bool CachedPage::WouldCompress(std::string_view content_type, std::string_view body) {
  return IsCompressible(content_type) && body.size() >= kMinCompressBytes;
}

size_t CachedPage::Bytes() const {
  size_t total = kEntryOverhead + content_type.size() + etag.size() + last_modified.size() +
                 cache_control.size();
  if (body) total += body->size();
  if (gzip_body) total += gzip_body->size();
  for (const auto& d : dependencies) total += d.size() + 32;
  return total;
}

Response ServeCached(const Request& request, const CachedPage& page) {
  Response response;
  response.status = page.status;
  response.headers.reserve(5);
  if (!page.cache_control.empty())
    response.headers.emplace_back("Cache-Control", page.cache_control);
  if (!page.last_modified.empty())
    response.headers.emplace_back("Last-Modified", page.last_modified);
  if (page.gzip_body) response.headers.emplace_back("Vary", "Accept-Encoding");
  bool use_gzip = page.gzip_body && AcceptsGzip(request.Header("accept-encoding"));
  if (page.status == 200 && IsNotModified(request, page.etag, page.last_modified)) {
    response.status = 304;
    response.headers.emplace_back("ETag", use_gzip ? GzipEtag(page.etag) : page.etag);
    return response;
  }
  response.content_type = page.content_type;
  if (use_gzip) {
    response.headers.emplace_back("ETag", GzipEtag(page.etag));
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.shared_body = page.gzip_body;
  } else {
    response.headers.emplace_back("ETag", page.etag);
    response.shared_body = page.body;
  }
  return response;
}

struct PageCache::Shard {
  struct Node {
    std::string key;
    std::shared_ptr<const CachedPage> page;
    size_t bytes = 0;
  };
  using List = std::list<Node>;

  std::mutex mutex;
  List lru;  // most recently used first
  std::unordered_map<std::string, List::iterator, StringHash, std::equal_to<>> index;
  std::unordered_map<std::string, std::unordered_set<std::string>, StringHash, std::equal_to<>>
      by_dependency;
  size_t bytes = 0;

  // Caller holds `mutex`.
  void Remove(List::iterator it) {
    for (const auto& dep : it->page->dependencies) {
      auto d = by_dependency.find(dep);
      if (d == by_dependency.end()) continue;
      d->second.erase(it->key);
      if (d->second.empty()) by_dependency.erase(d);
    }
    bytes -= it->bytes;
    index.erase(it->key);
    lru.erase(it);
  }
};

PageCache::PageCache(size_t max_bytes, size_t shards) {
  if (shards == 0) shards = 1;
  shard_budget_ = max_bytes / shards;
  for (size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

PageCache::~PageCache() = default;

PageCache::Shard& PageCache::ShardFor(std::string_view key) {
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

std::shared_ptr<const CachedPage> PageCache::Get(std::string_view key) {
  Shard& shard = ShardFor(key);
  std::shared_ptr<const CachedPage> page;
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.index.find(key);
    if (it != shard.index.end()) {
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
      page = it->second->page;
    }
  }
  (page ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
  return page;
}

bool PageCache::Put(std::string key, CachedPage page) {
  return Put(std::move(key), std::make_shared<const CachedPage>(std::move(page)));
}

bool PageCache::Put(std::string key, std::shared_ptr<const CachedPage> page) {
  if (!page) return false;
  size_t bytes = page->Bytes() + key.size();
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  auto existing = shard.index.find(key);
  if (existing != shard.index.end()) shard.Remove(existing->second);
  if (bytes > shard_budget_) return false;
  while (shard.bytes + bytes > shard_budget_ && !shard.lru.empty()) {
    shard.Remove(std::prev(shard.lru.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  shard.lru.push_front(Shard::Node{key, page, bytes});
  shard.index.emplace(key, shard.lru.begin());
  for (const auto& dep : page->dependencies) shard.by_dependency[dep].insert(key);
  shard.bytes += bytes;
  return true;
}

size_t PageCache::Invalidate(const std::vector<std::string>& keys) {
  size_t removed = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    for (const auto& dep : keys) {
      auto d = shard->by_dependency.find(dep);
      if (d == shard->by_dependency.end()) continue;
      // Copy: Remove() edits this set.
      std::vector<std::string> victims(d->second.begin(), d->second.end());
      for (const auto& key : victims) {
        auto it = shard->index.find(key);
        if (it == shard->index.end()) continue;
        shard->Remove(it->second);
        ++removed;
      }
    }
  }
  invalidations_.fetch_add(removed, std::memory_order_relaxed);
  return removed;
}

bool PageCache::Erase(std::string_view key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.index.find(key);
  if (it == shard.index.end()) return false;
  shard.Remove(it->second);
  invalidations_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void PageCache::Clear() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    invalidations_.fetch_add(shard->lru.size(), std::memory_order_relaxed);
    shard->lru.clear();
    shard->index.clear();
    shard->by_dependency.clear();
    shard->bytes = 0;
  }
}

PageCache::Stats PageCache::stats() const {
  Stats s;
  s.hits = hits_.load(std::memory_order_relaxed);
  s.misses = misses_.load(std::memory_order_relaxed);
  s.evictions = evictions_.load(std::memory_order_relaxed);
  s.invalidations = invalidations_.load(std::memory_order_relaxed);
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    s.entries += shard->lru.size();
    s.bytes += shard->bytes;
  }
  return s;
}

}  // namespace gazette::http
