// The admin's catalog pages: sections, tags, authors, editions (read-only), the featured
// placements of home and section pages, and user management. Rules are in
// services/catalog.h; these handlers parse forms and draw pages.
#include <algorithm>
#include <charconv>

#include "http/admin.h"
#include "http/errors.h"
#include "model/permissions.h"
#include "services/catalog.h"

namespace gazette::http {

namespace {

using render::ViewData;

std::optional<model::Id> ParseId(std::string_view text) {
  model::Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string Get(const std::map<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

// An integer field: empty is 0, anything else must be a number in [-9999, 9999].
std::optional<int> ParsePosition(const std::string& text) {
  if (text.empty()) return 0;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < -9999 || n > 9999) {
    return std::nullopt;
  }
  return n;
}

// Percent-encodes a query value (editions and slots are plain ASCII, but a form may send
// anything).
std::string QueryEncode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

const model::Role kRoles[] = {model::Role::kAdministrator, model::Role::kEditor,
                              model::Role::kReporter, model::Role::kTranslator};

// One form field for partials/catalog_fields.
struct Field {
  std::string name;
  std::string label;
  std::string value;
  std::string kind = "text";  // text, textarea, select, number, password
  std::string help;
  bool required = false;
  std::vector<std::pair<std::string, std::string>> options;  // value, label
};

ViewData FieldsView(const std::vector<Field>& fields, const std::string& invalid_field) {
  ViewData view;
  for (const auto& f : fields) {
    ViewData v;
    v.Set("name", f.name)
        .Set("label", f.label)
        .Set("value", f.value)
        .Set("input_type", f.kind == "number"     ? "number"
                           : f.kind == "password" ? "password"
                                                  : "text")
        .Flag("is_input", f.kind == "text" || f.kind == "number" || f.kind == "password")
        .Flag("is_textarea", f.kind == "textarea")
        .Flag("is_select", f.kind == "select")
        .Flag("required", f.required)
        .Flag("invalid", f.name == invalid_field);
    if (!f.help.empty()) v.Set("help", f.help);
    for (const auto& [value, label] : f.options) {
      ViewData o;
      o.Set("value", value).Set("label", label).Flag("selected", value == f.value);
      v.Add("options", std::move(o));
    }
    view.Add("fields", std::move(v));
  }
  return view;
}

// Merges the fields of `from` into `into` (ViewData has no merge of its own).
void AddFields(ViewData& into, const std::vector<Field>& fields, const std::string& invalid) {
  ViewData view = FieldsView(fields, invalid);
  for (const auto& [key, items] : view.lists()) {
    for (const auto& item : items) into.Add(key, item);
  }
}

// The section form's fields as the catalog takes them; `bad` names a field that does not
// parse.
services::SectionFields SectionFieldsFrom(const std::map<std::string, std::string>& form,
                                          std::string& bad) {
  services::SectionFields f;
  f.edition = Get(form, "edition");
  f.name = Get(form, "name");
  f.slug = Get(form, "slug");
  const std::string parent = Get(form, "parent_id");
  if (!parent.empty()) {
    f.parent_id = ParseId(parent);
    if (!f.parent_id) bad = "parent_id";
  }
  auto position = ParsePosition(Get(form, "position"));
  if (!position) bad = "position";
  f.position = position.value_or(0);
  return f;
}

bool IsFormError(model::ErrorKind kind) {
  return kind == model::ErrorKind::kInvalidInput || kind == model::ErrorKind::kConflict ||
         kind == model::ErrorKind::kForbidden || kind == model::ErrorKind::kNotFound;
}

}  // namespace

void AdminHandlers::EnableCatalog(services::Catalog& catalog) { catalog_ = &catalog; }

std::optional<Response> AdminHandlers::CatalogGate(const Context& ctx, bool administrators_only) {
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (catalog_ == nullptr) return Message(ctx, 404, T(ctx, "not_found"));
  const model::Role role = ctx.who->user.role;
  const bool allowed =
      administrators_only ? model::MayManageUsers(role) : model::MayManageCatalog(role);
  if (!allowed) return Message(ctx, 403, T(ctx, "forbidden"));
  return std::nullopt;
}

std::optional<Response> AdminHandlers::CatalogPost(const Context& ctx, const Form& form,
                                                   bool administrators_only) {
  if (auto refused = CheckPost(ctx, form)) return refused;
  return CatalogGate(ctx, administrators_only);
}

model::Result<std::string> AdminHandlers::ChosenEdition(const std::string& asked, ViewData& data) {
  GAZETTE_ASSIGN_OR_RETURN(auto editions, catalog_->Editions());
  std::string edition = asked;
  bool known = false;
  for (const auto& e : editions) known = known || e.code == edition;
  if (!known) edition = reader_.site().default_edition;
  known = false;
  for (const auto& e : editions) known = known || e.code == edition;
  if (!known && !editions.empty()) edition = editions.front().code;
  for (const auto& e : editions) {
    ViewData option;
    option.Set("value", e.code).Set("label", e.name).Flag("selected", e.code == edition);
    data.Add("editions", std::move(option));
  }
  data.Set("edition", edition);
  return edition;
}

// --- sections

Response AdminHandlers::SectionsPage(const Context& ctx, int status, const std::string& asked,
                                     const Form& form, const std::string& error,
                                     const std::string& field, const std::string& notice) {
  ViewData data;
  auto edition = ChosenEdition(asked, data);
  if (!edition.ok()) return ErrorPage(ctx, edition.error());
  auto sections = catalog_->Sections(*edition);
  if (!sections.ok()) return ErrorPage(ctx, sections.error());
  std::vector<std::pair<std::string, std::string>> parents = {{"", T(ctx, "no_parent")}};
  for (const auto& s : *sections) {
    const auto depth = static_cast<std::size_t>(std::count(s.path.begin(), s.path.end(), '/'));
    auto used = catalog_->SectionUse(s);
    if (!used.ok()) return ErrorPage(ctx, used.error());
    ViewData row;
    row.Set("name", s.name)
        .Set("indent", std::string(depth * 2, ' '))
        .Set("depth", std::to_string(depth))
        .Set("address", "/" + s.edition + "/" + s.path + "/")
        .Set("uses", std::to_string(*used))
        .Set("edit_url", "/admin/sections/" + std::to_string(s.id));
    data.Add("rows", std::move(row));
    parents.emplace_back(std::to_string(s.id), std::string(depth * 2, '-') + " " + s.name);
  }
  data.Flag("has_rows", !sections->empty())
      .Set("kind_heading", T(ctx, "sections"))
      .Set("create_heading", T(ctx, "new_section"))
      .Set("create_url", "/admin/sections")
      .Set("list_url", "/admin/sections")
      .Set("page_help", T(ctx, "sections_help"))
      .Flag("by_edition", true);
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}},
             {"parent_id", T(ctx, "parent_section"), Get(form, "parent_id"), "select", "", false,
              parents},
             {"position",
              T(ctx, "position"),
              Get(form, "position"),
              "number",
              T(ctx, "position_help"),
              false,
              {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_list", std::move(data), T(ctx, "sections"));
}

Response AdminHandlers::Sections(const Request& request) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, false)) return *refused;
  const std::string done = request.QueryParam("done");
  return SectionsPage(ctx, 200, request.QueryParam("edition"), {}, "", "",
                      done.empty() ? "" : T(ctx, "catalog_" + done));
}

