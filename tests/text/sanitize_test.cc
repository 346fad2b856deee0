#include "text/sanitize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace gazette::text {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// True when some tag in `html` carries an on...= attribute.
bool HasEventAttribute(const std::string& html) {
  std::string lower = Lower(html);
  std::size_t open = 0;
  while ((open = lower.find('<', open)) != std::string::npos) {
    std::size_t close = lower.find('>', open);
    std::string tag = lower.substr(open, close == std::string::npos ? close : close - open);
    for (std::size_t at = tag.find("on"); at != std::string::npos; at = tag.find("on", at + 1)) {
      char before = tag[at - 1];
      if (before != ' ' && before != '\t' && before != '\n' && before != '/' && before != '"')
        continue;
      std::size_t k = at + 2;
      while (k < tag.size() && std::isalpha(static_cast<unsigned char>(tag[k]))) ++k;
      while (k < tag.size() && tag[k] == ' ') ++k;
      if (k > at + 2 && k < tag.size() && tag[k] == '=') return true;
    }
    if (close == std::string::npos) break;
    open = close;
  }
  return false;
}

// OWASP filter-evasion style inputs. None of them contains these words as plain text, so
// any occurrence in the output is markup that got through.
const char* const kHostile[] = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"java\0script:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"http://evil.example\"></iframe>",
    "<object data=\"http://evil.example\"></object><embed src=x>",
    "<div style=\"background:url(javascript:alert(1))\">styled</div>",
    "<p style=\"x:expression(alert(1))\" onclick=\"alert(1)\">click</p>",
    "<b onmouseover=alert(1)>bold</b>",
    "<!-- <script>alert(1)</script> -->",
    "<!--[if gte IE 4]><SCRIPT>alert(1);</SCRIPT><![endif]-->",
    "<p>unclosed <b>bold <i>italic",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "<IMG \"\"\"><SCRIPT>alert(1)</SCRIPT>\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert(1)\">",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<a href=\"http://ok.example\" onclick=\"alert(1)\" style=\"color:red\">ok</a>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<img src=\"https://ok.example/a.jpg\" alt=\"x\" width=\"100\" height=\"1e9\" "
    "srcset=\"javascript:alert(1)\">",
    "<a "
    "href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#"
    "0000116&#0000058alert(1)\">x</a>",
    "<xss onafterscriptexecute=alert(1)><p>text</p></xss>",
    "<a href=\"\\\\evil.example\">x</a>",
};

