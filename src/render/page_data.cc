#include "render/page_data.h"

#include <algorithm>
#include <boost/json.hpp>

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

Data List() { return Data(Data::type::list); }

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
  rss.set("type", "application/rss+xml");
  rss.set("title", title + " (RSS)");
  rss.set("href", base_path + "feed.xml");
  feeds.push_back(rss);
  Data atom;
  atom.set("type", "application/atom+xml");
  atom.set("title", title + " (Atom)");
  atom.set("href", base_path + "atom.xml");
  feeds.push_back(atom);
  return feeds;
}

void AppendFeeds(Data& target, const Data& more) {
  for (const auto& feed : more.list_value()) target.push_back(feed);
}

Data ImageData(const model::Media& media, const char* sizes) {
  Data d;
  const std::string src = model::MediaPath(media.file);
  d.set("src", src);
  d.set("alt", media.alt);
  d.set("caption", media.caption);
  d.set("credit", media.credit);
  d.set("has_caption", !media.caption.empty() || !media.credit.empty());
  d.set("has_credit", !media.credit.empty());
  if (media.width > 0 && media.height > 0) {
    d.set("width", std::to_string(media.width));
    d.set("height", std::to_string(media.height));
    d.set("has_size", true);
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
    d.set("srcset_webp", webp);
    d.set("srcset_jpg", jpg);
    d.set("sizes", sizes);
    d.set("has_renditions", true);
  }
  return d;
}

const Section* LastSection(const ArticleCard& card) {
  return card.section_chain.empty() ? nullptr : &card.section_chain.back();
}

Data CardData(const Edition& edition, const ArticleCard& card) {
  Data d;
  const auto& a = card.article;
  d.set("title", a.title);
  d.set("url", CardPath(card));
  d.set("lead", a.lead);
  const auto when = PublishedAt(a);
  d.set("date_iso", FormatIso8601InZone(when, edition.time_zone));
  d.set("date", FormatLocalized(when, edition.locale, edition.time_zone, DateStyle::kMedium));
  if (const Section* s = LastSection(card)) {
    d.set("section_name", s->name);
    d.set("section_url", model::SectionPath(a.edition.empty() ? edition.code : a.edition, s->path));
    d.set("has_section", true);
  }
  if (card.image) {
    d.set("image", ImageData(*card.image, kCardImageSizes));
    d.set("has_image", true);
  }
  return d;
}

Data Cards(const Edition& edition, const std::vector<ArticleCard>& cards) {
  Data list = List();
  for (const auto& card : cards) list.push_back(CardData(edition, card));
  return list;
}

Data Catalog(const Messages::Catalog& t) {
  Data d;
  for (const auto& [key, text] : t) d.set(key, text);
  return d;
}

Data Meta(const char* key_name, const std::string& key, const std::string& content) {
  Data d;
  d.set(key_name, key);
  d.set("content", content);
  return d;
}

// What every page has: edition, messages, menu, language links, feeds.
Data BaseData(const SiteInfo& site, const Edition& edition, const Messages::Catalog& t,
              const std::vector<Section>& sections, const std::string& current_path) {
  Data d;
  d.set("t", Catalog(t));
  d.set("site_name", site.name);
  d.set("lang", Lang(edition));
  d.set("edition_code", edition.code);
  d.set("edition_name", edition.name);
  d.set("home_url", model::EditionPath(edition.code));
  d.set("search_url", model::EditionPath(edition.code) + "search");
  d.set("assets", "/assets/");

  std::vector<const Section*> top;
  for (const auto& s : sections) {
    if (!s.parent_id) top.push_back(&s);
  }
  std::stable_sort(top.begin(), top.end(),
                   [](const Section* a, const Section* b) { return a->position < b->position; });
  Data menu = List();
  for (const Section* s : top) {
    Data item;
    const std::string url = model::SectionPath(edition.code, s->path);
    item.set("name", s->name);
    item.set("url", url);
    item.set("current", current_path.rfind(url, 0) == 0);
    menu.push_back(item);
  }
  d.set("menu", menu);
  d.set("has_menu", !top.empty());

  std::vector<const Edition*> editions;
  for (const auto& e : site.editions) editions.push_back(&e);
  std::stable_sort(editions.begin(), editions.end(),
                   [](const Edition* a, const Edition* b) { return a->position < b->position; });
  Data languages = List();
  for (const Edition* e : editions) {
    Data item;
    item.set("code", e->code);
    item.set("lang", Lang(*e));
    item.set("name", e->name);
    item.set("url", model::EditionPath(e->code));
    item.set("current", e->code == edition.code);
    languages.push_back(item);
  }
  d.set("languages", languages);
  d.set("has_languages", editions.size() > 1);
  d.set("feeds", Feed(site.name, model::EditionPath(edition.code)));
  d.set("alternates", List());
  return d;
}

