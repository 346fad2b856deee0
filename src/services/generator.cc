#include "services/generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::services {
namespace {

using Words = std::vector<std::string_view>;

// splitmix64: tiny, fast and the same on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>((Next() >> 11) % static_cast<std::uint64_t>(n)); }
  int Between(int low, int high) { return low + Below(high - low + 1); }
  bool Percent(int p) { return Below(100) < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Below(static_cast<int>(v.size())))];
  }

 private:
  std::uint64_t state_;
};

// Section groups share vocabulary; the lists have the same length in every language so
// that an article drawn with the same seed picks the same people, places and topics.
enum Group { kWorld, kEconomy, kPolitics, kSport, kCulture, kScience, kSociety, kPlanet };

struct GroupWords {
  Words subjects;  // 6 noun phrases with their article
  Words orgs;      // 4
  Words roles;     // 4, lower case, with their article; "masculine|feminine" if they differ
  Words quotes;    // 4 sentences without final punctuation
};

struct Language {
  Words sections;                     // 14, parallel to kSectionGroups
  std::vector<Words> section_places;  // 14 x 6
  Words tags;                         // 40
  std::array<GroupWords, 8> groups;
  Words titles;                     // 10
  std::string_view title_fallback;  // always 6-14 words
  Words leads;                      // 4
  Words sentences;                  // 16
  Words source_openers;
  Words subheads;
  Words list_intros;
  Words list_items;
  Words months;           // 12
  bool first_is_ordinal;  // "1er juillet"
  Words source_names;     // parallel to kSources, as named in running text
  std::string_view open_quote, close_quote;
  std::string_view thousands;  // separator in numbers
  char decimal;
  std::string_view percent_suffix;
  std::string_view billion, million;  // "{n}" replaced
  std::string_view people;
  std::string_view date_pattern;  // "D M" or "M D"
  std::string_view quote_attribution;
  std::string_view caption_pattern;
  std::string_view alt_pattern;
};

constexpr std::array<Group, 14> kSectionGroups = {kWorld,   kWorld,    kWorld,   kWorld, kEconomy,
                                                  kEconomy, kPolitics, kSport,   kSport, kCulture,
                                                  kCulture, kScience,  kSociety, kPlanet};
constexpr std::array<int, 14> kSectionWeights = {10, 9, 7, 4, 8, 5, 9, 7, 3, 6, 4, 6, 8, 5};
constexpr std::array<std::string_view, 8> kImageKeywords = {
    "summit", "economy", "politics", "sport", "culture", "science", "society", "climate"};
// Tags that suit each group, as indices into Language::tags.
const std::array<std::vector<int>, 8> kGroupTags = {{
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 23, 24},
    {15, 16, 17, 18, 19, 5, 38},
    {20, 21, 22, 23, 37},
    {25, 26, 27},
    {28, 29, 30, 38},
    {31, 32, 38, 33},
    {35, 36, 37, 39, 17},
    {33, 34, 16, 39},
}};

struct Person {
  std::string_view name;
  bool female;
};
const std::vector<Person> kPeople = {
    {"Lars Henriksen", false},  {"Jonas Stoltvik", false},   {"Ingrid Halvorsen", true},
    {"Marek Kowalczyk", false}, {"Elena Moravec", true},     {"Paolo Bertinelli", false},
    {"Sofia Andersson", true},  {"Hiroshi Tanabe", false},   {"Amara Diallo", true},
    {"Kwame Mensah", false},    {"Lucia Ferreira", true},    {"Daniel Okafor", false},
    {"Anke Vogel", true},       {"Pierre Lambrecht", false}, {"Catherine Morel", true},
    {"Victor Almeida", false},  {"Nadia Rahmani", true},     {"Tomasz Wierzbicki", false},
    {"Helena Lindqvist", true}, {"Rafael Ortega", false},    {"Mei Lin Chao", true},
    {"Arjun Mehta", false},     {"Grace Whitmore", true},    {"Olivier Castel", false},
};

// "masculine|feminine" -> the form for this person; a single form is used for both.
std::string_view Gendered(std::string_view forms, bool female) {
  const std::size_t bar = forms.find('|');
  if (bar == std::string_view::npos) return forms;
  return female ? forms.substr(bar + 1) : forms.substr(0, bar);
}

const Words kAuthors = {
    "Claire Dubois",     "Thomas Lefèvre", "Minh Anh Nguyen", "Sarah Whitfield", "Hugo Marchand",
    "Camille Roussel",   "Julien Perrin",  "Léa Fontaine",    "Mathieu Garnier", "Anaïs Berthier",
    "Nicolas Chevalier", "Inès Benali",    "Paul Mercier",    "Chloé Vasseur",   "Antoine Leclerc",
    "Emma Caradec",      "Quentin Fabre",  "Manon Delacroix", "Duc Thanh Tran",  "Hana Kobayashi",
    "David Osei",        "Laura Kessler",  "Simon Ashford",   "Marta Ruiz",      "Yannick Le Goff",
    "Sophie Aubert",     "Karim Haddad",   "Elise Moreau",    "Benoît Carrel",   "Nora Lindgren",
};

const Words kSources = {"AFP", "Reuters", "RIA Novosti", "AP", "DPA", "Kyodo"};
const Words kPhotoCredits = {"AFP", "Reuters", "AP", "Gazette", "Claire Dubois", "Hugo Marchand"};

