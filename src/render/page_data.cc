#include "render/page_data.h"

#include <algorithm>

#include "model/site_paths.h"
#include "render/dates.h"
#include "render/escape.h"

namespace gazette::render {
namespace {

using model::ArticleCard;
using model::Edition;
using model::Section;
using model::SiteInfo;

// An update shown as "updated" must be later than publication by more than routine fixes.
constexpr model::UnixSeconds kMeaningfulUpdate = 10 * 60;
constexpr const char* kArticleImageSizes = "(min-width: 60em) 45rem, 100vw";
constexpr const char* kCardImageSizes = "(min-width: 60em) 20rem, 100vw";

// kainjow's data can only be built by copies: set and push_back copy their argument (deeply,
// for lists and objects), and a list's vector copies every element again when it grows
// (basic_data's move constructor is not noexcept). A page's view data would be copied once
// per level of nesting. These move values into place instead, into lists whose room is
// reserved up front.
std::vector<Data>& Items(Data& list) { return const_cast<std::vector<Data>&>(list.list_value()); }

Data List(std::size_t capacity = 16) {
  Data list(Data::type::list);
  Items(list).reserve(capacity);
  return list;
}

// One hash of the key, one node: kainjow's set() finds, erases and inserts a copy.
void Set(Data& object, const std::string& key, Data value) { object[key] = std::move(value); }

void Push(Data& list, Data value) { Items(list).push_back(std::move(value)); }

const std::string& Text(const Messages::Catalog& t, const std::string& key) {
  static const std::string kEmpty;
  auto it = t.find(key);
  return it == t.end() ? kEmpty : it->second;
}

std::string Lang(const Edition& edition) {
  return edition.language.empty() ? edition.code : edition.language;
}

model::UnixSeconds PublishedAt(const model::Article& a) {
  if (a.published_at) return *a.published_at;
  return a.updated_at != 0 ? a.updated_at : a.created_at;
}

Data Feed(const std::string& title, const std::string& base_path) {
  Data feeds = List();
  Data rss;
  Set(rss, "type", "application/rss+xml");
  Set(rss, "title", title + " (RSS)");
  Set(rss, "href", base_path + "feed.xml");
  Push(feeds, std::move(rss));
  Data atom;
  Set(atom, "type", "application/atom+xml");
  Set(atom, "title", title + " (Atom)");
  Set(atom, "href", base_path + "atom.xml");
  Push(feeds, std::move(atom));
  return feeds;
}

void AppendFeeds(Data& target, const Data& more) {
  for (const auto& feed : more.list_value()) Push(target, feed);
}

Data ImageData(const model::Media& media, const char* sizes) {
  Data d;
  const std::string src = model::MediaPath(media.file);
  Set(d, "src", src);
  Set(d, "alt", media.alt);
  Set(d, "caption", media.caption);
  Set(d, "credit", media.credit);
  Set(d, "has_caption", !media.caption.empty() || !media.credit.empty());
  Set(d, "has_credit", !media.credit.empty());
  if (media.width > 0 && media.height > 0) {
    Set(d, "width", std::to_string(media.width));
    Set(d, "height", std::to_string(media.height));
    Set(d, "has_size", true);
  }
  if (!media.rendition_widths.empty()) {
    const auto slash = src.rfind('/');
    const auto dot = src.rfind('.');
    const std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash)
                                 ? src.substr(0, dot)
                                 : src;
    std::vector<int> widths = media.rendition_widths;
    std::sort(widths.begin(), widths.end());
    std::string webp;
    std::string jpg;
    for (int w : widths) {
      const std::string suffix = "-" + std::to_string(w);
      if (!webp.empty()) webp += ", ", jpg += ", ";
      webp += stem + suffix + ".webp " + std::to_string(w) + "w";
      jpg += stem + suffix + ".jpg " + std::to_string(w) + "w";
    }
    Set(d, "srcset_webp", webp);
    Set(d, "srcset_jpg", jpg);
    Set(d, "sizes", sizes);
    Set(d, "has_renditions", true);
  }
  return d;
}

const Section* LastSection(const ArticleCard& card) {
  return card.section_chain.empty() ? nullptr : &card.section_chain.back();
}

Data BuildCard(const Edition& edition, const ArticleCard& card) {
  Data d;
  const auto& a = card.article;
  Set(d, "title", a.title);
  Set(d, "url", CardPath(card));
  Set(d, "lead", a.lead);
  const auto when = PublishedAt(a);
  Set(d, "date_iso", FormatIso8601InZone(when, edition.time_zone));
  Set(d, "date", FormatLocalized(when, edition.locale, edition.time_zone, DateStyle::kMedium));
  if (const Section* s = LastSection(card)) {
    Set(d, "section_name", s->name);
    Set(d, "section_url",
        model::SectionPath(a.edition.empty() ? edition.code : a.edition, s->path));
    Set(d, "has_section", true);
  }
  if (card.image) {
    Set(d, "image", ImageData(*card.image, kCardImageSizes));
    Set(d, "has_image", true);
  }
  return d;
}

Data BuildCards(const Edition& edition, const std::vector<ArticleCard>& cards) {
  Data list = List(cards.size());
  for (const auto& card : cards) Push(list, BuildCard(edition, card));
  return list;
}

Data Meta(const char* key_name, const std::string& key, const std::string& content) {
  Data d;
  Set(d, key_name, key);
  Set(d, "content", content);
  return d;
}

// The edition's menu: its top-level sections by position.
std::vector<const Section*> MenuSections(const std::vector<Section>& sections) {
  std::vector<const Section*> top;
  for (const auto& s : sections) {
    if (!s.parent_id) top.push_back(&s);
  }
  std::stable_sort(top.begin(), top.end(),
                   [](const Section* a, const Section* b) { return a->position < b->position; });
  return top;
}

Data Crumb(const std::string& name, const std::string& url, int position) {
  Data d;
  Set(d, "name", name);
  Set(d, "url", url);
  Set(d, "position", std::to_string(position));
  return d;
}

std::string PagePath(const std::string& path, int page) {
  return page <= 1 ? path : path + "?page=" + std::to_string(page);
}

}  // namespace