Data Crumb(const std::string& name, const std::string& url, int position) {
  Data d;
  d.set("name", name);
  d.set("url", url);
  d.set("position", std::to_string(position));
  return d;
}

std::string PagePath(const std::string& path, int page) {
  return page <= 1 ? path : path + "?page=" + std::to_string(page);
}

}  // namespace

std::string CardPath(const ArticleCard& card) {
  const auto& a = card.article;
  if (const Section* s = LastSection(card)) return model::ArticlePath(a.edition, s->path, a.slug);
  return model::EditionPath(a.edition) + a.slug;
}

std::string AbsoluteUrl(const SiteInfo& site, const std::string& path) {
  if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0) return path;
  return site.base_url + path;
}

std::string NewsArticleJsonLd(const SiteInfo& site, const model::ArticlePage& page) {
  const auto& card = page.card;
  const auto& a = card.article;
  const auto& zone = page.edition.time_zone;
  const std::string url = AbsoluteUrl(site, CardPath(card));
  boost::json::object o;
  o["@context"] = "https://schema.org";
  o["@type"] = "NewsArticle";
  o["headline"] = a.title;
  o["description"] = a.lead;
  o["url"] = url;
  o["mainEntityOfPage"] = {{"@type", "WebPage"}, {"@id", url}};
  o["datePublished"] = FormatIso8601InZone(PublishedAt(a), zone);
  o["dateModified"] = FormatIso8601InZone(std::max(a.updated_at, PublishedAt(a)), zone);
  o["inLanguage"] = Lang(page.edition);
  boost::json::array authors;
  for (const auto& author : card.authors) {
    authors.push_back(
        {{"@type", "Person"},
         {"name", author.name},
         {"url", AbsoluteUrl(site, model::AuthorPath(page.edition.code, author.slug))}});
  }
  if (!authors.empty()) o["author"] = std::move(authors);
  o["publisher"] = {{"@type", "Organization"}, {"name", site.name}, {"url", site.base_url + "/"}};
  if (card.image) {
    o["image"] = {{"@type", "ImageObject"},
                  {"url", AbsoluteUrl(site, model::MediaPath(card.image->file))},
                  {"caption", card.image->caption},
                  {"width", card.image->width},
                  {"height", card.image->height}};
  }
  if (const Section* s = LastSection(card)) o["articleSection"] = s->name;
  if (!card.tags.empty()) {
    boost::json::array keywords;
    for (const auto& tag : card.tags) keywords.push_back(boost::json::string(tag.name));
    o["keywords"] = std::move(keywords);
  }
  if (!a.source.empty()) {
    o["sourceOrganization"] = {{"@type", "Organization"}, {"name", a.source}};
  }
  return EscapeJsonForHtml(boost::json::serialize(o));
}

