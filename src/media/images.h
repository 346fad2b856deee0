// Image uploads: type sniffing by content, size limits, renditions without metadata,
// and synthetic demo photos. All functions are thread-safe; libvips is initialised on
// first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace gazette::media {

// "image/jpeg", "image/png" or "image/webp", decided by libmagic from the file's bytes
// (never its name). Anything else is kInvalidInput "not a supported image (found: <type>)";
// a missing file is kNotFound.
model::Result<std::string> SniffImageType(const std::string& file);

struct ImageLimits {
  std::int64_t max_pixels = 40'000'000;
  std::uintmax_t max_file_bytes = 25 * 1024 * 1024;
};

struct ImageInfo {
  int width = 0;
  int height = 0;
  std::string mime_type;
};

// Sniffs the type, checks the limits (file size first, then the header's dimensions, so
// a decompression bomb is refused before decoding) and decodes the whole image, so a
// truncated or damaged file is kInvalidInput.
model::Result<ImageInfo> ProbeImage(const std::string& file, const ImageLimits& limits = {});

// For each width in `widths` (each > 0) not larger than the source's width, writes
// "<stem>-<w>.jpg" and "<stem>-<w>.webp" beside the source, scaled to that width with
// EXIF, XMP and IPTC metadata removed. Returns the widths made, in the given order.
// The source is checked with ProbeImage(source_file) first.
model::Result<std::vector<int>> MakeRenditions(const std::string& source_file,
                                               const std::vector<int>& widths);

// Draws a deterministic (for a given seed, on a given machine) news-photo-like picture
// (sky, sun, skyline, ground) with an optional caption band showing `label` when fonts
// are available, and saves it as a metadata-free JPEG. Sizes 16..8000 pixels.
model::Status MakeDemoImage(const std::string& out_jpeg, int width, int height,
                            std::string_view label, std::uint32_t seed);

}  // namespace gazette::media
