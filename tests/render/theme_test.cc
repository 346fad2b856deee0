#include "render/theme.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>

#include "model/site_paths.h"
#include "reference_article.h"
#include "temp_dir.h"

namespace gazette::render {
namespace {

using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;
using testing::English;
using testing::French;
using testing::ReferencePage;
using testing::ReferenceSite;
using testing::Vietnamese;

std::unique_ptr<Theme> DefaultTheme() {
  auto theme = Theme::Load(GAZETTE_THEME_DIR);
  EXPECT_TRUE(theme.ok()) << (theme.ok() ? "" : theme.error().ToString());
  return theme.ok() ? std::move(*theme) : nullptr;
}

std::string JsonLd(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  const auto start = html.find(open);
  if (start == std::string::npos) return "";
  const auto end = html.find("</script>", start);
  return html.substr(start + open.size(), end - start - open.size());
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// Every <script> must load a file or carry JSON-LD data, so a CSP without 'unsafe-inline' works.
void ExpectNoInlineScript(const std::string& html) {
  for (auto pos = html.find("<script"); pos != std::string::npos;
       pos = html.find("<script", pos + 1)) {
    const std::string attrs = html.substr(pos, html.find('>', pos) - pos);
    EXPECT_TRUE(attrs.find(" src=") != std::string::npos ||
                attrs.find("application/ld+json") != std::string::npos)
        << attrs;
    if (attrs.find(" src=") != std::string::npos) {
      EXPECT_NE(attrs.find("defer"), std::string::npos) << attrs;
    }
  }
}

// The text between the first <tag> and its </tag>.
std::string Inner(const std::string& html, const std::string& tag) {
  const auto start = html.find("<" + tag + ">");
  if (start == std::string::npos) return "";
  const auto end = html.find("</" + tag + ">", start);
  return html.substr(start + tag.size() + 2, end - start - tag.size() - 2);
}

TEST(ThemeTest, LoadRejectsMissingFolder) {
  auto theme = Theme::Load("/nonexistent/theme/folder");
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_NE(theme.error().message.find("/nonexistent/theme/folder"), std::string::npos);
}

void WriteMinimalTheme(const TempDir& dir) {
  for (const char* name : {"home", "article", "listing", "not_found"}) {
    WriteFile(dir / (std::string(name) + ".mustache"), std::string(name) + ":{{page_title}}");
  }
}

TEST(ThemeTest, LoadRejectsBrokenTemplatesWithTheirName) {
  TempDir dir;
  WriteMinimalTheme(dir);
  WriteFile(dir / "article.mustache", "{{#article}}unclosed");
  auto theme = Theme::Load(dir.path().string());
  ASSERT_FALSE(theme.ok());
  EXPECT_EQ(theme.error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_NE(theme.error().message.find("article.mustache"), std::string::npos)
      << theme.error().message;
}

TEST(ThemeTest, LoadRejectsUnknownPartialMissingTemplateAndBadMessages) {
  {
    TempDir dir;
    WriteMinimalTheme(dir);
    WriteFile(dir / "home.mustache", "{{> nowhere}}");
    auto theme = Theme::Load(dir.path().string());
    ASSERT_FALSE(theme.ok());
    EXPECT_NE(theme.error().message.find("nowhere"), std::string::npos);
  }
  {
    TempDir dir;
    WriteMinimalTheme(dir);
    std::filesystem::remove(dir / "listing.mustache");
    auto theme = Theme::Load(dir.path().string());
    ASSERT_FALSE(theme.ok());
    EXPECT_NE(theme.error().message.find("listing.mustache"), std::string::npos);
  }
  {
    TempDir dir;
    WriteMinimalTheme(dir);
    WriteFile(dir / "partials/loop.mustache", "{{> loop}}");
    WriteFile(dir / "home.mustache", "{{> loop}}");
    EXPECT_FALSE(Theme::Load(dir.path().string()).ok());
  }
  {
    TempDir dir;
    WriteMinimalTheme(dir);
    WriteFile(dir / "messages/fr.json", "{\"home\": 3}");
    auto theme = Theme::Load(dir.path().string());
    ASSERT_FALSE(theme.ok());
    EXPECT_NE(theme.error().message.find("fr.json"), std::string::npos);
  }
}

TEST(ThemeTest, ArticlePageShowsEveryElementOfTheReferencePage) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  const std::string html = theme->RenderArticle(ReferenceSite(), ReferencePage());

  EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_NE(html.find("<title>L&apos;OTAN envoie un message à la Russie et à la Chine</title>"),
            std::string::npos)
      << html.substr(0, 600);
  // Localized date and time, in the edition's zone, never a placeholder.
  EXPECT_NE(html.find("<time datetime=\"2024-07-11T08:32:00+07:00\">11 juillet 2024"),
            std::string::npos);
  EXPECT_NE(html.find("08:32"), std::string::npos);
  EXPECT_EQ(html.find("DNUM"), std::string::npos);
  EXPECT_EQ(html.find("Mis à jour"), std::string::npos);
  EXPECT_NE(html.find("<h1 class=\"article__title\" id=\"headline\">L&apos;OTAN envoie"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"lead\">Le secrétaire général de l&apos;OTAN a déclaré"),
            std::string::npos);
  // Main image: renditions, size, alt, caption with localized credit.
  EXPECT_NE(html.find("srcset=\"/media/2024/07/jens-stoltenberg-nato-commerce-320.webp 320w, "
                      "/media/2024/07/jens-stoltenberg-nato-commerce-640.webp 640w"),
            std::string::npos);
  EXPECT_NE(html.find("/media/2024/07/jens-stoltenberg-nato-commerce-1280.jpg 1280w"),
            std::string::npos);
  EXPECT_NE(html.find("src=\"/media/2024/07/jens-stoltenberg-nato-commerce.jpg\""),
            std::string::npos);
  EXPECT_NE(html.find("width=\"1600\" height=\"900\""), std::string::npos);
  EXPECT_NE(html.find("alt=\"Jens Stoltenberg au pupitre du sommet de Washington\""),
            std::string::npos);
  const std::string caption = Inner(html, "figcaption");
  EXPECT_NE(caption.find("Jens Stoltenberg, au sommet de l&apos;OTAN"), std::string::npos);
  const auto photo = caption.find("Photo");
  ASSERT_NE(photo, std::string::npos) << caption;
  const auto colon = caption.find(':', photo);
  const auto credit = caption.find("OTAN</span>", photo);
  ASSERT_NE(colon, std::string::npos) << caption;
  ASSERT_NE(credit, std::string::npos) << caption;
  EXPECT_LT(colon, credit);
  EXPECT_LE(credit - photo, 12u) << caption;
  // Body inserted as sanitized HTML, with its « quotes ».
  EXPECT_NE(html.find("<blockquote><p>« L’approfondissement"), std::string::npos);
  EXPECT_NE(html.find("Selon RIA Novosti</p>"), std::string::npos);
  EXPECT_NE(html.find("Copier le lien"), std::string::npos);
  EXPECT_NE(html.find("Lien copié"), std::string::npos);
  EXPECT_NE(html.find("data-copy-url=\"https://news.example/fr/international/amerique/"
                      "l-otan-envoie-un-message-a-la-russie-et-a-la-chine\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"mailto:?subject="), std::string::npos);
  // Breadcrumb, tags, byline, menu.
  EXPECT_NE(html.find("<nav class=\"breadcrumb\" aria-label=\"Fil d’Ariane\">"), std::string::npos);
  EXPECT_NE(html.find("BreadcrumbList"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/\"><span itemprop=\"name\">Accueil</span>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/\"><span itemprop=\"name\">International</span>"),
            std::string::npos);
  EXPECT_NE(
      html.find("href=\"/fr/international/amerique/\"><span itemprop=\"name\">Amérique</span>"),
      std::string::npos);
  EXPECT_NE(html.find("<a href=\"/fr/tag/amerique/\" rel=\"tag\">Amérique</a>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/fr/tag/russie/\" rel=\"tag\">Russie</a>"), std::string::npos);
  EXPECT_NE(html.find("Par <a href=\"/fr/author/jeanne-martin/\" rel=\"author\">Jeanne Martin</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"/fr/economie/\">Économie</a>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/fr/international/\" aria-current=\"true\">International</a>"),
            std::string::npos);
  // Head: canonical, hreflang, feeds, Open Graph, Twitter.
  const std::string canonical =
      "https://news.example/fr/international/amerique/"
      "l-otan-envoie-un-message-a-la-russie-et-a-la-chine";
  EXPECT_NE(html.find("<link rel=\"canonical\" href=\"" + canonical + "\">"), std::string::npos);
  EXPECT_NE(html.find("<link rel=\"alternate\" hreflang=\"fr\" href=\"" + canonical + "\">"),
            std::string::npos);
  EXPECT_NE(html.find("hreflang=\"en\" href=\"https://news.example/en/world/americas/"
                      "nato-sends-a-message\""),
            std::string::npos);
  EXPECT_NE(html.find("hreflang=\"x-default\" href=\"https://news.example/vi/the-gioi/chau-my/"
                      "nato-gui-thong-diep\""),
            std::string::npos);
  EXPECT_NE(html.find("type=\"application/rss+xml\" title=\"Gazette (RSS)\" href=\"/fr/feed.xml\""),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/amerique/atom.xml\""), std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:type\" content=\"article\">"), std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:url\" content=\"" + canonical + "\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:image\" content=\"https://news.example/media/2024/07/"
                      "jens-stoltenberg-nato-commerce.jpg\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:locale\" content=\"fr_FR\">"), std::string::npos);
  EXPECT_NE(html.find("<meta property=\"article:published_time\" "
                      "content=\"2024-07-11T08:32:00+07:00\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta property=\"article:tag\" content=\"Russie\">"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            std::string::npos);
  EXPECT_NE(html.find("<meta name=\"description\" content=\"Le secrétaire général"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/assets/site.css\""), std::string::npos);
  // Latest, related, translations, sticky headline, footer.
  EXPECT_NE(html.find("Derniers articles"), std::string::npos);
  EXPECT_NE(html.find("Articles liés"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/amerique/sommet-de-washington\""),
            std::string::npos);
  EXPECT_NE(html.find("hreflang=\"en\" lang=\"en\">NATO sends a message</a>"), std::string::npos);
  EXPECT_NE(html.find("data-sticky-close aria-label=\"Fermer\">×</button>"), std::string::npos);
  EXPECT_NE(html.find("Propulsé par Gazette"), std::string::npos);
  EXPECT_NE(html.find("href=\"#main\">Aller au contenu</a>"), std::string::npos);
  ExpectNoInlineScript(html);
}

TEST(ThemeTest, ArticleJsonLdIsANewsArticle) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  const std::string html = theme->RenderArticle(ReferenceSite(), ReferencePage());
  boost::system::error_code ec;
  auto value = boost::json::parse(JsonLd(html), ec);
  ASSERT_FALSE(ec) << JsonLd(html);
  const auto& o = value.as_object();
  EXPECT_EQ(o.at("@type").as_string(), "NewsArticle");
  EXPECT_EQ(o.at("headline").as_string(), "L'OTAN envoie un message à la Russie et à la Chine");
  EXPECT_EQ(o.at("datePublished").as_string(), "2024-07-11T08:32:00+07:00");
  EXPECT_EQ(o.at("dateModified").as_string(), "2024-07-11T08:32:00+07:00");
  EXPECT_EQ(o.at("inLanguage").as_string(), "fr");
  EXPECT_EQ(o.at("articleSection").as_string(), "Amérique");
  EXPECT_EQ(o.at("author").as_array().at(0).at("name").as_string(), "Jeanne Martin");
  EXPECT_EQ(o.at("publisher").at("name").as_string(), "Gazette");
  EXPECT_EQ(o.at("sourceOrganization").at("name").as_string(), "RIA Novosti");
  EXPECT_EQ(o.at("keywords").as_array().size(), 2u);
  EXPECT_EQ(o.at("image").at("url").as_string(),
            "https://news.example/media/2024/07/jens-stoltenberg-nato-commerce.jpg");
  EXPECT_EQ(o.at("mainEntityOfPage").at("@id").as_string(),
            "https://news.example/fr/international/amerique/"
            "l-otan-envoie-un-message-a-la-russie-et-a-la-chine");
}

TEST(ThemeTest, HostileValuesAreEscapedInHtmlAndJsonLd) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  auto page = ReferencePage();
  const std::string hostile = "</script><script>alert(1)</script>\"'&";
  page.card.article.title = hostile;
  page.card.article.lead = hostile;
  page.card.article.source = hostile;
  page.card.tags[0].name = hostile;
  page.card.image->caption = hostile;
  page.card.authors[0].name = hostile;
  const std::string html = theme->RenderArticle(ReferenceSite(), page);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  // Only the real script elements close.
  EXPECT_EQ(Count(html, "</script>"), Count(html, "<script "));
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;"),
            std::string::npos);
  const std::string json = JsonLd(html);
  EXPECT_EQ(json.find('<'), std::string::npos);
  EXPECT_NE(json.find("\\u003c/script\\u003e"), std::string::npos);
  boost::system::error_code ec;
  auto value = boost::json::parse(json, ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(value.at("headline").as_string(), hostile);
  ExpectNoInlineScript(html);
}

TEST(ThemeTest, SeoAndSocialTitlesAndUpdateLine) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  auto page = ReferencePage();
  page.card.article.seo_title = "OTAN : message à Moscou et Pékin";
  page.card.article.social_title = "Le message de l'OTAN";
  page.card.article.updated_at = testing::kPublishedAt + 3 * 3600;
  const std::string html = theme->RenderArticle(ReferenceSite(), page);
  EXPECT_NE(html.find("<title>OTAN : message à Moscou et Pékin</title>"), std::string::npos);
  EXPECT_NE(html.find("<meta property=\"og:title\" content=\"Le message de l&apos;OTAN\">"),
            std::string::npos);
  EXPECT_NE(html.find("Mis à jour le <time datetime=\"2024-07-11T11:32:00+07:00\">11 juillet "
                      "2024 à 11:32</time>"),
            std::string::npos);
}