TEST(SanitizeHtmlTest, HostileCorpusLeavesNothingActive) {
  for (const char* input : kHostile) {
    std::string out = SanitizeHtml(input);
    std::string lower = Lower(out);
    EXPECT_EQ(lower.find("<script"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("javascript:"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("vbscript:"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("data:"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("style="), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("<svg"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("<iframe"), std::string::npos) << input << " -> " << out;
    EXPECT_EQ(lower.find("<!--"), std::string::npos) << input << " -> " << out;
    EXPECT_FALSE(HasEventAttribute(out)) << input << " -> " << out;
  }
}

TEST(SanitizeHtmlTest, EventAttributeCheckWorks) {
  EXPECT_TRUE(HasEventAttribute("<img src=x onerror=alert(1)>"));
  EXPECT_TRUE(HasEventAttribute("<b\nONMOUSEOVER = x>"));
  EXPECT_FALSE(HasEventAttribute("<p>click on=here</p>"));
  EXPECT_FALSE(HasEventAttribute("<a href=\"/bonjour\">x</a>"));
}

TEST(SanitizeHtmlTest, SpecificHostileOutputs) {
  EXPECT_EQ(SanitizeHtml("<img src=x onerror=alert(1)>"), "<img src=\"x\" loading=\"lazy\">");
  EXPECT_EQ(SanitizeHtml("<a href=\"jav&#x09;ascript:alert(1)\">x</a>"), "x");
  EXPECT_EQ(SanitizeHtml("<b onmouseover=alert(1)>bold</b>"), "<b>bold</b>");
  EXPECT_EQ(SanitizeHtml("<div style=\"color:red\">styled</div>"), "styled");
  EXPECT_EQ(SanitizeHtml("<p>unclosed <b>bold"), "<p>unclosed <b>bold</b></p>");
  EXPECT_EQ(SanitizeHtml("a<!-- hidden -->b"), "ab");
  EXPECT_EQ(SanitizeHtml("<svg onload=alert(1)><text>hi</text></svg>after"), "after");
  EXPECT_EQ(SanitizeHtml("<P>Upper</P>"), "<p>Upper</p>");
  EXPECT_EQ(SanitizeHtml("<scr<script>ipt>alert(1)</script>"), "ipt&gt;alert(1)");
  EXPECT_EQ(SanitizeHtml("<html><head><title>t</title></head><body><p>x</p></body></html>"),
            "<p>x</p>");
  EXPECT_EQ(SanitizeHtml(""), "");
}

TEST(SanitizeHtmlTest, GoodMarkupSurvivesUnchanged) {
  const char* const kGood[] = {
      "<p>L’OTAN envoie un message à la Russie et à la Chine.</p>",
      "<p>Il a déclaré : « Nous sommes prêts ».</p><blockquote><p>« Citation »</p></blockquote>",
      "<p>Voir <a href=\"/fr/international/amerique/l-otan\">l’article</a> et "
      "<a href=\"#note-1\">la note</a>.</p>",
      "<p><a href=\"mailto:redaction@example.org\">Écrire</a></p>",
      "<ul><li>un</li><li><strong>deux</strong></li></ul><ol><li><em>trois</em></li></ol>",
      "<h2>Titre</h2><h3>Sous-titre</h3><p>1 &lt; 2 &amp; 3 &gt; 2<br>H<sub>2</sub>O "
      "x<sup>2</sup></p><hr>",
      "<figure><img src=\"/media/2024/07/a.jpg\" alt=\"Jens Stoltenberg\" width=\"800\" "
      "height=\"533\" loading=\"lazy\"><figcaption>Photo <cite>RIA "
      "Novosti</cite></figcaption></figure>",
      "<pre><code>x = 1;</code></pre>",
      "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
      "<p><q>court</q> <b>b</b> <i>i</i> <u>u</u> <s>s</s></p>",
  };
  for (const char* good : kGood) EXPECT_EQ(SanitizeHtml(good), good);
}

TEST(SanitizeHtmlTest, AbsoluteLinksGetRelAndAttributesAreReescaped) {
  EXPECT_EQ(SanitizeHtml("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"opener\" "
                         "target=\"_blank\">x</a>"),
            "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener nofollow\">x</a>");
  EXPECT_EQ(SanitizeHtml("<img src=\"a.jpg\" alt='say \"hi\" &lt;b&gt;'>"),
            "<img src=\"a.jpg\" alt=\"say &quot;hi&quot; &lt;b&gt;\" loading=\"lazy\">");
  EXPECT_EQ(SanitizeHtml("<img alt=\"no source\">"), "");
  EXPECT_EQ(SanitizeHtml("<img src=\"mailto:x@example.org\">"), "");
  EXPECT_EQ(SanitizeHtml("<p>&laquo;&nbsp;x&nbsp;&raquo;</p>"), "<p>«\u00a0x\u00a0»</p>");
}

}  // namespace
}  // namespace gazette::text

namespace gazette::text {
namespace {

// The fast path must never change a result: whatever it accepts, the parser returns as is.
TEST(SanitizeFastPathTest, AcceptsOnlyWhatTheParserKeepsUnchanged) {
  const std::vector<std::string> accepted = {
      "<p>Texte « cité » &amp; suite.</p>",
      "<p>a</p>\n<p>b</p>\n",
      "<h2>Titre</h2><p><strong>gras</strong> et <em>italique</em><br>ligne</p>",
      "<blockquote><p>« Citation »</p></blockquote>",
      "<ul><li>un</li><li>deux <b>gras</b></li></ul>",
      "<ol>\n<li><p>bloc</p></li>\n</ol>",
      "<p>x &lt; y &gt; z</p><hr><p>après</p>",
      "<p>Nghệ An – Báo điện tử</p>",
      "<p></p>",
      "<p>tab\tand\nnewline in a run</p>",
  };
  for (const auto& html : accepted) {
    EXPECT_TRUE(IsCleanSimpleFragment(html)) << html;
    EXPECT_EQ(ParseAndSanitizeHtml(html), html) << html;
    EXPECT_EQ(SanitizeHtml(html), html) << html;
  }
  const std::vector<std::string> refused = {
      "",
      " <p>leading space</p>",
      "text at the top",
      "<p>a<p>b</p></p>",
      "<p><h2>x</h2></p>",
      "<p>x<hr></p>",
      "<ul>text<li>x</li></ul>",
      "<li>orphan</li>",
      "<b><b>x</b></b>",
      "<p>1 > 0</p>",
      "<p>&eacute;</p>",
      "<p>&quot;</p>",
      "<p class=\"x\">attr</p>",
      "<p>unclosed",
      "<p>a</b></p>",
      "<P>upper</P>",
      "<script>x</script>",
      "<p>\r\n</p>",
      std::string("<p>nul\0</p>", 11),
      "<p>\xff</p>",
      "<p>a run then\ra return</p>",
      "<p>a run then &eacute;</p>",
      "<p>a run then > </p>",
      "<p>a run then \x01</p>",
  };
  for (const auto& html : refused) {
    EXPECT_FALSE(IsCleanSimpleFragment(html)) << html;
    EXPECT_EQ(SanitizeHtml(html), ParseAndSanitizeHtml(html)) << html;
  }
}

TEST(SanitizeFastPathTest, SanitizedOutputIsStable) {
  // Sanitizing twice gives the same result, whichever path the second pass takes.
  for (const std::string html :
       {"<p>unclosed <b>bold", "<div><p>x</p></div>", "<p>a &eacute; b</p>", "<ul><li>a<li>b</ul>",
        "<p>1 > 0 & 2</p>"}) {
    const std::string once = SanitizeHtml(html);
    EXPECT_EQ(SanitizeHtml(once), once) << html;
  }
}

}  // namespace
}  // namespace gazette::text
