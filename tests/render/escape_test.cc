#include "render/escape.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

namespace gazette::render {
namespace {

TEST(EscapeTest, Html) {
  EXPECT_EQ(EscapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(EscapeHtml("« déjà »"), "« déjà »");
}

TEST(EscapeTest, XmlEscapesAndDropsForbiddenCharacters) {
  EXPECT_EQ(EscapeXml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(EscapeXml(std::string("x\x01y\x0Bz\tok\n", 10)), "xyz\tok\n");
  EXPECT_EQ(EscapeXml(std::string("nul\0!", 5)), "nul!");
  EXPECT_EQ(EscapeXml("\xEF\xBF\xBE|\xEF\xBF\xBF"), "|");  // U+FFFE, U+FFFF
  EXPECT_EQ(EscapeXml("Nghệ An"), "Nghệ An");
  EXPECT_EQ(EscapeXml("\xF0\x9F\x93\xB0"), "\xF0\x9F\x93\xB0");  // U+1F4F0
  EXPECT_EQ(EscapeXml("bad\xC3"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(EscapeXml("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(EscapeTest, JsonForHtmlCannotCloseTheScript) {
  EXPECT_EQ(EscapeJsonForHtml("{\"a\":\"</script><!--&\"}"),
            "{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\"}");
  EXPECT_EQ(EscapeJsonForHtml("\"\xE2\x80\xA8\""), "\"\\u2028\"");
  EXPECT_EQ(EscapeJsonForHtml("{\"é\":1}"), "{\"é\":1}");
  EXPECT_EQ(EscapeJsonForHtml("a\xE2\x80\xA9"), "a\\u2029");
  EXPECT_EQ(EscapeJsonForHtml("a\xE2\x80"), "a\xE2\x80");
  EXPECT_EQ(EscapeJsonForHtml("<>&x"), "\\u003c\\u003e\\u0026x");
  EXPECT_EQ(EscapeJsonForHtml(""), "");
}

// What the JSON-LD was written with before: boost::json's serializer, then the script-safe
// escaping of the whole text.
std::string JsonStringByBoost(const std::string& text) {
  return EscapeJsonForHtml(boost::json::serialize(boost::json::value(boost::json::string(text))));
}

std::string JsonString(const std::string& text) {
  std::string out;
  AppendJsonStringForHtml(out, text);
  return out;
}

TEST(EscapeTest, JsonStringForHtmlIsBoostJsonThenScriptSafe) {
  for (int c = 0; c < 256; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "b";
    EXPECT_EQ(JsonString(text), JsonStringByBoost(text)) << "byte " << c;
  }
  for (const std::string text :
       {"", "\xE2\x80\xA8", "x\xE2\x80\xA9", "\xE2\x80", "\xE2\x80\xA8\xE2", "\xE2\xE2\x80\xA9",
        "</script><!--", "\"\\/\u00e9", "« déjà » Nghệ An \xF0\x9F\x93\xB0"}) {
    EXPECT_EQ(JsonString(text), JsonStringByBoost(text)) << text;
  }
  std::mt19937 random(7);
  const std::string alphabet = "ab<>&\"\\\x01\n\x1F\x7F\x80\xA8\xA9\xE2\xC3\xA9 ";
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    ASSERT_EQ(JsonString(text), JsonStringByBoost(text)) << text;
  }
}

TEST(EscapeTest, UriComponent) {
  EXPECT_EQ(EncodeUriComponent("https://a.b/c?d=e&f"), "https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(EncodeUriComponent("L'OTAN à"), "L%27OTAN%20%C3%A0");
}

}  // namespace
}  // namespace gazette::render