Data CardData(const Edition& edition, const ArticleCard& card) { return BuildCard(edition, card); }

Data CardsData(const Edition& edition, const std::vector<ArticleCard>& cards) {
  return BuildCards(edition, cards);
}

std::vector<bool> MenuCurrent(const Edition& edition, const std::vector<Section>& sections,
                              const std::string& path) {
  std::vector<bool> current;
  for (const Section* s : MenuSections(sections)) {
    current.push_back(path.rfind(model::SectionPath(edition.code, s->path), 0) == 0);
  }
  return current;
}

Data EditionData(const SiteInfo& site, const Edition& edition, const Messages::Catalog& t,
                 const std::vector<Section>& sections, const std::vector<bool>& current,
                 const std::vector<ArticleCard>* latest) {
  Data d;
  if (latest != nullptr) {
    Set(d, "latest", BuildCards(edition, *latest));
    Set(d, "has_latest", !latest->empty());
  }
  Data catalog;
  for (const auto& [key, text] : t) Set(catalog, key, text);
  Set(d, "t", std::move(catalog));
  Set(d, "site_name", site.name);
  Set(d, "lang", Lang(edition));
  Set(d, "edition_code", edition.code);
  Set(d, "edition_name", edition.name);
  Set(d, "home_url", model::EditionPath(edition.code));
  Set(d, "search_url", model::EditionPath(edition.code) + "search");
  Set(d, "assets", "/assets/");

  const auto top = MenuSections(sections);
  Data menu = List(top.size());
  for (std::size_t i = 0; i < top.size(); ++i) {
    Data item;
    Set(item, "name", top[i]->name);
    Set(item, "url", model::SectionPath(edition.code, top[i]->path));
    Set(item, "current", i < current.size() && current[i]);
    Push(menu, std::move(item));
  }
  Set(d, "menu", std::move(menu));
  Set(d, "has_menu", !top.empty());

  std::vector<const Edition*> editions;
  for (const auto& e : site.editions) editions.push_back(&e);
  std::stable_sort(editions.begin(), editions.end(),
                   [](const Edition* a, const Edition* b) { return a->position < b->position; });
  Data languages = List(editions.size());
  for (const Edition* e : editions) {
    Data item;
    Set(item, "code", e->code);
    Set(item, "lang", Lang(*e));
    Set(item, "name", e->name);
    Set(item, "url", model::EditionPath(e->code));
    Set(item, "current", e->code == edition.code);
    Push(languages, std::move(item));
  }
  Set(d, "languages", std::move(languages));
  Set(d, "has_languages", editions.size() > 1);
  Set(d, "feeds", Feed(site.name, model::EditionPath(edition.code)));
  Set(d, "alternates", List());
  return d;
}