Response AdminHandlers::CreateSection(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  std::string bad;
  services::SectionFields fields = SectionFieldsFrom(form, bad);
  if (!bad.empty()) {
    return SectionsPage(ctx, 400, fields.edition, form, T(ctx, "invalid_" + bad), bad, "");
  }
  auto saved = catalog_->SaveSection(ctx.who->user, 0, fields);
  if (!saved.ok()) {
    const model::Error& e = saved.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return SectionsPage(ctx, StatusForError(e.kind), fields.edition, form, ErrorText(ctx, e),
                        e.field, "");
  }
  return Response::Redirect(303, "/admin/sections?edition=" + saved->edition + "&done=created");
}

Response AdminHandlers::EntryForm(const Context& ctx, int status, const model::Section& section,
                                  const Form& form, const std::string& error,
                                  const std::string& field, const std::string& notice) {
  auto sections = catalog_->Sections(section.edition);
  if (!sections.ok()) return ErrorPage(ctx, sections.error());
  auto used = catalog_->SectionUse(section);
  if (!used.ok()) return ErrorPage(ctx, used.error());
  std::vector<std::pair<std::string, std::string>> parents = {{"", T(ctx, "no_parent")}};
  for (const auto& s : *sections) {
    // Neither the section itself nor its subsections can become its parent.
    if (s.id == section.id || s.path.rfind(section.path + "/", 0) == 0) continue;
    const auto depth = static_cast<std::size_t>(std::count(s.path.begin(), s.path.end(), '/'));
    parents.emplace_back(std::to_string(s.id), std::string(depth * 2, '-') + " " + s.name);
  }
  ViewData data;
  const std::string id = std::to_string(section.id);
  data.Set("save_url", "/admin/sections/" + id)
      .Set("delete_url", "/admin/sections/" + id + "/delete")
      .Set("back_url", "/admin/sections?edition=" + section.edition)
      .Set("public_url", "/" + section.edition + "/" + section.path + "/")
      .Set("uses", std::to_string(*used))
      .Set("placements_url", "/admin/placements?edition=" + section.edition + "&slot=section:" + id)
      .Flag("deletable", *used == 0);
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}},
             {"parent_id", T(ctx, "parent_section"), Get(form, "parent_id"), "select", "", false,
              parents},
             {"position",
              T(ctx, "position"),
              Get(form, "position"),
              "number",
              T(ctx, "position_help"),
              false,
              {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_form", std::move(data),
              T(ctx, "edit_section") + " · " + section.name);
}

