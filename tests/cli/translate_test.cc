// `gazette translate` and `gazette publish` as a user runs them, end to end: the demo's
// reference article translated fr->es with the real Apertium, published in the Spanish
// edition, served by the real server; both pages link each other with hreflang.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "process.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"
#include "test_client.h"

namespace gazette::cli {
namespace {

using gazette::http::testing::Fetch;
using gazette::http::testing::MakeRequest;
using gazette::testing::GazetteBinary;
using gazette::testing::Process;
using gazette::testing::ReadFile;
using gazette::testing::TempDir;
using gazette::testing::WriteFile;

constexpr char kReference[] = "demo-ref-otan-russie-chine";

class TranslateCliTest : public ::testing::Test {
 protected:
  gazette::testing::CommandResult Gazette(std::vector<std::string> args) {
    args.insert(args.begin(), GazetteBinary());
    return gazette::testing::Run(args);
  }
  void SetUp() override {
    site_ = dir_ / "site";
    auto r = Gazette({"init", "--data", site_, "--demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::unique_ptr<storage::Store> Store() {
    auto store = storage::sqlite::OpenSqliteStore(site_ + "/gazette.db", false);
    EXPECT_TRUE(store.ok());
    return std::move(store).value();
  }
  std::int64_t Count(const std::string& edition) {
    storage::ArticleQuery q;
    q.edition = edition;
    q.published_only = false;
    return *Store()->CountArticles(q);
  }
  uint16_t Serve(std::unique_ptr<Process>& process) {
    const std::string log = dir_ / "serve.log";
    process = std::make_unique<Process>(
        std::vector<std::string>{GazetteBinary(), "serve", "--data", site_, "--listen",
                                 "127.0.0.1:0", "--quiet"},
        log);
    const std::string prefix = "http://127.0.0.1:";
    for (int i = 0; i < 200 && process->Running(); ++i) {
      const std::string text = ReadFile(log);
      const auto at = text.find(prefix);
      if (at != std::string::npos && text.find('/', at + prefix.size()) != std::string::npos) {
        return static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "server did not start: " << ReadFile(log);
    return 0;
  }
  TempDir dir_;
  std::string site_;
};

// The href of the <link rel="alternate" hreflang="lang"> in `html`, as a path.
std::string Alternate(const std::string& html, const std::string& lang) {
  const std::string marker = "hreflang=\"" + lang + "\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return {};
  const auto start = html.rfind("<link", at);
  const auto end = html.find('>', at);
  const std::string tag = html.substr(start, end - start);
  const auto href = tag.find("href=\"");
  if (href == std::string::npos) return {};
  std::string url = tag.substr(href + 6, tag.find('"', href + 6) - href - 6);
  const auto scheme = url.find("://");
  if (scheme != std::string::npos) url = url.substr(url.find('/', scheme + 3));
  return url;
}

std::vector<std::string> DigitRuns(const std::string& s) {
  std::vector<std::string> runs;
  for (std::size_t i = 0; i < s.size();) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      std::size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      runs.push_back(s.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  std::sort(runs.begin(), runs.end());
  return runs;
}

TEST_F(TranslateCliTest, ReferenceArticleTranslatedToSpanishIsPublishedAndLinked) {
  const std::int64_t spanish_before = Count("es");
  auto r = Gazette({"translate", "--data", site_, "--article", kReference, "--to", "es"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("draft, machine translation (apertium) \u2014 needs review"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" 0 missing, 0 duplicated, 0 altered"), std::string::npos) << r.out;
  EXPECT_EQ(Count("es"), spanish_before + 1);

  // Every number of the source body is in the translation, and the dates are Spanish.
  auto store = Store();
  auto fr = *store->FindArticleByExternalId(kReference);
  auto es = *store->FindArticleByExternalId(std::string(kReference) + "-es");
  ASSERT_TRUE(fr && es);
  EXPECT_EQ(DigitRuns(fr->body_html), DigitRuns(es->body_html));
  EXPECT_NE(es->body_html.find("11 de julio"), std::string::npos);
  EXPECT_NE(es->body_html.find("10 de julio"), std::string::npos);
  EXPECT_EQ(es->body_html.find("juillet"), std::string::npos);
  EXPECT_EQ(es->translation_group, fr->translation_group);

  // Again: nothing new.
  r = Gazette({"translate", "--data", site_, "--article", kReference, "--to", "es"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("already translated"), std::string::npos);
  EXPECT_EQ(Count("es"), spanish_before + 1);

  std::unique_ptr<Process> server;
  const uint16_t port = Serve(server);
  ASSERT_NE(port, 0);
  auto french = Fetch(port, MakeRequest("GET",
                                        "/fr/international/amerique/"
                                        "l-otan-envoie-un-message-a-la-russie-et-a-la-chine"));
  ASSERT_TRUE(french && french->status == 200);
  EXPECT_EQ(Alternate(french->body, "es"), "") << "a draft is not linked";

  r = Gazette({"publish", "--data", site_, "--article", std::string(kReference) + "-es", "--at",
               "2024-07-11T08:32:00+07:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // the server notices changes

  french = Fetch(port, MakeRequest("GET",
                                   "/fr/international/amerique/"
                                   "l-otan-envoie-un-message-a-la-russie-et-a-la-chine"));
  ASSERT_TRUE(french && french->status == 200);
  const std::string spanish_path = Alternate(french->body, "es");
  ASSERT_FALSE(spanish_path.empty()) << "French page links the Spanish one";
  EXPECT_EQ(spanish_path.rfind("/es/", 0), 0u) << spanish_path;
  auto spanish = Fetch(port, MakeRequest("GET", spanish_path));
  ASSERT_TRUE(spanish && spanish->status == 200) << spanish_path;
  const std::string& html = spanish->body;
  EXPECT_NE(html.find("lang=\"es\""), std::string::npos);
  EXPECT_NE(html.find("11 de julio de 2024"), std::string::npos) << "publication date in es_ES";
  EXPECT_NE(html.find("La OTAN env\u00eda un mensaje"), std::string::npos);
  EXPECT_NE(html.find("Jens Stoltenberg"), std::string::npos);
  EXPECT_EQ(html.find("DNUM"), std::string::npos);
  EXPECT_EQ(html.find("gz-p"), std::string::npos);
  const std::string french_path = Alternate(html, "fr");
  EXPECT_EQ(french_path,
            "/fr/international/amerique/"
            "l-otan-envoie-un-message-a-la-russie-et-a-la-chine")
      << "Spanish page links the French one";
}

TEST_F(TranslateCliTest, BadRequestsAreClearAndChangeNothing) {
  const std::int64_t english = Count("en");
  const std::int64_t spanish = Count("es");
  // gen-fr-000002 has no English version in the demo, and Apertium has no fr->en pair.
  auto r = Gazette({"translate", "--data", site_, "--article", "gen-fr-000002", "--to", "en"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no fr\u2192en translation pair"), std::string::npos) << r.err;
  r = Gazette({"translate", "--data", site_, "--article", "nope", "--to", "es"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no article with id 'nope'"), std::string::npos) << r.err;
  r = Gazette({"translate", "--data", site_, "--article", kReference, "--to", "xx"});
  EXPECT_EQ(r.exit_code, 2);
  r = Gazette({"translate", "--data", site_, "--to", "es"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--article"), std::string::npos);
  r = Gazette({"translate", "--data", site_, "--to", "es", "--since", "yesterday"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ISO 8601"), std::string::npos);
  r = Gazette(
      {"translate", "--data", site_, "--article", kReference, "--to", "es", "--provider", "babel"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown provider 'babel'"), std::string::npos);
  r = Gazette(
      {"translate", "--data", site_, "--article", kReference, "--to", "es", "--provider", "apy"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[translation] url"), std::string::npos) << r.err;
  r = Gazette({"publish", "--data", site_, "--article", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Count("en"), english);
  EXPECT_EQ(Count("es"), spanish);
}

TEST_F(TranslateCliTest, GlossaryFromTheConfiguration) {
  const std::string config = site_ + "/gazette.toml";
  std::string toml = ReadFile(config);
  const std::string forced = "[editions.glossary.translate]\n";
  const auto at = toml.find(forced);
  ASSERT_NE(at, std::string::npos) << "the default configuration has a Spanish glossary";
  toml.insert(at + forced.size(), "\"OTAN\" = \"Alianza Atl\u00e1ntica\"\n");
  WriteFile(config, toml);
  auto r = Gazette({"translate", "--data", site_, "--article", kReference, "--to", "es"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto es = *Store()->FindArticleByExternalId(std::string(kReference) + "-es");
  ASSERT_TRUE(es);
  EXPECT_NE(es->body_html.find("Alianza Atl\u00e1ntica"), std::string::npos);
  EXPECT_EQ(es->body_html.find("OTAN"), std::string::npos);
  EXPECT_NE(es->body_html.find("RIA Novosti"), std::string::npos) << "kept term";

  toml.insert(toml.find(forced) + forced.size(), "\"Chine\" = \"\"\n");
  WriteFile(config, toml);
  r = Gazette({"translate", "--data", site_, "--article", "gen-fr-000002", "--to", "es"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the translation of 'Chine' must be a non-empty string"), std::string::npos)
      << r.err;
}

TEST_F(TranslateCliTest, BulkBySectionIsResumable) {
  auto r = Gazette({"translate", "--data", site_, "--to", "es", "--section",
                    "international/amerique", "--until", "2024-07-12"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("with integrity problems 0"), std::string::npos) << r.out << r.err;
  const std::int64_t after_first = Count("es");
  EXPECT_GE(after_first, 1);
  r = Gazette({"translate", "--data", site_, "--to", "es", "--section", "international/amerique",
               "--until", "2024-07-12"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("translated 0, skipped"), std::string::npos) << r.out;
  EXPECT_EQ(Count("es"), after_first);
}

}  // namespace
}  // namespace gazette::cli
