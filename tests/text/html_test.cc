#include "text/html.h"

#include <gtest/gtest.h>

#include "text/sanitize.h"

namespace gazette::text {
namespace {

TEST(EscapeHtmlTest, EscapesTheFiveCharacters) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("« Nghệ An »"), "« Nghệ An »");
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(HtmlToPlainTextTest, StripsTagsDecodesEntitiesCollapsesSpace) {
  EXPECT_EQ(
      HtmlToPlainText("<p>Le  chef de l&#39;<b>OTAN</b>\n a dit &laquo;&nbsp;non&nbsp;&raquo;</p>"),
      "Le chef de l'OTAN a dit « non »");
  EXPECT_EQ(HtmlToPlainText("<p>a</p><p>b</p><ul><li>c</li><li>d</li></ul>"), "a b c d");
  EXPECT_EQ(HtmlToPlainText("x<script>alert(1)</script><style>p{}</style>y"), "xy");
  EXPECT_EQ(HtmlToPlainText("   "), "");
  EXPECT_EQ(HtmlToPlainText(""), "");
  EXPECT_EQ(HtmlToPlainText("plain 1 &lt; 2"), "plain 1 < 2");
  EXPECT_EQ(HtmlToPlainText("<p> a\xc2\xa0 b\xc2\xa0</p><p>\xc2\xa0 c&amp;d&lt;e </p>"),
            "a b c&d<e");
}

TEST(HtmlToPlainTextTest, SimpleFragmentsGiveTheParsersText) {
  // A comment takes a fragment out of the simple form, so the suffixed copy goes through the
  // full parse: both must give the same text.
  const char* fragments[] = {
      "<p>a</p><p>b</p>",
      "<p>Le <strong>chef</strong> de l<em>OTAN</em>, 1 &lt; 2 &amp;&amp; 3 &gt; 2</p>",
      "<h2>Titre</h2>\n<p>x<br>y</p><hr><blockquote><p>cité</p>z</blockquote>",
      "<ul>\n <li>c</li>\n <li><p>d</p><ol><li>e</li></ol></li>\n</ul>\n",
      "<p>a<b>b</b><i>i</i><u>u</u><s>s</s>x<sub>2</sub><sup>3</sup><q>q</q><cite>c</cite></p>",
      "<h3>\tNghệ   An</h3><h4>Đà Nẵng</h4>",
      "<p> a\xc2\xa0 b\xc2\xa0</p><p>\xc2\xa0 c&amp;d&lt;e </p><p>f\xc2\xa0\xc2\xa0g</p>",
  };
  for (const char* fragment : fragments) {
    ASSERT_TRUE(IsCleanSimpleFragment(fragment)) << fragment;
    EXPECT_EQ(HtmlToPlainText(fragment), HtmlToPlainText(std::string(fragment) + "<!-- -->"))
        << fragment;
  }
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii"));
  EXPECT_TRUE(IsValidUtf8("Báo điện tử « » – 日本 😀"));
}

TEST(IsValidUtf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));            // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

}  // namespace
}  // namespace gazette::text
