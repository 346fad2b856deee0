// The newsroom's media library pages and the article form's main image box.
#include <charconv>

#include "http/admin.h"
#include "http/errors.h"
#include "http/multipart.h"
#include "model/permissions.h"
#include "model/site_paths.h"

namespace gazette::http {

namespace {

using render::ViewData;

constexpr int kPageSize = 24;

std::optional<model::Id> ParseMediaId(std::string_view text) {
  model::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string Value(const std::map<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

// Textareas send CRLF line ends; keep LF.
std::string Lf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

services::MediaFields FieldsOf(const std::map<std::string, std::string>& form) {
  return {Lf(Value(form, "caption")), Value(form, "credit"), Lf(Value(form, "alt"))};
}

// The smallest JPEG rendition (every browser shows it), else the file itself.
std::string Thumbnail(const model::Media& m) {
  const std::string src = model::MediaPath(m.file);
  if (m.rendition_widths.empty()) return src;
  const int w = *std::min_element(m.rendition_widths.begin(), m.rendition_widths.end());
  const auto dot = src.rfind('.');
  const auto slash = src.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return src;
  return src.substr(0, dot) + "-" + std::to_string(w) + ".jpg";
}

ViewData MediaView(const model::Media& m) {
  ViewData v;
  v.Set("id", std::to_string(m.id))
      .Set("file", m.file)
      .Set("url", model::MediaPath(m.file))
      .Set("thumb", Thumbnail(m))
      .Set("caption", m.caption)
      .Set("credit", m.credit)
      .Set("alt", m.alt)
      .Set("edit_url", "/admin/media/" + std::to_string(m.id))
      .Flag("has_caption", !m.caption.empty())
      .Flag("has_credit", !m.credit.empty())
      .Flag("missing_alt", m.alt.find_first_not_of(" \t\r\n") == std::string::npos);
  if (m.width > 0 && m.height > 0) {
    v.Set("width", std::to_string(m.width))
        .Set("height", std::to_string(m.height))
        .Set("size", std::to_string(m.width) + " × " + std::to_string(m.height));
    // The thumbnail's own height, so the grid does not jump while images load.
    const int tw = m.rendition_widths.empty()
                       ? m.width
                       : *std::min_element(m.rendition_widths.begin(), m.rendition_widths.end());
    v.Set("thumb_width", std::to_string(tw))
        .Set("thumb_height", std::to_string(std::max(1, m.height * tw / m.width)));
  }
  return v;
}

std::string Megabytes(std::uintmax_t bytes) {
  return std::to_string((bytes + 512 * 1024) / (1024 * 1024));
}

}  // namespace

Response AdminHandlers::LibraryPage(const Context& ctx, int status, const Form& form,
                                    const std::string& error, const std::string& field) {
  const model::User& me = ctx.who->user;
  const std::string q = ctx.request.method == "GET" || ctx.request.method == "HEAD"
                            ? ctx.request.QueryParam("q")
                            : std::string();
  int page = 1;
  if (auto p = ParseMediaId(ctx.request.QueryParam("page")); p && *p < 100000) {
    page = static_cast<int>(*p);
  }
  ViewData data;
  data.Set("q", q);
  // Picking the main image of an article the user may edit.
  std::string article_id = Value(form, "article");
  if (article_id.empty()) article_id = ctx.request.QueryParam("article");
  std::optional<model::Article> article;
  if (auto id = ParseMediaId(article_id)) {
    auto found = editorial_.Get(*id);
    if (!found.ok()) return ErrorPage(ctx, found.error());
    if (*found) {
      const model::Article& a = **found;
      const bool is_translation = a.translation_group != 0 && a.translation_group != a.id;
      if (model::MayEdit(me.role, a.status, is_translation)) article = a;
    }
  }
  if (article) {
    ViewData picking;
    picking.Set("article_id", std::to_string(article->id))
        .Set("article_title", article->title)
        .Set("article_url", "/admin/articles/" + std::to_string(article->id));
    data.Nest("picking", std::move(picking));
  }
  if (model::MayManageMedia(me.role)) {
    const auto& limits = media_->options().upload.limits;
    ViewData upload;
    std::string title = Value(form, "title");
    if (title.empty() && article && ctx.request.method != "POST") title = article->slug;
    upload.Set("title", title)
        .Set("caption", Value(form, "caption"))
        .Set("credit", Value(form, "credit"))
        .Set("alt", Value(form, "alt"))
        .Set("max_mb", Megabytes(limits.max_file_bytes))
        .Set("max_megapixels", std::to_string(limits.max_pixels / 1'000'000))
        .Flag("file_invalid", field == "file")
        .Flag("caption_invalid", field == "caption")
        .Flag("credit_invalid", field == "credit")
        .Flag("alt_invalid", field == "alt");
    // Mustache shows a section for any string, even an empty one: set only when picking.
    if (article) upload.Set("article_id", std::to_string(article->id));
    data.Nest("upload", std::move(upload));
  }
  storage::MediaQuery query;
  query.text = q;
  query.limit = kPageSize + 1;
  query.offset = (page - 1) * kPageSize;
  auto items = media_->Search(query);
  if (!items.ok()) return ErrorPage(ctx, items.error());
  const bool more = static_cast<int>(items->size()) > kPageSize;
  if (more) items->pop_back();
  for (const model::Media& m : *items) {
    ViewData v = MediaView(m);
    if (article) {
      v.Set("article_id", std::to_string(article->id)).Flag("current", article->image_id == m.id);
    }
    data.Add("items", std::move(v));
  }
  data.Flag("has_items", !items->empty());
  std::string base = "/admin/media?";
  if (article) base += "article=" + std::to_string(article->id) + "&";
  if (!q.empty()) {
    std::string encoded;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : q) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        encoded += static_cast<char>(c);
      } else {
        encoded += '%';
        encoded += hex[c >> 4];
        encoded += hex[c & 15];
      }
    }
    base += "q=" + encoded + "&";
  }
  if (page > 1) data.Set("prev_url", base + "page=" + std::to_string(page - 1));
  if (more) data.Set("next_url", base + "page=" + std::to_string(page + 1));
  if (!error.empty()) data.Set("error", error);
  if (ctx.request.QueryParam("done") == "deleted") data.Set("notice", T(ctx, "image_deleted"));
  return Page(ctx, status, "media", std::move(data), T(ctx, "media_library"));
}

