#include "train/word_stats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/file.h"
#include "nlp/features.h"

namespace dyad::train {
namespace {

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

nlp::WordProfile Find(const nlp::WordStats& ws, const std::string& w) {
  return ws.Find(nlp::HashStr(nlp::NormWord(w)));
}

// A tiny corpus with two kinds of words in the same slots: cities after "in"/"to", foods after
// "ate"/"cooked".
std::vector<std::vector<std::string>> Corpus() {
  std::vector<std::vector<std::string>> c;
  const char* cities[] = {"Paris", "Lagos", "Quito", "Hanoi"};
  const char* foods[] = {"rice", "bread", "soup", "beans"};
  for (int rep = 0; rep < 6; ++rep) {
    for (const char* city : cities) {
      c.push_back(Words(std::string("We flew to ") + city + " and stayed in " + city + " ."));
      c.push_back(Words(std::string("They live in ") + city + " now ."));
    }
    for (const char* food : foods) {
      c.push_back(Words(std::string("We ate ") + food + " and cooked " + food + " ."));
      c.push_back(Words(std::string("They like ") + food + " now ."));
    }
  }
  return c;
}

TEST(WordStats, CapitalisationHabit) {
  WordStatsOptions o;
  o.classes[0] = 2;
  o.classes[1] = 4;
  o.classes[2] = 0;
  nlp::WordStats ws = BuildWordStats(Corpus(), o);
  EXPECT_EQ(Find(ws, "Paris").cap, 6);  // always capitalised inside sentences
  EXPECT_EQ(Find(ws, "paris").cap, 6);  // looked up case-folded
  EXPECT_EQ(Find(ws, "rice").cap, 1);   // never
  EXPECT_EQ(Find(ws, "We").cap, 0);     // only sentence-initial: no evidence
  EXPECT_EQ(Find(ws, "unseen-word").cap, 0);
  EXPECT_EQ(CapBucket(0.0), 1);
  EXPECT_EQ(CapBucket(0.5), 4);
  EXPECT_EQ(CapBucket(1.0), 6);
}

TEST(WordStats, WordsInTheSameContextsShareAClass) {
  WordStatsOptions o;
  o.classes[0] = 8;
  o.classes[1] = 12;
  o.classes[2] = 0;
  o.min_count = 2;
  nlp::WordStats ws = BuildWordStats(Corpus(), o);
  for (int g = 0; g < 2; ++g) {
    uint16_t paris = Find(ws, "Paris").cls[g], rice = Find(ws, "rice").cls[g];
    ASSERT_GT(paris, 0);
    ASSERT_GT(rice, 0);
    EXPECT_NE(paris, rice) << "granularity " << g;
    for (const char* city : {"Lagos", "Quito", "Hanoi"})
      EXPECT_EQ(Find(ws, city).cls[g], paris) << city << " granularity " << g;
    for (const char* food : {"bread", "soup", "beans"})
      EXPECT_EQ(Find(ws, food).cls[g], rice) << food << " granularity " << g;
  }
  EXPECT_EQ(Find(ws, "Paris").cls[2], 0);  // granularity switched off
}

TEST(WordStats, Deterministic) {
  nlp::WordStats a = BuildWordStats(Corpus()), b = BuildWordStats(Corpus());
  EXPECT_EQ(a.table, b.table);
}

TEST(WordStats, PackRoundTrip) {
  nlp::WordProfile w;
  w.cap = 5;
  w.cls[0] = 31;
  w.cls[1] = 127;
  w.cls[2] = 511;
  nlp::WordProfile r = nlp::WordStats::Unpack(nlp::WordStats::Pack(w));
  EXPECT_EQ(r.cap, 5);
  EXPECT_EQ(r.cls[0], 31);
  EXPECT_EQ(r.cls[1], 127);
  EXPECT_EQ(r.cls[2], 511);
}

TEST(WordStats, ReadsTextFilesAndNamesBadOnes) {
  std::string dir = ::testing::TempDir();
  std::string txt = dir + "/word_stats_text.txt";
  ASSERT_TRUE(WriteFileAtomic(txt, "The mayor of Lagos spoke. She left early.\n").ok());
  auto s = ReadUnlabeledSentences({txt});
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0][3], "Lagos");
  auto missing = ReadUnlabeledSentences({dir + "/no-such-file.txt"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no-such-file.txt"), std::string::npos);
}

}  // namespace
}  // namespace dyad::train