const Language& French() {
  static const Language kFr = {
      .sections = {"International/Amérique", "International/Europe", "International/Asie",
                   "International/Afrique", "Économie", "Économie/Entreprises", "Politique",
                   "Sport/Football", "Sport/Tennis", "Culture", "Culture/Cinéma", "Sciences",
                   "Société", "Planète"},
      .section_places = {{"Washington", "New York", "Ottawa", "Mexico", "Brasilia", "Buenos Aires"},
                         {"Bruxelles", "Berlin", "Varsovie", "Rome", "Madrid", "Vilnius"},
                         {"Pékin", "Tokyo", "Hanoï", "Séoul", "New Delhi", "Jakarta"},
                         {"Dakar", "Nairobi", "Abidjan", "Addis-Abeba", "Kinshasa", "Lagos"},
                         {"Paris", "Francfort", "Londres", "Singapour", "Genève", "Lyon"},
                         {"Paris", "Lyon", "Toulouse", "Francfort", "Milan", "Rotterdam"},
                         {"Paris", "Marseille", "Lille", "Strasbourg", "Bordeaux", "Nantes"},
                         {"Madrid", "Munich", "Manchester", "Lyon", "Turin", "Doha"},
                         {"Paris", "Melbourne", "Wimbledon", "New York", "Rome", "Monte-Carlo"},
                         {"Avignon", "Paris", "Arles", "Venise", "Angoulême", "Lyon"},
                         {"Cannes", "Berlin", "Venise", "Paris", "Toronto", "Annecy"},
                         {"Toulouse", "Genève", "Grenoble", "Kourou", "Paris", "Strasbourg"},
                         {"Paris", "Lille", "Rennes", "Montpellier", "Nancy", "Clermont-Ferrand"},
                         {"Chamonix", "Brest", "Nice", "Dunkerque", "Perpignan", "Bayonne"}},
      .tags = {"OTAN",       "Russie",           "Chine",          "Ukraine",
               "États-Unis", "Union européenne", "Biélorussie",    "Corée du Nord",
               "Iran",       "Allemagne",        "Japon",          "Vietnam",
               "Inde",       "Brésil",           "Afrique du Sud", "Inflation",
               "Énergie",    "Emploi",           "Banques",        "Commerce",
               "Élections",  "Parlement",        "Réformes",       "Diplomatie",
               "Défense",    "Football",         "Tennis",         "Jeux olympiques",
               "Cinéma",     "Musique",          "Littérature",    "Espace",
               "Santé",      "Climat",           "Biodiversité",   "Éducation",
               "Logement",   "Justice",          "Numérique",      "Transports"},
      .groups = {{
          {{"la coopération militaire", "le cessez-le-feu", "le régime de sanctions",
            "l'aide humanitaire", "la sécurité régionale", "le processus de paix"},
           {"l'OTAN", "l'ONU", "l'Union européenne", "le G20"},
           {"le secrétaire général de l'OTAN|la secrétaire générale de l'OTAN",
            "le ministre des affaires étrangères|la ministre des affaires étrangères",
            "le porte-parole du gouvernement|la porte-parole du gouvernement",
            "l'ambassadeur auprès de l'ONU|l'ambassadrice auprès de l'ONU"},
           {"Le message d'aujourd'hui est le plus fort que nous ayons jamais envoyé",
            "Nous restons prêts à dialoguer, mais pas à n'importe quel prix",
            "Cette décision aura des conséquences sur la stabilité régionale",
            "Il s'agit d'un tournant pour la sécurité de tout le continent"}},
          {{"la croissance", "l'inflation", "le marché de l'emploi", "la dette publique",
            "l'investissement étranger", "le prix de l'énergie"},
           {"la Banque centrale européenne", "le FMI", "l'OCDE", "la Commission européenne"},
           {"le ministre de l'économie|la ministre de l'économie",
            "le directeur général du FMI|la directrice générale du FMI",
            "le président de la banque centrale|la présidente de la banque centrale",
            "l'économiste en chef de l'OCDE"},
           {"La reprise est réelle, mais elle reste fragile",
            "Nous ne relâcherons pas nos efforts tant que les prix ne seront pas stabilisés",
            "Les entreprises ont besoin de visibilité pour investir",
            "Personne ne peut prédire l'évolution des marchés dans les prochains mois"}},
          {{"la réforme des retraites", "le projet de loi de finances", "la décentralisation",
            "la loi sur l'immigration", "le scrutin municipal", "la réforme constitutionnelle"},
           {"l'Assemblée nationale", "le Sénat", "le gouvernement", "le Conseil constitutionnel"},
           {"le premier ministre|la première ministre",
            "le président du Sénat|la présidente du Sénat",
            "le porte-parole du gouvernement|la porte-parole du gouvernement",
            "le chef de l'opposition|la cheffe de l'opposition"},
           {"Nous irons jusqu'au bout de cette réforme",
            "Le débat parlementaire doit aller à son terme",
            "Les Français attendent des réponses concrètes", "Ce texte ne passera pas en l'état"}},
          {{"la finale de la coupe", "le mercato d'été", "la préparation olympique",
            "le championnat", "la sélection nationale", "le tournoi"},
           {"la FIFA", "l'UEFA", "la fédération", "le comité olympique"},
           {"l'entraîneur de l'équipe nationale|l'entraîneuse de l'équipe nationale",
            "le capitaine|la capitaine",
            "le président de la fédération|la présidente de la fédération",
            "le directeur sportif|la directrice sportive"},
           {"Nous avons montré un vrai caractère ce soir",
            "Il reste beaucoup de travail avant la compétition",
            "Ce titre appartient à tout le groupe", "Nous jouerons chaque match comme une finale"}},
          {{"le festival", "la nouvelle exposition", "la saison théâtrale", "le prix littéraire",
            "la restauration du musée", "le tournage du film"},
           {"le ministère de la culture", "le Centre national du cinéma",
            "la Bibliothèque nationale", "l'Unesco"},
           {"le ministre de la culture|la ministre de la culture",
            "le directeur du festival|la directrice du festival",
            "le commissaire de l'exposition|la commissaire de l'exposition",
            "le réalisateur|la réalisatrice"},
           {"La culture doit rester accessible à tous",
            "Ce projet est né d'une longue amitié avec la ville",
            "Le public a répondu présent au-delà de nos espérances",
            "Nous voulions montrer des œuvres jamais présentées en Europe"}},
          {{"la mission spatiale", "le nouveau vaccin", "l'intelligence artificielle",
            "la fusion nucléaire", "le séquençage du génome", "l'observation des océans"},
           {"le CNRS", "l'Agence spatiale européenne", "l'Institut Pasteur", "l'OMS"},
           {"le directeur de recherche|la directrice de recherche",
            "le responsable de la mission|la responsable de la mission", "l'épidémiologiste",
            "le président de l'académie des sciences|la présidente de l'académie des sciences"},
           {"Ces résultats ouvrent une piste que personne n'avait envisagée",
            "La science avance par petites étapes, et celle-ci est importante",
            "Nous aurons besoin de plusieurs années pour confirmer ces données",
            "C'est une collaboration internationale exemplaire"}},
          {{"la réforme de l'école", "le logement social", "la sécurité routière",
            "l'accès aux soins", "le pouvoir d'achat", "la justice des mineurs"},
           {"le ministère de l'éducation", "la Cour des comptes", "l'Insee",
            "le Défenseur des droits"},
           {"le ministre de l'éducation|la ministre de l'éducation", "le maire|la maire",
            "le président de l'association|la présidente de l'association",
            "le sociologue|la sociologue"},
           {"Les familles ne peuvent plus attendre",
            "Il faut redonner confiance aux habitants des quartiers",
            "Ces chiffres traduisent une réalité vécue au quotidien",
            "Chacun doit pouvoir se soigner près de chez soi"}},
          {{"la transition énergétique", "la sécheresse", "la biodiversité",
            "la hausse des émissions", "la montée des eaux", "la qualité de l'air"},
           {"le GIEC", "l'Agence internationale de l'énergie", "Météo-France",
            "le Programme des Nations unies pour l'environnement"},
           {"le climatologue|la climatologue",
            "le ministre de la transition écologique|la ministre de la transition écologique",
            "le directeur de l'agence|la directrice de l'agence", "le glaciologue|la glaciologue"},
           {"Chaque dixième de degré compte",
            "Nous observons des records qui auraient semblé impossibles il y a dix ans",
            "L'adaptation n'est plus une option, c'est une nécessité",
            "Les solutions existent, il faut maintenant les financer"}},
      }},
      .titles = {"{^O} envoie un message ferme sur {S}",
                 "À {P}, {S} au cœur d'un sommet sous tension", "{F} promet {M} pour relancer {S}",
                 "{^S}\u00A0: {O} annonce un plan de {M}",
                 "Pourquoi {S} inquiète les dirigeants réunis à {P}",
                 "{H} mobilisées à {P} après l'annonce de {N}",
                 "Hausse de {C}\u00A0: ce que révèlent les chiffres sur {S}",
                 "{N} appelle {O} à agir rapidement sur {S}",
                 "Entre {P} et {P2}, {S} divise encore les partenaires",
                 "Ce qu'il faut retenir de la journée de {P} sur {S}"},
      .title_fallback = "{N}\u00A0: ce qu'il faut savoir sur la situation à {P}",
      .leads = {"{^Role}, {F}, a déclaré que {S} aurait des conséquences durables pour la "
                "stabilité de la région.",
                "À {P}, {O} a présenté un plan de {M} pour {S}, une première depuis {Y}.",
                "{^S} s'impose comme le dossier central des prochains mois, selon {O}. Les "
                "premières mesures sont attendues dès le {D}.",
                "Après plusieurs semaines de discussions à {P}, {F} a annoncé un accord sur {S}. "
                "Près de {H} sont concernées."},
      .sentences =
          {"Selon {O}, {S} reste au cœur des discussions prévues à {P} le {D}, où {H} sont "
           "attendues.",
           "{^Role}, {F}, a déclaré que {S} aurait [[des conséquences durables]] pour la région "
           "et pour ses partenaires.",
           "Au total, {H} ont pris part aux travaux, pour un coût estimé à {M}, un montant jugé "
           "insuffisant par plusieurs délégations.",
           "Les chiffres publiés le {D} font état d'une hausse de {C} sur un an, la plus forte "
           "depuis {Y}.",
           "{F} a rappelé que {O} avait déjà consacré {M} à ce dossier depuis {Y}.",
           "[[{Qt}]], a affirmé {F}, {role}, lors d'une conférence de presse à {P}.",
           "Dans le même temps, {O} a indiqué vouloir [[s'engager de manière constructive]] avec "
           "ses partenaires.",
           "Pour {F}, {S} ne constitue pas une fin en soi, mais [[un moyen de garantir la "
           "stabilité]] à long terme.",
           "Jusqu'à présent, le dossier était coordonné depuis {P}, mais la situation a nettement "
           "changé au cours des derniers mois.",
           "Un premier rapport sur {S} est prévu pour {Y2}, a précisé {role}.",
           "Plusieurs observateurs estiment que {S} pourrait peser sur les décisions attendues à "
           "{P} avant la fin de l'année.",
           "Les autorités de {P} ont confirmé que {H} seraient mobilisées dans les prochaines "
           "semaines, selon un communiqué publié le {D}.",
           "Cette annonce intervient alors que {S} suscite de vives inquiétudes, notamment à {P} "
           "et à {P2}.",
           "Sur ce point, {F2} a estimé que la hausse de {C} observée cette année [[ne "
           "doit rien au hasard]].",
           "Le budget consacré à ce programme atteindra {M} l'an prochain, contre {M2} cette "
           "année.",
           "{^O} doit présenter ses conclusions le {D} à {P}, à l'issue de plusieurs semaines de "
           "consultations."},
      .source_openers = {"Selon {Src} du {D}, {role}, {F}, a déclaré que {S} faisait l'objet de "
                         "discussions approfondies avec {O}."},
      .subheads = {"Les réactions à {P}", "Ce qui change", "Une mobilisation sans précédent",
                   "Les prochaines étapes", "Des inquiétudes à {P}", "Un calendrier serré"},
      .list_intros = {"Les principales mesures annoncées à {P}\u00A0:",
                      "Ce que prévoit le texte présenté par {O}\u00A0:"},
      .list_items = {"{M} pour {S}", "{H} mobilisées à {P}", "une hausse de {C} d'ici {Y2}",
                     "un premier rapport sur {S} en {Y2}", "une réunion de suivi le {D}"},
      .months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"},
      .first_is_ordinal = true,
      .source_names = {"l'AFP", "Reuters", "RIA Novosti", "l'AP", "l'agence DPA", "l'agence Kyodo"},
      .open_quote = "«\u00A0",
      .close_quote = "\u00A0»",
      .thousands = "\u00A0",
      .decimal = ',',
      .percent_suffix = "\u00A0%",
      .billion = "{n} milliards d'euros",
      .million = "{n} millions d'euros",
      .people = "{n} personnes",
      .date_pattern = "D M",
      .quote_attribution = " — {F}, {role}",
      .caption_pattern = "{^Role}, {F}, à {P} en {Y0}. Photo\u00A0: {Credit}",
      .alt_pattern = "{F} à {P}",
  };
  return kFr;
}

