#include "render/feeds.h"

#include <algorithm>

#include "model/site_paths.h"
#include "render/dates.h"
#include "render/escape.h"
#include "render/page_data.h"

namespace gazette::render {
namespace {

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

model::UnixSeconds PublishedAt(const model::Article& a) {
  if (a.published_at) return *a.published_at;
  return a.updated_at != 0 ? a.updated_at : a.created_at;
}

model::UnixSeconds UpdatedAt(const model::Article& a) {
  return std::max(a.updated_at, PublishedAt(a));
}

std::string Lang(const model::Edition& e) { return e.language.empty() ? e.code : e.language; }

// <name>escaped text</name>
void Element(std::string& out, const char* indent, const char* name, const std::string& text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  out += EscapeXml(text);
  out += "</";
  out += name;
  out += ">\n";
}

model::UnixSeconds Newest(const model::FeedPage& feed) {
  model::UnixSeconds newest = 0;
  for (const auto& card : feed.items) newest = std::max(newest, UpdatedAt(card.article));
  return newest;
}

}  // namespace

std::string RenderRss(const model::SiteInfo& site, const model::FeedPage& feed) {
  std::string out = kXmlDeclaration;
  out +=
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
      "<channel>\n";
  Element(out, "  ", "title", feed.title);
  Element(out, "  ", "link", AbsoluteUrl(site, feed.path));
  Element(out, "  ", "description", feed.title.empty() ? site.name : feed.title);
  Element(out, "  ", "language", Lang(feed.edition));
  Element(out, "  ", "generator", "Gazette");
  if (!feed.items.empty()) Element(out, "  ", "lastBuildDate", FormatRfc822(Newest(feed)));
  out += "  <atom:link href=\"" + EscapeXml(AbsoluteUrl(site, feed.self_path)) +
         "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const auto& card : feed.items) {
    const auto& a = card.article;
    const std::string url = AbsoluteUrl(site, CardPath(card));
    out += "  <item>\n";
    Element(out, "    ", "title", a.title);
    Element(out, "    ", "link", url);
    out += "    <guid isPermaLink=\"true\">" + EscapeXml(url) + "</guid>\n";
    Element(out, "    ", "pubDate", FormatRfc822(PublishedAt(a)));
    Element(out, "    ", "description", a.lead);
    for (const auto& author : card.authors) Element(out, "    ", "dc:creator", author.name);
    if (!card.section_chain.empty()) {
      Element(out, "    ", "category", card.section_chain.back().name);
    }
    for (const auto& tag : card.tags) Element(out, "    ", "category", tag.name);
    if (card.image) {
      const auto& m = *card.image;
      out += "    <media:content url=\"" + EscapeXml(AbsoluteUrl(site, model::MediaPath(m.file))) +
             "\" medium=\"image\"";
      if (!m.mime_type.empty()) out += " type=\"" + EscapeXml(m.mime_type) + "\"";
      if (m.width > 0 && m.height > 0) {
        out += " width=\"" + std::to_string(m.width) + "\" height=\"" + std::to_string(m.height) +
               "\"";
      }
      out += ">\n";
      if (!m.caption.empty()) {
        out += "      <media:description type=\"plain\">" + EscapeXml(m.caption) +
               "</media:description>\n";
      }
      if (!m.credit.empty())
        out += "      <media:credit>" + EscapeXml(m.credit) + "</media:credit>\n";
      out += "    </media:content>\n";
    }
    out += "  </item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string RenderAtom(const model::SiteInfo& site, const model::FeedPage& feed) {
  std::string out = kXmlDeclaration;
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + EscapeXml(Lang(feed.edition)) +
         "\">\n";
  Element(out, "  ", "id", AbsoluteUrl(site, feed.path));
  Element(out, "  ", "title", feed.title);
  Element(out, "  ", "updated", FormatIso8601Z(Newest(feed)));
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         EscapeXml(AbsoluteUrl(site, feed.self_path)) + "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" +
         EscapeXml(AbsoluteUrl(site, feed.path)) + "\"/>\n";
  // A feed-level author makes every entry valid even when it names no author.
  out += "  <author>\n";
  Element(out, "    ", "name", site.name);
  out += "  </author>\n";
  out += "  <generator>Gazette</generator>\n";
  for (const auto& card : feed.items) {
    const auto& a = card.article;
    const std::string url = AbsoluteUrl(site, CardPath(card));
    out += "  <entry>\n";
    Element(out, "    ", "id", url);
    Element(out, "    ", "title", a.title);
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(url) + "\"/>\n";
    Element(out, "    ", "published", FormatIso8601Z(PublishedAt(a)));
    Element(out, "    ", "updated", FormatIso8601Z(UpdatedAt(a)));
    Element(out, "    ", "summary", a.lead);
    for (const auto& author : card.authors) {
      out += "    <author>\n";
      Element(out, "      ", "name", author.name);
      Element(out, "      ", "uri",
              AbsoluteUrl(site, model::AuthorPath(feed.edition.code, author.slug)));
      out += "    </author>\n";
    }
    if (!card.section_chain.empty()) {
      out += "    <category term=\"" + EscapeXml(card.section_chain.back().name) + "\"/>\n";
    }
    for (const auto& tag : card.tags) {
      out += "    <category term=\"" + EscapeXml(tag.name) + "\"/>\n";
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string RenderSitemapIndex(const model::SiteInfo& site,
                               const std::vector<std::string>& sitemap_paths) {
  std::string out = kXmlDeclaration;
  out += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& path : sitemap_paths) {
    out += "  <sitemap>\n";
    Element(out, "    ", "loc", AbsoluteUrl(site, path));
    out += "  </sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string RenderSitemap(const model::SiteInfo& site,
                          const std::vector<model::SitemapEntry>& entries) {
  std::string out = kXmlDeclaration;
  out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& entry : entries) {
    out += "  <url>\n";
    Element(out, "    ", "loc", AbsoluteUrl(site, entry.path));
    if (entry.last_modified > 0)
      Element(out, "    ", "lastmod", FormatIso8601Z(entry.last_modified));
    out += "  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RenderNewsSitemap(const model::SiteInfo& site,
                              const std::vector<model::SitemapEntry>& entries) {
  std::string out = kXmlDeclaration;
  out +=
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const auto& entry : entries) {
    out += "  <url>\n";
    Element(out, "    ", "loc", AbsoluteUrl(site, entry.path));
    out += "    <news:news>\n      <news:publication>\n";
    Element(out, "        ", "news:name", site.name);
    Element(out, "        ", "news:language", entry.language);
    out += "      </news:publication>\n";
    Element(out, "      ", "news:publication_date",
            FormatIso8601Z(entry.published_at > 0 ? entry.published_at : entry.last_modified));
    Element(out, "      ", "news:title", entry.title);
    out += "    </news:news>\n  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RenderRobots(const model::SiteInfo& site) {
  return "User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: " + site.base_url +
         "/sitemap.xml\n";
}

}  // namespace gazette::render
