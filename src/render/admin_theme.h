// The newsroom admin's pages: Mustache templates in their own folder (themes/admin), with
// partials and messages/<language>.json catalogs like a public theme. The http layer builds a
// ViewData tree per page; every string is escaped by the template unless the template uses
// triple braces (the admin templates never do).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/result.h"

namespace gazette::render {

// A template's data: named strings, flags and lists of nested data, in insertion order.
class ViewData {
 public:
  ViewData& Set(std::string key, std::string value);
  ViewData& Flag(std::string key, bool value = true);
  ViewData& Nest(std::string key, ViewData value);  // an object (a section shown once)
  ViewData& Add(std::string key, ViewData item);    // appends to the list `key`

  const std::vector<std::pair<std::string, std::string>>& strings() const { return strings_; }
  const std::vector<std::pair<std::string, bool>>& flags() const { return flags_; }
  const std::vector<std::pair<std::string, std::vector<ViewData>>>& lists() const { return lists_; }
  const std::vector<std::pair<std::string, ViewData>>& objects() const { return objects_; }

 private:
  std::vector<std::pair<std::string, std::string>> strings_;
  std::vector<std::pair<std::string, bool>> flags_;
  std::vector<std::pair<std::string, std::vector<ViewData>>> lists_;
  std::vector<std::pair<std::string, ViewData>> objects_;
};

class AdminTheme {
 public:
  // Loads every template of `dir` (partials from dir/partials, catalogs from dir/messages).
  // kInvalidInput for a missing folder, a template that does not parse, or a missing page.
  static model::Result<std::unique_ptr<AdminTheme>> Load(const std::string& dir);
  virtual ~AdminTheme() = default;

  // Renders template `name` with `data` plus `t` (the catalog of `language`, "fr" or "en",
  // English for anything else) and `lang`.
  virtual std::string Render(const std::string& name, const ViewData& data,
                             const std::string& language) const = 0;
  // One message of a catalog ("" when unknown).
  virtual std::string Message(const std::string& key, const std::string& language) const = 0;
  // Folder of the admin's static assets (CSS), served under /admin/assets/.
  virtual const std::string& AssetsDir() const = 0;
};

}  // namespace gazette::render