// --- tags

Response AdminHandlers::TagsPage(const Context& ctx, int status, const std::string& asked,
                                 const Form& form, const std::string& error,
                                 const std::string& field, const std::string& notice) {
  ViewData data;
  auto edition = ChosenEdition(asked, data);
  if (!edition.ok()) return ErrorPage(ctx, edition.error());
  auto tags = catalog_->Tags(*edition);
  if (!tags.ok()) return ErrorPage(ctx, tags.error());
  for (const auto& t : *tags) {
    auto used = catalog_->TagUse(t);
    if (!used.ok()) return ErrorPage(ctx, used.error());
    ViewData row;
    row.Set("name", t.name)
        .Set("address", "/" + t.edition + "/tag/" + t.slug + "/")
        .Set("uses", std::to_string(*used))
        .Set("edit_url", "/admin/tags/" + std::to_string(t.id));
    data.Add("rows", std::move(row));
  }
  data.Flag("has_rows", !tags->empty())
      .Set("kind_heading", T(ctx, "tags"))
      .Set("create_heading", T(ctx, "new_tag"))
      .Set("create_url", "/admin/tags")
      .Set("list_url", "/admin/tags")
      .Flag("by_edition", true);
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_list", std::move(data), T(ctx, "tags"));
}

Response AdminHandlers::Tags(const Request& request) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, false)) return *refused;
  const std::string done = request.QueryParam("done");
  return TagsPage(ctx, 200, request.QueryParam("edition"), {}, "", "",
                  done.empty() ? "" : T(ctx, "catalog_" + done));
}

Response AdminHandlers::CreateTag(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  services::TagFields fields{Get(form, "edition"), Get(form, "name"), Get(form, "slug")};
  auto saved = catalog_->SaveTag(ctx.who->user, 0, fields);
  if (!saved.ok()) {
    const model::Error& e = saved.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return TagsPage(ctx, StatusForError(e.kind), fields.edition, form, ErrorText(ctx, e), e.field,
                    "");
  }
  return Response::Redirect(303, "/admin/tags?edition=" + saved->edition + "&done=created");
}

