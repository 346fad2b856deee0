// The real providers: Apertium run locally, APy started on a free loopback port through the
// project's wrapper, and a LibreTranslate-compatible service (a stub that runs Apertium).
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "process.h"
#include "temp_dir.h"
#include "translate/apertium.h"
#include "translate/http_providers.h"
#include "translate/pipeline.h"

namespace gazette::translate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool WaitForPort(int port, testing::Process& process) {
  for (int i = 0; i < 300 && process.Running(); ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool up = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (up) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

const char* kFrench =
    "<p>Le <strong>11/07/2024</strong> à 08:32, l’OTAN a annoncé un plan de 40 milliards "
    "d’euros, soit 12,5 % de plus, selon Jens Stoltenberg.</p>";

void ExpectSpanish(const TranslatedText& t) {
  EXPECT_TRUE(t.report.ok()) << model::DescribeIssues(t.report);
  EXPECT_THAT(t.body_html, HasSubstr("<strong>11/07/2024</strong>"));
  EXPECT_THAT(t.body_html, HasSubstr("08:32"));
  EXPECT_THAT(t.body_html, HasSubstr("40 millardos de euros"));
  EXPECT_THAT(t.body_html, HasSubstr("12,5 %"));
  EXPECT_THAT(t.body_html, HasSubstr("Jens Stoltenberg"));
  EXPECT_THAT(t.body_html, HasSubstr("según"));
  EXPECT_THAT(t.title, HasSubstr("envía"));
}

std::vector<SourceText> Texts() {
  SourceText s;
  s.title = "L'OTAN envoie un message à la Russie";
  s.body_html = kFrench;
  s.protect.target_locale = "es_ES";
  return {s, s};
}

TEST(ApertiumTest, TranslatesFrenchToSpanishKeepingEveryItem) {
  ApertiumProvider apertium;
  auto out = TranslateTexts(apertium, "fr", "es", Texts());
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->size(), 2u);
  ExpectSpanish((*out)[0]);
  ExpectSpanish((*out)[1]);
}

TEST(ApertiumTest, EnglishToSpanish) {
  ApertiumProvider apertium;
  auto out = apertium.TranslateHtml({"<p>The house is red.</p>"}, "en", "es");
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_THAT((*out)[0], HasSubstr("casa"));
}

TEST(ApertiumTest, UnsupportedPairIsAClearError) {
  ApertiumProvider apertium;
  auto out = apertium.TranslateHtml({"<p>Bonjour</p>"}, "fr", "en");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_THAT(out.error().message, HasSubstr("no fr\u2192en translation pair"));
  EXPECT_THAT(out.error().message, HasSubstr("fr-es"));
}

TEST(ApertiumTest, MissingBinaryIsUnavailable) {
  ApertiumProvider apertium({"gazette-no-such-apertium", "/usr/share/apertium/modes"});
  auto out = apertium.TranslateHtml({"<p>Bonjour</p>"}, "fr", "es");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, model::ErrorKind::kUnavailable);
}

TEST(ApyTest, TranslatesOverHttpOnLoopback) {
  testing::TempDir dir;
  const int port = FreePort();
  testing::Process apy(
      {"/usr/bin/python3", std::string(GAZETTE_SOURCE_DIR) + "/scripts/apy-loopback.py", "-p",
       std::to_string(port), "/usr/share/apertium/modes"},
      dir / "apy.log");
  ASSERT_TRUE(WaitForPort(port, apy)) << testing::ReadFile(dir / "apy.log");
  ApyProvider provider({"http://127.0.0.1:" + std::to_string(port), "", 60});
  auto out = TranslateTexts(provider, "fr", "es", Texts());
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectSpanish((*out)[0]);

  auto unsupported = provider.TranslateHtml({"<p>Bonjour</p>"}, "fr", "en");
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().kind, model::ErrorKind::kInvalidInput);
  EXPECT_THAT(unsupported.error().message, HasSubstr("no fr\u2192en translation pair"));
}

TEST(ApyTest, UnreachableServiceIsUnavailable) {
  ApyProvider provider({"http://127.0.0.1:" + std::to_string(FreePort()), "", 5});
  auto out = provider.TranslateHtml({"<p>Bonjour</p>"}, "fr", "es");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, model::ErrorKind::kUnavailable);
}

TEST(LibreTranslateTest, TranslatesWithTheApiKey) {
  testing::TempDir dir;
  const int port = FreePort();
  testing::Process stub(
      {"/usr/bin/python3",
       std::string(GAZETTE_SOURCE_DIR) + "/tests/translate/libretranslate_stub.py",
       std::to_string(port), "secret"},
      dir / "stub.log");
  ASSERT_TRUE(WaitForPort(port, stub)) << testing::ReadFile(dir / "stub.log");
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  LibreTranslateProvider provider({url, "secret", 60});
  auto out = TranslateTexts(provider, "fr", "es", Texts());
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ExpectSpanish((*out)[0]);

  LibreTranslateProvider wrong_key({url, "wrong", 60});
  auto refused = wrong_key.TranslateHtml({"<p>Bonjour</p>"}, "fr", "es");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("API key"));

  auto unsupported = provider.TranslateHtml({"<p>Bonjour</p>"}, "fr", "en");
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().kind, model::ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace gazette::translate