const Language& English() {
  static const Language kEn = {
      .sections = {"International/Americas", "International/Europe", "International/Asia",
                   "International/Africa", "Economy", "Economy/Business", "Politics",
                   "Sport/Football", "Sport/Tennis", "Culture", "Culture/Film", "Science",
                   "Society", "Planet"},
      .section_places = {{"Washington", "New York", "Ottawa", "Mexico City", "Brasília",
                          "Buenos Aires"},
                         {"Brussels", "Berlin", "Warsaw", "Rome", "Madrid", "Vilnius"},
                         {"Beijing", "Tokyo", "Hanoi", "Seoul", "New Delhi", "Jakarta"},
                         {"Dakar", "Nairobi", "Abidjan", "Addis Ababa", "Kinshasa", "Lagos"},
                         {"Paris", "Frankfurt", "London", "Singapore", "Geneva", "Lyon"},
                         {"Paris", "Lyon", "Toulouse", "Frankfurt", "Milan", "Rotterdam"},
                         {"Paris", "Marseille", "Lille", "Strasbourg", "Bordeaux", "Nantes"},
                         {"Madrid", "Munich", "Manchester", "Lyon", "Turin", "Doha"},
                         {"Paris", "Melbourne", "Wimbledon", "New York", "Rome", "Monte Carlo"},
                         {"Avignon", "Paris", "Arles", "Venice", "Angoulême", "Lyon"},
                         {"Cannes", "Berlin", "Venice", "Paris", "Toronto", "Annecy"},
                         {"Toulouse", "Geneva", "Grenoble", "Kourou", "Paris", "Strasbourg"},
                         {"Paris", "Lille", "Rennes", "Montpellier", "Nancy", "Clermont-Ferrand"},
                         {"Chamonix", "Brest", "Nice", "Dunkirk", "Perpignan", "Bayonne"}},
      .tags = {"NATO",           "Russia",     "China",         "Ukraine",   "United States",
               "European Union", "Belarus",    "North Korea",   "Iran",      "Germany",
               "Japan",          "Vietnam",    "India",         "Brazil",    "South Africa",
               "Inflation",      "Energy",     "Jobs",          "Banks",     "Trade",
               "Elections",      "Parliament", "Reforms",       "Diplomacy", "Defence",
               "Football",       "Tennis",     "Olympic Games", "Cinema",    "Music",
               "Books",          "Space",      "Health",        "Climate",   "Biodiversity",
               "Education",      "Housing",    "Justice",       "Digital",   "Transport"},
      .groups = {{
          {{"military cooperation", "the ceasefire", "the sanctions regime", "humanitarian aid",
            "regional security", "the peace process"},
           {"NATO", "the UN", "the European Union", "the G20"},
           {"the NATO secretary general", "the foreign minister", "the government spokesperson",
            "the ambassador to the UN"},
           {"Today's message is the strongest we have ever sent",
            "We remain ready to talk, but not at any price",
            "This decision will have consequences for regional stability",
            "This is a turning point for the security of the whole continent"}},
          {{"growth", "inflation", "the job market", "public debt", "foreign investment",
            "the price of energy"},
           {"the European Central Bank", "the IMF", "the OECD", "the European Commission"},
           {"the economy minister", "the IMF managing director", "the central bank governor",
            "the OECD chief economist"},
           {"The recovery is real, but it remains fragile",
            "We will not ease our efforts until prices are stable",
            "Companies need visibility to invest",
            "Nobody can predict how markets will move in the coming months"}},
          {{"the pension reform", "the budget bill", "decentralisation", "the immigration bill",
            "the local ballot", "the constitutional reform"},
           {"the National Assembly", "the Senate", "the government", "the Constitutional Council"},
           {"the prime minister", "the Senate president", "the government spokesperson",
            "the opposition leader"},
           {"We will see this reform through", "The parliamentary debate must run its course",
            "People are waiting for concrete answers", "This text will not pass as it stands"}},
          {{"the cup final", "the summer transfer window", "the Olympic preparation", "the league",
            "the national team", "the tournament"},
           {"FIFA", "UEFA", "the federation", "the Olympic committee"},
           {"the national team coach", "the captain", "the federation president",
            "the sporting director"},
           {"We showed real character tonight",
            "There is still a lot of work to do before the competition",
            "This title belongs to the whole squad", "We will play every match like a final"}},
          {{"the festival", "the new exhibition", "the theatre season", "the literary prize",
            "the museum restoration", "the film shoot"},
           {"the culture ministry", "the national film centre", "the National Library", "UNESCO"},
           {"the culture minister", "the festival director", "the exhibition curator",
            "the director"},
           {"Culture must remain open to everyone",
            "This project grew out of a long friendship with the city",
            "The public turned out beyond our hopes",
            "We wanted to show works never seen in Europe"}},
          {{"the space mission", "the new vaccine", "artificial intelligence", "nuclear fusion",
            "genome sequencing", "ocean observation"},
           {"the CNRS", "the European Space Agency", "the Pasteur Institute", "the WHO"},
           {"the research director", "the mission leader", "the epidemiologist",
            "the president of the academy of sciences"},
           {"These results open a path nobody had imagined",
            "Science moves in small steps, and this one matters",
            "We will need several years to confirm these data",
            "This is an exemplary international collaboration"}},
          {{"the school reform", "social housing", "road safety", "access to healthcare",
            "purchasing power", "juvenile justice"},
           {"the education ministry", "the Court of Audit", "the statistics office",
            "the rights ombudsman"},
           {"the education minister", "the mayor", "the association's president",
            "the sociologist"},
           {"Families cannot wait any longer", "We must restore the confidence of local residents",
            "These figures reflect what people live through every day",
            "Everyone should be able to see a doctor close to home"}},
          {{"the energy transition", "the drought", "biodiversity", "the rise in emissions",
            "the rise in sea levels", "air quality"},
           {"the IPCC", "the International Energy Agency", "the weather service",
            "the UN Environment Programme"},
           {"the climate scientist", "the ecological transition minister", "the agency's director",
            "the glaciologist"},
           {"Every tenth of a degree counts",
            "We are seeing records that would have seemed impossible ten years ago",
            "Adaptation is no longer an option, it is a necessity",
            "The solutions exist, now they must be funded"}},
      }},
      .titles = {"{^O} sends a stern message on {S}", "In {P}, {S} dominates a tense summit",
                 "{F} pledges {M} to revive {S}", "{^S}: {O} unveils a {M} plan",
                 "Why {S} worries the leaders gathered in {P}",
                 "{H} mobilised in {P} after {N}'s announcement",
                 "{C} rise: what the figures reveal about {S}",
                 "{N} urges {O} to act quickly on {S}",
                 "Between {P} and {P2}, {S} still divides the partners",
                 "What to remember from the day in {P} on {S}"},
      .title_fallback = "{N}: what you need to know about the situation in {P}",
      .leads = {"{^Role}, {F}, said that {S} would have lasting consequences for the stability "
                "of the region.",
                "In {P}, {O} presented a {M} plan for {S}, a first since {Y}.",
                "{^S} is emerging as the central issue of the coming months, according to {O}. "
                "The first measures are expected as early as {D}.",
                "After several weeks of talks in {P}, {F} announced an agreement on {S}. Nearly "
                "{H} are affected."},
      .sentences =
          {"According to {O}, {S} remains at the heart of the talks planned in {P} on {D}, where "
           "{H} are expected.",
           "{^Role}, {F}, said that {S} would have [[lasting consequences]] for the region and "
           "its partners.",
           "In total, {H} took part in the work, at an estimated cost of {M}, an amount several "
           "delegations consider insufficient.",
           "Figures published on {D} show a rise of {C} over one year, the strongest since {Y}.",
           "{F} recalled that {O} had already devoted {M} to the issue since {Y}.",
           "[[{Qt}]], {F}, {role}, told a press conference in {P}.",
           "At the same time, {O} said it wanted [[to engage constructively]] with its partners.",
           "For {F}, {S} is not an end in itself but [[a way to guarantee stability]] in the long "
           "term.",
           "Until now, the file was coordinated from {P}, but the situation has changed markedly "
           "in recent months.",
           "A first report on {S} is expected in {Y2}, {role} said.",
           "Several observers believe that {S} could weigh on the decisions expected in {P} "
           "before the end of the year.",
           "The authorities in {P} confirmed that {H} would be mobilised in the coming weeks, "
           "according to a statement released on {D}.",
           "The announcement comes as {S} raises serious concerns, particularly in {P} and {P2}.",
           "Asked about this, {F2} argued that the {C} increase seen this year [[is no "
           "accident]].",
           "The budget for the programme will reach {M} next year, compared with {M2} this year.",
           "{^O} is due to present its conclusions on {D} in {P}, after several weeks of "
           "consultations."},
      .source_openers = {"According to {Src} on {D}, {F}, {role}, said that {S} was the subject "
                         "of in-depth talks with {O}."},
      .subheads = {"Reactions in {P}", "What changes", "An unprecedented mobilisation",
                   "The next steps", "Concerns in {P}", "A tight timetable"},
      .list_intros = {"The main measures announced in {P}:",
                      "What the text presented by {O} provides for:"},
      .list_items = {"{M} for {S}", "{H} mobilised in {P}", "a {C} increase by {Y2}",
                     "a first report on {S} in {Y2}", "a follow-up meeting on {D}"},
      .months = {"January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"},
      .first_is_ordinal = false,
      .source_names = {"AFP", "Reuters", "RIA Novosti", "AP", "DPA", "Kyodo"},
      .open_quote = "\u201C",
      .close_quote = "\u201D",
      .thousands = ",",
      .decimal = '.',
      .percent_suffix = "%",
      .billion = "\u20AC{n} billion",
      .million = "\u20AC{n} million",
      .people = "{n} people",
      .date_pattern = "M D",
      .quote_attribution = " — {F}, {role}",
      .caption_pattern = "{^Role}, {F}, in {P} in {Y0}. Photo: {Credit}",
      .alt_pattern = "{F} in {P}",
  };
  return kEn;
}