Response AdminHandlers::EntryForm(const Context& ctx, int status, const model::Tag& tag,
                                  const Form& form, const std::string& error,
                                  const std::string& field, const std::string& notice) {
  auto used = catalog_->TagUse(tag);
  if (!used.ok()) return ErrorPage(ctx, used.error());
  ViewData data;
  const std::string id = std::to_string(tag.id);
  data.Set("save_url", "/admin/tags/" + id)
      .Set("delete_url", "/admin/tags/" + id + "/delete")
      .Set("back_url", "/admin/tags?edition=" + tag.edition)
      .Set("public_url", "/" + tag.edition + "/tag/" + tag.slug + "/")
      .Set("uses", std::to_string(*used))
      .Flag("deletable", *used == 0);
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_form", std::move(data), T(ctx, "edit_tag") + " · " + tag.name);
}

// --- authors

Response AdminHandlers::AuthorsPage(const Context& ctx, int status, const Form& form,
                                    const std::string& error, const std::string& field,
                                    const std::string& notice) {
  ViewData data;
  auto authors = catalog_->Authors();
  if (!authors.ok()) return ErrorPage(ctx, authors.error());
  const std::string edition = reader_.site().default_edition;
  for (const auto& a : *authors) {
    auto used = catalog_->AuthorUse(a);
    if (!used.ok()) return ErrorPage(ctx, used.error());
    ViewData row;
    row.Set("name", a.name)
        .Set("address", "/" + edition + "/author/" + a.slug + "/")
        .Set("uses", std::to_string(*used))
        .Set("edit_url", "/admin/authors/" + std::to_string(a.id));
    data.Add("rows", std::move(row));
  }
  data.Flag("has_rows", !authors->empty())
      .Set("kind_heading", T(ctx, "authors"))
      .Set("create_heading", T(ctx, "new_author"))
      .Set("create_url", "/admin/authors")
      .Set("list_url", "/admin/authors");
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}},
             {"bio", T(ctx, "bio"), Get(form, "bio"), "textarea", "", false, {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_list", std::move(data), T(ctx, "authors"));
}

Response AdminHandlers::Authors(const Request& request) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, false)) return *refused;
  const std::string done = request.QueryParam("done");
  return AuthorsPage(ctx, 200, {}, "", "", done.empty() ? "" : T(ctx, "catalog_" + done));
}

Response AdminHandlers::CreateAuthor(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  auto saved = catalog_->SaveAuthor(ctx.who->user, 0,
                                    {Get(form, "name"), Get(form, "slug"), Get(form, "bio")});
  if (!saved.ok()) {
    const model::Error& e = saved.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return AuthorsPage(ctx, StatusForError(e.kind), form, ErrorText(ctx, e), e.field, "");
  }
  return Response::Redirect(303, "/admin/authors?done=created");
}

