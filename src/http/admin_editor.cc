// The article editor's newsroom helpers: "being edited by" marks (recorded on open, on save
// and by the editor script's ping; shown to the others), the notice reporters get on
// articles that are not theirs, and the time zone of the schedule field.
#include <charconv>

#include "http/admin.h"
#include "model/permissions.h"
#include "render/dates.h"

namespace gazette::http {

namespace {

std::optional<model::Id> ArticleId(std::string_view text) {
  model::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string Fill(std::string text, const std::string& key, const std::string& value) {
  const auto at = text.find(key);
  if (at != std::string::npos) text.replace(at, key.size(), value);
  return text;
}

bool IsTranslation(const model::Article& a) {
  return a.translation_group != 0 && a.translation_group != a.id;
}

}  // namespace

model::Status AdminHandlers::MarkEditing(const Context& ctx, const model::Article& article) {
  const model::User& me = ctx.who->user;
  // Readers of an article they cannot change are not editing it.
  if (!model::MayEdit(me.role, article.status, IsTranslation(article))) return model::Ok();
  GAZETTE_ASSIGN_OR_RETURN(const bool own, editorial_.MayTouch(me, article));
  if (!own) return model::Ok();
  return editorial_.MarkEditing(me, article.id);
}

model::Status AdminHandlers::AddEditingViews(const Context& ctx, const model::Article& article,
                                             bool own, render::ViewData& data) {
  data.Set("editing_url", "/admin/articles/" + std::to_string(article.id) + "/editing");
  if (!own) data.Set("not_own", T(ctx, "not_own_article"));
  // Schedule times and "since HH:MM" are on the clock of the article's edition.
  std::string locale, zone;
  GAZETTE_ASSIGN_OR_RETURN(auto editions, editorial_.Editions());
  for (const auto& e : editions) {
    if (e.code == article.edition) locale = e.locale, zone = e.time_zone;
  }
  data.Set("schedule_zone", zone.empty() ? "UTC" : zone);
  if (article.status == model::ArticleStatus::kScheduled && article.scheduled_at) {
    std::string when = services::ScheduleTimeValue(*article.scheduled_at, zone);
    if (when.size() > 10) when[10] = ' ';
    data.Set("scheduled_for", when + " (" + (zone.empty() ? "UTC" : zone) + ")");
  }
  GAZETTE_ASSIGN_OR_RETURN(auto others, editorial_.OthersEditing(ctx.who->user, article.id));
  for (const auto& mark : others) {
    const std::string name = mark.display_name.empty() ? mark.username : mark.display_name;
    const std::string since =
        render::FormatLocalized(mark.since, locale, zone, render::DateStyle::kTime);
    render::ViewData row;
    row.Set("text", Fill(Fill(T(ctx, "being_edited"), "{name}", name), "{time}", since))
        .Set("username", mark.username);
    data.Add("editing_others", std::move(row));
  }
  return model::Ok();
}

Response AdminHandlers::EditingPing(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ArticleId(id_text);
  if (!id) return NotFound(request);
  auto article = editorial_.Get(*id);
  if (!article.ok()) return ErrorPage(ctx, article.error());
  if (!*article) return NotFound(request);
  if (auto marked = MarkEditing(ctx, **article); !marked.ok()) {
    return ErrorPage(ctx, marked.error());
  }
  Response response;
  response.status = 204;
  return response;
}

}  // namespace gazette::http
