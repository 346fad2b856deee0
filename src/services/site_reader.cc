#include "services/site_reader.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <unordered_map>

#include "model/site_paths.h"

namespace gazette::services {

using model::Article;
using model::ArticleCard;
using model::Result;
using model::Section;

model::UnixSeconds SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<Section> SectionChain(const std::vector<Section>& sections, model::Id id) {
  std::vector<Section> chain;
  std::optional<model::Id> next = id;
  // The depth bound guards against a cycle in corrupt data.
  for (int depth = 0; next && depth < 16; ++depth) {
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const Section& s) { return s.id == *next; });
    if (it == sections.end()) break;
    chain.push_back(*it);
    next = it->parent_id;
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

SiteReader::SiteReader(storage::Store& store, model::SiteInfo site, ReaderOptions options,
                       Clock clock)
    : store_(store),
      model_(store),
      site_(std::move(site)),
      options_(options),
      clock_(std::move(clock)) {}

Result<std::vector<Section>> SiteReader::SectionsOf(std::string_view edition) {
  GAZETTE_ASSIGN_OR_RETURN(auto sections, model_.Sections(edition));
  return *sections;
}

Result<model::Edition> SiteReader::FindEdition(std::string_view code) const {
  for (const auto& e : site_.editions) {
    if (e.code == code) return e;
  }
  return model::NotFound("no edition '" + std::string(code) + "'");
}

Result<ArticleCard> SiteReader::Card(const Article& article, const std::vector<Section>& sections) {
  GAZETTE_ASSIGN_OR_RETURN(auto cards, Cards({article}, sections));
  return std::move(cards.front());
}

Result<std::vector<ArticleCard>> SiteReader::Cards(std::vector<Article> articles,
                                                   const std::vector<Section>& sections) {
  // One query each for the tags, authors and images of every card.
  std::vector<model::Id> tag_ids;
  std::vector<model::Id> author_ids;
  std::vector<model::Id> media_ids;
  for (const auto& a : articles) {
    tag_ids.insert(tag_ids.end(), a.tag_ids.begin(), a.tag_ids.end());
    author_ids.insert(author_ids.end(), a.author_ids.begin(), a.author_ids.end());
    if (a.image_id) media_ids.push_back(*a.image_id);
  }
  auto unique = [](std::vector<model::Id>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  };
  unique(tag_ids);
  unique(author_ids);
  unique(media_ids);
  std::unordered_map<model::Id, model::Tag> tags;
  std::unordered_map<model::Id, model::Author> authors;
  std::unordered_map<model::Id, model::Media> media;
  if (!tag_ids.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto found, model_.Tags(tag_ids));
    for (auto& t : found) tags.emplace(t.id, std::move(t));
  }
  if (!author_ids.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto found, model_.Authors(author_ids));
    for (auto& a : found) authors.emplace(a.id, std::move(a));
  }
  if (!media_ids.empty()) {
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.GetMediaItems(media_ids));
    for (auto& m : found) media.emplace(m.id, std::move(m));
  }

  std::vector<ArticleCard> cards;
  cards.reserve(articles.size());
  for (auto& article : articles) {
    ArticleCard card;
    card.article = std::move(article);
    const Article& a = card.article;
    card.section_chain = SectionChain(sections, a.section_id);
    if (card.section_chain.empty() && a.section_id != 0) {
      // A section created after `sections` were read.
      GAZETTE_ASSIGN_OR_RETURN(auto fresh, model_.SectionsWith(a.edition, a.section_id));
      card.section_chain = SectionChain(*fresh, a.section_id);
    }
    for (model::Id id : a.tag_ids) {
      if (auto it = tags.find(id); it != tags.end()) card.tags.push_back(it->second);
    }
    for (model::Id id : a.author_ids) {
      if (auto it = authors.find(id); it != authors.end()) card.authors.push_back(it->second);
    }
    if (a.image_id) {
      if (auto it = media.find(*a.image_id); it != media.end()) card.image = it->second;
    }
    cards.push_back(std::move(card));
  }
  return cards;
}