Response AdminHandlers::EntryForm(const Context& ctx, int status, const model::Author& author,
                                  const Form& form, const std::string& error,
                                  const std::string& field, const std::string& notice) {
  auto used = catalog_->AuthorUse(author);
  if (!used.ok()) return ErrorPage(ctx, used.error());
  ViewData data;
  const std::string id = std::to_string(author.id);
  data.Set("save_url", "/admin/authors/" + id)
      .Set("delete_url", "/admin/authors/" + id + "/delete")
      .Set("back_url", "/admin/authors")
      .Set("public_url", "/" + reader_.site().default_edition + "/author/" + author.slug + "/")
      .Set("uses", std::to_string(*used))
      .Flag("deletable", *used == 0);
  AddFields(data,
            {{"name", T(ctx, "name"), Get(form, "name"), "text", "", true, {}},
             {"slug", T(ctx, "slug"), Get(form, "slug"), "text", T(ctx, "slug_help"), false, {}},
             {"bio", T(ctx, "bio"), Get(form, "bio"), "textarea", "", false, {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "catalog_form", std::move(data),
              T(ctx, "edit_author") + " · " + author.name);
}

// --- the edit, save and delete handlers of sections, tags and authors

namespace {

template <typename T>
model::Status StatusOf(const model::Result<T>& result) {
  if (!result.ok()) return result.error();
  return model::Ok();
}

struct SectionKind {
  using Entity = model::Section;
  static constexpr std::string_view kUrl = "/admin/sections/";
  static model::Result<std::optional<Entity>> Load(services::Catalog& c, model::Id id) {
    return c.GetSection(id);
  }
  static std::map<std::string, std::string> FormOf(const Entity& s) {
    return {{"name", s.name},
            {"slug", s.slug},
            {"parent_id", s.parent_id ? std::to_string(*s.parent_id) : ""},
            {"position", std::to_string(s.position)}};
  }
  static model::Status Save(services::Catalog& c, const model::User& user, model::Id id,
                            const std::map<std::string, std::string>& form, std::string& bad) {
    const services::SectionFields fields = SectionFieldsFrom(form, bad);
    if (!bad.empty()) return model::InvalidInput("", bad);
    return StatusOf(c.SaveSection(user, id, fields));
  }
  static model::Status Delete(services::Catalog& c, const model::User& user, model::Id id) {
    return c.DeleteSection(user, id);
  }
  static std::string ListAfterDelete(const Entity& s) {
    return "/admin/sections?edition=" + s.edition + "&done=deleted";
  }
};

struct TagKind {
  using Entity = model::Tag;
  static constexpr std::string_view kUrl = "/admin/tags/";
  static model::Result<std::optional<Entity>> Load(services::Catalog& c, model::Id id) {
    return c.GetTag(id);
  }
  static std::map<std::string, std::string> FormOf(const Entity& t) {
    return {{"name", t.name}, {"slug", t.slug}};
  }
  static model::Status Save(services::Catalog& c, const model::User& user, model::Id id,
                            const std::map<std::string, std::string>& form, std::string&) {
    // A tag keeps its edition: none is passed.
    return StatusOf(c.SaveTag(user, id, {"", Get(form, "name"), Get(form, "slug")}));
  }
  static model::Status Delete(services::Catalog& c, const model::User& user, model::Id id) {
    return c.DeleteTag(user, id);
  }
  static std::string ListAfterDelete(const Entity& t) {
    return "/admin/tags?edition=" + t.edition + "&done=deleted";
  }
};

struct AuthorKind {
  using Entity = model::Author;
  static constexpr std::string_view kUrl = "/admin/authors/";
  static model::Result<std::optional<Entity>> Load(services::Catalog& c, model::Id id) {
    return c.GetAuthor(id);
  }
  static std::map<std::string, std::string> FormOf(const Entity& a) {
    return {{"name", a.name}, {"slug", a.slug}, {"bio", a.bio}};
  }
  static model::Status Save(services::Catalog& c, const model::User& user, model::Id id,
                            const std::map<std::string, std::string>& form, std::string&) {
    return StatusOf(
        c.SaveAuthor(user, id, {Get(form, "name"), Get(form, "slug"), Get(form, "bio")}));
  }
  static model::Status Delete(services::Catalog& c, const model::User& user, model::Id id) {
    return c.DeleteAuthor(user, id);
  }
  static std::string ListAfterDelete(const Entity&) { return "/admin/authors?done=deleted"; }
};

}  // namespace

template <typename Kind>
Response AdminHandlers::EditEntry(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, false)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto entry = Kind::Load(*catalog_, *id);
  if (!entry.ok()) return ErrorPage(ctx, entry.error());
  if (!*entry) return NotFound(request);
  return EntryForm(ctx, 200, **entry, Kind::FormOf(**entry), "", "",
                   request.QueryParam("saved") == "1" ? T(ctx, "saved") : "");
}

template <typename Kind>
Response AdminHandlers::SaveEntry(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto entry = Kind::Load(*catalog_, *id);
  if (!entry.ok()) return ErrorPage(ctx, entry.error());
  if (!*entry) return NotFound(request);
  std::string bad;
  if (auto saved = Kind::Save(*catalog_, ctx.who->user, *id, form, bad); !saved.ok()) {
    const model::Error& e = saved.error();
    if (!bad.empty()) return EntryForm(ctx, 400, **entry, form, T(ctx, "invalid_" + bad), bad, "");
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return EntryForm(ctx, StatusForError(e.kind), **entry, form, ErrorText(ctx, e), e.field, "");
  }
  return Response::Redirect(303, std::string(Kind::kUrl) + id_text + "?saved=1");
}

template <typename Kind>
Response AdminHandlers::DeleteEntry(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto entry = Kind::Load(*catalog_, *id);
  if (!entry.ok()) return ErrorPage(ctx, entry.error());
  if (!*entry) return NotFound(request);
  if (auto done = Kind::Delete(*catalog_, ctx.who->user, *id); !done.ok()) {
    const model::Error& e = done.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return EntryForm(ctx, StatusForError(e.kind), **entry, Kind::FormOf(**entry),
                     T(ctx, "cannot_delete") + " " + ErrorText(ctx, e), "", "");
  }
  return Response::Redirect(303, Kind::ListAfterDelete(**entry));
}

Response AdminHandlers::EditSection(const Request& request, const std::string& id) {
  return EditEntry<SectionKind>(request, id);
}
Response AdminHandlers::SaveSection(const Request& request, const std::string& id) {
  return SaveEntry<SectionKind>(request, id);
}
Response AdminHandlers::DeleteSection(const Request& request, const std::string& id) {
  return DeleteEntry<SectionKind>(request, id);
}
Response AdminHandlers::EditTag(const Request& request, const std::string& id) {
  return EditEntry<TagKind>(request, id);
}
Response AdminHandlers::SaveTag(const Request& request, const std::string& id) {
  return SaveEntry<TagKind>(request, id);
}
Response AdminHandlers::DeleteTag(const Request& request, const std::string& id) {
  return DeleteEntry<TagKind>(request, id);
}
Response AdminHandlers::EditAuthor(const Request& request, const std::string& id) {
  return EditEntry<AuthorKind>(request, id);
}
Response AdminHandlers::SaveAuthor(const Request& request, const std::string& id) {
  return SaveEntry<AuthorKind>(request, id);
}
Response AdminHandlers::DeleteAuthor(const Request& request, const std::string& id) {
  return DeleteEntry<AuthorKind>(request, id);
}

// --- editions

Response AdminHandlers::Editions(const Request& request) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, true)) return *refused;
  auto editions = catalog_->Editions();
  if (!editions.ok()) return ErrorPage(ctx, editions.error());
  ViewData data;
  for (const auto& e : *editions) {
    ViewData row;
    row.Set("code", e.code)
        .Set("name", e.name)
        .Set("language", e.language)
        .Set("locale", e.locale)
        .Set("time_zone", e.time_zone)
        .Set("position", std::to_string(e.position))
        .Set("home_url", "/" + e.code + "/")
        .Flag("is_default", e.code == reader_.site().default_edition);
    data.Add("rows", std::move(row));
  }
  return Page(ctx, 200, "editions", std::move(data), T(ctx, "editions"));
}