// Civil date from days since 1970-01-01 (proleptic Gregorian), integer only.
struct CivilDate {
  int year, month, day;
};
CivilDate CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

// 2024-07-10T12:00 local time (+07:00), in minutes since the epoch of local time.
constexpr std::int64_t kReferenceDays = 19914;  // 2024-07-10
constexpr std::int64_t kReferenceMinutes = kReferenceDays * 1440 + 12 * 60;
constexpr std::int64_t kSpanMinutes = std::int64_t{6} * 365 * 1440;

void AppendTwo(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

std::string IsoLocal(std::int64_t local_minutes) {
  const CivilDate d = CivilFromDays(local_minutes / 1440);
  const int minute_of_day = static_cast<int>(local_minutes % 1440);
  std::string out = std::to_string(d.year);
  out += '-';
  AppendTwo(out, d.month);
  out += '-';
  AppendTwo(out, d.day);
  out += 'T';
  AppendTwo(out, minute_of_day / 60);
  out += ':';
  AppendTwo(out, minute_of_day % 60);
  out += ":00+07:00";
  return out;
}

std::string_view LastName(std::string_view full) { return full.substr(full.rfind(' ') + 1); }

std::string AsciiSlug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Everything one article's text is built from.
class ArticleWriter {
 public:
  ArticleWriter(const Language& lang, Rng& rng, int section, std::int64_t local_minutes)
      : lang_(lang),
        rng_(rng),
        group_(lang.groups[kSectionGroups[static_cast<std::size_t>(section)]]),
        places_(lang.section_places[static_cast<std::size_t>(section)]),
        date_(CivilFromDays(local_minutes / 1440)),
        days_(local_minutes / 1440) {
    subject_ = rng_.Below(6);
    org_ = rng_.Below(4);
    place_ = rng_.Below(6);
    role_ = rng_.Below(4);
    person_ = rng_.Below(static_cast<int>(kPeople.size()));
    other_person_ = (person_ + 1 + rng_.Below(static_cast<int>(kPeople.size()) - 1)) %
                    static_cast<int>(kPeople.size());
  }

  std::string_view Person() const { return kPeople[static_cast<std::size_t>(person_)].name; }
  std::string_view Place() const { return places_[static_cast<std::size_t>(place_)]; }
  int year() const { return date_.year; }
  void set_source(int source) { source_ = lang_.source_names[static_cast<std::size_t>(source)]; }
  void set_credit(std::string_view credit) { credit_ = credit; }

  // Appends `pattern` with its {placeholders} filled and [[quotes]] marked; returns the
  // number of words appended (runs separated by ASCII spaces).
  int Fill(std::string& out, std::string_view pattern) {
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < pattern.size();) {
      const char c = pattern[i];
      if (c == '{') {
        const std::size_t end = pattern.find('}', i);
        std::string_view key = pattern.substr(i + 1, end - i - 1);
        const bool upper = !key.empty() && key.front() == '^';
        if (upper) key.remove_prefix(1);
        const std::size_t at = out.size();
        Expand(out, key);
        if (upper && at < out.size() && out[at] >= 'a' && out[at] <= 'z') {
          out[at] = static_cast<char>(out[at] - 'a' + 'A');
        }
        i = end + 1;
      } else if (pattern.compare(i, 2, "[[") == 0) {
        out += lang_.open_quote;
        i += 2;
      } else if (pattern.compare(i, 2, "]]") == 0) {
        out += lang_.close_quote;
        i += 2;
      } else {
        out += c;
        ++i;
      }
    }
    int words = 0;
    bool in_word = false;
    for (std::size_t i = start; i < out.size(); ++i) {
      const bool space = out[i] == ' ';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    return words;
  }

 private:
  std::string_view Subject() {
    return group_.subjects[static_cast<std::size_t>(rng_.Percent(70) ? subject_ : rng_.Below(6))];
  }
  std::string_view Org() {
    return group_.orgs[static_cast<std::size_t>(rng_.Percent(70) ? org_ : rng_.Below(4))];
  }
  std::string_view RandomPlace() { return places_[static_cast<std::size_t>(rng_.Below(6))]; }

  void AppendNumber(std::string& out, int n) {
    const std::string digits = std::to_string(n);
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += lang_.thousands;
      out += digits[i];
    }
  }
  void AppendCounted(std::string& out, std::string_view pattern, int n) {
    const std::size_t at = pattern.find("{n}");
    out += pattern.substr(0, at);
    AppendNumber(out, n);
    out += pattern.substr(at + 3);
  }
  void AppendMoney(std::string& out) {
    if (rng_.Percent(60)) {
      AppendCounted(out, lang_.billion, rng_.Between(2, 90));
    } else {
      AppendCounted(out, lang_.million, rng_.Between(10, 950));
    }
  }
  void AppendDate(std::string& out) {
    const CivilDate d = CivilFromDays(days_ - rng_.Below(4));
    std::string_view month = lang_.months[static_cast<std::size_t>(d.month - 1)];
    if (lang_.date_pattern == "D M") {
      out += std::to_string(d.day);
      if (d.day == 1 && lang_.first_is_ordinal) out += "er";
      out += ' ';
      out += month;
    } else {
      out += month;
      out += ' ';
      out += std::to_string(d.day);
    }
  }

  void Expand(std::string& out, std::string_view key) {
    if (key == "S") {
      out += Subject();
    } else if (key == "O") {
      out += Org();
    } else if (key == "P") {
      out += rng_.Percent(60) ? Place() : RandomPlace();
    } else if (key == "P2") {
      out += places_[static_cast<std::size_t>((place_ + 1 + rng_.Below(5)) % 6)];
    } else if (key == "F") {
      out += Person();
    } else if (key == "F2") {
      out += kPeople[static_cast<std::size_t>(other_person_)].name;
    } else if (key == "N") {
      out += LastName(Person());
    } else if (key == "Role" || key == "role") {
      out += Gendered(group_.roles[static_cast<std::size_t>(role_)],
                      kPeople[static_cast<std::size_t>(person_)].female);
    } else if (key == "M" || key == "M2") {
      AppendMoney(out);
    } else if (key == "H") {
      const int n = rng_.Percent(50) ? rng_.Between(2, 99) * 10 : rng_.Between(11, 250) * 100;
      AppendCounted(out, lang_.people, n);
    } else if (key == "C") {
      const int tenths = rng_.Between(5, 399);
      out += std::to_string(tenths / 10);
      if (tenths % 10 != 0) {
        out += lang_.decimal;
        out += static_cast<char>('0' + tenths % 10);
      }
      out += lang_.percent_suffix;
    } else if (key == "D") {
      AppendDate(out);
    } else if (key == "Y") {
      out += std::to_string(date_.year - 1 - rng_.Below(6));
    } else if (key == "Y0") {
      out += std::to_string(date_.year);
    } else if (key == "Y2") {
      out += std::to_string(date_.year + 1);
    } else if (key == "Qt") {
      out += rng_.Pick(group_.quotes);
    } else if (key == "Src") {
      out += source_;
    } else if (key == "Credit") {
      out += credit_;
    }
  }

  const Language& lang_;
  Rng& rng_;
  const GroupWords& group_;
  const Words& places_;
  CivilDate date_;
  std::int64_t days_;
  int subject_ = 0, org_ = 0, place_ = 0, role_ = 0, person_ = 0, other_person_ = 0;
  std::string_view source_, credit_;
};

