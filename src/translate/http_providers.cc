#include "translate/http_providers.h"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <cctype>
#include <memory>
#include <mutex>

namespace gazette::translate {
namespace {

namespace json = boost::json;

struct HttpAnswer {
  long status = 0;
  std::string body;
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string Join(const std::string& base, std::string_view path) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(path);
}

model::Result<HttpAnswer> Post(const std::string& url, const std::string& body,
                               const std::string& content_type, long timeout_seconds) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return model::Internal("cannot start an HTTP client");
  HttpAnswer answer;
  const std::string header = "Content-Type: " + content_type;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      curl_slist_append(nullptr, header.c_str()), curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    return model::Unavailable("translation service " + url + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

std::string FormEscape(std::string_view value) {
  std::string out;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

model::Result<json::value> ParseJson(const std::string& body, const std::string& who) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) {
    return model::Unavailable(who + " answered something that is not JSON: " + body.substr(0, 200));
  }
  return value;
}

}  // namespace

ApyProvider::ApyProvider(HttpProviderOptions options) : options_(std::move(options)) {}

model::Result<std::vector<std::string>> ApyProvider::TranslateHtml(
    const std::vector<std::string>& fragments, std::string_view source, std::string_view target) {
  std::vector<std::string> out;
  const std::string pair = Iso639_3(source) + "|" + Iso639_3(target);
  for (const auto& fragment : fragments) {
    const std::string body =
        "langpair=" + FormEscape(pair) + "&markUnknown=no&q=" + FormEscape(fragment);
    GAZETTE_ASSIGN_OR_RETURN(auto answer,
                             Post(Join(options_.url, "/translate"), body,
                                  "application/x-www-form-urlencoded", options_.timeout_seconds));
    GAZETTE_ASSIGN_OR_RETURN(auto value, ParseJson(answer.body, "APy"));
    const json::object* object = value.if_object();
    const json::value* data = object ? object->if_contains("responseData") : nullptr;
    const json::value* text =
        data && data->is_object() ? data->as_object().if_contains("translatedText") : nullptr;
    if (answer.status != 200 || text == nullptr || !text->is_string()) {
      std::string why;
      if (object) {
        if (const auto* e = object->if_contains("explanation"); e && e->is_string()) {
          why = std::string(e->as_string());
        }
      }
      if (answer.status == 400) {
        return model::InvalidInput("APy has no " + std::string(source) + "\u2192" +
                                       std::string(target) + " translation pair" +
                                       (why.empty() ? "" : ": " + why),
                                   "to");
      }
      return model::Unavailable("APy answered HTTP " + std::to_string(answer.status) +
                                (why.empty() ? "" : ": " + why));
    }
    out.emplace_back(text->as_string());
  }
  return out;
}

LibreTranslateProvider::LibreTranslateProvider(HttpProviderOptions options)
    : options_(std::move(options)) {}

model::Result<std::vector<std::string>> LibreTranslateProvider::TranslateHtml(
    const std::vector<std::string>& fragments, std::string_view source, std::string_view target) {
  if (fragments.empty()) return std::vector<std::string>{};
  json::object request;
  json::array q;
  for (const auto& f : fragments) q.emplace_back(f);
  request["q"] = std::move(q);
  request["source"] = source;
  request["target"] = target;
  request["format"] = "html";
  if (!options_.api_key.empty()) request["api_key"] = options_.api_key;
  GAZETTE_ASSIGN_OR_RETURN(auto answer,
                           Post(Join(options_.url, "/translate"), json::serialize(request),
                                "application/json", options_.timeout_seconds));
  GAZETTE_ASSIGN_OR_RETURN(auto value, ParseJson(answer.body, "The translation service"));
  const json::object* object = value.if_object();
  if (answer.status != 200 || object == nullptr) {
    std::string why;
    if (object) {
      if (const auto* e = object->if_contains("error"); e && e->is_string()) {
        why = std::string(e->as_string());
      }
    }
    if (answer.status == 400) {
      return model::InvalidInput("the translation service refused " + std::string(source) +
                                     "\u2192" + std::string(target) +
                                     (why.empty() ? "" : ": " + why),
                                 "to");
    }
    if (answer.status == 401 || answer.status == 403) {
      return model::Unavailable("the translation service refused the API key" +
                                (why.empty() ? "" : ": " + why));
    }
    return model::Unavailable("the translation service answered HTTP " +
                              std::to_string(answer.status) + (why.empty() ? "" : ": " + why));
  }
  const json::value* text = object->if_contains("translatedText");
  std::vector<std::string> out;
  if (text && text->is_array()) {
    for (const auto& t : text->as_array()) {
      if (!t.is_string()) break;
      out.emplace_back(t.as_string());
    }
  } else if (text && text->is_string() && fragments.size() == 1) {
    out.emplace_back(text->as_string());
  }
  if (out.size() != fragments.size()) {
    return model::Unavailable("the translation service returned " + std::to_string(out.size()) +
                              " texts for " + std::to_string(fragments.size()));
  }
  return out;
}

}  // namespace gazette::translate
