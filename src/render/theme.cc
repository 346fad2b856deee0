#include "render/theme.h"

#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <kainjow/mustache.hpp>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "model/site_paths.h"
#include "render/escape.h"
#include "render/messages.h"
#include "render/page_data.h"

namespace gazette::render {
namespace {

namespace fs = std::filesystem;
using Template = kainjow::mustache::mustache;

constexpr int kMaxPartialDepth = 16;
constexpr const char* kRequired[] = {"home", "article", "listing", "not_found"};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// Partials are inlined once at load: kainjow/mustache would otherwise re-parse a partial's
// text every time it is rendered (once per card in a list).
model::Result<std::string> ExpandPartials(
    const std::string& text, const std::unordered_map<std::string, std::string>& partials,
    const std::string& file, int depth) {
  if (depth > kMaxPartialDepth) {
    return model::InvalidInput("partials nest too deeply (recursive?) in " + file);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open);
    if (close == std::string::npos) {
      return model::InvalidInput("unclosed partial tag in " + file);
    }
    const std::string name = Trim(text.substr(open + 3, close - open - 3));
    auto it = partials.find(name);
    if (it == partials.end()) {
      return model::InvalidInput("unknown partial '" + name + "' in " + file);
    }
    auto expanded = ExpandPartials(it->second, partials, "partials/" + name, depth + 1);
    if (!expanded) return expanded.error();
    out.append(text, pos, open - pos);
    out += *expanded;
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// The characters kainjow's html_escape replaces.
constexpr char kHtmlSpecial[] = "&<>\"'";

// The position of the next character of kHtmlSpecial in `s` from `i`, or s.size(). strcspn
// tests many bytes per step (glibc's vector versions); it stops at a NUL, which text may hold.
std::size_t NextHtmlSpecial(const std::string& s, std::size_t i) {
  while (i < s.size()) {
    i += std::strcspn(s.c_str() + i, kHtmlSpecial);
    if (i >= s.size() || s[i] != '\0') return i;
    ++i;
  }
  return s.size();
}

// kainjow's html_escape (the same five entities) without its append per character: most
// values have nothing to escape and are copied whole.
std::string MustacheEscape(const std::string& s) {
  std::size_t i = NextHtmlSpecial(s, 0);
  if (i == s.size()) return s;
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t done = 0;
  for (; i < s.size(); i = NextHtmlSpecial(s, i + 1)) {
    out.append(s, done, i - done);
    switch (s[i]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&apos;";
        break;
    }
    done = i + 1;
  }
  out.append(s, done, std::string::npos);
  return out;
}

// kainjow's context, minus its costs: it splits every dotted name ({{t.key}}) through a
// stringstream and inserts each pushed layer at the front of a vector. Same lookup rules:
// the innermost layer that has the first name wins, the rest is looked up inside it.
class Context final : public kainjow::mustache::basic_context<std::string> {
 public:
  // Stand-ins: list items that are entered as other data (shared cards, see CardStandIns).
  using StandIns = std::vector<std::pair<const Data*, const Data*>>;
  explicit Context(const StandIns& stand_ins) : stand_ins_(stand_ins) {}

  void push(const Data* data) override {
    for (const auto& [stand_in, card] : stand_ins_) {
      if (stand_in == data) {
        data = card;
        break;
      }
    }
    layers_.push_back(data);
  }
  void pop() override { layers_.pop_back(); }

  const Data* get(const std::string& name) const override {
    if (name.size() == 1 && name[0] == '.') return layers_.back();
    const auto dot = name.find('.');
    if (dot == std::string::npos) return get_partial(name);
    for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
      const Data* var = *layer;
      std::size_t start = 0;
      while (var != nullptr) {
        const auto end = name.find('.', start);
        part_.assign(name, start, end == std::string::npos ? std::string::npos : end - start);
        var = var->get(part_);
        if (end == std::string::npos) break;
        start = end + 1;
      }
      if (var != nullptr) return var;
    }
    return nullptr;
  }

  const Data* get_partial(const std::string& name) const override {
    for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
      if (const Data* var = (*layer)->get(name)) return var;
    }
    return nullptr;
  }