Data ArticlePageData(const SiteInfo& site, const model::ArticlePage& page,
                     const Messages::Catalog& t) {
  const auto& edition = page.edition;
  const auto& card = page.card;
  const auto& a = card.article;
  const std::string path = CardPath(card);
  const std::string canonical = AbsoluteUrl(site, path);
  Data d = BaseData(site, edition, t, page.sections, path);

  const std::string& page_title = a.seo_title.empty() ? a.title : a.seo_title;
  const std::string& social_title = a.social_title.empty() ? a.title : a.social_title;
  d.set("page_title", page_title);
  d.set("meta_description", a.lead);
  d.set("canonical", canonical);
  d.set("is_article", true);

  // hreflang alternates: this page, its translations, and x-default for the default edition.
  Data alternates = List();
  Data languages = List();
  std::string x_default = edition.code == site.default_edition ? canonical : "";
  auto add_language = [&](const Edition& e, const std::string& url, const std::string& title,
                          bool current) {
    Data alt;
    alt.set("hreflang", Lang(e));
    alt.set("href", url);
    alternates.push_back(alt);
    Data item;
    item.set("code", e.code);
    item.set("lang", Lang(e));
    item.set("name", e.name);
    item.set("title", title);
    item.set("url", url);
    item.set("current", current);
    languages.push_back(item);
  };
  add_language(edition, canonical, a.title, true);
  for (const auto& tr : page.translations) {
    const std::string url = AbsoluteUrl(site, tr.path);
    add_language(tr.edition, url, tr.title, false);
    if (tr.edition.code == site.default_edition) x_default = url;
  }
  if (!x_default.empty() && !page.translations.empty()) {
    Data alt;
    alt.set("hreflang", "x-default");
    alt.set("href", x_default);
    alternates.push_back(alt);
  }
  if (!page.translations.empty()) d.set("alternates", alternates);
  d.set("languages", languages);
  d.set("has_languages", !page.translations.empty());

  const Section* section = LastSection(card);
  if (section) {
    Data feeds = Feed(section->name, model::SectionPath(edition.code, section->path));
    AppendFeeds(feeds, Feed(site.name, model::EditionPath(edition.code)));
    d.set("feeds", feeds);
  }

  const auto published = PublishedAt(a);
  const auto modified = std::max(a.updated_at, published);
  Data og = List();
  og.push_back(Meta("property", "og:type", "article"));
  og.push_back(Meta("property", "og:site_name", site.name));
  og.push_back(Meta("property", "og:title", social_title));
  og.push_back(Meta("property", "og:description", a.lead));
  og.push_back(Meta("property", "og:url", canonical));
  og.push_back(Meta("property", "og:locale", edition.locale));
  for (const auto& tr : page.translations) {
    if (!tr.edition.locale.empty()) {
      og.push_back(Meta("property", "og:locale:alternate", tr.edition.locale));
    }
  }
  std::string image_url;
  if (card.image) {
    image_url = AbsoluteUrl(site, model::MediaPath(card.image->file));
    og.push_back(Meta("property", "og:image", image_url));
    if (!card.image->alt.empty()) og.push_back(Meta("property", "og:image:alt", card.image->alt));
    if (card.image->width > 0 && card.image->height > 0) {
      og.push_back(Meta("property", "og:image:width", std::to_string(card.image->width)));
      og.push_back(Meta("property", "og:image:height", std::to_string(card.image->height)));
    }
  }
  og.push_back(Meta("property", "article:published_time",
                    FormatIso8601InZone(published, edition.time_zone)));
  og.push_back(
      Meta("property", "article:modified_time", FormatIso8601InZone(modified, edition.time_zone)));
  if (section) og.push_back(Meta("property", "article:section", section->name));
  for (const auto& tag : card.tags) og.push_back(Meta("property", "article:tag", tag.name));
  d.set("og", og);

  Data twitter = List();
  twitter.push_back(Meta("name", "twitter:card", card.image ? "summary_large_image" : "summary"));
  twitter.push_back(Meta("name", "twitter:title", social_title));
  twitter.push_back(Meta("name", "twitter:description", a.lead));
  if (card.image) twitter.push_back(Meta("name", "twitter:image", image_url));
  d.set("twitter", twitter);
  d.set("json_ld", NewsArticleJsonLd(site, page));

  Data crumbs = List();
  int position = 1;
  crumbs.push_back(Crumb(Text(t, "home"), model::EditionPath(edition.code), position++));
  for (const auto& s : card.section_chain) {
    crumbs.push_back(Crumb(s.name, model::SectionPath(edition.code, s.path), position++));
  }
  d.set("breadcrumb", crumbs);

  Data art;
  art.set("title", a.title);
  art.set("lead", a.lead);
  art.set("body_html", a.body_html);
  art.set("url", canonical);
  art.set("source", a.source);
  art.set("has_source", !a.source.empty());
  art.set("has_lead", !a.lead.empty());
  if (section) {
    art.set("section_name", section->name);
    art.set("section_url", model::SectionPath(edition.code, section->path));
    art.set("has_section", true);
  }
  art.set("published_iso", FormatIso8601InZone(published, edition.time_zone));
  art.set("published_date",
          FormatLocalized(published, edition.locale, edition.time_zone, DateStyle::kLong));
  art.set("published_time",
          FormatLocalized(published, edition.locale, edition.time_zone, DateStyle::kTime));
  if (a.updated_at - published > kMeaningfulUpdate) {
    art.set("is_updated", true);
    art.set("updated_iso", FormatIso8601InZone(a.updated_at, edition.time_zone));
    art.set("updated_date",
            FormatLocalized(a.updated_at, edition.locale, edition.time_zone, DateStyle::kLong));
    art.set("updated_time",
            FormatLocalized(a.updated_at, edition.locale, edition.time_zone, DateStyle::kTime));
  }
  Data authors = List();
  for (const auto& author : card.authors) {
    Data item;
    item.set("name", author.name);
    item.set("url", model::AuthorPath(edition.code, author.slug));
    authors.push_back(item);
  }
  art.set("authors", authors);
  art.set("has_authors", !card.authors.empty());
  Data tags = List();
  for (const auto& tag : card.tags) {
    Data item;
    item.set("name", tag.name);
    item.set("url", model::TagPath(edition.code, tag.slug));
    tags.push_back(item);
  }
  art.set("tags", tags);
  art.set("has_tags", !card.tags.empty());
  if (card.image) {
    art.set("image", ImageData(*card.image, kArticleImageSizes));
    art.set("has_image", true);
  }
  d.set("article", art);

  Data share;
  const std::string enc_url = EncodeUriComponent(canonical);
  const std::string enc_title = EncodeUriComponent(social_title);
  share.set("url", canonical);
  share.set("email", "mailto:?subject=" + enc_title + "&body=" + enc_url);
  share.set("x", "https://twitter.com/intent/tweet?url=" + enc_url + "&text=" + enc_title);
  share.set("facebook", "https://www.facebook.com/sharer/sharer.php?u=" + enc_url);
  d.set("share", share);

  d.set("latest", Cards(edition, page.latest));
  d.set("has_latest", !page.latest.empty());
  d.set("related", Cards(edition, page.related));
  d.set("has_related", !page.related.empty());
  return d;
}