TEST(ThemeTest, ArticleDatesFollowTheEditionLocaleAndZone) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  auto page = ReferencePage();
  page.edition = Vietnamese();
  page.card.article.edition = "vi";
  std::string html = theme->RenderArticle(ReferenceSite(), page);
  EXPECT_NE(html.find("<html lang=\"vi\">"), std::string::npos);
  EXPECT_NE(html.find("11 tháng 7, 2024"), std::string::npos);
  EXPECT_NE(html.find("Theo RIA Novosti"), std::string::npos);

  page.edition = English();
  page.card.article.edition = "en";
  html = theme->RenderArticle(ReferenceSite(), page);
  EXPECT_NE(html.find("<time datetime=\"2024-07-10T21:32:00-04:00\">July 10, 2024"),
            std::string::npos);
  EXPECT_NE(html.find("According to RIA Novosti"), std::string::npos);
  EXPECT_NE(html.find("Copy link"), std::string::npos);
}

TEST(ThemeTest, NotFoundIsLocalized) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  const std::string fr = theme->RenderNotFound(ReferenceSite(), French());
  EXPECT_NE(fr.find("<h1>Page introuvable</h1>"), std::string::npos);
  EXPECT_NE(fr.find("href=\"/fr/\">Retour à la une</a>"), std::string::npos);
  EXPECT_NE(fr.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  const std::string en = theme->RenderNotFound(ReferenceSite(), English());
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.find("<h1>Page not found</h1>"), std::string::npos);
  EXPECT_NE(en.find("href=\"/en/\""), std::string::npos);
  ExpectNoInlineScript(en);
}