Result<std::vector<ArticleCard>> SiteReader::Placed(std::string_view edition, std::string_view slot,
                                                    const std::vector<Section>& sections) {
  GAZETTE_ASSIGN_OR_RETURN(auto placements, store_.ListPlacements(edition, slot));
  std::vector<ArticleCard> cards;
  const auto now = clock_();
  for (const auto& p : placements) {
    GAZETTE_ASSIGN_OR_RETURN(auto article, store_.GetArticle(p.article_id));
    // A placement keeps pointing at an article that was unpublished; readers must not see it.
    if (!article || article->status != model::ArticleStatus::kPublished || !article->published_at ||
        *article->published_at > now) {
      continue;
    }
    GAZETTE_ASSIGN_OR_RETURN(auto card, Card(*article, sections));
    cards.push_back(std::move(card));
  }
  return cards;
}

Result<model::HomePage> SiteReader::Home(std::string_view edition) {
  return InSnapshot([&]() -> Result<model::HomePage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::HomePage page;
    GAZETTE_ASSIGN_OR_RETURN(page.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(page.sections, SectionsOf(edition));
    GAZETTE_ASSIGN_OR_RETURN(page.featured, Placed(edition, "home", page.sections));

    std::vector<model::Id> shown;
    for (const auto& c : page.featured) shown.push_back(c.article.id);

    const auto now = clock_();
    GAZETTE_ASSIGN_OR_RETURN(auto all, model_.Latest(edition, 0, now, options_.page_size, shown));
    const std::size_t latest_count = all.size();

    std::vector<std::pair<const model::Section*, std::size_t>> blocks;  // section, item count
    for (const auto& section : page.sections) {
      if (section.parent_id) continue;
      GAZETTE_ASSIGN_OR_RETURN(auto articles,
                               model_.Latest(edition, section.id, now, options_.block_size, shown));
      if (articles.empty()) continue;
      blocks.emplace_back(&section, articles.size());
      std::move(articles.begin(), articles.end(), std::back_inserter(all));
    }
    GAZETTE_ASSIGN_OR_RETURN(auto cards, Cards(std::move(all), page.sections));
    auto next = std::make_move_iterator(cards.begin());
    page.latest.assign(next, next + static_cast<std::ptrdiff_t>(latest_count));
    next += static_cast<std::ptrdiff_t>(latest_count);
    for (const auto& [section, count] : blocks) {
      model::SectionBlock block;
      block.section = *section;
      block.items.assign(next, next + static_cast<std::ptrdiff_t>(count));
      next += static_cast<std::ptrdiff_t>(count);
      page.blocks.push_back(std::move(block));
    }
    return page;
  });
}

Result<model::ArticlePage> SiteReader::Page(Article article) {
  model::ArticlePage page;
  GAZETTE_ASSIGN_OR_RETURN(page.edition, FindEdition(article.edition));
  {
    GAZETTE_ASSIGN_OR_RETURN(auto sections,
                             model_.SectionsWith(article.edition, article.section_id));
    page.sections = *sections;
  }
  const auto now = clock_();
  GAZETTE_ASSIGN_OR_RETURN(
      auto latest_articles,
      model_.Latest(article.edition, 0, now, options_.latest_count, {article.id}));
  GAZETTE_ASSIGN_OR_RETURN(auto related, model_.Related(article, now, options_.related_count));

  // The article, then the latest, then the related: their cards in one batch.
  std::vector<Article> all;
  all.reserve(1 + latest_articles.size() + related.size());
  const std::size_t latest_count = latest_articles.size();
  all.push_back(std::move(article));
  std::move(latest_articles.begin(), latest_articles.end(), std::back_inserter(all));
  std::move(related.begin(), related.end(), std::back_inserter(all));
  GAZETTE_ASSIGN_OR_RETURN(auto cards, Cards(std::move(all), page.sections));
  auto next = std::make_move_iterator(cards.begin());
  page.card = *next++;
  const auto latest_end = next + static_cast<std::ptrdiff_t>(latest_count);
  page.latest.assign(next, latest_end);
  page.related.assign(latest_end, std::make_move_iterator(cards.end()));

  const Article& shown = page.card.article;  // `article` was moved into its card
  if (shown.translation_group != 0) {
    for (const auto& edition : site_.editions) {
      if (edition.code == shown.edition) continue;
      GAZETTE_ASSIGN_OR_RETURN(auto found,
                               model_.Translation(edition.code, shown.translation_group, now));
      if (!found) continue;
      GAZETTE_ASSIGN_OR_RETURN(auto path, Path(*found));
      page.translations.push_back({edition, path, found->title});
    }
  }
  return page;
}

