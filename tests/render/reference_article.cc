#include "reference_article.h"

namespace gazette::render::testing {

model::Edition French() {
  return {"fr", "Gazette — édition française", "fr", "fr_FR", "Asia/Ho_Chi_Minh", 1};
}
model::Edition English() {
  return {"en", "Gazette — English", "en", "en_US", "America/New_York", 2};
}
model::Edition Vietnamese() {
  return {"vi", "Gazette — Tiếng Việt", "vi", "vi_VN", "Asia/Ho_Chi_Minh", 0};
}

model::SiteInfo ReferenceSite() {
  return {"Gazette", "https://news.example", "vi", {Vietnamese(), French(), English()}};
}

model::ArticleCard ReferenceCard() {
  model::ArticleCard card;
  auto& a = card.article;
  a.id = 42;
  a.edition = "fr";
  a.title = "L'OTAN envoie un message à la Russie et à la Chine";
  a.slug = "l-otan-envoie-un-message-a-la-russie-et-a-la-chine";
  a.lead =
      "Le secrétaire général de l'OTAN a déclaré que l'approfondissement de la coopération entre "
      "la Russie et la Biélorussie avait des conséquences négatives sur la stabilité régionale et "
      "la défense de l'alliance.";
  a.body_html =
      "<p>Selon RIA Novosti du 11 juillet, le secrétaire général de l'OTAN Jens Stoltenberg a "
      "déclaré…</p><blockquote><p>« L’approfondissement de la coopération politique et militaire "
      "de la Russie avec la Biélorussie aura des conséquences négatives », indique le "
      "communiqué.</p></blockquote><p>« Le message d’aujourd’hui est le plus fort que l’OTAN ait "
      "jamais envoyé à la Chine », a déclaré le secrétaire général de l’OTAN.</p>";
  a.source = "RIA Novosti";
  a.status = model::ArticleStatus::kPublished;
  a.published_at = kPublishedAt;
  a.created_at = kPublishedAt - 3600;
  a.updated_at = kPublishedAt;
  card.section_chain = {
      {1, "fr", std::nullopt, "International", "international", "international", 1},
      {2, "fr", 1, "Amérique", "amerique", "international/amerique", 1}};
  card.tags = {{1, "fr", "Amérique", "amerique"}, {2, "fr", "Russie", "russie"}};
  card.authors = {{1, "Jeanne Martin", "jeanne-martin", ""}};
  model::Media image;
  image.id = 7;
  image.file = "2024/07/jens-stoltenberg-nato-commerce.jpg";
  image.caption =
      "Le secrétaire général de l'OTAN, Jens Stoltenberg, au sommet de l'OTAN de 2024 à "
      "Washington.";
  image.credit = "OTAN";
  image.alt = "Jens Stoltenberg au pupitre du sommet de Washington";
  image.width = 1600;
  image.height = 900;
  image.mime_type = "image/jpeg";
  image.rendition_widths = {320, 640, 1280};
  card.image = image;
  return card;
}

model::ArticlePage ReferencePage() {
  model::ArticlePage page;
  page.edition = French();
  page.card = ReferenceCard();
  model::ArticleCard other = ReferenceCard();
  other.article.id = 43;
  other.article.title = "Sommet de Washington : les alliés s'engagent";
  other.article.slug = "sommet-de-washington";
  other.article.published_at = kPublishedAt - 86400;
  other.image.reset();
  page.latest = {other};
  page.related = {other};
  page.translations = {
      {English(), "/en/world/americas/nato-sends-a-message", "NATO sends a message"},
      {Vietnamese(), "/vi/the-gioi/chau-my/nato-gui-thong-diep", "NATO gửi thông điệp"}};
  page.sections = {{1, "fr", std::nullopt, "International", "international", "international", 1},
                   {2, "fr", 1, "Amérique", "amerique", "international/amerique", 1},
                   {3, "fr", std::nullopt, "Économie", "economie", "economie", 2}};
  return page;
}

}  // namespace gazette::render::testing