// Draws indices 0..size-1 in shuffled rounds, so a template is not reused before the
// others have been, and never twice in a row.
class Deck {
 public:
  Deck(Rng& rng, int size) : rng_(rng), order_(static_cast<std::size_t>(size)) {
    for (int i = 0; i < size; ++i) order_[static_cast<std::size_t>(i)] = i;
    pos_ = order_.size();
  }
  int Next() {
    if (pos_ == order_.size()) {
      const int last = order_.back();
      for (std::size_t i = order_.size() - 1; i > 0; --i) {
        std::swap(order_[i], order_[static_cast<std::size_t>(rng_.Below(static_cast<int>(i) + 1))]);
      }
      if (order_.size() > 1 && order_.front() == last) std::swap(order_[0], order_[1]);
      pos_ = 0;
    }
    return order_[pos_++];
  }

 private:
  Rng& rng_;
  std::vector<int> order_;
  std::size_t pos_;
};

constexpr int kMinParagraphs = 4;
constexpr int kMaxParagraphs = 12;
constexpr int kMinWords = 200;
constexpr int kMaxWords = 1200;

std::string WriteBody(const Language& lang, Rng& rng, ArticleWriter& w, bool has_source) {
  std::string body;
  body.reserve(6000);
  const int target = rng.Between(kMinParagraphs, kMaxParagraphs);
  const int subhead_after = rng.Percent(40) ? rng.Between(2, 4) : -1;
  const int quote_after = rng.Percent(25) ? rng.Between(1, 5) : -1;
  const int list_after = rng.Percent(15) ? rng.Between(2, 5) : -1;
  int words = 0;
  std::string block;
  Deck sentence_deck(rng, static_cast<int>(lang.sentences.size()));
  for (int paragraphs = 0;
       paragraphs < target || (words < kMinWords && paragraphs < kMaxParagraphs);) {
    block.clear();
    block += "<p>";
    int block_words = 0;
    const int sentences = rng.Between(2, 4);
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) block += ' ';
      block_words +=
          (paragraphs == 0 && s == 0 && has_source)
              ? w.Fill(block, lang.source_openers[0])
              : w.Fill(block, lang.sentences[static_cast<std::size_t>(sentence_deck.Next())]);
    }
    block += "</p>";
    if (paragraphs >= kMinParagraphs && words + block_words > kMaxWords) break;
    body += block;
    words += block_words;
    ++paragraphs;

    // Extras only where they cannot push the body past its word budget.
    auto extra = [&](auto&& write) {
      block.clear();
      const int n = write(block);
      if (words + n + 140 <= kMaxWords) {
        body += block;
        words += n;
      }
    };
    if (paragraphs == subhead_after) {
      extra([&](std::string& b) {
        b += "<h2>";
        const int n = w.Fill(b, rng.Pick(lang.subheads));
        b += "</h2>";
        return n;
      });
    }
    if (paragraphs == quote_after) {
      extra([&](std::string& b) {
        b += "<blockquote>";
        int n = w.Fill(b, "[[{Qt}]]");
        n += w.Fill(b, lang.quote_attribution);
        b += "</blockquote>";
        return n;
      });
    }
    if (paragraphs == list_after) {
      extra([&](std::string& b) {
        b += "<p>";
        int n = w.Fill(b, rng.Pick(lang.list_intros));
        b += "</p><ul>";
        const int items = rng.Between(3, 4);
        Deck item_deck(rng, static_cast<int>(lang.list_items.size()));
        for (int i = 0; i < items; ++i) {
          b += "<li>";
          n += w.Fill(b, lang.list_items[static_cast<std::size_t>(item_deck.Next())]);
          b += "</li>";
        }
        b += "</ul>";
        return n;
      });
    }
  }
  return body;
}

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