Result<model::ArticlePage> SiteReader::ArticleBySlug(std::string_view edition,
                                                     std::string_view slug) {
  return InSnapshot([&]() -> Result<model::ArticlePage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.FindArticleBySlug(edition, slug));
    if (!found || found->status != model::ArticleStatus::kPublished || !found->published_at ||
        *found->published_at > clock_()) {
      return model::NotFound("no published article '" + std::string(slug) + "'");
    }
    return Page(std::move(*found));
  });
}

Result<model::ArticlePage> SiteReader::ArticleById(model::Id id) {
  return InSnapshot([&]() -> Result<model::ArticlePage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    GAZETTE_ASSIGN_OR_RETURN(auto found, store_.GetArticle(id));
    if (!found) return model::NotFound("no article " + std::to_string(id));
    return Page(std::move(*found));
  });
}

Result<std::vector<ArticleCard>> SiteReader::CardsFor(std::string_view edition,
                                                      const std::vector<Article>& articles) {
  return InSnapshot([&]() -> Result<std::vector<ArticleCard>> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    GAZETTE_ASSIGN_OR_RETURN(auto sections, SectionsOf(edition));
    return Cards(articles, sections);
  });
}

Result<model::ListingPage> SiteReader::Listing(model::ListingPage page, storage::ArticleQuery query,
                                               int page_number) {
  query.now = clock_();
  GAZETTE_ASSIGN_OR_RETURN(auto total, store_.CountArticles(query));
  page.page_count =
      std::max<int>(1, static_cast<int>((total + options_.page_size - 1) / options_.page_size));
  if (page_number < 1 || page_number > page.page_count) {
    return model::NotFound("no page " + std::to_string(page_number));
  }
  page.page = page_number;
  query.limit = options_.page_size;
  query.offset = (page_number - 1) * options_.page_size;
  GAZETTE_ASSIGN_OR_RETURN(auto articles, store_.ListArticles(query));
  GAZETTE_ASSIGN_OR_RETURN(page.items, Cards(std::move(articles), page.sections));
  return page;
}

Result<model::ListingPage> SiteReader::SectionListing(std::string_view edition,
                                                      std::string_view path, int page_number) {
  return InSnapshot([&]() -> Result<model::ListingPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::ListingPage page;
    page.kind = model::ListingPage::Kind::kSection;
    GAZETTE_ASSIGN_OR_RETURN(page.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(page.sections, SectionsOf(edition));
    auto by_path = [&](const model::Section& s) { return s.path == path; };
    auto it = std::find_if(page.sections.begin(), page.sections.end(), by_path);
    if (it == page.sections.end()) {
      // Perhaps a section created since the sections were read.
      GAZETTE_ASSIGN_OR_RETURN(auto fresh, model_.RereadSections(edition));
      page.sections = *fresh;
      it = std::find_if(page.sections.begin(), page.sections.end(), by_path);
    }
    if (it == page.sections.end()) return model::NotFound("no section '" + std::string(path) + "'");
    const model::Section section = *it;
    page.title = section.name;
    page.path = model::SectionPath(section.edition, section.path);
    page.section_chain = SectionChain(page.sections, section.id);
    for (const auto& s : page.sections) {
      if (s.parent_id == section.id) page.subsections.push_back(s);
    }
    if (page_number == 1) {
      GAZETTE_ASSIGN_OR_RETURN(
          page.featured, Placed(edition, "section:" + std::to_string(section.id), page.sections));
    }
    storage::ArticleQuery q;
    q.edition = std::string(edition);
    q.section_id = section.id;
    return Listing(std::move(page), q, page_number);
  });
}