TEST(ThemeTest, MissingMessagesFallBackToEnglish) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  model::Edition german{"de", "Gazette Deutsch", "de", "de_DE", "Europe/Berlin", 5};
  const std::string html = theme->RenderNotFound(ReferenceSite(), german);
  EXPECT_NE(html.find("<h1>Page not found</h1>"), std::string::npos);
}

TEST(ThemeTest, HomeShowsFeaturedLatestAndSectionBlocks) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  const auto article = ReferencePage();
  model::HomePage home;
  home.edition = French();
  home.featured = {article.card};
  home.latest = article.latest;
  home.blocks = {{article.sections[0], {article.card}}};
  home.sections = article.sections;
  const std::string html = theme->RenderHome(ReferenceSite(), home);
  const auto featured = html.find("À la une");
  const auto latest = html.find("Derniers articles");
  ASSERT_NE(featured, std::string::npos);
  ASSERT_NE(latest, std::string::npos);
  EXPECT_LT(featured, latest);
  EXPECT_NE(html.find("class=\"top-story\""), std::string::npos);
  EXPECT_NE(html.find("<h2 class=\"section-heading\"><a href=\"/fr/international/\">"
                      "International</a></h2>"),
            std::string::npos);
  EXPECT_NE(html.find("<time class=\"card__date\" datetime=\"2024-07-11T08:32:00+07:00\">"
                      "11 juil. 2024</time>"),
            std::string::npos);
  EXPECT_NE(html.find("hreflang=\"x-default\" href=\"https://news.example/vi/\""),
            std::string::npos);
  EXPECT_NE(html.find("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Gazette "
                      "(Atom)\" href=\"/fr/atom.xml\">"),
            std::string::npos);
  ExpectNoInlineScript(html);
}