Response AdminHandlers::MediaLibraryPage(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (media_ == nullptr) return NotFound(request);
  return LibraryPage(ctx, 200, {}, "", "");
}

Response AdminHandlers::UploadMedia(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (media_ == nullptr) return NotFound(request);
  auto parsed = ParseMultipart(request.Header("content-type"), request.body);
  if (!parsed.ok()) {
    return Message(ctx, 400, T(ctx, "upload_unreadable") + " (" + parsed.error().message + ")",
                   "/admin/media");
  }
  const Form form = parsed->Fields();
  if (auto refused = CheckPost(ctx, form)) return *refused;
  const FormPart* file = parsed->File("file");
  if (file == nullptr || file->body.empty()) {
    return LibraryPage(ctx, 400, form, T(ctx, "upload_choose_file"), "file");
  }
  auto uploaded = media_->Upload(ctx.who->user, file->body, file->filename, Value(form, "title"),
                                 FieldsOf(form));
  if (!uploaded.ok()) {
    const model::Error& e = uploaded.error();
    if (e.kind == model::ErrorKind::kInvalidInput || e.kind == model::ErrorKind::kForbidden) {
      std::string message = ErrorText(ctx, e);
      if (e.field == "file") message = T(ctx, "upload_refused") + " " + ErrorText(ctx, e);
      return LibraryPage(ctx, StatusForError(e.kind), form, message, e.field);
    }
    return ErrorPage(ctx, e);
  }
  if (auto article = ParseMediaId(Value(form, "article"))) {
    auto set = editorial_.SetImage(ctx.who->user, *article, uploaded->id);
    if (!set.ok()) {
      return Message(ctx, StatusForError(set.error().kind),
                     T(ctx, "uploaded_not_set") + " " + set.error().message,
                     "/admin/media/" + std::to_string(uploaded->id));
    }
    return Response::Redirect(303, "/admin/articles/" + std::to_string(*article) + "?saved=1");
  }
  return Response::Redirect(303, "/admin/media/" + std::to_string(uploaded->id) + "?uploaded=1");
}

Response AdminHandlers::MediaForm(const Context& ctx, int status, const model::Media& media,
                                  const Form& form, const std::string& error,
                                  const std::string& field, const std::string& notice) {
  ViewData data = MediaView(media);
  data.Set("caption", Value(form, "caption"))
      .Set("credit", Value(form, "credit"))
      .Set("alt", Value(form, "alt"))
      .Set("mime_type", media.mime_type)
      .Flag("may_edit", model::MayManageMedia(ctx.who->user.role))
      .Flag("caption_invalid", field == "caption")
      .Flag("credit_invalid", field == "credit")
      .Flag("alt_invalid", field == "alt");
  std::string widths;
  for (int w : media.rendition_widths) widths += (widths.empty() ? "" : ", ") + std::to_string(w);
  if (!widths.empty()) data.Set("renditions", widths);
  // Which articles show it: one more than shown says whether the list goes on.
  constexpr int kUsedByShown = 50;
  auto used_by = media_->UsedBy(media.id, kUsedByShown + 1);
  if (!used_by.ok()) return ErrorPage(ctx, used_by.error());
  const bool more = used_by->size() > static_cast<std::size_t>(kUsedByShown);
  if (more) used_by->pop_back();
  for (const model::Article& a : *used_by) {
    ViewData row;
    row.Set("title", a.title)
        .Set("url", "/admin/articles/" + std::to_string(a.id))
        .Set("edition", a.edition)
        .Set("status_label", T(ctx, std::string("status_") + model::StatusName(a.status)));
    data.Add("used_by", std::move(row));
  }
  data.Flag("has_used_by", !used_by->empty())
      .Flag("used_by_more", more)
      .Flag("may_delete", model::MayDeleteMedia(ctx.who->user.role))
      .Flag("deletable", used_by->empty())
      .Set("delete_url", "/admin/media/" + std::to_string(media.id) + "/delete");
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "media_edit", std::move(data), T(ctx, "edit_image"));
}