Result<model::ListingPage> SiteReader::TagListing(std::string_view edition, std::string_view slug,
                                                  int page_number) {
  return InSnapshot([&]() -> Result<model::ListingPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::ListingPage page;
    page.kind = model::ListingPage::Kind::kTag;
    GAZETTE_ASSIGN_OR_RETURN(page.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(auto tag, store_.FindTagBySlug(edition, slug));
    if (!tag) return model::NotFound("no tag '" + std::string(slug) + "'");
    GAZETTE_ASSIGN_OR_RETURN(page.sections, SectionsOf(edition));
    page.title = tag->name;
    page.path = model::TagPath(tag->edition, tag->slug);
    storage::ArticleQuery q;
    q.edition = std::string(edition);
    q.tag_id = tag->id;
    return Listing(std::move(page), q, page_number);
  });
}

Result<model::ListingPage> SiteReader::AuthorListing(std::string_view edition,
                                                     std::string_view slug, int page_number) {
  return InSnapshot([&]() -> Result<model::ListingPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::ListingPage page;
    page.kind = model::ListingPage::Kind::kAuthor;
    GAZETTE_ASSIGN_OR_RETURN(page.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(auto author, store_.FindAuthorBySlug(slug));
    if (!author) return model::NotFound("no author '" + std::string(slug) + "'");
    GAZETTE_ASSIGN_OR_RETURN(page.sections, SectionsOf(edition));
    page.title = author->name;
    page.description = author->bio;
    page.path = model::AuthorPath(std::string(edition), author->slug);
    storage::ArticleQuery q;
    q.edition = std::string(edition);
    q.author_id = author->id;
    return Listing(std::move(page), q, page_number);
  });
}

Result<model::FeedPage> SiteReader::Feed(model::FeedPage feed, storage::ArticleQuery query) {
  query.now = clock_();
  query.limit = options_.feed_size;
  GAZETTE_ASSIGN_OR_RETURN(auto sections, SectionsOf(query.edition));
  GAZETTE_ASSIGN_OR_RETURN(auto articles, store_.ListArticles(query));
  GAZETTE_ASSIGN_OR_RETURN(feed.items, Cards(std::move(articles), sections));
  return feed;
}

Result<model::FeedPage> SiteReader::EditionFeed(std::string_view edition) {
  return InSnapshot([&]() -> Result<model::FeedPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::FeedPage feed;
    GAZETTE_ASSIGN_OR_RETURN(feed.edition, FindEdition(edition));
    feed.title = feed.edition.name;
    feed.path = model::EditionPath(feed.edition.code);
    storage::ArticleQuery q;
    q.edition = feed.edition.code;
    return Feed(std::move(feed), q);
  });
}

Result<model::FeedPage> SiteReader::SectionFeed(std::string_view edition, std::string_view path) {
  return InSnapshot([&]() -> Result<model::FeedPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::FeedPage feed;
    GAZETTE_ASSIGN_OR_RETURN(feed.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(auto section, store_.FindSectionByPath(edition, path));
    if (!section) return model::NotFound("no section '" + std::string(path) + "'");
    feed.title = feed.edition.name + " — " + section->name;
    feed.path = model::SectionPath(section->edition, section->path);
    storage::ArticleQuery q;
    q.edition = feed.edition.code;
    q.section_id = section->id;
    return Feed(std::move(feed), q);
  });
}

Result<model::FeedPage> SiteReader::TagFeed(std::string_view edition, std::string_view slug) {
  return InSnapshot([&]() -> Result<model::FeedPage> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    model::FeedPage feed;
    GAZETTE_ASSIGN_OR_RETURN(feed.edition, FindEdition(edition));
    GAZETTE_ASSIGN_OR_RETURN(auto tag, store_.FindTagBySlug(edition, slug));
    if (!tag) return model::NotFound("no tag '" + std::string(slug) + "'");
    feed.title = feed.edition.name + " — " + tag->name;
    feed.path = model::TagPath(tag->edition, tag->slug);
    storage::ArticleQuery q;
    q.edition = feed.edition.code;
    q.tag_id = tag->id;
    return Feed(std::move(feed), q);
  });
}

