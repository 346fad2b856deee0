// Caching and content-coding helpers: ETags, HTTP dates, conditional GET
// (304) and gzip. Used by the server on every response and by handlers that
// build cached pages.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "model/result.h"

namespace gazette::http {

// Bodies smaller than this are not worth compressing.
inline constexpr size_t kMinCompressBytes = 512;

// XXH64 (seed 0) of `data` as 16 lowercase hex digits; stable across runs and machines.
std::string ContentHash(std::string_view data);
// A strong entity tag from the content hash, quotes included: "\"0123456789abcdef\"".
std::string StrongEtag(std::string_view body);
// The tag of the gzip representation of a resource tagged `etag` ("\"x\"" -> "\"x-gz\"").
// Compared equal to `etag` by EtagListMatches.
std::string GzipEtag(std::string_view etag);

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(std::chrono::system_clock::time_point time);
std::string FormatHttpDate(std::time_t seconds);
// Parses an IMF-fixdate; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

// True when the If-None-Match value `header` ("*", or a comma-separated list of
// tags, weak W/ tags allowed) matches `etag` by weak comparison. A "-gz"
// suffix is ignored on both sides, so a client holding the gzip tag matches.
bool EtagListMatches(std::string_view header, std::string_view etag);

// True when a GET or HEAD `request` may be answered 304 for a resource with
// these validators (either may be empty). If-None-Match takes precedence over
// If-Modified-Since, as RFC 9110 requires.
bool IsNotModified(const Request& request, std::string_view etag, std::string_view last_modified);

// Turns a 200 `response` to a GET or HEAD into 304 Not Modified (no body,
// validators and Cache-Control kept) when its ETag/Last-Modified headers match
// the request's conditional headers. Otherwise leaves it unchanged.
void ApplyConditional(const Request& request, Response& response);

// True when an Accept-Encoding value allows gzip: "gzip" or "x-gzip" with q > 0,
// or "*" with q > 0 when gzip is not listed. "gzip;q=0" refuses.
bool AcceptsGzip(std::string_view accept_encoding);
// text/*, JSON, XML, JavaScript and SVG types.
bool IsCompressible(std::string_view content_type);

// Adds Accept-Encoding to the Vary header (kept once).
void AddVaryAcceptEncoding(Response& response);

model::Result<std::string> GzipCompress(std::string_view data, int level = 6);
// Fails on malformed input or when the output would exceed `max_bytes`.
model::Result<std::string> GzipDecompress(std::string_view data, size_t max_bytes = 64 << 20);

// For a 200 response with a compressible type of at least kMinCompressBytes and
// no Content-Encoding: adds Vary: Accept-Encoding and, when the request accepts
// gzip, compresses the body, sets Content-Encoding: gzip and the gzip ETag.
void ApplyCompression(const Request& request, Response& response);

}  // namespace gazette::http