std::string GeneratedId(const std::string& edition, int index) {
  char number[16];
  std::snprintf(number, sizeof number, "%06d", index + 1);
  return "gen-" + edition + "-" + number;
}

void GenerateArchive(const GeneratorOptions& options,
                     const std::function<void(const ArticleRecord&)>& sink) {
  const Language& lang = options.edition == "fr" ? French() : English();
  int total_weight = 0;
  for (int w : kSectionWeights) total_weight += w;

  for (int index = 0; index < options.count; ++index) {
    // One stream per article, so article i does not depend on how long article i-1 was,
    // and the same index in another edition draws the same structure first.
    Rng seeder(options.seed ^ (static_cast<std::uint64_t>(index) * 0xD1B54A32D192ED03ull));
    Rng rng(seeder.Next());

    int pick = rng.Below(total_weight);
    int section = 0;
    while (pick >= kSectionWeights[static_cast<std::size_t>(section)]) {
      pick -= kSectionWeights[static_cast<std::size_t>(section)];
      ++section;
    }
    const Group group = kSectionGroups[static_cast<std::size_t>(section)];
    const std::int64_t local = kReferenceMinutes - rng.Below(static_cast<int>(kSpanMinutes));
    const bool updated = rng.Percent(10);
    const int update_delay = rng.Between(20, 2880);
    const bool has_source = rng.Percent(40);
    const int source = rng.Below(static_cast<int>(kSources.size()));
    const bool has_image = rng.Percent(70);
    const std::string_view credit = rng.Pick(kPhotoCredits);
    const int author_roll = rng.Below(100);
    const int first_author = rng.Below(static_cast<int>(kAuthors.size()));
    const int second_author =
        (first_author + 1 + rng.Below(static_cast<int>(kAuthors.size()) - 1)) %
        static_cast<int>(kAuthors.size());

    ArticleRecord r;
    r.id = GeneratedId(options.edition, index);
    r.edition = options.edition;
    r.section = std::string(lang.sections[static_cast<std::size_t>(section)]);
    r.published_at = IsoLocal(local);
    if (updated) r.updated_at = IsoLocal(std::min(local + update_delay, kReferenceMinutes));
    if (has_source) r.source = std::string(kSources[static_cast<std::size_t>(source)]);
    if (author_roll >= 8) r.authors.emplace_back(kAuthors[static_cast<std::size_t>(first_author)]);
    if (author_roll >= 85) {
      r.authors.emplace_back(kAuthors[static_cast<std::size_t>(second_author)]);
    }

    // Tags: one that suits the section, then a few from the whole list, popular ones first.
    const int tag_count = rng.Between(2, 5);
    std::vector<int> tag_ids = {rng.Pick(kGroupTags[group])};
    while (static_cast<int>(tag_ids.size()) < tag_count) {
      const int u = rng.Below(40);
      const int t = u * u / 40;
      if (std::find(tag_ids.begin(), tag_ids.end(), t) == tag_ids.end()) tag_ids.push_back(t);
    }
    for (int t : tag_ids) r.tags.emplace_back(lang.tags[static_cast<std::size_t>(t)]);

    ArticleWriter w(lang, rng, section, local);
    w.set_source(source);
    w.set_credit(credit);
    const int title_template = rng.Below(static_cast<int>(lang.titles.size()));
    const int lead_template = rng.Below(static_cast<int>(lang.leads.size()));
    if (has_image) {
      ImageRecord image;
      image.src = options.image_prefix + AsciiSlug(w.Person()) + "-" +
                  std::string(kImageKeywords[group]) + "-" + r.id.substr(r.id.rfind('-') + 1) +
                  ".jpg";
      w.Fill(image.caption, lang.caption_pattern);
      image.credit = std::string(credit);
      w.Fill(image.alt, lang.alt_pattern);
      r.image = std::move(image);
    }

    // A title outside 6-14 words is drawn again from the next template.
    for (int attempt = 0; attempt < 10; ++attempt) {
      r.title.clear();
      const int n = w.Fill(
          r.title,
          lang.titles[static_cast<std::size_t>((title_template + attempt) % lang.titles.size())]);
      if (n >= 6 && n <= 14) break;
    }
    if (const int n = CountWords(r.title); n < 6 || n > 14) {
      r.title.clear();
      w.Fill(r.title, lang.title_fallback);
    }
    w.Fill(r.lead, lang.leads[static_cast<std::size_t>(lead_template)]);
    r.body_html = WriteBody(lang, rng, w, has_source);
    if (!options.translation_of_edition.empty() && index % 3 == 0) {
      r.translation_of = GeneratedId(options.translation_of_edition, index);
    }
    sink(r);
  }
}

}  // namespace gazette::services