Result<std::vector<std::string>> SiteReader::SitemapParts() {
  return InSnapshot([&]() -> Result<std::vector<std::string>> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    std::vector<std::string> parts;
    for (const auto& edition : site_.editions) {
      storage::ArticleQuery q;
      q.edition = edition.code;
      q.now = clock_();
      GAZETTE_ASSIGN_OR_RETURN(auto total, store_.CountArticles(q));
      const auto count = std::max<std::int64_t>(
          1, (total + options_.sitemap_part_size - 1) / options_.sitemap_part_size);
      for (std::int64_t i = 1; i <= count; ++i) {
        parts.push_back("/sitemaps/" + edition.code + "-" + std::to_string(i) + ".xml");
      }
    }
    return parts;
  });
}

Result<std::vector<model::SitemapEntry>> SiteReader::SitemapPart(std::string_view edition,
                                                                 int part) {
  return InSnapshot([&]() -> Result<std::vector<model::SitemapEntry>> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    GAZETTE_ASSIGN_OR_RETURN(auto ed, FindEdition(edition));
    if (part < 1) return model::NotFound("no sitemap part " + std::to_string(part));
    storage::ArticleQuery q;
    q.edition = ed.code;
    q.now = clock_();
    q.limit = options_.sitemap_part_size;
    q.offset = (part - 1) * options_.sitemap_part_size;
    GAZETTE_ASSIGN_OR_RETURN(auto articles, store_.ListArticles(q));
    if (articles.empty() && part > 1)
      return model::NotFound("no sitemap part " + std::to_string(part));
    std::vector<model::SitemapEntry> entries;
    if (part == 1) entries.push_back({model::EditionPath(ed.code), q.now, "", ed.language, 0});
    GAZETTE_ASSIGN_OR_RETURN(auto sections, SectionsOf(ed.code));
    std::unordered_map<model::Id, std::string> section_paths;
    for (const auto& s : sections) section_paths[s.id] = s.path;
    for (const auto& a : articles) {
      entries.push_back({model::ArticlePath(a.edition, section_paths[a.section_id], a.slug),
                         std::max(a.updated_at, a.published_at.value_or(0)), a.title, ed.language,
                         a.published_at.value_or(0)});
    }
    return entries;
  });
}

Result<std::vector<model::SitemapEntry>> SiteReader::NewsSitemap() {
  return InSnapshot([&]() -> Result<std::vector<model::SitemapEntry>> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    std::vector<model::SitemapEntry> entries;
    const auto now = clock_();
    for (const auto& edition : site_.editions) {
      storage::ArticleQuery q;
      q.edition = edition.code;
      q.now = now;
      q.published_since = now - 48 * 3600;
      q.limit = 1000;  // Google News sitemaps hold at most 1,000 URLs.
      GAZETTE_ASSIGN_OR_RETURN(auto articles, store_.ListArticles(q));
      GAZETTE_ASSIGN_OR_RETURN(auto sections, SectionsOf(edition.code));
      for (const auto& a : articles) {
        auto chain = SectionChain(sections, a.section_id);
        const std::string section_path = chain.empty() ? "" : chain.back().path;
        entries.push_back({model::ArticlePath(a.edition, section_path, a.slug),
                           std::max(a.updated_at, a.published_at.value_or(0)), a.title,
                           edition.language, a.published_at.value_or(0)});
      }
    }
    return entries;
  });
}

Result<std::string> SiteReader::PathOf(const model::Article& article) {
  return InSnapshot([&]() -> Result<std::string> {
    GAZETTE_RETURN_IF_ERROR(model_.Follow());
    return Path(article);
  });
}

Result<std::string> SiteReader::Path(const model::Article& article) {
  GAZETTE_ASSIGN_OR_RETURN(auto sections, model_.SectionsWith(article.edition, article.section_id));
  auto chain = SectionChain(*sections, article.section_id);
  if (chain.empty())
    return model::Internal("article " + std::to_string(article.id) + " has no section");
  return model::ArticlePath(article.edition, chain.back().path, article.slug);
}

Result<std::optional<std::string>> SiteReader::RedirectFor(std::string_view path) {
  return InSnapshot(
      [&]() -> Result<std::optional<std::string>> { return store_.FindRedirect(path); });
}

}  // namespace gazette::services