TEST(ThemeTest, ListingPaginatesWithRelLinks) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  const auto article = ReferencePage();
  model::ListingPage listing;
  listing.kind = model::ListingPage::Kind::kSection;
  listing.edition = French();
  listing.title = "International";
  listing.path = "/fr/international/";
  listing.section_chain = {article.sections[0]};
  listing.subsections = {article.sections[1]};
  listing.items = {article.card};
  listing.sections = article.sections;
  listing.page = 2;
  listing.page_count = 3;
  std::string html = theme->RenderListing(ReferenceSite(), listing);
  EXPECT_NE(html.find("<link rel=\"prev\" href=\"/fr/international/\">"), std::string::npos);
  EXPECT_NE(html.find("<link rel=\"next\" href=\"/fr/international/?page=3\">"), std::string::npos);
  EXPECT_NE(html.find("rel=\"prev\" href=\"/fr/international/\">← Page précédente</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<link rel=\"canonical\" href=\"https://news.example/fr/international/"
                      "?page=2\">"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/amerique/\">Amérique</a>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/international/feed.xml\""), std::string::npos);
  EXPECT_EQ(html.find("?page=1"), std::string::npos);

  listing.page = 1;
  html = theme->RenderListing(ReferenceSite(), listing);
  EXPECT_EQ(html.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(html.find("<link rel=\"next\" href=\"/fr/international/?page=2\">"), std::string::npos);

  listing.kind = model::ListingPage::Kind::kTag;
  listing.title = "Russie";
  listing.path = "/fr/tag/russie/";
  listing.page_count = 1;
  html = theme->RenderListing(ReferenceSite(), listing);
  EXPECT_NE(html.find("<h1 class=\"listing__title\">Russie</h1>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/fr/tag/russie/feed.xml\""), std::string::npos);
  EXPECT_EQ(html.find("class=\"pagination\""), std::string::npos);

  listing.items.clear();
  html = theme->RenderListing(ReferenceSite(), listing);
  EXPECT_NE(html.find("Aucun article pour le moment."), std::string::npos);
}

