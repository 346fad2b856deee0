#include "http/conditional.h"

#include <xxhash.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace gazette::http {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Opaque part of a tag for weak comparison: without W/ and without the gzip suffix.
std::string_view OpaqueTag(std::string_view tag) {
  tag = Trim(tag);
  if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
    tag = tag.substr(1, tag.size() - 2);
  }
  if (tag.size() > 3 && tag.substr(tag.size() - 3) == "-gz") tag.remove_suffix(3);
  return tag;
}

int ParseNumber(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return s.empty() ? -1 : value;
}

// q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 when absent.
double QValue(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(Trim(param.substr(2)));
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      if (end == value.c_str()) return 0;
      return q;
    }
  }
  return 1;
}

}  // namespace

void AddVaryAcceptEncoding(Response& response) {
  std::string vary(response.Header("vary"));
  if (vary.empty()) {
    response.SetHeader("Vary", "Accept-Encoding");
  } else if (AsciiLower(vary).find("accept-encoding") == std::string::npos) {
    response.SetHeader("Vary", vary + ", Accept-Encoding");
  }
}

std::string ContentHash(std::string_view data) {
  // XXH64: eight bytes per step, so hashing a page costs a small fraction of rendering it.
  uint64_t hash = XXH64(data.data(), data.size(), 0);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[i] = "0123456789abcdef"[hash & 0xf];
  return out;
}

std::string StrongEtag(std::string_view body) { return "\"" + ContentHash(body) + "\""; }

std::string GzipEtag(std::string_view etag) {
  if (etag.size() >= 2 && etag.back() == '"') {
    return std::string(etag.substr(0, etag.size() - 1)) + "-gz\"";
  }
  return std::string(etag) + "-gz";
}

std::string FormatHttpDate(std::time_t seconds) {
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return out;
}

std::string FormatHttpDate(std::chrono::system_clock::time_point time) {
  return FormatHttpDate(std::chrono::system_clock::to_time_t(time));
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  text = Trim(text);
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  int month = -1;
  for (int i = 0; i < 12; ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = i;
  }
  int day = ParseNumber(text.substr(5, 2));
  int year = ParseNumber(text.substr(12, 4));
  int hour = ParseNumber(text.substr(17, 2));
  int minute = ParseNumber(text.substr(20, 2));
  int second = ParseNumber(text.substr(23, 2));
  if (month < 0 || day < 1 || day > 31 || year < 1970 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool EtagListMatches(std::string_view header, std::string_view etag) {
  header = Trim(header);
  if (header.empty() || etag.empty()) return false;
  if (header == "*") return true;
  std::string_view wanted = OpaqueTag(etag);
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (!Trim(tag).empty() && OpaqueTag(tag) == wanted) return true;
  }
  return false;
}

bool IsNotModified(const Request& request, std::string_view etag, std::string_view last_modified) {
  if (!request.IsGetOrHead()) return false;
  std::string_view inm = request.Header("if-none-match");
  if (!inm.empty()) return EtagListMatches(inm, etag);
  std::string_view ims = request.Header("if-modified-since");
  if (ims.empty() || last_modified.empty()) return false;
  auto since = ParseHttpDate(ims);
  auto modified = ParseHttpDate(last_modified);
  return since && modified && *modified <= *since;
}

void ApplyConditional(const Request& request, Response& response) {
  if (response.status != 200) return;
  if (!IsNotModified(request, response.Header("etag"), response.Header("last-modified"))) return;
  response.status = 304;
  response.body.clear();
  response.shared_body.reset();
  response.content_type.clear();
  response.RemoveHeader("content-encoding");
}

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip_q;
  std::optional<double> star_q;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semi = element.find(';');
    std::string coding = AsciiLower(Trim(element.substr(0, semi)));
    double q = semi == std::string_view::npos ? 1.0 : QValue(element.substr(semi + 1));
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_q = q;
    } else if (coding == "*") {
      star_q = q;
    }
  }
  if (gzip_q) return *gzip_q > 0;
  return star_q && *star_q > 0;
}

bool IsCompressible(std::string_view content_type) {
  std::string type = AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type.starts_with("text/")) return true;
  return type == "application/json" || type == "application/xml" ||
         type == "application/javascript" || type == "application/x-javascript" ||
         type == "image/svg+xml" || type == "application/manifest+json" || type.ends_with("+xml") ||
         type.ends_with("+json");
}

model::Result<std::string> GzipCompress(std::string_view data, int level) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return model::Internal("deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return model::Internal("gzip compression failed");
  out.resize(written);
  return out;
}

model::Result<std::string> GzipDecompress(std::string_view data, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return model::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return model::InvalidInput("gzip data expands past the limit");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return model::InvalidInput("malformed gzip data");
  return out;
}

void ApplyCompression(const Request& request, Response& response) {
  if (response.status != 200 || !IsCompressible(response.content_type)) return;
  if (!response.Header("content-encoding").empty()) return;
  std::string_view body = response.Body();
  if (body.size() < kMinCompressBytes) return;
  AddVaryAcceptEncoding(response);
  if (!AcceptsGzip(request.Header("accept-encoding"))) return;
  auto compressed = GzipCompress(body);
  if (!compressed.ok() || compressed->size() >= body.size()) return;
  response.body = std::move(*compressed);
  response.shared_body.reset();
  response.SetHeader("Content-Encoding", "gzip");
  std::string_view etag = response.Header("etag");
  if (!etag.empty()) response.SetHeader("ETag", GzipEtag(etag));
}

}  // namespace gazette::http