Data HomePageData(const SiteInfo& site, const model::HomePage& page, const Messages::Catalog& t) {
  const auto& edition = page.edition;
  const std::string path = model::EditionPath(edition.code);
  Data d = BaseData(site, edition, t, page.sections, "");
  d.set("page_title", edition.name.empty() ? site.name : edition.name);
  d.set("meta_description", edition.name);
  d.set("canonical", AbsoluteUrl(site, path));
  d.set("is_home", true);

  Data alternates = List();
  for (const auto& e : site.editions) {
    Data alt;
    alt.set("hreflang", Lang(e));
    alt.set("href", AbsoluteUrl(site, model::EditionPath(e.code)));
    alternates.push_back(alt);
    if (e.code == site.default_edition) {
      Data x;
      x.set("hreflang", "x-default");
      x.set("href", AbsoluteUrl(site, model::EditionPath(e.code)));
      alternates.push_back(x);
    }
  }
  if (site.editions.size() > 1) d.set("alternates", alternates);

  if (!page.featured.empty()) {
    d.set("top_story", CardData(edition, page.featured.front()));
    d.set("has_featured", true);
    std::vector<ArticleCard> rest(page.featured.begin() + 1, page.featured.end());
    d.set("featured", Cards(edition, rest));
  }
  d.set("latest", Cards(edition, page.latest));
  d.set("has_latest", !page.latest.empty());
  Data blocks = List();
  for (const auto& block : page.blocks) {
    if (block.items.empty()) continue;
    Data b;
    b.set("name", block.section.name);
    b.set("url", model::SectionPath(edition.code, block.section.path));
    b.set("items", Cards(edition, block.items));
    blocks.push_back(b);
  }
  d.set("blocks", blocks);
  return d;
}

