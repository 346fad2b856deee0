#include "services/article_record.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <tuple>
#include <utility>

namespace gazette::services {
namespace {

namespace json = boost::json;
using model::InvalidInput;
using model::Result;

constexpr std::array<std::string_view, 5> kStatuses = {"draft", "review", "scheduled", "published",
                                                       "unpublished"};

model::Error FieldError(std::string_view field, std::string_view problem) {
  return InvalidInput("field \"" + std::string(field) + "\" " + std::string(problem),
                      std::string(field));
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int low, int high) {
  if (pos + n > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return value >= low && value <= high;
}

// Syntax only (YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)); the importer checks the calendar.
bool LooksLikeIsoDateTime(std::string_view s) {
  if (!Digits(s, 0, 4, 0, 9999) || s.size() < 17 || s[4] != '-' || !Digits(s, 5, 2, 1, 12) ||
      s[7] != '-' || !Digits(s, 8, 2, 1, 31) || s[10] != 'T' || !Digits(s, 11, 2, 0, 23) ||
      s[13] != ':' || !Digits(s, 14, 2, 0, 59)) {
    return false;
  }
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, 0, 60)) return false;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      const std::size_t start = ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return false;
    }
  }
  std::string_view zone = s.substr(pos);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && Digits(zone, 1, 2, 0, 23) &&
         zone[3] == ':' && Digits(zone, 4, 2, 0, 59);
}

// Reads an optional string field; absent and null leave `out` untouched.
model::Status OptionalString(const json::object& object, std::string_view key,
                             std::string_view field_name, std::string& out) {
  const json::value* v = object.if_contains(key);
  if (!v || v->is_null()) return model::Ok();
  if (!v->is_string()) return FieldError(field_name, "must be a string");
  out.assign(v->get_string().data(), v->get_string().size());
  return model::Ok();
}

model::Status RequiredString(const json::object& object, std::string_view key, std::string& out) {
  const json::value* v = object.if_contains(key);
  if (!v || v->is_null()) return FieldError(key, "is required");
  if (!v->is_string()) return FieldError(key, "must be a string");
  if (v->get_string().empty()) return FieldError(key, "must not be empty");
  out.assign(v->get_string().data(), v->get_string().size());
  return model::Ok();
}

model::Status StringArray(const json::object& object, std::string_view key,
                          std::vector<std::string>& out) {
  const json::value* v = object.if_contains(key);
  if (!v || v->is_null()) return model::Ok();
  if (!v->is_array()) return FieldError(key, "must be an array of strings");
  for (const json::value& item : v->get_array()) {
    if (!item.is_string()) return FieldError(key, "must be an array of strings");
    if (item.get_string().empty()) return FieldError(key, "must not contain empty strings");
    out.emplace_back(item.get_string().data(), item.get_string().size());
  }
  return model::Ok();
}

}  // namespace

Result<ArticleRecord> ParseArticleLine(std::string_view line) {
  boost::system::error_code ec;
  json::value parsed = json::parse(json::string_view(line.data(), line.size()), ec);
  if (ec) return InvalidInput("invalid JSON: " + ec.message());
  if (!parsed.is_object()) return InvalidInput("line is not a JSON object");
  const json::object& o = parsed.get_object();

  ArticleRecord r;
  r.status.clear();
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"id", &r.id},
                          {"title", &r.title},
                          {"body_html", &r.body_html},
                          {"section", &r.section}}) {
    if (model::Status s = RequiredString(o, key, *out); !s) return s.error();
  }
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"edition", &r.edition},
                          {"slug", &r.slug},
                          {"lead", &r.lead},
                          {"published_at", &r.published_at},
                          {"updated_at", &r.updated_at},
                          {"status", &r.status},
                          {"source", &r.source},
                          {"translation_of", &r.translation_of}}) {
    if (model::Status s = OptionalString(o, key, key, *out); !s) return s.error();
  }

  if (r.status.empty()) r.status = "published";
  if (std::find(kStatuses.begin(), kStatuses.end(), r.status) == kStatuses.end()) {
    return FieldError("status", "has unknown value \"" + r.status +
                                    "\" (expected draft, review, scheduled, published or "
                                    "unpublished)");
  }
  if (r.status == "published" && r.published_at.empty()) {
    return FieldError("published_at", "is required for a published article");
  }
  for (auto [key, value] :
       {std::pair<std::string_view, const std::string*>{"published_at", &r.published_at},
        {"updated_at", &r.updated_at}}) {
    if (!value->empty() && !LooksLikeIsoDateTime(*value)) {
      return FieldError(key, "is not an ISO 8601 date-time with offset: \"" + *value + "\"");
    }
  }

  if (model::Status s = StringArray(o, "tags", r.tags); !s) return s.error();
  std::string author;
  if (model::Status s = OptionalString(o, "author", "author", author); !s) return s.error();
  if (model::Status s = StringArray(o, "authors", r.authors); !s) return s.error();
  if (!author.empty()) {
    if (!r.authors.empty()) return FieldError("author", "and \"authors\" are both given; use one");
    r.authors.push_back(std::move(author));
  }

  if (const json::value* v = o.if_contains("image"); v && !v->is_null()) {
    if (!v->is_object()) return FieldError("image", "must be an object");
    const json::object& io = v->get_object();
    ImageRecord image;
    const json::value* src = io.if_contains("src");
    if (!src || !src->is_string() || src->get_string().empty()) {
      return FieldError("image.src", "is required (a non-empty string)");
    }
    image.src.assign(src->get_string().data(), src->get_string().size());
    for (auto [key, name, out] : {std::tuple<std::string_view, std::string_view, std::string*>{
                                      "caption", "image.caption", &image.caption},
                                  {"credit", "image.credit", &image.credit},
                                  {"alt", "image.alt", &image.alt}}) {
      if (model::Status s = OptionalString(io, key, name, *out); !s) return s.error();
    }
    r.image = std::move(image);
  }
  return r;
}

std::string ToJsonLine(const ArticleRecord& r) {
  json::object o;
  auto put = [&o](std::string_view key, const std::string& value) {
    if (!value.empty()) o[key] = json::string_view(value);
  };
  auto put_array = [&o](std::string_view key, const std::vector<std::string>& values) {
    json::array a;
    a.reserve(values.size());
    for (const std::string& v : values) a.emplace_back(json::string_view(v));
    o[key] = std::move(a);
  };
  put("id", r.id);
  put("edition", r.edition);
  put("title", r.title);
  put("slug", r.slug);
  put("lead", r.lead);
  put("body_html", r.body_html);
  put("section", r.section);
  if (!r.tags.empty()) put_array("tags", r.tags);
  if (r.authors.size() == 1) {
    put("author", r.authors.front());
  } else if (r.authors.size() > 1) {
    put_array("authors", r.authors);
  }
  put("published_at", r.published_at);
  put("updated_at", r.updated_at);
  put("status", r.status);
  put("source", r.source);
  if (r.image) {
    json::object image;
    for (auto [key, value] : {std::pair<std::string_view, const std::string*>{"src", &r.image->src},
                              {"caption", &r.image->caption},
                              {"credit", &r.image->credit},
                              {"alt", &r.image->alt}}) {
      if (!value->empty()) image[key] = json::string_view(*value);
    }
    o["image"] = std::move(image);
  }
  put("translation_of", r.translation_of);
  return json::serialize(o);
}

}  // namespace gazette::services
