// The newsroom's media library: uploads (checked, stripped and given renditions by
// media/images.h), the caption, credit and alt text of each image, and search. Who may do
// what is model::MayManageMedia; a refusal is kForbidden with nothing changed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/images.h"
#include "model/content.h"
#include "model/result.h"
#include "storage/store.h"

namespace gazette::services {

struct MediaLibraryOptions {
  std::string media_dir;        // the site's media folder (served under /media/)
  media::UploadOptions upload;  // limits and rendition widths
};

// What a person writes about an image. Each is trimmed; the limits are in characters.
struct MediaFields {
  std::string caption;  // at most 1000
  std::string credit;   // at most 200
  std::string alt;      // at most 500; required before an article showing it is published
};

class MediaLibrary {
 public:
  using Clock = std::function<model::UnixSeconds()>;
  MediaLibrary(storage::Store& store, MediaLibraryOptions options, Clock clock);

  // Stores `bytes` as a new image of the library under "<yyyy>/<mm>/" (upload month, UTC),
  // its file name the slug of `name` (an article's slug or title; when that is empty, of
  // `file_name`, the uploaded file's own name without its extension; "image" when nothing
  // usable is left), and records it with `fields`.
  // Errors, nothing stored: kForbidden, kInvalidInput (field "file" for the image itself, see
  // media::StoreUpload, or the field that is too long), kUnavailable. Audited as "upload".
  model::Result<model::Media> Upload(const model::User& user, std::string_view bytes,
                                     const std::string& file_name, const std::string& name,
                                     const MediaFields& fields);
  // Replaces the caption, credit and alt text of image `id`. Audited as "media".
  model::Result<model::Media> Update(const model::User& user, model::Id id,
                                     const MediaFields& fields);
  model::Result<std::optional<model::Media>> Get(model::Id id);
  // The articles (any status) whose main image `id` is, most recently changed first, at most
  // `limit`.
  model::Result<std::vector<model::Article>> UsedBy(model::Id id, int limit);
  // Deletes image `id`: its record, then its files and renditions. Errors, nothing deleted:
  // kForbidden (model::MayDeleteMedia), kNotFound, kConflict while an article has it as its
  // main image. Audited as "media.delete".
  model::Status Delete(const model::User& user, model::Id id);
  model::Result<std::vector<model::Media>> Search(const storage::MediaQuery& query);

  // Checks fields without saving: the first problem, with its field name.
  static model::Status Validate(const MediaFields& fields);
  const MediaLibraryOptions& options() const { return options_; }

 private:
  storage::Store& store_;
  MediaLibraryOptions options_;
  Clock clock_;
};

// Refuses (kInvalidInput, field "image") to let readers see `article` when its main image has
// no alt text: called before an article is published or scheduled, and when a published or
// scheduled article gets a new main image.
model::Status CheckImageAlt(storage::Store& store, const model::Article& article);

}  // namespace gazette::services