// --- placements

Response AdminHandlers::PlacementsPage(const Context& ctx, int status, const std::string& asked,
                                       const std::string& asked_slot, const std::string& query,
                                       const std::string& error, const std::string& notice) {
  ViewData data;
  auto edition = ChosenEdition(asked, data);
  if (!edition.ok()) return ErrorPage(ctx, edition.error());
  auto sections = catalog_->Sections(*edition);
  if (!sections.ok()) return ErrorPage(ctx, sections.error());
  std::string slot = services::kHomeSlot;
  std::string slot_label = T(ctx, "home_page");
  std::string public_url = "/" + *edition + "/";
  for (const auto& s : *sections) {
    if (services::SectionSlot(s.id) == asked_slot) {
      slot = asked_slot;
      slot_label = s.name;
      public_url = "/" + s.edition + "/" + s.path + "/";
    }
  }
  {
    ViewData option;
    option.Set("value", services::kHomeSlot)
        .Set("label", T(ctx, "home_page"))
        .Flag("selected", slot == services::kHomeSlot);
    data.Add("slots", std::move(option));
  }
  for (const auto& s : *sections) {
    const auto depth = static_cast<std::size_t>(std::count(s.path.begin(), s.path.end(), '/'));
    ViewData option;
    option.Set("value", services::SectionSlot(s.id))
        .Set("label", T(ctx, "section") + ": " + std::string(depth * 2, '-') + " " + s.name)
        .Flag("selected", slot == services::SectionSlot(s.id));
    data.Add("slots", std::move(option));
  }
  auto placed = catalog_->Placed(*edition, slot);
  if (!placed.ok()) return ErrorPage(ctx, placed.error());
  std::vector<model::Id> placed_ids;
  const std::size_t count = placed->size();
  for (std::size_t i = 0; i < count; ++i) {
    const model::Article& a = (*placed)[i];
    placed_ids.push_back(a.id);
    ViewData row;
    row.Set("id", std::to_string(a.id))
        .Set("number", std::to_string(i + 1))
        .Set("title", a.title)
        .Set("url", "/admin/articles/" + std::to_string(a.id))
        .Set("status_label", T(ctx, std::string("status_") + model::StatusName(a.status)))
        .Flag("not_public", a.status != model::ArticleStatus::kPublished)
        .Flag("first", i == 0)
        .Flag("last", i + 1 == count);
    data.Add("placed", std::move(row));
  }
  auto candidates = catalog_->Candidates(*edition, query, 20);
  if (!candidates.ok()) return ErrorPage(ctx, candidates.error());
  bool any_candidate = false;
  for (const auto& a : *candidates) {
    if (std::find(placed_ids.begin(), placed_ids.end(), a.id) != placed_ids.end()) continue;
    ViewData row;
    row.Set("id", std::to_string(a.id))
        .Set("title", a.title)
        .Set("url", "/admin/articles/" + std::to_string(a.id));
    data.Add("candidates", std::move(row));
    any_candidate = true;
  }
  data.Set("slot", slot)
      .Set("slot_label", slot_label)
      .Set("public_url", public_url)
      .Set("q", query)
      .Flag("has_placed", count > 0)
      .Flag("has_candidates", any_candidate)
      .Flag("full", static_cast<int>(count) >= services::Catalog::kMaxPlacements)
      .Set("max", std::to_string(services::Catalog::kMaxPlacements));
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "placements", std::move(data), T(ctx, "placements"));
}