TEST(ThemeTest, TemplatesFallBackFromSlugToSectionToKind) {
  TempDir dir;
  WriteMinimalTheme(dir);
  WriteFile(dir / "article.mustache", "generic:{{article.title}}");
  WriteFile(dir / "article-amerique.mustache", "section:{{article.title}}");
  WriteFile(dir / "article-special.mustache", "{{> mark}}:{{article.title}}");
  WriteFile(dir / "partials/mark.mustache", "slug");
  WriteFile(dir / "tag.mustache", "tag:{{title}}");
  WriteFile(dir / "section-economie.mustache", "economie:{{title}}");
  auto loaded = Theme::Load(dir.path().string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const auto& theme = *loaded;
  auto page = ReferencePage();
  page.card.article.title = "T";
  EXPECT_EQ(theme->RenderArticle(ReferenceSite(), page), "section:T");
  page.card.article.slug = "special";
  EXPECT_EQ(theme->RenderArticle(ReferenceSite(), page), "slug:T");
  page.card.article.slug = "other";
  page.card.section_chain.pop_back();
  EXPECT_EQ(theme->RenderArticle(ReferenceSite(), page), "generic:T");

  model::ListingPage listing;
  listing.edition = French();
  listing.kind = model::ListingPage::Kind::kTag;
  listing.title = "Russie";
  listing.path = "/fr/tag/russie/";
  EXPECT_EQ(theme->RenderListing(ReferenceSite(), listing), "tag:Russie");
  listing.kind = model::ListingPage::Kind::kSection;
  listing.title = "Économie";
  listing.path = "/fr/economie/";
  listing.section_chain = {page.sections[2]};
  EXPECT_EQ(theme->RenderListing(ReferenceSite(), listing), "economie:Économie");
  listing.kind = model::ListingPage::Kind::kAuthor;
  listing.path = "/fr/author/x/";
  EXPECT_EQ(theme->RenderListing(ReferenceSite(), listing), "listing:Économie – Gazette");
  EXPECT_EQ(theme->AssetsDir(), (dir.path() / "assets").string());
}

TEST(ThemeTest, DefaultThemeShipsItsAssets) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  for (const char* file : {"site.css", "copy-link.js", "sticky-header.js"}) {
    EXPECT_FALSE(ReadFile(std::filesystem::path(theme->AssetsDir()) / file).empty()) << file;
  }
  const std::string js = ReadFile(std::filesystem::path(theme->AssetsDir()) / "copy-link.js");
  EXPECT_NE(js.find("navigator.clipboard"), std::string::npos);
  EXPECT_NE(js.find(".select()"), std::string::npos);
}

