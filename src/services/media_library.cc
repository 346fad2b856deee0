#include "services/media_library.h"

#include <utility>

#include "model/permissions.h"
#include "text/iso_time.h"
#include "text/slug.h"

namespace gazette::services {

namespace {

std::string Trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::size_t Utf8Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

MediaFields Cleaned(const MediaFields& f) {
  return {Trimmed(f.caption), Trimmed(f.credit), Trimmed(f.alt)};
}

// "photo.final.JPG" -> "photo.final"; browsers may send a path ("C:\\x\\a.jpg").
std::string StemOf(const std::string& file_name) {
  std::string name = file_name;
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name;
}

}  // namespace

MediaLibrary::MediaLibrary(storage::Store& store, MediaLibraryOptions options, Clock clock)
    : store_(store), options_(std::move(options)), clock_(std::move(clock)) {}

model::Status MediaLibrary::Validate(const MediaFields& f) {
  if (Utf8Length(f.caption) > 1000) {
    return model::InvalidInput("the caption is longer than 1000 characters", "caption");
  }
  if (Utf8Length(f.credit) > 200) {
    return model::InvalidInput("the credit is longer than 200 characters", "credit");
  }
  if (Utf8Length(f.alt) > 500) {
    return model::InvalidInput("the alt text is longer than 500 characters", "alt");
  }
  return model::Ok();
}

model::Result<model::Media> MediaLibrary::Upload(const model::User& user, std::string_view bytes,
                                                 const std::string& file_name,
                                                 const std::string& name,
                                                 const MediaFields& fields) {
  if (!model::MayManageMedia(user.role)) {
    return model::Forbidden("your role cannot upload images");
  }
  const MediaFields clean = Cleaned(fields);
  GAZETTE_RETURN_IF_ERROR(Validate(clean));
  std::string stem = text::Slugify(name);
  if (stem.empty()) stem = text::Slugify(StemOf(file_name));
  if (stem.empty()) stem = "image";
  const std::string iso = text::FormatIso8601Utc(clock_());  // "2026-11-27T..."
  const std::string folder = iso.substr(0, 4) + "/" + iso.substr(5, 2);
  GAZETTE_ASSIGN_OR_RETURN(
      auto stored, media::StoreUpload(bytes, options_.media_dir, folder, stem, options_.upload));
  model::Media m;
  m.file = stored.file;
  m.caption = clean.caption;
  m.credit = clean.credit;
  m.alt = clean.alt;
  m.width = stored.width;
  m.height = stored.height;
  m.mime_type = stored.mime_type;
  m.rendition_widths = stored.rendition_widths;
  model::Status saved = store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(m.id, store_.SaveMedia(m));
    return store_.AppendAudit(
        {0, clock_(), user.username, "upload", 0, "image " + std::to_string(m.id) + " " + m.file});
  });
  if (!saved.ok()) {
    // The record is not there: neither are its files.
    media::RemoveStoredImage(options_.media_dir, stored);
    return saved.error();
  }
  return m;
}

model::Result<model::Media> MediaLibrary::Update(const model::User& user, model::Id id,
                                                 const MediaFields& fields) {
  if (!model::MayManageMedia(user.role)) {
    return model::Forbidden("your role cannot edit the media library");
  }
  const MediaFields clean = Cleaned(fields);
  GAZETTE_RETURN_IF_ERROR(Validate(clean));
  std::optional<model::Media> updated;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.GetMedia(id));
    if (!found) return model::NotFound("no image with id " + std::to_string(id));
    model::Media m = *found;
    m.caption = clean.caption;
    m.credit = clean.credit;
    m.alt = clean.alt;
    if (auto saved = store_.SaveMedia(m); !saved.ok()) return saved.error();
    updated = std::move(m);
    return store_.AppendAudit(
        {0, clock_(), user.username, "media", 0, "image " + std::to_string(id)});
  }));
  return std::move(*updated);
}

model::Result<std::optional<model::Media>> MediaLibrary::Get(model::Id id) {
  return store_.GetMedia(id);
}

model::Result<std::vector<model::Article>> MediaLibrary::UsedBy(model::Id id, int limit) {
  storage::WorkQuery q;
  q.image_id = id;
  q.limit = limit;
  return store_.ListWork(q);
}

model::Status MediaLibrary::Delete(const model::User& user, model::Id id) {
  if (!model::MayDeleteMedia(user.role)) {
    return model::Forbidden("your role cannot delete images");
  }
  std::optional<model::Media> deleted;
  GAZETTE_RETURN_IF_ERROR(store_.InTransaction([&]() -> model::Status {
    GAZETTE_ASSIGN_OR_RETURN(deleted, store_.GetMedia(id));
    if (!deleted) return model::NotFound("no media with id " + std::to_string(id));
    GAZETTE_RETURN_IF_ERROR(store_.DeleteMedia(id));
    return store_.AppendAudit({0, clock_(), user.username, "media.delete", 0,
                               "image " + std::to_string(id) + " " + deleted->file});
  }));
  // Only once the record is gone: a failed delete leaves the files the record points to.
  media::RemoveStoredImage(options_.media_dir, {deleted->file, deleted->width, deleted->height,
                                                deleted->mime_type, deleted->rendition_widths});
  return model::Ok();
}

model::Result<std::vector<model::Media>> MediaLibrary::Search(const storage::MediaQuery& query) {
  storage::MediaQuery q = query;
  q.text = Trimmed(q.text);
  return store_.SearchMedia(q);
}

model::Status CheckImageAlt(storage::Store& store, const model::Article& article) {
  if (!article.image_id) return model::Ok();
  GAZETTE_ASSIGN_OR_RETURN(auto image, store.GetMedia(*article.image_id));
  if (!image || !Trimmed(image->alt).empty()) return model::Ok();
  return model::InvalidInput(
      "the main image has no alt text: describe it in the media library (image " +
          std::to_string(image->id) + ") before publishing",
      "image");
}

}  // namespace gazette::services