Response AdminHandlers::Placements(const Request& request) {
  Context ctx = Open(request);
  if (auto refused = CatalogGate(ctx, false)) return *refused;
  return PlacementsPage(ctx, 200, request.QueryParam("edition"), request.QueryParam("slot"),
                        request.QueryParam("q"), "",
                        request.QueryParam("saved") == "1" ? T(ctx, "placements_saved") : "");
}

Response AdminHandlers::EditPlacements(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, false)) return *refused;
  const std::string edition = Get(form, "edition");
  const std::string slot = Get(form, "slot");
  const std::string action = Get(form, "action");
  using Kind = services::PlacementEdit::Kind;
  services::PlacementEdit edit;
  if (action == "add") {
    edit.kind = Kind::kAdd;
  } else if (action == "remove") {
    edit.kind = Kind::kRemove;
  } else if (action == "up") {
    edit.kind = Kind::kUp;
  } else if (action == "down") {
    edit.kind = Kind::kDown;
  } else {
    return PlacementsPage(ctx, 400, edition, slot, Get(form, "q"),
                          T(ctx, "unknown_action") + " '" + action + "'", "");
  }
  auto id = ParseId(Get(form, "article_id"));
  if (!id) {
    return PlacementsPage(ctx, 400, edition, slot, Get(form, "q"), T(ctx, "invalid_article_id"),
                          "");
  }
  edit.article_id = *id;
  if (auto done = catalog_->EditPlacements(ctx.who->user, edition, slot, edit); !done.ok()) {
    const model::Error& e = done.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return PlacementsPage(ctx, StatusForError(e.kind), edition, slot, Get(form, "q"),
                          ErrorText(ctx, e), "");
  }
  return Response::Redirect(303, "/admin/placements?edition=" + QueryEncode(edition) +
                                     "&slot=" + QueryEncode(slot) + "&saved=1");
}

// --- users