std::string CardPath(const ArticleCard& card) {
  const auto& a = card.article;
  if (const Section* s = LastSection(card)) return model::ArticlePath(a.edition, s->path, a.slug);
  return model::EditionPath(a.edition) + a.slug;
}

std::string AbsoluteUrl(const SiteInfo& site, const std::string& path) {
  if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0) return path;
  return site.base_url + path;
}

namespace {

// Writes JSON as boost::json::serialize writes an object built in the same order (no
// spaces, members in insertion order), with strings made safe for a script element.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  void Open() { Begin('{'); }
  void Close() { End('}'); }
  void OpenArray(std::string_view key) {
    Key(key);
    Begin('[');
  }
  void CloseArray() { End(']'); }
  void Object(std::string_view key) {
    Key(key);
    Begin('{');
  }
  void Element() { Comma(); }  // before an array element
  void String(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonStringForHtml(out_, value);
  }
  void String(std::string_view value) {  // an array element
    Comma();
    AppendJsonStringForHtml(out_, value);
  }
  void Number(std::string_view key, long long value) {
    Key(key);
    out_ += std::to_string(value);
  }

 private:
  void Comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void Key(std::string_view key) {
    Comma();
    AppendJsonStringForHtml(out_, key);
    out_ += ':';
  }
  void Begin(char c) {
    out_ += c;
    first_ = true;
  }
  void End(char c) {
    out_ += c;
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

std::string NewsArticleJsonLd(const SiteInfo& site, const model::ArticlePage& page) {
  const auto& card = page.card;
  const auto& a = card.article;
  const auto& zone = page.edition.time_zone;
  const std::string url = AbsoluteUrl(site, CardPath(card));
  std::string out;
  out.reserve(1024 + a.title.size() + a.lead.size());
  JsonWriter json(out);
  json.Open();
  json.String("@context", "https://schema.org");
  json.String("@type", "NewsArticle");
  json.String("headline", a.title);
  json.String("description", a.lead);
  json.String("url", url);
  json.Object("mainEntityOfPage");
  json.String("@type", "WebPage");
  json.String("@id", url);
  json.Close();
  json.String("datePublished", FormatIso8601InZone(PublishedAt(a), zone));
  json.String("dateModified", FormatIso8601InZone(std::max(a.updated_at, PublishedAt(a)), zone));
  json.String("inLanguage", Lang(page.edition));
  if (!card.authors.empty()) {
    json.OpenArray("author");
    for (const auto& author : card.authors) {
      json.Element();
      json.Open();
      json.String("@type", "Person");
      json.String("name", author.name);
      json.String("url", AbsoluteUrl(site, model::AuthorPath(page.edition.code, author.slug)));
      json.Close();
    }
    json.CloseArray();
  }
  json.Object("publisher");
  json.String("@type", "Organization");
  json.String("name", site.name);
  json.String("url", site.base_url + "/");
  json.Close();
  if (card.image) {
    json.Object("image");
    json.String("@type", "ImageObject");
    json.String("url", AbsoluteUrl(site, model::MediaPath(card.image->file)));
    json.String("caption", card.image->caption);
    json.Number("width", card.image->width);
    json.Number("height", card.image->height);
    json.Close();
  }
  if (const Section* s = LastSection(card)) json.String("articleSection", s->name);
  if (!card.tags.empty()) {
    json.OpenArray("keywords");
    for (const auto& tag : card.tags) json.String(tag.name);
    json.CloseArray();
  }
  if (!a.source.empty()) {
    json.Object("sourceOrganization");
    json.String("@type", "Organization");
    json.String("name", a.source);
    json.Close();
  }
  json.Close();
  return out;
}

Data ArticlePageData(const SiteInfo& site, const model::ArticlePage& page,
                     const Messages::Catalog& t, const CardList& cards) {
  const auto& edition = page.edition;
  const auto& card = page.card;
  const auto& a = card.article;
  const std::string path = CardPath(card);
  const std::string canonical = AbsoluteUrl(site, path);
  Data d;

  const std::string& page_title = a.seo_title.empty() ? a.title : a.seo_title;
  const std::string& social_title = a.social_title.empty() ? a.title : a.social_title;
  Set(d, "page_title", page_title);
  Set(d, "meta_description", a.lead);
  Set(d, "canonical", canonical);
  Set(d, "is_article", true);

  // hreflang alternates: this page, its translations, and x-default for the default edition.
  Data alternates = List();
  Data languages = List();
  std::string x_default = edition.code == site.default_edition ? canonical : "";
  auto add_language = [&](const Edition& e, const std::string& url, const std::string& title,
                          bool current) {
    Data alt;
    Set(alt, "hreflang", Lang(e));
    Set(alt, "href", url);
    Push(alternates, std::move(alt));
    Data item;
    Set(item, "code", e.code);
    Set(item, "lang", Lang(e));
    Set(item, "name", e.name);
    Set(item, "title", title);
    Set(item, "url", url);
    Set(item, "current", current);
    Push(languages, std::move(item));
  };
  add_language(edition, canonical, a.title, true);
  for (const auto& tr : page.translations) {
    const std::string url = AbsoluteUrl(site, tr.path);
    add_language(tr.edition, url, tr.title, false);
    if (tr.edition.code == site.default_edition) x_default = url;
  }
  if (!x_default.empty() && !page.translations.empty()) {
    Data alt;
    Set(alt, "hreflang", "x-default");
    Set(alt, "href", x_default);
    Push(alternates, std::move(alt));
  }
  if (!page.translations.empty()) Set(d, "alternates", std::move(alternates));
  Set(d, "languages", std::move(languages));
  Set(d, "has_languages", !page.translations.empty());

  const Section* section = LastSection(card);
  if (section) {
    Data feeds = Feed(section->name, model::SectionPath(edition.code, section->path));
    AppendFeeds(feeds, Feed(site.name, model::EditionPath(edition.code)));
    Set(d, "feeds", std::move(feeds));
  }

  const auto published = PublishedAt(a);
  const auto modified = std::max(a.updated_at, published);
  Data og = List(32);
  Push(og, Meta("property", "og:type", "article"));
  Push(og, Meta("property", "og:site_name", site.name));
  Push(og, Meta("property", "og:title", social_title));
  Push(og, Meta("property", "og:description", a.lead));
  Push(og, Meta("property", "og:url", canonical));
  Push(og, Meta("property", "og:locale", edition.locale));
  for (const auto& tr : page.translations) {
    if (!tr.edition.locale.empty()) {
      Push(og, Meta("property", "og:locale:alternate", tr.edition.locale));
    }
  }
  std::string image_url;
  if (card.image) {
    image_url = AbsoluteUrl(site, model::MediaPath(card.image->file));
    Push(og, Meta("property", "og:image", image_url));
    if (!card.image->alt.empty()) Push(og, Meta("property", "og:image:alt", card.image->alt));
    if (card.image->width > 0 && card.image->height > 0) {
      Push(og, Meta("property", "og:image:width", std::to_string(card.image->width)));
      Push(og, Meta("property", "og:image:height", std::to_string(card.image->height)));
    }
  }
  Push(og, Meta("property", "article:published_time",
                FormatIso8601InZone(published, edition.time_zone)));
  Push(og,
       Meta("property", "article:modified_time", FormatIso8601InZone(modified, edition.time_zone)));
  if (section) Push(og, Meta("property", "article:section", section->name));
  for (const auto& tag : card.tags) Push(og, Meta("property", "article:tag", tag.name));
  Set(d, "og", std::move(og));

  Data twitter = List();
  Push(twitter, Meta("name", "twitter:card", card.image ? "summary_large_image" : "summary"));
  Push(twitter, Meta("name", "twitter:title", social_title));
  Push(twitter, Meta("name", "twitter:description", a.lead));
  if (card.image) Push(twitter, Meta("name", "twitter:image", image_url));
  Set(d, "twitter", std::move(twitter));
  Set(d, "json_ld", NewsArticleJsonLd(site, page));

  Data crumbs = List();
  int position = 1;
  Push(crumbs, Crumb(Text(t, "home"), model::EditionPath(edition.code), position++));
  for (const auto& s : card.section_chain) {
    Push(crumbs, Crumb(s.name, model::SectionPath(edition.code, s.path), position++));
  }
  Set(d, "breadcrumb", std::move(crumbs));

  Data art;
  Set(art, "title", a.title);
  Set(art, "lead", a.lead);
  Set(art, "body_html", a.body_html);
  Set(art, "url", canonical);
  Set(art, "source", a.source);
  Set(art, "has_source", !a.source.empty());
  Set(art, "has_lead", !a.lead.empty());
  if (section) {
    Set(art, "section_name", section->name);
    Set(art, "section_url", model::SectionPath(edition.code, section->path));
    Set(art, "has_section", true);
  }
  Set(art, "published_iso", FormatIso8601InZone(published, edition.time_zone));
  Set(art, "published_date",
      FormatLocalized(published, edition.locale, edition.time_zone, DateStyle::kLong));
  Set(art, "published_time",
      FormatLocalized(published, edition.locale, edition.time_zone, DateStyle::kTime));
  if (a.updated_at - published > kMeaningfulUpdate) {
    Set(art, "is_updated", true);
    Set(art, "updated_iso", FormatIso8601InZone(a.updated_at, edition.time_zone));
    Set(art, "updated_date",
        FormatLocalized(a.updated_at, edition.locale, edition.time_zone, DateStyle::kLong));
    Set(art, "updated_time",
        FormatLocalized(a.updated_at, edition.locale, edition.time_zone, DateStyle::kTime));
  }
  Data authors = List();
  for (const auto& author : card.authors) {
    Data item;
    Set(item, "name", author.name);
    Set(item, "url", model::AuthorPath(edition.code, author.slug));
    Push(authors, std::move(item));
  }
  Set(art, "authors", std::move(authors));
  Set(art, "has_authors", !card.authors.empty());
  Data tags = List();
  for (const auto& tag : card.tags) {
    Data item;
    Set(item, "name", tag.name);
    Set(item, "url", model::TagPath(edition.code, tag.slug));
    Push(tags, std::move(item));
  }
  Set(art, "tags", std::move(tags));
  Set(art, "has_tags", !card.tags.empty());
  if (card.image) {
    Set(art, "image", ImageData(*card.image, kArticleImageSizes));
    Set(art, "has_image", true);
  }
  Set(d, "article", std::move(art));

  Data share;
  const std::string enc_url = EncodeUriComponent(canonical);
  const std::string enc_title = EncodeUriComponent(social_title);
  Set(share, "url", canonical);
  Set(share, "email", "mailto:?subject=" + enc_title + "&body=" + enc_url);
  Set(share, "x", "https://twitter.com/intent/tweet?url=" + enc_url + "&text=" + enc_title);
  Set(share, "facebook", "https://www.facebook.com/sharer/sharer.php?u=" + enc_url);
  Set(d, "share", std::move(share));

  Set(d, "related", cards(edition, page.related));
  Set(d, "has_related", !page.related.empty());
  return d;
}

Data HomePageData(const SiteInfo& site, const model::HomePage& page, const CardList& cards) {
  const auto& edition = page.edition;
  const std::string path = model::EditionPath(edition.code);
  Data d;
  Set(d, "page_title", edition.name.empty() ? site.name : edition.name);
  Set(d, "meta_description", edition.name);
  Set(d, "canonical", AbsoluteUrl(site, path));
  Set(d, "is_home", true);

  Data alternates = List();
  for (const auto& e : site.editions) {
    Data alt;
    Set(alt, "hreflang", Lang(e));
    Set(alt, "href", AbsoluteUrl(site, model::EditionPath(e.code)));
    Push(alternates, std::move(alt));
    if (e.code == site.default_edition) {
      Data x;
      Set(x, "hreflang", "x-default");
      Set(x, "href", AbsoluteUrl(site, model::EditionPath(e.code)));
      Push(alternates, std::move(x));
    }
  }
  if (site.editions.size() > 1) Set(d, "alternates", std::move(alternates));

  if (!page.featured.empty()) {
    Set(d, "top_story", BuildCard(edition, page.featured.front()));
    Set(d, "has_featured", true);
    std::vector<ArticleCard> rest(page.featured.begin() + 1, page.featured.end());
    Set(d, "featured", cards(edition, rest));
  }
  Data blocks = List(page.blocks.size());
  for (const auto& block : page.blocks) {
    if (block.items.empty()) continue;
    Data b;
    Set(b, "name", block.section.name);
    Set(b, "url", model::SectionPath(edition.code, block.section.path));
    Set(b, "items", cards(edition, block.items));
    Push(blocks, std::move(b));
  }
  Set(d, "blocks", std::move(blocks));
  return d;
}

Data ListingPageData(const SiteInfo& site, const model::ListingPage& page,
                     const Messages::Catalog& t, const CardList& cards) {
  const auto& edition = page.edition;
  Data d;
  std::string title = page.title;
  if (page.page > 1) title += " – " + Text(t, "page") + " " + std::to_string(page.page);
  Set(d, "page_title", title + " – " + site.name);
  Set(d, "title", page.title);
  Set(d, "description", page.description);
  Set(d, "meta_description", page.description.empty() ? page.title : page.description);
  Set(d, "canonical", AbsoluteUrl(site, PagePath(page.path, page.page)));
  Set(d, "is_listing", true);
  Set(d, "is_section", page.kind == model::ListingPage::Kind::kSection);
  Set(d, "is_tag", page.kind == model::ListingPage::Kind::kTag);
  Set(d, "is_author", page.kind == model::ListingPage::Kind::kAuthor);

  Data crumbs = List();
  int position = 1;
  Push(crumbs, Crumb(Text(t, "home"), model::EditionPath(edition.code), position++));
  if (page.kind == model::ListingPage::Kind::kSection) {
    for (const auto& s : page.section_chain) {
      Push(crumbs, Crumb(s.name, model::SectionPath(edition.code, s.path), position++));
    }
  } else {
    Push(crumbs, Crumb(page.title, page.path, position++));
  }
  Set(d, "breadcrumb", std::move(crumbs));

  if (page.kind != model::ListingPage::Kind::kAuthor) {
    Data feeds = Feed(page.title, page.path);
    AppendFeeds(feeds, Feed(site.name, model::EditionPath(edition.code)));
    Set(d, "feeds", std::move(feeds));
  }

  Data subsections = List();
  for (const auto& s : page.subsections) {
    Data item;
    Set(item, "name", s.name);
    Set(item, "url", model::SectionPath(edition.code, s.path));
    Push(subsections, std::move(item));
  }
  Set(d, "subsections", std::move(subsections));
  Set(d, "has_subsections", !page.subsections.empty());
  Set(d, "featured", cards(edition, page.featured));
  Set(d, "has_featured", !page.featured.empty() && page.page <= 1);
  Set(d, "items", cards(edition, page.items));
  Set(d, "has_items", !page.items.empty());

  if (page.page_count > 1) {
    Data p;
    Set(p, "page", std::to_string(page.page));
    Set(p, "page_count", std::to_string(page.page_count));
    if (page.page > 1) Set(p, "prev_url", PagePath(page.path, page.page - 1));
    if (page.page < page.page_count) Set(p, "next_url", PagePath(page.path, page.page + 1));
    Set(d, "pagination", std::move(p));
    Set(d, "has_pagination", true);
  }
  return d;
}

std::string MarkedHtml(std::string_view marked) {
  std::string out;
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= marked.size(); ++i) {
    if (i < marked.size() && marked[i] != model::kSearchMatchBegin &&
        marked[i] != model::kSearchMatchEnd) {
      continue;
    }
    out += EscapeHtml(marked.substr(start, i - start));
    if (i < marked.size()) {
      if (marked[i] == model::kSearchMatchBegin && !open) {
        out += "<mark>";
        open = true;
      } else if (marked[i] == model::kSearchMatchEnd && open) {
        out += "</mark>";
        open = false;
      }
    }
    start = i + 1;
  }
  if (open) out += "</mark>";
  return out;
}

namespace {

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string SearchPath(const model::SearchPage& page, const std::string& query, int page_number) {
  std::string path = model::EditionPath(page.edition.code) + "search?q=" + UrlEncode(query);
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) path += std::string("&") + name + "=" + UrlEncode(value);
  };
  if (page.sort == "date") add("sort", page.sort);
  add("section", page.section);
  add("tag", page.tag);
  add("author", page.author);
  add("from", page.from);
  add("to", page.to);
  if (page_number > 1) path += "&page=" + std::to_string(page_number);
  return path;
}

