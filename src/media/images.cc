#include "media/images.h"

#include <magic.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <system_error>
#include <vips/vips8>

#if defined(__SANITIZE_ADDRESS__)
// Pango's font map keeps fontconfig patterns for the life of the process, which
// LeakSanitizer reports at exit; they are not leaks of this program.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

namespace gazette::media {
namespace {

namespace fs = std::filesystem;
using model::Error;
using model::InvalidInput;
using model::Result;
using model::Status;
using vips::VImage;

constexpr int kMinDemoSide = 16;
constexpr int kMaxDemoSide = 8000;

Status EnsureVips() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = VIPS_INIT("gazette") == 0;
    // The operation cache keys on file names: a file replaced under the same name would
    // come back stale, so uploads are always read afresh.
    if (ok) vips_cache_set_max(0);
  });
  if (!ok) return model::Internal("libvips failed to initialise");
  return model::Ok();
}

std::string VipsMessage(const vips::VError& e) {
  std::string message = e.what();
  vips_error_clear();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

struct MagicCloser {
  void operator()(magic_set* cookie) const { magic_close(cookie); }
};

// A magic cookie is not thread-safe, so each thread loads its own once.
magic_t ThreadMagic() {
  thread_local std::unique_ptr<magic_set, MagicCloser> cookie = [] {
    std::unique_ptr<magic_set, MagicCloser> c(magic_open(MAGIC_MIME_TYPE));
    if (c && magic_load(c.get(), nullptr) != 0) c.reset();
    return c;
  }();
  return cookie.get();
}

// Removes the fields that webpsave would copy even with strip=true; the EXIF block that
// webpsave then makes up on its own is removed by StripWebpChunks.
void RemoveMetadata(VImage& image) {
  gchar** fields = vips_image_get_fields(image.get_image());
  std::vector<std::string> doomed;
  for (gchar** f = fields; f && *f; ++f) {
    std::string_view name(*f);
    if (name.starts_with("exif-") || name == "xmp-data" || name == "iptc-data") {
      doomed.emplace_back(name);
    }
  }
  g_strfreev(fields);
  for (const std::string& name : doomed) image.remove(name.c_str());
}

std::uint32_t ReadLe32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

void WriteLe32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
}

// libvips 8.14 writes a fresh EXIF block (and any XMP) into every WebP, strip or not, so
// the EXIF and "XMP " chunks are dropped from the RIFF container and their VP8X flags
// cleared. Returns false if the bytes are not a well-formed WebP.
bool StripWebpChunks(std::string& webp) {
  if (webp.size() < 12 || webp.compare(0, 4, "RIFF") != 0 || webp.compare(8, 4, "WEBP") != 0) {
    return false;
  }
  std::string out = webp.substr(0, 12);
  std::size_t vp8x_at = std::string::npos;
  for (std::size_t at = 12; at < webp.size();) {
    if (at + 8 > webp.size()) return false;
    const std::string_view fourcc(webp.data() + at, 4);
    const std::size_t size = ReadLe32(webp, at + 4);
    const std::size_t padded = size + (size & 1);
    if (at + 8 + padded > webp.size()) return false;
    if (fourcc != "EXIF" && fourcc != "XMP ") {
      if (fourcc == "VP8X") vp8x_at = out.size();
      out.append(webp, at, 8 + padded);
    }
    at += 8 + padded;
  }
  if (vp8x_at != std::string::npos && vp8x_at + 8 < out.size()) {
    constexpr unsigned char kExifFlag = 0x08, kXmpFlag = 0x04;
    out[vp8x_at + 8] =
        static_cast<char>(static_cast<unsigned char>(out[vp8x_at + 8]) & ~(kExifFlag | kXmpFlag));
  }
  WriteLe32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  webp = std::move(out);
  return true;
}