 private:
  const StandIns& stand_ins_;
  std::vector<const Data*> layers_;
  mutable std::string part_;  // one render uses a context from one thread
};

// What kainjow's render(context, stream) writes to: the page being built.
struct Sink {
  std::string& out;
  Sink& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

// Layers that many pages share (the edition layer with the "latest" box), built once and used
// again while the values they are built from stay equal. Each entry keeps a copy of those
// values and a page takes an entry only when its own values compare equal to it, so an entry
// cannot go stale: a renamed section, a new article or a changed site name simply misses
// and builds a new entry. The least recently used entries go first.
template <typename Key>
class LayerCache {
 public:
  // The layer for the values `matches` accepts; built by `build` and stored with the key
  // `make_key` returns when no entry matches.
  template <typename Matches, typename MakeKey, typename Build>
  std::shared_ptr<const Data> Get(Matches&& matches, MakeKey&& make_key, Build&& build) const {
    {
      std::lock_guard lock(mu_);
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (!matches(it->key)) continue;
        if (it != entries_.begin()) entries_.splice(entries_.begin(), entries_, it);
        return entries_.front().data;
      }
    }
    auto data = std::make_shared<const Data>(build());
    std::lock_guard lock(mu_);
    entries_.push_front(Entry{make_key(), data});
    if (entries_.size() > kMaxEntries) entries_.pop_back();
    return data;
  }

 private:
  // A few per edition, menu entry and latest box: every variant of a large site fits.
  static constexpr std::size_t kMaxEntries = 128;
  struct Entry {
    Key key;
    std::shared_ptr<const Data> data;
  };
  mutable std::mutex mu_;
  mutable std::list<Entry> entries_;
};

struct EditionKey {
  const Messages::Catalog* t = nullptr;
  model::Edition edition;
  std::vector<bool> current;
  std::optional<std::vector<model::ArticleCard>> latest;
  std::vector<model::Section> sections;
  model::SiteInfo site;
};

// Cards' data kept between pages: a card is built once and shown on every page that lists
// the same article with equal values (compared with ==, like the edition layers).
class CardCache {
 public:
  std::shared_ptr<const Data> Get(const model::Edition& edition,
                                  const model::ArticleCard& card) const {
    {
      std::lock_guard lock(mu_);
      if (auto it = cards_.find(card.article.id); it != cards_.end()) {
        for (const auto& entry : it->second) {
          if (entry.card == card && entry.edition == edition) return entry.data;
        }
      }
    }
    auto data = std::make_shared<const Data>(CardData(edition, card));
    std::lock_guard lock(mu_);
    if (count_ >= kMaxCards) {
      cards_.clear();
      count_ = 0;
    }
    auto& versions = cards_[card.article.id];
    if (versions.size() >= kMaxVersions) {
      versions.erase(versions.begin());
    } else {
      ++count_;
    }
    versions.push_back(Entry{edition, card, data});
    return data;
  }

 private:
  static constexpr std::size_t kMaxCards = 4096;
  static constexpr std::size_t kMaxVersions = 4;  // per article: editions' previews, edits
  struct Entry {
    model::Edition edition;
    model::ArticleCard card;
    std::shared_ptr<const Data> data;
  };
  mutable std::mutex mu_;
  mutable std::unordered_map<model::Id, std::vector<Entry>> cards_;
  mutable std::size_t count_ = 0;
};

// One page's lists of cards: each item a stand-in (a bare `true`) that the context replaces by
// the card's shared data when a template enters it. Stand-ins are only list items, which a
// template can reach only by entering the list, never by a dotted name.
class CardStandIns {
 public:
  explicit CardStandIns(const CardCache& cache) : cache_(cache) {}

  Data List(const model::Edition& edition, const std::vector<model::ArticleCard>& cards) {
    Data list(Data::type::list);
    auto& items = const_cast<std::vector<Data>&>(list.list_value());
    items.reserve(cards.size());  // no reallocation below: the stand-ins' addresses stay
    for (const auto& card : cards) {
      items.emplace_back(true);
      kept_.push_back(cache_.Get(edition, card));
      pairs_.emplace_back(&items.back(), kept_.back().get());
    }
    return list;  // moving a list moves its vector's owner, not the items
  }
  CardList Maker() {
    return [this](const model::Edition& edition, const std::vector<model::ArticleCard>& cards) {
      return List(edition, cards);
    };
  }
  const Context::StandIns& pairs() const { return pairs_; }

