// Editorial's newsroom-editing rules: schedule times in the edition's zone, reporters'
// ownership of articles, and the "being edited by" marks.
#include "model/permissions.h"
#include "services/editorial.h"
#include "text/zoned_time.h"

namespace gazette::services {

std::optional<model::UnixSeconds> ParseScheduleTime(const std::string& value,
                                                    const std::string& time_zone) {
  return text::ParseLocalDateTime(value, time_zone);
}

std::string ScheduleTimeValue(model::UnixSeconds t, const std::string& time_zone) {
  return text::FormatLocalDateTime(t, time_zone);
}

model::Result<std::string> Editorial::EditionTimeZone(const std::string& edition) {
  GAZETTE_ASSIGN_OR_RETURN(auto editions, store_.ListEditions());
  for (const auto& e : editions) {
    if (e.code == edition) return e.time_zone;
  }
  return std::string();
}

model::Result<bool> Editorial::MayTouch(const model::User& user, const model::Article& article) {
  if (!model::ChangesOnlyOwnArticles(user.role)) return true;
  if (article.id == 0) return true;  // not saved yet: theirs
  GAZETTE_ASSIGN_OR_RETURN(auto revisions, store_.ListRevisions(article.id));
  for (const auto& r : revisions) {
    if (r.number == 1) {
      if (r.saved_by == user.username) return true;
      break;
    }
  }
  // Bylines are names, not accounts: a byline counts when it is the user's display name.
  if (user.display_name.empty() || article.author_ids.empty()) return false;
  GAZETTE_ASSIGN_OR_RETURN(auto authors, store_.GetAuthors(article.author_ids));
  for (const auto& a : authors) {
    if (a.name == user.display_name) return true;
  }
  return false;
}

namespace {

// Marks are a convenience: a backend without them must not stop anyone from editing.
bool Unsupported(const model::Error& e) { return e.kind == model::ErrorKind::kUnavailable; }

}  // namespace

model::Status Editorial::MarkEditing(const model::User& user, model::Id id) {
  const model::UnixSeconds now = clock_();
  model::Status st = store_.TouchEditing(id, user.username, now, now - kEditingWindow);
  if (!st.ok() && Unsupported(st.error())) return model::Ok();
  return st;
}

model::Status Editorial::StopEditing(const model::User& user, model::Id id) {
  model::Status st = store_.ClearEditing(id, user.username);
  if (!st.ok() && Unsupported(st.error())) return model::Ok();
  return st;
}

model::Result<std::vector<model::EditingMark>> Editorial::OthersEditing(const model::User& user,
                                                                        model::Id id) {
  auto marks = store_.ListEditing(id, clock_() - kEditingWindow);
  if (!marks.ok()) {
    if (Unsupported(marks.error())) return std::vector<model::EditingMark>();
    return marks.error();
  }
  std::vector<model::EditingMark> out;
  for (auto& m : *marks) {
    if (m.username != user.username) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace gazette::services