std::uint32_t NextRandom(std::uint32_t& state) {
  // xorshift32: tiny, and the same on every platform.
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

int Between(std::uint32_t& state, int low, int high) {
  return low + static_cast<int>(NextRandom(state) % static_cast<std::uint32_t>(high - low + 1));
}

Result<std::string> SniffBytes(std::string_view head) {
  magic_t cookie = ThreadMagic();
  if (!cookie) return model::Internal("libmagic database could not be loaded");
  const char* found = magic_buffer(cookie, head.data(), head.size());
  std::string type = found ? found : "unknown";
  if (type == "image/jpeg" || type == "image/png" || type == "image/webp") return type;
  return InvalidInput("not a supported image (found: " + type + ")", "file");
}

std::string MegaBytes(std::uintmax_t bytes) {
  const std::uintmax_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

Result<std::string> TakeBlob(VipsBlob* blob) {
  std::size_t length = 0;
  const auto* data = static_cast<const char*>(vips_blob_get(blob, &length));
  std::string out(data, length);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

bool IsSlug(std::string_view s, bool allow_slash) {
  if (s.empty() || s.front() == '-' || s.front() == '/') return false;
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (allow_slash && c == '/');
    if (!ok) return false;
  }
  return s.find("//") == std::string_view::npos && s.back() != '/';
}

Result<ImageInfo> ProbeWith(const std::string& file, const ImageLimits& limits);

Result<std::vector<int>> RenditionsWith(const std::string& source_file,
                                        const std::vector<int>& widths, const ImageLimits& limits) {
  for (int w : widths) {
    if (w <= 0) return InvalidInput("rendition width must be positive: " + std::to_string(w));
  }
  Result<ImageInfo> info = ProbeWith(source_file, limits);
  if (!info) return info.error();

  const fs::path source(source_file);
  const std::string stem = (source.parent_path() / source.stem()).string();
  std::vector<int> made;
  try {
    for (int w : widths) {
      if (w > info->width || std::find(made.begin(), made.end(), w) != made.end()) continue;
      VImage thumb = VImage::thumbnail(
          source_file.c_str(), w,
          VImage::option()->set("height", VIPS_MAX_COORD)->set("size", VIPS_SIZE_DOWN));
      // Saved twice: materialise once instead of running the lazy pipeline twice.
      thumb = thumb.copy_memory();
      RemoveMetadata(thumb);

      VImage opaque =
          thumb.has_alpha()
              ? thumb.flatten(VImage::option()->set("background", std::vector<double>{255}))
              : thumb;
      const std::string base = stem + "-" + std::to_string(w);
      opaque.jpegsave((base + ".jpg").c_str(), VImage::option()
                                                   ->set("Q", 82)
                                                   ->set("strip", true)
                                                   ->set("optimize_coding", true)
                                                   ->set("interlace", true));
      auto webp =
          TakeBlob(thumb.webpsave_buffer(VImage::option()->set("Q", 80)->set("strip", true)));
      if (!StripWebpChunks(*webp)) return model::Internal("libvips wrote a malformed WebP");
      std::ofstream out(base + ".webp", std::ios::binary | std::ios::trunc);
      out.write(webp->data(), static_cast<std::streamsize>(webp->size()));
      if (!out.flush()) return model::Internal("cannot write " + base + ".webp");
      made.push_back(w);
    }
  } catch (const vips::VError& e) {
    return model::Internal("cannot write renditions of " + source_file + ": " + VipsMessage(e));
  }
  return made;
}

Result<ImageInfo> ProbeWith(const std::string& file, const ImageLimits& limits) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return model::NotFound("cannot read image file: " + file);
  if (size > limits.max_file_bytes) {
    return InvalidInput("image file too large: " + std::to_string(size) + " bytes (limit " +
                            std::to_string(limits.max_file_bytes) + ")",
                        "file");
  }
  Result<std::string> type = SniffImageType(file);
  if (!type) return type.error();
  if (Status s = EnsureVips(); !s) return s.error();

  try {
    VImage image = VImage::new_from_file(file.c_str(), VImage::option()
                                                           ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                                           ->set("fail_on", VIPS_FAIL_ON_WARNING));
    const std::int64_t pixels = std::int64_t{image.width()} * image.height();
    if (pixels > limits.max_pixels) {
      return InvalidInput("image too large: " + std::to_string(image.width()) + "x" +
                              std::to_string(image.height()) + " pixels (limit " +
                              std::to_string(limits.max_pixels) + " pixels)",
                          "file");
    }
    // Decoding every pixel is what finds truncated or corrupt data.
    (void)image.avg();
    return ImageInfo{image.width(), image.height(), *type};
  } catch (const vips::VError& e) {
    return InvalidInput("cannot decode image: " + VipsMessage(e), "file");
  }
}

}  // namespace

