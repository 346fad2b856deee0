#include "text/slug.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace gazette::text {
namespace {

TEST(SlugifyTest, TransliteratesToAscii) {
  EXPECT_EQ(Slugify("Nghệ An – Báo điện tử"), "nghe-an-bao-dien-tu");
  EXPECT_EQ(Slugify("L'OTAN envoie un message à la Russie et à la Chine"),
            "l-otan-envoie-un-message-a-la-russie-et-a-la-chine");
  EXPECT_EQ(Slugify("Amérique"), "amerique");
  EXPECT_EQ(Slugify("Москва"), "moskva");
  EXPECT_EQ(Slugify("  --Hello,   World!--  "), "hello-world");
  EXPECT_EQ(Slugify("F-35 & G7"), "f-35-g7");
}

TEST(SlugifyTest, EmptyWhenNothingUsable) {
  EXPECT_EQ(Slugify(""), "");
  EXPECT_EQ(Slugify("!!! --- ???"), "");
  EXPECT_EQ(Slugify("« »"), "");
}

TEST(SlugifyTest, CapsLengthAtADash) {
  std::string words;
  for (int i = 0; i < 30; ++i) words += "mot" + std::to_string(i) + " ";
  std::string slug = Slugify(words);
  EXPECT_LE(slug.size(), kMaxSlugLength);
  EXPECT_NE(slug.back(), '-');
  EXPECT_EQ(slug.substr(0, 10), "mot0-mot1-");
  std::string last_word = slug.substr(slug.rfind('-') + 1);
  EXPECT_NE(words.find(last_word + " "), std::string::npos) << "word cut in half: " << slug;

  std::string one_long_word(200, 'a');
  EXPECT_EQ(Slugify(one_long_word), std::string(kMaxSlugLength, 'a'));
}

TEST(SlugifyTest, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&results, i] {
      for (int k = 0; k < 50; ++k) results[i] = Slugify("Báo điện tử " + std::to_string(i));
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(results[i], "bao-dien-tu-" + std::to_string(i));
}

}  // namespace
}  // namespace gazette::text
