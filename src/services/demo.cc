#include "services/demo.h"

#include <filesystem>

#include "media/images.h"
#include "services/generator.h"
#include "services/site_reader.h"

namespace gazette::services {

namespace fs = std::filesystem;

namespace {

constexpr char kReferenceId[] = "demo-ref-otan-russie-chine";
constexpr char kReferenceImage[] = "jens-stoltenberg-nato-commerce.jpg";
constexpr int kStockPictures = 12;

std::string Paragraphs(const std::vector<std::string>& paragraphs) {
  std::string html;
  for (const auto& p : paragraphs) html += "<p>" + p + "</p>\n";
  return html;
}

}  // namespace

ArticleRecord ReferenceArticle() {
  ArticleRecord r;
  r.id = kReferenceId;
  r.edition = "fr";
  r.title = "L'OTAN envoie un message à la Russie et à la Chine";
  r.lead =
      "Le secrétaire général de l'OTAN a déclaré que l'approfondissement de la coopération entre "
      "la Russie et la Biélorussie avait des conséquences négatives sur la stabilité régionale et "
      "la défense de l'alliance.";
  r.body_html = Paragraphs({
      "Selon RIA Novosti du 11 juillet, dans une déclaration après le sommet de l'OTAN à "
      "Washington le 10 juillet (heure de Washington), le secrétaire général de l'OTAN Jens "
      "Stoltenberg a déclaré que l'approfondissement de la coopération politique et militaire "
      "entre la Russie et la Biélorussie est considéré comme ayant des conséquences négatives "
      "pour la stabilité régionale et la défense de l'alliance.",
      "« L’approfondissement de la coopération politique et militaire de la Russie avec la "
      "Biélorussie, y compris le déploiement de capacités et de personnel militaires russes "
      "avancés, aura des conséquences négatives sur la stabilité régionale et les capacités de "
      "défense de l’OTAN », indique le communiqué.",
      "La déclaration a également clairement indiqué que la coopération accrue de la Russie avec "
      "la Corée du Nord et l’Iran a de graves implications pour la sécurité euro-atlantique.",
      "Lors d'une conférence de presse après le sommet, le secrétaire général de l'OTAN, Jens "
      "Stoltenberg, a déclaré que la déclaration conjointe du sommet envoyait à la Chine « le "
      "message le plus grave possible », l'appelant à cesser de coopérer avec la Russie, qui, "
      "selon l'alliance, « a porté atteinte aux intérêts et à la réputation de l'OTAN ».",
      "« Le message d’aujourd’hui est le plus fort que l’OTAN ait jamais envoyé à la Chine "
      "concernant la contribution de la Chine au conflit en Ukraine », a déclaré le secrétaire "
      "général de l’OTAN.",
      "En particulier, la déclaration finale de l'OTAN indiquait que « la Chine joue désormais un "
      "rôle décisif dans le conflit russo-ukrainien à travers son soi-disant « partenariat sans "
      "frontières », en apportant son soutien au complexe militaro-industriel russe, augmentant "
      "ainsi la menace que la Russie représente pour ses voisins et la sécurité "
      "euro-atlantique ».",
      "Dans le même temps, l’OTAN a également déclaré qu’elle « restait prête à s’engager de "
      "manière constructive avec la Chine, notamment en garantissant une transparence "
      "mutuelle ».",
      "Concernant le conflit en Ukraine, le secrétaire général Stoltenberg a déclaré que les pays "
      "de l'OTAN avaient décidé de créer une mission conjointe pour apporter un soutien militaire "
      "à Kiev et former l'armée ukrainienne. Selon M. Stoltenberg, cette mission sera basée en "
      "Allemagne, commandée par un général de l'OTAN et mobilisera environ 700 personnes. Un "
      "soutien sera également fourni par les centres orientaux de l'Alliance.",
      "M. Stoltenberg a soutenu que cela ne constituait pas une implication de l'OTAN dans le "
      "conflit, mais « permettait seulement à l'Ukraine d'exercer son droit à la légitime "
      "défense ». Il a également déclaré que l'OTAN prévoyait de fournir à l'Ukraine au moins 40 "
      "milliards d'euros l'année prochaine pour répondre à ses besoins de défense. Jusqu'à "
      "présent, l'assistance militaire à Kiev était coordonnée par les États-Unis.",
      "Le secrétaire général de l'OTAN, Jens Stoltenberg, a ajouté que le premier rapport sur le "
      "soutien militaire des alliés de l'alliance à l'Ukraine est prévu pour 2025.",
  });
  r.section = "International/Amérique";
  r.tags = {"Amérique", "Russie"};
  r.published_at = "2024-07-11T08:32:00+07:00";
  r.status = "published";
  r.source = "RIA Novosti";
  r.image =
      ImageRecord{kReferenceImage,
                  "Le secrétaire général de l'OTAN, Jens Stoltenberg, au sommet de l'OTAN "
                  "de 2024 à Washington.",
                  "OTAN", "Jens Stoltenberg au pupitre lors du sommet de l'OTAN à Washington"};
  return r;
}

ArticleRecord ReferenceArticleEnglish() {
  ArticleRecord r;
  r.id = std::string(kReferenceId) + "-en";
  r.edition = "en";
  r.title = "NATO sends a message to Russia and China";
  r.lead =
      "The NATO Secretary General said that deepening cooperation between Russia and Belarus "
      "had negative consequences for regional stability and the alliance's defence.";
  r.body_html = Paragraphs({
      "According to RIA Novosti on 11 July, in a statement after the NATO summit in Washington "
      "on 10 July (Washington time), NATO Secretary General Jens Stoltenberg said that deepening "
      "political and military cooperation between Russia and Belarus is seen as having negative "
      "consequences for regional stability and the alliance's defence.",
      "“Russia’s deepening political and military cooperation with Belarus, including the "
      "deployment of advanced Russian military capabilities and personnel, will have negative "
      "consequences for regional stability and NATO’s defence capabilities,” the communiqué "
      "said.",
      "At a press conference after the summit, Jens Stoltenberg said the joint declaration sent "
      "China “the strongest possible message”, calling on it to stop cooperating with Russia.",
      "NATO countries decided to create a joint mission to provide military support to Kyiv and "
      "train the Ukrainian army. The mission will be based in Germany, commanded by a NATO "
      "general and will involve about 700 people. NATO plans to provide Ukraine with at least "
      "40 billion euros next year.",
      "The first report on allied military support to Ukraine is expected in 2025.",
  });
  r.section = "World/Americas";
  r.tags = {"Americas", "Russia"};
  r.published_at = "2024-07-11T09:15:00+07:00";
  r.status = "published";
  r.source = "RIA Novosti";
  r.image =
      ImageRecord{kReferenceImage,
                  "NATO Secretary General Jens Stoltenberg at the 2024 NATO summit in "
                  "Washington.",
                  "NATO", "Jens Stoltenberg at the lectern during the NATO summit in Washington"};
  r.translation_of = kReferenceId;
  return r;
}

model::Result<ImportSummary> CreateDemoContent(storage::Store& store, const DemoOptions& options) {
  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec) return model::Unavailable("cannot create " + options.work_dir + ": " + ec.message());