Result<std::string> SniffImageType(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return model::NotFound("cannot read image file: " + file);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));

  return SniffBytes(head);
}

Result<ImageInfo> ProbeImage(const std::string& file, const ImageLimits& limits) {
  return ProbeWith(file, limits);
}

Result<std::vector<int>> MakeRenditions(const std::string& source_file,
                                        const std::vector<int>& widths) {
  return RenditionsWith(source_file, widths, ImageLimits{});
}

Result<StoredImage> StoreUpload(std::string_view bytes, const std::string& media_dir,
                                const std::string& folder, const std::string& stem,
                                const UploadOptions& options) {
  if (!IsSlug(stem, false)) return InvalidInput("not a file name stem: '" + stem + "'", "file");
  if (!folder.empty() && !IsSlug(folder, true)) {
    return InvalidInput("not a media folder: '" + folder + "'", "file");
  }
  for (int w : options.widths) {
    if (w <= 0) return InvalidInput("rendition width must be positive: " + std::to_string(w));
  }
  if (bytes.empty()) return InvalidInput("the file is empty", "file");
  if (bytes.size() > options.limits.max_file_bytes) {
    return InvalidInput("the file is too large: " + MegaBytes(bytes.size()) + " (limit " +
                            MegaBytes(options.limits.max_file_bytes) + ")",
                        "file");
  }
  GAZETTE_ASSIGN_OR_RETURN(std::string type, SniffBytes(bytes.substr(0, 64 * 1024)));
  if (Status s = EnsureVips(); !s) return s.error();

  std::string encoded;
  StoredImage stored;
  stored.mime_type = type;
  try {
    VImage image = VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                           VImage::option()->set("fail_on", VIPS_FAIL_ON_WARNING));
    const std::int64_t pixels = std::int64_t{image.width()} * image.height();
    if (pixels > options.limits.max_pixels) {
      return InvalidInput("the image is too large: " + std::to_string(image.width()) + " × " +
                              std::to_string(image.height()) + " pixels (limit " +
                              std::to_string(options.limits.max_pixels / 1'000'000) +
                              " megapixels)",
                          "file");
    }
    // Upright by its EXIF orientation (the tag goes with the rest of the metadata), decoded
    // whole here so that damaged data is refused before anything is written.
    image = image.autorot().copy_memory();
    // Browsers assume sRGB once the profile is gone: convert first (CMYK photos included,
    // whose fourth band would otherwise pass for transparency).
    if (image.get_typeof(VIPS_META_ICC_NAME) != 0 ||
        image.interpretation() == VIPS_INTERPRETATION_CMYK) {
      image = image.icc_transform("srgb", VImage::option()->set("embedded", true)).copy_memory();
    }
    RemoveMetadata(image);
    if (image.get_typeof(VIPS_META_ICC_NAME) != 0) image.remove(VIPS_META_ICC_NAME);
    stored.width = image.width();
    stored.height = image.height();
    if (type == "image/png") {
      encoded = *TakeBlob(image.pngsave_buffer(VImage::option()->set("strip", true)));
    } else if (type == "image/webp") {
      encoded =
          *TakeBlob(image.webpsave_buffer(VImage::option()->set("Q", 90)->set("strip", true)));
      if (!StripWebpChunks(encoded)) return model::Internal("libvips wrote a malformed WebP");
    } else {
      VImage opaque =
          image.has_alpha()
              ? image.flatten(VImage::option()->set("background", std::vector<double>{255}))
              : image;
      encoded = *TakeBlob(opaque.jpegsave_buffer(
          VImage::option()->set("Q", 90)->set("strip", true)->set("optimize_coding", true)));
    }
  } catch (const vips::VError& e) {
    return InvalidInput("the file is not a readable image: " + VipsMessage(e), "file");
  }

  const std::string ext = type == "image/png" ? ".png" : type == "image/webp" ? ".webp" : ".jpg";
  const fs::path dir = folder.empty() ? fs::path(media_dir) : fs::path(media_dir) / folder;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return model::Unavailable("cannot create " + dir.string() + ": " + ec.message());
  std::string name;
  for (int n = 1; n <= 1000 && name.empty(); ++n) {
    const std::string candidate = n == 1 ? stem : stem + "-" + std::to_string(n);
    bool taken = false;
    for (int w : options.widths) {
      const std::string base = candidate + "-" + std::to_string(w);
      if (fs::exists(dir / (base + ".jpg"), ec) || fs::exists(dir / (base + ".webp"), ec)) {
        taken = true;
      }
    }
    if (taken) continue;
    // "x": created here or not at all, so two uploads never get the same name.
    std::FILE* out = std::fopen((dir / (candidate + ext)).c_str(), "wbx");
    if (out == nullptr) {
      if (errno == EEXIST) continue;
      return model::Unavailable("cannot write " + (dir / (candidate + ext)).string() + ": " +
                                std::strerror(errno));
    }
    const bool written = std::fwrite(encoded.data(), 1, encoded.size(), out) == encoded.size();
    const bool closed = std::fclose(out) == 0;
    if (!written || !closed) {
      fs::remove(dir / (candidate + ext), ec);
      return model::Unavailable("cannot write " + (dir / (candidate + ext)).string());
    }
    name = candidate + ext;
  }
  if (name.empty()) return model::Conflict("no free file name for '" + stem + "'");
  stored.file = folder.empty() ? name : folder + "/" + name;

  ImageLimits master_limits = options.limits;
  master_limits.max_file_bytes =
      std::max<std::uintmax_t>(master_limits.max_file_bytes, encoded.size());
  auto widths = RenditionsWith((dir / name).string(), options.widths, master_limits);
  if (!widths.ok()) {
    stored.rendition_widths = options.widths;
    RemoveStoredImage(media_dir, stored);
    return widths.error();
  }
  stored.rendition_widths = *widths;
  return stored;
}