 private:
  const CardCache& cache_;
  std::vector<std::shared_ptr<const Data>> kept_;
  Context::StandIns pairs_;
};

std::string LastSegment(const std::string& path) {
  std::string p = path;
  while (!p.empty() && p.back() == '/') p.pop_back();
  const auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

class MustacheTheme final : public Theme {
 public:
  MustacheTheme(std::unordered_map<std::string, std::unique_ptr<Template>> templates,
                Messages messages, std::string assets_dir)
      : templates_(std::move(templates)),
        messages_(std::move(messages)),
        assets_dir_(std::move(assets_dir)) {}

  std::string RenderHome(const model::SiteInfo& site, const model::HomePage& page) const override {
    const auto& t = messages_.For(Language(page.edition));
    const auto edition = EditionLayer(site, page.edition, t, page.sections, "", &page.latest);
    CardStandIns cards(cards_);
    const Data data = HomePageData(site, page, cards.Maker());
    return Render({"home-" + page.edition.code, "home"}, {edition.get(), &data}, cards.pairs());
  }

  std::string RenderArticle(const model::SiteInfo& site,
                            const model::ArticlePage& page) const override {
    const auto& t = messages_.For(Language(page.edition));
    std::vector<std::string> names{"article-" + page.card.article.slug};
    if (!page.card.section_chain.empty()) {
      names.push_back("article-" + page.card.section_chain.back().slug);
    }
    names.push_back("article");
    const auto edition =
        EditionLayer(site, page.edition, t, page.sections, CardPath(page.card), &page.latest);
    CardStandIns cards(cards_);
    const Data data = ArticlePageData(site, page, t, cards.Maker());
    return Render(names, {edition.get(), &data}, cards.pairs());
  }

  std::string RenderListing(const model::SiteInfo& site,
                            const model::ListingPage& page) const override {
    const auto& t = messages_.For(Language(page.edition));
    std::string kind = "section";
    std::string slug;
    switch (page.kind) {
      case model::ListingPage::Kind::kSection:
        slug = page.section_chain.empty() ? LastSegment(page.path) : page.section_chain.back().slug;
        break;
      case model::ListingPage::Kind::kTag:
        kind = "tag";
        slug = LastSegment(page.path);
        break;
      case model::ListingPage::Kind::kAuthor:
        kind = "author";
        slug = LastSegment(page.path);
        break;
    }
    const auto edition = EditionLayer(site, page.edition, t, page.sections, page.path);
    CardStandIns cards(cards_);
    const Data data = ListingPageData(site, page, t, cards.Maker());
    return Render({kind + "-" + slug, kind, "listing"}, {edition.get(), &data}, cards.pairs());
  }

  std::string RenderSearch(const model::SiteInfo& site,
                           const model::SearchPage& page) const override {
    const auto& t = messages_.For(Language(page.edition));
    const auto edition = EditionLayer(site, page.edition, t, page.sections,
                                      model::EditionPath(page.edition.code) + "search");
    const Data data = SearchPageData(site, page, t);
    std::string html = Render({"search"}, {edition.get(), &data});
    if (!html.empty()) return html;
    // Themes written before search have no search.mustache: a plain page still works.
    html = "<!doctype html>\n<html lang=\"" + EscapeHtml(Language(page.edition)) +
           "\"><meta charset=\"utf-8\"><title>" + EscapeHtml(site.name) + "</title><ol>\n";
    for (const auto& item : page.items) {
      html += "<li><a href=\"" + EscapeHtml(CardPath(item.card)) + "\">" + MarkedHtml(item.title) +
              "</a><p>" + MarkedHtml(item.snippet) + "</p></li>\n";
    }
    return html + "</ol>\n";
  }

  std::string RenderNotFound(const model::SiteInfo& site,
                             const model::Edition& edition) const override {
    const auto& t = messages_.For(Language(edition));
    const auto layer = EditionLayer(site, edition, t, {}, "");
    const Data data = NotFoundPageData(site, edition, t);
    return Render({"not_found"}, {layer.get(), &data});
  }

  const std::string& AssetsDir() const override { return assets_dir_; }

 private:
  static std::string Language(const model::Edition& e) {
    return e.language.empty() ? e.code : e.language;
  }

  // Parsed templates are only read while rendering (no partials or lambdas are left to
  // parse or record errors), so concurrent renders of one template are safe. `layers` go
  // from the bottom to the top (page_data.h).
  std::string Render(const std::vector<std::string>& names,
                     std::initializer_list<const Data*> layers,
                     const Context::StandIns& stand_ins = {}) const {
    for (const auto& name : names) {
      auto it = templates_.find(name);
      if (it == templates_.end()) continue;
      Context context(stand_ins);
      for (const Data* layer : layers) context.push(layer);
      std::string out;
      out.reserve(48 * 1024);
      Sink sink{out};
      it->second->render(context, sink);
      return out;
    }
    return {};
  }

  // The edition layer of a page at `path`, with the latest box when `latest` is given.
  std::shared_ptr<const Data> EditionLayer(
      const model::SiteInfo& site, const model::Edition& edition, const Messages::Catalog& t,
      const std::vector<model::Section>& sections, const std::string& path,
      const std::vector<model::ArticleCard>* latest = nullptr) const {
    const std::vector<bool> current = MenuCurrent(edition, sections, path);
    return edition_layers_.Get(
        [&](const EditionKey& k) {
          return k.t == &t && k.edition == edition && k.current == current &&
                 k.latest.has_value() == (latest != nullptr) && (!latest || *k.latest == *latest) &&
                 k.sections == sections && k.site == site;
        },
        [&] {
          EditionKey key{&t, edition, current, std::nullopt, sections, site};
          if (latest) key.latest = *latest;
          return key;
        },
        [&] { return EditionData(site, edition, t, sections, current, latest); });
  }

  std::unordered_map<std::string, std::unique_ptr<Template>> templates_;
  Messages messages_;
  std::string assets_dir_;
  LayerCache<EditionKey> edition_layers_;
  CardCache cards_;
};

}  // namespace

model::Result<std::unique_ptr<Theme>> Theme::Load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return model::InvalidInput("theme folder not found: " + dir);