  const fs::path work = options.work_dir;
  // No caption band drawn into the picture: text rendering starts Pango's font thread, which
  // may still be running when a short command like `init` exits (a crash in its teardown);
  // the credit "OTAN" is in the figure's caption on the page.
  GAZETTE_RETURN_IF_ERROR(
      media::MakeDemoImage((work / kReferenceImage).string(), 1600, 900, "", 11));
  std::vector<std::string> pictures;
  for (int i = 0; i < kStockPictures; ++i) {
    const std::string name = "photo-" + std::to_string(i + 1) + ".jpg";
    GAZETTE_RETURN_IF_ERROR(media::MakeDemoImage((work / name).string(), 1600, 900, "",
                                                 static_cast<std::uint32_t>(100 + i)));
    pictures.push_back(name);
  }

  std::vector<ArticleRecord> records = {ReferenceArticle(), ReferenceArticleEnglish()};
  auto add_generated = [&](const std::string& edition, int count,
                           const std::string& translation_of) {
    GeneratorOptions g;
    g.count = count;
    g.seed = options.seed;
    g.edition = edition;
    g.translation_of_edition = translation_of;
    std::size_t n = 0;
    GenerateArchive(g, [&](const ArticleRecord& generated) {
      ArticleRecord r = generated;
      // Generated records name pictures that do not exist: point them at the demo's own.
      if (r.image) r.image->src = pictures[n % pictures.size()];
      ++n;
      records.push_back(std::move(r));
    });
  };
  add_generated("fr", options.french_articles, "");
  add_generated("en", options.english_articles, "fr");

  ImportOptions import;
  import.default_edition = "fr";
  import.editions = {"fr", "en"};
  import.media_dir = options.media_dir;
  import.source_dir = options.work_dir;
  import.imported_by = "demo";
  Importer importer(store, import);
  GAZETTE_ASSIGN_OR_RETURN(auto summary, importer.ImportRecords(records));

  // Featured slots: the reference article leads the French home page and its sections.
  GAZETTE_ASSIGN_OR_RETURN(auto reference, store.FindArticleByExternalId(kReferenceId));
  if (!reference) return model::Internal("the reference article was not imported");
  for (const std::string edition : {"fr", "en"}) {
    storage::ArticleQuery q;
    q.edition = edition;
    q.limit = 4;
    GAZETTE_ASSIGN_OR_RETURN(auto newest, store.ListArticles(q));
    std::vector<model::Id> featured;
    if (edition == "fr") featured.push_back(reference->id);
    for (const auto& a : newest) {
      if (a.id != reference->id && featured.size() < 4) featured.push_back(a.id);
    }
    GAZETTE_RETURN_IF_ERROR(store.SetPlacements(edition, "home", featured));
  }
  GAZETTE_ASSIGN_OR_RETURN(auto sections, store.ListSections("fr"));
  for (const auto& s : sections) {
    if (s.parent_id) continue;
    if (s.id == SectionChain(sections, reference->section_id).front().id) {
      GAZETTE_RETURN_IF_ERROR(
          store.SetPlacements("fr", "section:" + std::to_string(s.id), {reference->id}));
    }
  }
  return summary;
}

}  // namespace gazette::services