Response AdminHandlers::EditMedia(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  auto id = ParseMediaId(id_text);
  if (media_ == nullptr || !id) return NotFound(request);
  auto found = media_->Get(*id);
  if (!found.ok()) return ErrorPage(ctx, found.error());
  if (!*found) return NotFound(request);
  const model::Media& m = **found;
  Form form{{"caption", m.caption}, {"credit", m.credit}, {"alt", m.alt}};
  std::string notice;
  if (request.QueryParam("uploaded") == "1") notice = T(ctx, "uploaded");
  if (request.QueryParam("saved") == "1") notice = T(ctx, "saved");
  return MediaForm(ctx, 200, m, form, "", "", notice);
}

Response AdminHandlers::SaveMedia(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseMediaId(id_text);
  if (media_ == nullptr || !id) return NotFound(request);
  auto updated = media_->Update(ctx.who->user, *id, FieldsOf(form));
  if (!updated.ok()) {
    const model::Error& e = updated.error();
    if (e.kind == model::ErrorKind::kInvalidInput || e.kind == model::ErrorKind::kForbidden) {
      auto found = media_->Get(*id);
      if (found.ok() && *found) {
        return MediaForm(ctx, StatusForError(e.kind), **found, form, ErrorText(ctx, e), e.field,
                         "");
      }
    }
    return ErrorPage(ctx, e);
  }
  return Response::Redirect(303, "/admin/media/" + std::to_string(*id) + "?saved=1");
}

Response AdminHandlers::DeleteMedia(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseMediaId(id_text);
  if (media_ == nullptr || !id) return NotFound(request);
  auto found = media_->Get(*id);
  if (!found.ok()) return ErrorPage(ctx, found.error());
  if (!*found) return NotFound(request);
  if (auto done = media_->Delete(ctx.who->user, *id); !done.ok()) {
    const model::Error& e = done.error();
    if (e.kind != model::ErrorKind::kConflict && e.kind != model::ErrorKind::kForbidden) {
      return ErrorPage(ctx, e);
    }
    const model::Media& m = **found;
    return MediaForm(ctx, StatusForError(e.kind), m,
                     {{"caption", m.caption}, {"credit", m.credit}, {"alt", m.alt}},
                     T(ctx, "cannot_delete") + " " + ErrorText(ctx, e), "", "");
  }
  return Response::Redirect(303, "/admin/media?done=deleted");
}

Response AdminHandlers::SetArticleImage(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CheckPost(ctx, form)) return *refused;
  auto id = ParseMediaId(id_text);
  if (!id) return NotFound(request);
  const std::string image_text = Value(form, "image_id");
  std::optional<model::Id> image_id;
  if (!image_text.empty()) {
    image_id = ParseMediaId(image_text);
    if (!image_id) return Message(ctx, 400, T(ctx, "not_found"), "/admin/articles/" + id_text);
  }
  auto set = editorial_.SetImage(ctx.who->user, *id, image_id);
  if (!set.ok()) {
    const model::Error& e = set.error();
    if (e.kind == model::ErrorKind::kInternal) return ErrorPage(ctx, e);
    return Message(ctx, StatusForError(e.kind), ErrorText(ctx, e),
                   e.field == "image" && image_id ? "/admin/media/" + std::to_string(*image_id)
                                                  : "/admin/articles/" + std::to_string(*id));
  }
  return Response::Redirect(303, "/admin/articles/" + std::to_string(*id) + "?saved=1");
}

model::Status AdminHandlers::AddImageView(const Context& ctx, const model::Article& article,
                                          ViewData& data) {
  if (media_ == nullptr) return model::Ok();
  ViewData box;
  const bool is_translation =
      article.translation_group != 0 && article.translation_group != article.id;
  box.Set("article_id", std::to_string(article.id))
      .Flag("may_change", model::MayEdit(ctx.who->user.role, article.status, is_translation));
  if (article.image_id) {
    GAZETTE_ASSIGN_OR_RETURN(auto image, media_->Get(*article.image_id));
    if (image) {
      box.Nest("image", MediaView(*image));
      box.Flag("has_image", true);
    }
  }
  data.Nest("main_image", std::move(box));
  return model::Ok();
}

}  // namespace gazette::http