Data SearchPageData(const SiteInfo& site, const model::SearchPage& page,
                    const Messages::Catalog& t) {
  const auto& edition = page.edition;
  const std::string path = model::EditionPath(edition.code) + "search";
  Data d;
  std::string title = Text(t, "search");
  if (!page.query.empty()) title += " : " + page.query;
  Set(d, "page_title", title + " – " + site.name);
  Set(d, "meta_description", Text(t, "search"));
  Set(d, "canonical", AbsoluteUrl(site, path));
  Set(d, "noindex", true);
  Set(d, "is_search", true);
  Set(d, "query", page.query);
  Set(d, "search_url", path);
  Set(d, "sort_date", page.sort == "date");
  Set(d, "available", page.available);
  Set(d, "has_query", !page.query.empty());
  Set(d, "total", std::to_string(page.total));
  Set(d, "total_text",
      FormatCount(Text(t, page.total_capped ? "search_count_more" : "search_count"), edition.locale,
                  page.total));
  Set(d, "has_results", !page.items.empty());
  Set(d, "query_empty", page.query_empty);
  Data filters = List();
  auto filter = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    Data f;
    Set(f, "name", Text(t, key));
    Set(f, "value", value);
    Push(filters, std::move(f));
  };
  filter("section", page.section);
  filter("tag", page.tag);
  filter("author", page.author);
  filter("date_from", page.from);
  filter("date_to", page.to);
  Set(d, "has_filters",
      !page.section.empty() || !page.tag.empty() || !page.author.empty() || !page.from.empty() ||
          !page.to.empty());
  Set(d, "filters", std::move(filters));
  model::SearchPage by = page;
  by.sort = "relevance";
  Set(d, "relevance_url", SearchPath(by, page.query, 1));
  by.sort = "date";
  Set(d, "date_url", SearchPath(by, page.query, 1));
  Data suggestions = List();
  for (const auto& s : page.suggestions) {
    Data item;
    Set(item, "text", s);
    Set(item, "url", SearchPath(page, s, 1));
    Push(suggestions, std::move(item));
  }
  Set(d, "suggestions", std::move(suggestions));
  Set(d, "has_suggestions", !page.suggestions.empty());
  Data items = List(page.items.size());
  for (const auto& item : page.items) {
    Data card = BuildCard(edition, item.card);
    Set(card, "title_html", MarkedHtml(item.title));
    Set(card, "snippet_html", MarkedHtml(item.snippet));
    Push(items, std::move(card));
  }
  Set(d, "items", std::move(items));
  Data crumbs = List();
  Push(crumbs, Crumb(Text(t, "home"), model::EditionPath(edition.code), 1));
  Push(crumbs, Crumb(Text(t, "search"), path, 2));
  Set(d, "breadcrumb", std::move(crumbs));
  if (page.page_count > 1) {
    Data p;
    Set(p, "page", std::to_string(page.page));
    Set(p, "page_count", std::to_string(page.page_count));
    if (page.page > 1) Set(p, "prev_url", SearchPath(page, page.query, page.page - 1));
    if (page.page < page.page_count)
      Set(p, "next_url", SearchPath(page, page.query, page.page + 1));
    Set(d, "pagination", std::move(p));
    Set(d, "has_pagination", true);
  }
  return d;
}

Data NotFoundPageData(const SiteInfo& site, const Edition& edition, const Messages::Catalog& t) {
  Data d;
  Set(d, "page_title", Text(t, "not_found_title") + " – " + site.name);
  Set(d, "meta_description", Text(t, "not_found_text"));
  Set(d, "is_not_found", true);
  Set(d, "noindex", true);
  return d;
}

}  // namespace gazette::render