// The theme escapes {{ }} values its own way, for speed; kainjow's html_escape is the
// reference, for every byte, a NUL included.
TEST(ThemeTest, EscapingIsKainjowsForEveryByte) {
  TempDir dir;
  WriteMinimalTheme(dir);
  WriteFile(dir / "article.mustache", "{{article.title}}|{{{article.title}}}");
  auto loaded = Theme::Load(dir.path().string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  auto page = ReferencePage();
  for (const std::string& title :
       {every_byte, std::string("a\0<b>\0&", 7), std::string("\0", 1), std::string("<"),
        std::string("plain"), std::string("\"'&&<<>>"), std::string()}) {
    page.card.article.title = title;
    EXPECT_EQ((*loaded)->RenderArticle(ReferenceSite(), page),
              kainjow::mustache::html_escape<std::string>(title) + "|" + title);
  }
}

// A theme shares parts of pages between renders (page_data.h); whatever changed since must
// show on the next render, exactly as a theme that never rendered anything shows it.
TEST(ThemeTest, SharedPartsFollowEveryChangeOfTheirValues) {
  auto theme = DefaultTheme();
  ASSERT_TRUE(theme);
  auto page = ReferencePage();
  auto site = ReferenceSite();
  auto expect_fresh = [&](const char* what) {
    auto fresh = DefaultTheme();
    ASSERT_TRUE(fresh);
    const std::string html = theme->RenderArticle(site, page);
    EXPECT_EQ(html, fresh->RenderArticle(site, page)) << what;
    model::HomePage home;
    home.edition = page.edition;
    home.featured = page.related;
    home.featured.push_back(page.card);
    home.latest = page.latest;
    home.blocks = {{page.sections[0], page.related}, {page.sections[1], page.latest}};
    home.sections = page.sections;
    EXPECT_EQ(theme->RenderHome(site, home), fresh->RenderHome(site, home)) << what;
    model::ListingPage listing;
    listing.edition = page.edition;
    listing.title = "International";
    listing.path = "/fr/international/";
    listing.featured = page.latest;
    listing.items = page.related;
    listing.items.push_back(page.card);
    listing.sections = page.sections;
    EXPECT_EQ(theme->RenderListing(site, listing), fresh->RenderListing(site, listing)) << what;
  };
  expect_fresh("first render");
  expect_fresh("second render");

  page.sections[0].name = "Monde";
  expect_fresh("a section renamed");
  EXPECT_NE(theme->RenderArticle(site, page).find(">Monde</a></li>"), std::string::npos);
  page.sections.push_back({4, "fr", std::nullopt, "Sport", "sport", "sport", 0});
  expect_fresh("a section added");
  page.sections[3].position = 9;
  expect_fresh("a section moved");
  page.card.section_chain = {page.sections[2]};
  expect_fresh("the article moved to another section (menu entry)");

  page.latest.front().article.title = "Un titre corrigé";
  expect_fresh("a latest article retitled");
  EXPECT_NE(theme->RenderArticle(site, page).find("Un titre corrigé"), std::string::npos);
  page.latest.front().image = page.card.image;
  expect_fresh("an image on a latest article");
  page.latest.front().image->alt = "Autre texte";
  expect_fresh("its alternative text");
  page.latest.front().article.updated_at += 86400;
  expect_fresh("a latest article updated");
  page.latest.push_back(page.card);
  page.latest.back().article.id = 99;
  page.latest.back().article.slug = "nouveau";
  expect_fresh("a new latest article");
  page.latest.clear();
  expect_fresh("no latest articles");

  page.related.front().article.title = "Un autre titre";
  expect_fresh("a related article retitled");
  EXPECT_NE(theme->RenderArticle(site, page).find("Un autre titre"), std::string::npos);
  page.related.front().image = page.card.image;
  expect_fresh("an image on a related article");
  page.related.front().image->caption = "Autre légende";
  page.related.front().image->rendition_widths = {480};
  expect_fresh("its caption and renditions");
  page.related.front().section_chain = {page.sections[2]};
  expect_fresh("a related article in another section");
  page.related.push_back(page.related.front());
  page.related.back().article.id = 77;
  page.related.back().article.slug = "encore";
  expect_fresh("two related articles");
  page.related.clear();
  expect_fresh("no related articles");

  site.name = "La Gazette";
  expect_fresh("the site renamed");
  site.editions[2].name = "Gazette — US English";
  expect_fresh("another edition renamed");
  page.edition.name = "Gazette — France";
  site.editions[1].name = page.edition.name;
  expect_fresh("this edition renamed");
  site.editions.pop_back();
  expect_fresh("an edition removed");

  page.edition = English();
  page.card.article.edition = "en";
  expect_fresh("another edition's page");
  page = ReferencePage();
  site = ReferenceSite();
  expect_fresh("back to the start");
}

}  // namespace
}  // namespace gazette::render
