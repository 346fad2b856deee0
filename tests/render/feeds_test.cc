#include "render/feeds.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <pugixml.hpp>

#include "reference_article.h"
#include "temp_dir.h"

namespace gazette::render {
namespace {

using testing::kPublishedAt;
using testing::ReferenceCard;
using testing::ReferenceSite;

model::FeedPage ReferenceFeed() {
  model::FeedPage feed;
  feed.edition = testing::French();
  feed.title = "Gazette – International";
  feed.path = "/fr/international/";
  feed.self_path = "/fr/international/feed.xml";
  auto hostile = ReferenceCard();
  hostile.article.slug = "hostile";
  hostile.article.title = std::string("A <b>&</b> \x01\x1F title \"q\" 'a'");
  hostile.article.published_at = kPublishedAt - 3600;
  hostile.article.updated_at = kPublishedAt - 3600;
  hostile.image.reset();
  feed.items = {ReferenceCard(), hostile};
  return feed;
}

pugi::xml_document Parse(const std::string& xml) {
  pugi::xml_document doc;
  auto result = doc.load_string(xml.c_str());
  EXPECT_TRUE(result) << result.description() << "\n" << xml;
  return doc;
}

// xmllint, when the machine has it, must accept the document as well-formed.
void ExpectXmllintAccepts(const std::string& xml) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return;
  gazette::testing::TempDir dir;
  const std::string file = dir / "doc.xml";
  gazette::testing::WriteFile(file, xml);
  EXPECT_EQ(std::system(("xmllint --noout '" + file + "' 2>/dev/null").c_str()), 0) << xml;
}

TEST(FeedsTest, RssHasChannelItemsAndSelfLink) {
  const std::string xml = RenderRss(ReferenceSite(), ReferenceFeed());
  auto doc = Parse(xml);
  auto rss = doc.child("rss");
  EXPECT_STREQ(rss.attribute("version").value(), "2.0");
  auto channel = rss.child("channel");
  EXPECT_STREQ(channel.child_value("title"), "Gazette – International");
  EXPECT_STREQ(channel.child_value("link"), "https://news.example/fr/international/");
  EXPECT_STREQ(channel.child_value("language"), "fr");
  EXPECT_STREQ(channel.child_value("lastBuildDate"), "Thu, 11 Jul 2024 01:32:00 +0000");
  auto self = channel.child("atom:link");
  EXPECT_STREQ(self.attribute("rel").value(), "self");
  EXPECT_STREQ(self.attribute("href").value(), "https://news.example/fr/international/feed.xml");
  auto item = channel.child("item");
  const std::string url =
      "https://news.example/fr/international/amerique/"
      "l-otan-envoie-un-message-a-la-russie-et-a-la-chine";
  EXPECT_EQ(std::string(item.child_value("link")), url);
  EXPECT_EQ(std::string(item.child_value("guid")), url);
  EXPECT_STREQ(item.child("guid").attribute("isPermaLink").value(), "true");
  EXPECT_STREQ(item.child_value("pubDate"), "Thu, 11 Jul 2024 01:32:00 +0000");
  EXPECT_EQ(std::string(item.child_value("description")), ReferenceCard().article.lead);
  EXPECT_STREQ(item.child_value("category"), "Amérique");
  EXPECT_STREQ(item.child_value("dc:creator"), "Jeanne Martin");
  EXPECT_STREQ(item.child("media:content").attribute("url").value(),
               "https://news.example/media/2024/07/jens-stoltenberg-nato-commerce.jpg");
  auto second = item.next_sibling("item");
  EXPECT_STREQ(second.child_value("title"), "A <b>&</b>  title \"q\" 'a'");
  ExpectXmllintAccepts(xml);
}

TEST(FeedsTest, AtomHasEntriesWithDatesAndAuthors) {
  const std::string xml = RenderAtom(ReferenceSite(), ReferenceFeed());
  auto doc = Parse(xml);
  auto feed = doc.child("feed");
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_STREQ(feed.child_value("id"), "https://news.example/fr/international/");
  EXPECT_STREQ(feed.child_value("updated"), "2024-07-11T01:32:00Z");
  EXPECT_STREQ(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value(),
               "https://news.example/fr/international/feed.xml");
  auto entry = feed.child("entry");
  EXPECT_STREQ(entry.child_value("published"), "2024-07-11T01:32:00Z");
  EXPECT_STREQ(entry.child_value("updated"), "2024-07-11T01:32:00Z");
  EXPECT_STREQ(entry.child("author").child_value("name"), "Jeanne Martin");
  EXPECT_STREQ(entry.child("link").attribute("href").value(), entry.child_value("id"));
  EXPECT_EQ(std::string(entry.child_value("summary")), ReferenceCard().article.lead);
  EXPECT_STREQ(entry.next_sibling("entry").child_value("title"), "A <b>&</b>  title \"q\" 'a'");
  ExpectXmllintAccepts(xml);
}

TEST(FeedsTest, EmptyFeedsAreStillValid) {
  auto feed = ReferenceFeed();
  feed.items.clear();
  const std::string rss = RenderRss(ReferenceSite(), feed);
  EXPECT_TRUE(Parse(rss).child("rss").child("channel").child("item").empty());
  ExpectXmllintAccepts(rss);
  const std::string atom = RenderAtom(ReferenceSite(), feed);
  EXPECT_TRUE(Parse(atom).child("feed").child("updated"));
  ExpectXmllintAccepts(atom);
}

TEST(FeedsTest, Sitemaps) {
  const auto site = ReferenceSite();
  std::string xml = RenderSitemapIndex(site, {"/sitemap-fr.xml", "/news-sitemap.xml"});
  auto index = Parse(xml);
  auto root = index.child("sitemapindex");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.sitemaps.org/schemas/sitemap/0.9");
  EXPECT_STREQ(root.child("sitemap").child_value("loc"), "https://news.example/sitemap-fr.xml");
  ExpectXmllintAccepts(xml);

  std::vector<model::SitemapEntry> entries = {
      {"/fr/international/amerique/l-otan?x=1&y=2", kPublishedAt, "L'OTAN <&>", "fr", kPublishedAt},
      {"/fr/", 0, "", "", 0}};
  xml = RenderSitemap(site, entries);
  auto urlset_doc = Parse(xml);
  auto urlset = urlset_doc.child("urlset");
  auto url = urlset.child("url");
  EXPECT_STREQ(url.child_value("loc"),
               "https://news.example/fr/international/amerique/l-otan?x=1&y=2");
  EXPECT_STREQ(url.child_value("lastmod"), "2024-07-11T01:32:00Z");
  EXPECT_TRUE(url.next_sibling("url").child("lastmod").empty());
  ExpectXmllintAccepts(xml);

  entries.pop_back();
  xml = RenderNewsSitemap(site, entries);
  auto news_doc = Parse(xml);
  auto news = news_doc.child("urlset").child("url").child("news:news");
  EXPECT_STREQ(news.child("news:publication").child_value("news:name"), "Gazette");
  EXPECT_STREQ(news.child("news:publication").child_value("news:language"), "fr");
  EXPECT_STREQ(news.child_value("news:publication_date"), "2024-07-11T01:32:00Z");
  EXPECT_STREQ(news.child_value("news:title"), "L'OTAN <&>");
  ExpectXmllintAccepts(xml);
}

TEST(FeedsTest, Robots) {
  const std::string robots = RenderRobots(ReferenceSite());
  EXPECT_NE(robots.find("User-agent: *\n"), std::string::npos);
  EXPECT_NE(robots.find("Disallow: /admin/\n"), std::string::npos);
  EXPECT_NE(robots.find("Sitemap: https://news.example/sitemap.xml\n"), std::string::npos);
  EXPECT_EQ(robots.find("Disallow: /\n"), std::string::npos);
}

}  // namespace
}  // namespace gazette::render