Response AdminHandlers::UsersPage(const Context& ctx, int status, const Form& form,
                                  const std::string& error, const std::string& field,
                                  const std::string& notice) {
  auto users = accounts_.ListUsers();
  if (!users.ok()) return ErrorPage(ctx, users.error());
  ViewData data;
  std::vector<std::pair<std::string, std::string>> roles;
  for (model::Role r : kRoles) {
    roles.emplace_back(model::RoleName(r), T(ctx, std::string("role_") + model::RoleName(r)));
  }
  for (const auto& u : *users) {
    ViewData row;
    row.Set("id", std::to_string(u.id))
        .Set("username", u.username)
        .Set("display_name", u.display_name)
        .Set("role_label", T(ctx, std::string("role_") + model::RoleName(u.role)))
        .Set("state", T(ctx, u.disabled ? "disabled" : "active"))
        .Flag("disabled", u.disabled)
        .Flag("is_me", u.id == ctx.who->user.id)
        .Set("csrf", ctx.who->session.csrf_token);
    for (const auto& [value, label] : roles) {
      ViewData o;
      o.Set("value", value).Set("label", label).Flag("selected", value == model::RoleName(u.role));
      row.Add("roles", std::move(o));
    }
    data.Add("users", std::move(row));
  }
  std::string role = Get(form, "role");
  if (role.empty()) role = model::RoleName(model::Role::kReporter);
  AddFields(data,
            {{"username",
              T(ctx, "username"),
              Get(form, "username"),
              "text",
              T(ctx, "username_help"),
              true,
              {}},
             {"display_name", T(ctx, "name"), Get(form, "display_name"), "text", "", false, {}},
             {"role", T(ctx, "role"), role, "select", "", false, roles},
             // A typed password is never sent back.
             {"password", T(ctx, "password"), "", "password", T(ctx, "password_help"), true, {}}},
            field);
  if (!error.empty()) data.Set("error", error);
  if (!notice.empty()) data.Set("notice", notice);
  return Page(ctx, status, "users", std::move(data), T(ctx, "users"));
}

Response AdminHandlers::Users(const Request& request) {
  Context ctx = Open(request);
  if (!ctx.who) return Response::Redirect(303, "/admin/login");
  if (!model::MayManageUsers(ctx.who->user.role)) return Message(ctx, 403, T(ctx, "forbidden"));
  std::string notice;
  if (request.QueryParam("ended") == "1") notice = T(ctx, "sessions_ended");
  const std::string done = request.QueryParam("done");
  if (!done.empty()) notice = T(ctx, "user_" + done);
  return UsersPage(ctx, 200, {}, "", "", notice);
}

Response AdminHandlers::CreateUser(const Request& request) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, true)) return *refused;
  auto role = model::ParseRole(Get(form, "role"));
  if (!role) return UsersPage(ctx, 400, form, T(ctx, "invalid_role"), "role", "");
  auto created = catalog_->CreateUser(ctx.who->user, Get(form, "username"),
                                      Get(form, "display_name"), *role, Get(form, "password"));
  if (!created.ok()) {
    const model::Error& e = created.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return UsersPage(ctx, StatusForError(e.kind), form, ErrorText(ctx, e),
                     e.kind == model::ErrorKind::kConflict ? "username" : e.field, "");
  }
  return Response::Redirect(303, "/admin/users?done=created");
}

Response AdminHandlers::SetUserRole(const Request& request, const std::string& id_text) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, true)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  auto role = model::ParseRole(Get(form, "role"));
  if (!role) return UsersPage(ctx, 400, {}, T(ctx, "invalid_role"), "", "");
  if (auto done = catalog_->SetRole(ctx.who->user, *id, *role); !done.ok()) {
    const model::Error& e = done.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return UsersPage(ctx, StatusForError(e.kind), {}, ErrorText(ctx, e), "", "");
  }
  return Response::Redirect(303, "/admin/users?done=role");
}

Response AdminHandlers::SetUserDisabled(const Request& request, const std::string& id_text,
                                        bool disabled) {
  Context ctx = Open(request);
  const Form form = ParseForm(request.body);
  if (auto refused = CatalogPost(ctx, form, true)) return *refused;
  auto id = ParseId(id_text);
  if (!id) return NotFound(request);
  if (auto done = catalog_->SetDisabled(ctx.who->user, *id, disabled); !done.ok()) {
    const model::Error& e = done.error();
    if (!IsFormError(e.kind)) return ErrorPage(ctx, e);
    return UsersPage(ctx, StatusForError(e.kind), {}, ErrorText(ctx, e), "", "");
  }
  return Response::Redirect(303,
                            disabled ? "/admin/users?done=disabled" : "/admin/users?done=enabled");
}

}  // namespace gazette::http
