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

// The widths (pixels) renditions are made at, for uploads and imported images alike: from a
// phone's card to a wide screen's article page at twice its density.
inline const std::vector<int> kRenditionWidths = {320, 640, 1024, 1600};

// What an upload may be and which renditions are made of it.
struct UploadOptions {
  ImageLimits limits{40'000'000, 20 * 1024 * 1024};
  std::vector<int> widths = kRenditionWidths;
};

// An image stored in the media folder by StoreUpload; `file` is relative to that folder.
struct StoredImage {
  std::string file;  // "<folder>/<stem>.<ext>", the extension of the sniffed type
  int width = 0;     // after auto-orientation
  int height = 0;
  std::string mime_type;
  std::vector<int> rendition_widths;
};

// Stores an uploaded image given as bytes. The checks come first, and a refused upload writes
// nothing: empty or over limits.max_file_bytes, a type other than JPEG, PNG or WebP sniffed
// from the bytes by libmagic (the name the browser sent plays no part), more pixels than
// limits.max_pixels (read from the header, before decoding), or data that does not decode
// completely are each kInvalidInput with field "file" and a message a person can act on.
// Then the image is turned upright by its EXIF orientation, saved in its own format without
// EXIF, XMP, IPTC or ICC metadata as "<media_dir>/<folder>/<stem>.<ext>" (or "<stem>-2.<ext>",
// "-3", ... so that neither it nor its renditions' names are taken; the name is reserved
// atomically, so concurrent uploads never share one), and renditions are made as
// MakeRenditions does (widths wider than the image are skipped, never upscaled).
// `stem` must be a slug ([a-z0-9-], not empty) and `folder` made of [a-z0-9/-] without "..";
// otherwise kInvalidInput. If a later step fails, the files written so far are removed.
model::Result<StoredImage> StoreUpload(std::string_view bytes, const std::string& media_dir,
                                       const std::string& folder, const std::string& stem,
                                       const UploadOptions& options = {});

// Removes a stored image and its renditions (a best effort: missing files are ignored). A
// file that is absolute or leads out of `media_dir` ("..") is left alone.
void RemoveStoredImage(const std::string& media_dir, const StoredImage& image);

// Draws a deterministic (for a given seed, on a given machine) news-photo-like picture
// (sky, sun, skyline, ground) with an optional caption band showing `label` when fonts
// are available, and saves it as a metadata-free JPEG. Sizes 16..8000 pixels.
model::Status MakeDemoImage(const std::string& out_jpeg, int width, int height,
                            std::string_view label, std::uint32_t seed);

}  // namespace gazette::media
