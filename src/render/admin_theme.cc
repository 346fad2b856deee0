#include "render/admin_theme.h"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <unordered_map>

#include "render/messages.h"

namespace gazette::render {

namespace {

namespace fs = std::filesystem;
using Template = kainjow::mustache::mustache;
using Data = kainjow::mustache::data;

constexpr const char* kRequired[] = {"login",     "dashboard", "articles", "article_form",
                                     "revisions", "message",   "users",    "audit"};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Inlines "{{> name}}" one level deep (admin partials do not nest).
model::Result<std::string> Expand(const std::string& text,
                                  const std::unordered_map<std::string, std::string>& partials,
                                  const std::string& file) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open);
    if (close == std::string::npos) return model::InvalidInput("unclosed partial in " + file);
    std::string name = text.substr(open + 3, close - open - 3);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto it = partials.find(name);
    if (it == partials.end())
      return model::InvalidInput("unknown partial '" + name + "' in " + file);
    out.append(text, pos, open - pos);
    out += it->second;
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

Data ToData(const ViewData& view) {
  Data d{Data::type::object};
  for (const auto& [k, v] : view.strings()) d.set(k, v);
  for (const auto& [k, v] : view.flags())
    d.set(k, v ? Data::type::bool_true : Data::type::bool_false);
  for (const auto& [k, v] : view.objects()) d.set(k, ToData(v));
  for (const auto& [k, items] : view.lists()) {
    Data list{Data::type::list};
    for (const auto& item : items) list.push_back(ToData(item));
    d.set(k, list);
  }
  return d;
}

class MustacheAdminTheme final : public AdminTheme {
 public:
  MustacheAdminTheme(std::unordered_map<std::string, std::unique_ptr<Template>> templates,
                     Messages messages, std::string assets)
      : templates_(std::move(templates)),
        messages_(std::move(messages)),
        assets_(std::move(assets)) {}

  std::string Render(const std::string& name, const ViewData& view,
                     const std::string& language) const override {
    auto it = templates_.find(name);
    if (it == templates_.end()) return {};
    Data data = ToData(view);
    Data t{Data::type::object};
    for (const auto& [k, v] : messages_.For(Lang(language))) t.set(k, v);
    data.set("t", t);
    data.set("lang", Lang(language));
    std::string out;
    it->second->render(data, [&out](const std::string& s) { out += s; });
    return out;
  }

  std::string Message(const std::string& key, const std::string& language) const override {
    const auto& catalog = messages_.For(Lang(language));
    auto it = catalog.find(key);
    return it == catalog.end() ? std::string() : it->second;
  }

  const std::string& AssetsDir() const override { return assets_; }

 private:
  static std::string Lang(const std::string& language) { return language == "fr" ? "fr" : "en"; }

  std::unordered_map<std::string, std::unique_ptr<Template>> templates_;
  Messages messages_;
  std::string assets_;
};

}  // namespace

ViewData& ViewData::Set(std::string key, std::string value) {
  strings_.emplace_back(std::move(key), std::move(value));
  return *this;
}

ViewData& ViewData::Flag(std::string key, bool value) {
  flags_.emplace_back(std::move(key), value);
  return *this;
}

ViewData& ViewData::Nest(std::string key, ViewData value) {
  objects_.emplace_back(std::move(key), std::move(value));
  return *this;
}

ViewData& ViewData::Add(std::string key, ViewData item) {
  for (auto& [k, list] : lists_) {
    if (k == key) {
      list.push_back(std::move(item));
      return *this;
    }
  }
  lists_.emplace_back(std::move(key), std::vector<ViewData>{std::move(item)});
  return *this;
}

model::Result<std::unique_ptr<AdminTheme>> AdminTheme::Load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return model::InvalidInput("admin theme folder not found: " + dir);
  std::unordered_map<std::string, std::string> partials;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "partials", ec)) {
    if (entry.path().extension() == ".mustache") {
      partials.emplace(entry.path().stem().string(), ReadAll(entry.path()));
    }
  }
  std::unordered_map<std::string, std::unique_ptr<Template>> templates;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache" || !entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    auto expanded = Expand(ReadAll(entry.path()), partials, file);
    if (!expanded) return expanded.error();
    auto tmpl = std::make_unique<Template>(*expanded);
    if (!tmpl->is_valid()) {
      return model::InvalidInput("template " + file + " does not parse: " + tmpl->error_message());
    }
    templates.emplace(entry.path().stem().string(), std::move(tmpl));
  }
  for (const char* name : kRequired) {
    if (templates.find(name) == templates.end()) {
      return model::InvalidInput("admin theme " + dir + " has no " + name + ".mustache");
    }
  }
  auto messages = Messages::Load((fs::path(dir) / "messages").string());
  if (!messages) return messages.error();
  return std::unique_ptr<AdminTheme>(std::make_unique<MustacheAdminTheme>(
      std::move(templates), std::move(*messages), (fs::path(dir) / "assets").string()));
}

}  // namespace gazette::render