void RemoveStoredImage(const std::string& media_dir, const StoredImage& image) {
  // A record's file may come from an import: only a relative path that stays inside the
  // media folder is removed.
  const fs::path relative(image.file);
  if (relative.empty() || relative.is_absolute()) return;
  for (const auto& part : relative) {
    if (part == "..") return;
  }
  const fs::path file = fs::path(media_dir) / relative;
  const fs::path stem = file.parent_path() / file.stem();
  std::error_code ec;
  fs::remove(file, ec);
  for (int w : image.rendition_widths) {
    const std::string base = stem.string() + "-" + std::to_string(w);
    fs::remove(base + ".jpg", ec);
    fs::remove(base + ".webp", ec);
  }
}

Status MakeDemoImage(const std::string& out_jpeg, int width, int height, std::string_view label,
                     std::uint32_t seed) {
  if (width < kMinDemoSide || height < kMinDemoSide || width > kMaxDemoSide ||
      height > kMaxDemoSide) {
    return InvalidInput("demo image size must be between " + std::to_string(kMinDemoSide) +
                        " and " + std::to_string(kMaxDemoSide) + " pixels");
  }
  if (Status s = EnsureVips(); !s) return s;

  std::uint32_t rng = seed * 2654435761u + 0x9E3779B9u;
  if (rng == 0) rng = 1;
  NextRandom(rng);

  struct Palette {
    double top[3], horizon[3], ground_near[3], ground_far[3], sun[3], building[3];
  };
  static const Palette kPalettes[] = {
      {{38, 92, 170}, {170, 205, 235}, {60, 80, 55}, {95, 115, 80}, {255, 244, 210}, {45, 52, 66}},
      {{60, 40, 110}, {250, 160, 110}, {55, 45, 50}, {110, 80, 70}, {255, 210, 140}, {40, 30, 45}},
      {{20, 60, 120},
       {120, 180, 220},
       {90, 85, 80},
       {140, 135, 125},
       {255, 255, 235},
       {70, 75, 85}},
      {{90, 110, 130},
       {200, 200, 195},
       {70, 70, 65},
       {120, 118, 110},
       {240, 235, 220},
       {55, 58, 62}},
  };
  const Palette& p = kPalettes[NextRandom(rng) % std::size(kPalettes)];

  try {
    const int horizon = height * Between(rng, 58, 72) / 100;
    VImage y = VImage::xyz(width, height)[1];
    auto gradient = [&](const double* from, const double* to, double start, double span) {
      std::vector<double> a(3), b(3);
      for (int i = 0; i < 3; ++i) {
        a[i] = (to[i] - from[i]) / span;
        b[i] = from[i] - a[i] * start;
      }
      return y.linear(a, b);
    };
    VImage sky = gradient(p.top, p.horizon, 0, horizon);
    VImage ground = gradient(p.ground_far, p.ground_near, horizon, height - horizon);
    VImage image = (y >= horizon)
                       .ifthenelse(ground, sky)
                       .cast(VIPS_FORMAT_UCHAR)
                       .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
                       .copy_memory();

    const int sun_r = std::max(3, std::min(width, height) * Between(rng, 5, 10) / 100);
    image.draw_circle({p.sun[0], p.sun[1], p.sun[2]}, Between(rng, width / 8, width * 7 / 8),
                      Between(rng, horizon / 6, horizon / 2), sun_r,
                      VImage::option()->set("fill", true));

    for (int x = Between(rng, -width / 20, 0); x < width;) {
      const int bw = std::max(4, width * Between(rng, 4, 11) / 100);
      const int bh = std::max(4, height * Between(rng, 8, 34) / 100);
      const double shade = Between(rng, -18, 18);
      std::vector<double> ink = {p.building[0] + shade, p.building[1] + shade,
                                 p.building[2] + shade};
      image.draw_rect(ink, x, horizon - bh, bw, bh + 2, VImage::option()->set("fill", true));
      const int win = std::max(2, bw / 8);
      for (int wy = horizon - bh + win; wy + win < horizon - win; wy += win * 3) {
        for (int wx = x + win; wx + win < x + bw - win; wx += win * 3) {
          if (NextRandom(rng) % 3 == 0) {
            image.draw_rect({235, 215, 150}, wx, wy, win, win, VImage::option()->set("fill", true));
          }
        }
      }
      x += bw + width * Between(rng, 0, 3) / 100;
    }

    if (!label.empty()) {
      const int band = std::max(12, height / 8);
      const int top = height - band;
      image = image.insert(image.extract_area(0, top, width, band).linear(0.35, 0), 0, top);
      try {
        gchar* escaped = g_markup_escape_text(label.data(), static_cast<gssize>(label.size()));
        const std::string markup = escaped;
        g_free(escaped);
        const int margin = band / 3;
        VImage text =
            VImage::text(markup.c_str(), VImage::option()
                                             ->set("font", "sans bold")
                                             ->set("width", std::max(1, width - 2 * margin))
                                             ->set("height", std::max(1, band * 3 / 5)));
        if (text.width() > 0 && text.height() > 0) {
          text = text.extract_area(0, 0, std::min(text.width(), width - 2 * margin),
                                   std::min(text.height(), band));
          VImage mask = text.embed(margin, top + (band - text.height()) / 2, width, height);
          image = mask.ifthenelse(std::vector<double>{255, 255, 255}, image,
                                  VImage::option()->set("blend", true));
        }
      } catch (const vips::VError&) {
        // No usable font: the picture is still a fine demo image without its caption.
        vips_error_clear();
      }
    }

    image.jpegsave(out_jpeg.c_str(), VImage::option()->set("Q", 85)->set("strip", true));
  } catch (const vips::VError& e) {
    return model::Internal("cannot write demo image " + out_jpeg + ": " + VipsMessage(e));
  }
  return model::Ok();
}

}  // namespace gazette::media