Data ListingPageData(const SiteInfo& site, const model::ListingPage& page,
                     const Messages::Catalog& t) {
  const auto& edition = page.edition;
  Data d = BaseData(site, edition, t, page.sections, page.path);
  std::string title = page.title;
  if (page.page > 1) title += " – " + Text(t, "page") + " " + std::to_string(page.page);
  d.set("page_title", title + " – " + site.name);
  d.set("title", page.title);
  d.set("description", page.description);
  d.set("meta_description", page.description.empty() ? page.title : page.description);
  d.set("canonical", AbsoluteUrl(site, PagePath(page.path, page.page)));
  d.set("is_listing", true);
  d.set("is_section", page.kind == model::ListingPage::Kind::kSection);
  d.set("is_tag", page.kind == model::ListingPage::Kind::kTag);
  d.set("is_author", page.kind == model::ListingPage::Kind::kAuthor);

  Data crumbs = List();
  int position = 1;
  crumbs.push_back(Crumb(Text(t, "home"), model::EditionPath(edition.code), position++));
  if (page.kind == model::ListingPage::Kind::kSection) {
    for (const auto& s : page.section_chain) {
      crumbs.push_back(Crumb(s.name, model::SectionPath(edition.code, s.path), position++));
    }
  } else {
    crumbs.push_back(Crumb(page.title, page.path, position++));
  }
  d.set("breadcrumb", crumbs);

  if (page.kind != model::ListingPage::Kind::kAuthor) {
    Data feeds = Feed(page.title, page.path);
    AppendFeeds(feeds, Feed(site.name, model::EditionPath(edition.code)));
    d.set("feeds", feeds);
  }

  Data subsections = List();
  for (const auto& s : page.subsections) {
    Data item;
    item.set("name", s.name);
    item.set("url", model::SectionPath(edition.code, s.path));
    subsections.push_back(item);
  }
  d.set("subsections", subsections);
  d.set("has_subsections", !page.subsections.empty());
  d.set("featured", Cards(edition, page.featured));
  d.set("has_featured", !page.featured.empty() && page.page <= 1);
  d.set("items", Cards(edition, page.items));
  d.set("has_items", !page.items.empty());

  if (page.page_count > 1) {
    Data p;
    p.set("page", std::to_string(page.page));
    p.set("page_count", std::to_string(page.page_count));
    if (page.page > 1) p.set("prev_url", PagePath(page.path, page.page - 1));
    if (page.page < page.page_count) p.set("next_url", PagePath(page.path, page.page + 1));
    d.set("pagination", p);
    d.set("has_pagination", true);
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
  Data d = BaseData(site, edition, t, page.sections, path);
  std::string title = Text(t, "search");
  if (!page.query.empty()) title += " : " + page.query;
  d.set("page_title", title + " – " + site.name);
  d.set("meta_description", Text(t, "search"));
  d.set("canonical", AbsoluteUrl(site, path));
  d.set("noindex", true);
  d.set("is_search", true);
  d.set("query", page.query);
  d.set("search_url", path);
  d.set("sort_date", page.sort == "date");
  d.set("available", page.available);
  d.set("has_query", !page.query.empty());
  d.set("total", std::to_string(page.total));
  d.set("total_text", FormatCount(Text(t, page.total_capped ? "search_count_more" : "search_count"),
                                  edition.locale, page.total));
  d.set("has_results", !page.items.empty());
  d.set("query_empty", page.query_empty);
  Data filters = List();
  auto filter = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    Data f;
    f.set("name", Text(t, key));
    f.set("value", value);
    filters.push_back(f);
  };
  filter("section", page.section);
  filter("tag", page.tag);
  filter("author", page.author);
  filter("date_from", page.from);
  filter("date_to", page.to);
  d.set("has_filters", !page.section.empty() || !page.tag.empty() || !page.author.empty() ||
                           !page.from.empty() || !page.to.empty());
  d.set("filters", filters);
  model::SearchPage by = page;
  by.sort = "relevance";
  d.set("relevance_url", SearchPath(by, page.query, 1));
  by.sort = "date";
  d.set("date_url", SearchPath(by, page.query, 1));
  Data suggestions = List();
  for (const auto& s : page.suggestions) {
    Data item;
    item.set("text", s);
    item.set("url", SearchPath(page, s, 1));
    suggestions.push_back(item);
  }
  d.set("suggestions", suggestions);
  d.set("has_suggestions", !page.suggestions.empty());
  Data items = List();
  for (const auto& item : page.items) {
    Data card = CardData(edition, item.card);
    card.set("title_html", MarkedHtml(item.title));
    card.set("snippet_html", MarkedHtml(item.snippet));
    items.push_back(card);
  }
  d.set("items", items);
  Data crumbs = List();
  crumbs.push_back(Crumb(Text(t, "home"), model::EditionPath(edition.code), 1));
  crumbs.push_back(Crumb(Text(t, "search"), path, 2));
  d.set("breadcrumb", crumbs);
  if (page.page_count > 1) {
    Data p;
    p.set("page", std::to_string(page.page));
    p.set("page_count", std::to_string(page.page_count));
    if (page.page > 1) p.set("prev_url", SearchPath(page, page.query, page.page - 1));
    if (page.page < page.page_count) p.set("next_url", SearchPath(page, page.query, page.page + 1));
    d.set("pagination", p);
    d.set("has_pagination", true);
  }
  return d;
}

Data NotFoundPageData(const SiteInfo& site, const Edition& edition, const Messages::Catalog& t) {
  Data d = BaseData(site, edition, t, {}, "");
  d.set("page_title", Text(t, "not_found_title") + " – " + site.name);
  d.set("meta_description", Text(t, "not_found_text"));
  d.set("is_not_found", true);
  d.set("noindex", true);
  return d;
}

}  // namespace gazette::render