  std::unordered_map<std::string, std::string> partials;
  const fs::path partials_dir = fs::path(dir) / "partials";
  if (fs::is_directory(partials_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(partials_dir, ec)) {
      if (entry.path().extension() != ".mustache") continue;
      partials.emplace(entry.path().stem().string(), ReadAll(entry.path()));
    }
  }

  std::unordered_map<std::string, std::unique_ptr<Template>> templates;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache" || !entry.is_regular_file()) continue;
    const std::string file = entry.path().filename().string();
    auto expanded = ExpandPartials(ReadAll(entry.path()), partials, file, 0);
    if (!expanded) return expanded.error();
    auto tmpl = std::make_unique<Template>(*expanded);
    if (!tmpl->is_valid()) {
      return model::InvalidInput("template " + file + " does not parse: " + tmpl->error_message());
    }
    tmpl->set_custom_escape(MustacheEscape);
    templates.emplace(entry.path().stem().string(), std::move(tmpl));
  }
  if (ec) return model::InvalidInput("cannot read theme folder " + dir + ": " + ec.message());
  for (const char* name : kRequired) {
    if (templates.find(name) == templates.end()) {
      return model::InvalidInput("theme " + dir + " has no " + name + ".mustache");
    }
  }

  auto messages = Messages::Load((fs::path(dir) / "messages").string());
  if (!messages) return messages.error();
  return std::unique_ptr<Theme>(std::make_unique<MustacheTheme>(
      std::move(templates), std::move(*messages), (fs::path(dir) / "assets").string()));
}

std::string Theme::RenderSearchJson(const model::SiteInfo& site, const model::SearchPage& page) {
  boost::json::object out;
  out["edition"] = page.edition.code;
  out["available"] = page.available;
  out["query"] = page.query;
  out["sort"] = page.sort;
  out["total"] = page.total;
  out["total_capped"] = page.total_capped;
  out["page"] = page.page;
  out["page_count"] = page.page_count;
  boost::json::array suggestions;
  for (const auto& s : page.suggestions) suggestions.emplace_back(s);
  out["suggestions"] = std::move(suggestions);
  boost::json::array results;
  for (const auto& item : page.items) {
    const auto& a = item.card.article;
    boost::json::object r;
    r["id"] = a.id;
    r["title"] = a.title;
    r["url"] = AbsoluteUrl(site, CardPath(item.card));
    r["path"] = CardPath(item.card);
    r["lead"] = a.lead;
    r["published_at"] = a.published_at.value_or(0);
    r["section"] = item.card.section_chain.empty() ? "" : item.card.section_chain.back().name;
    r["title_html"] = MarkedHtml(item.title);
    r["snippet_html"] = MarkedHtml(item.snippet);
    results.emplace_back(std::move(r));
  }
  out["results"] = std::move(results);
  return boost::json::serialize(out);
}

}  // namespace gazette::render
