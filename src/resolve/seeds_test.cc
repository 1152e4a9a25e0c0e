// Golden test on ../shared/seeds: every named person, organisation and place in the four seed
// articles resolves to the right country and sector for the document's date. Expectations were
// written by reading the articles (and knowing who held which office in 2025), not copied from
// program output. The articles go through the real reader, cleaner and segmenter.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "dyad/reader.h"
#include "resolve/resolver.h"
#include "text/clean.h"
#include "text/segmenter.h"

namespace dyad::resolve {
namespace {

std::string SeedsDir() { return std::string(DYAD_SHARED_DIR) + "/seeds"; }

struct Collect : DocSink {
  std::vector<RawDoc> docs;
  bool Accept(RawDoc d) override {
    docs.push_back(std::move(d));
    return true;
  }
  void Reject(const std::string& where, const Status& why) override {
    ADD_FAILURE() << where << ": " << why.ToString();
  }
};

class SeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(SeedsDir())) return;
    auto kb = LoadKnowledgeBase(std::string(DYAD_SOURCE_DIR) + "/data/kb", {});
    ASSERT_TRUE(kb.ok()) << kb.status().message();
    Resolver resolver(*kb);
    Collect sink;
    ASSERT_TRUE(ReadInputs({SeedsDir()}, ReadOptions{}, sink).ok());
    CleanStage clean;
    SegmentStage segment;
    for (RawDoc& raw : sink.docs) {
      std::string file = std::filesystem::path(raw.meta.origin).filename().string();
      file = file.substr(0, 3);
      Document doc = MakeDocument(std::move(raw));
      ASSERT_TRUE(clean.Process(doc).ok());
      ASSERT_TRUE(segment.Process(doc).ok());
      ASSERT_TRUE(resolver.Resolve(doc).ok());
      if (std::getenv("DYAD_DEBUG_SEEDS") != nullptr) {
        for (size_t i = 0; i < doc.mentions.size(); ++i) {
          const Mention& m = doc.mentions[i];
          std::printf("%s #%zu @%u %-5s %-28s %-24s %s%s ante=%d %s\n", file.c_str(), i,
                      m.clean.begin, m.type.c_str(), m.text.c_str(), m.actor_id.c_str(),
                      m.country.c_str(), m.sector.c_str(), m.antecedent, m.rule.c_str());
        }
      }
      docs_[file] = std::move(doc);
    }
  }
  void SetUp() override {
    if (!std::filesystem::exists(SeedsDir())) GTEST_SKIP() << "no " << SeedsDir();
  }

  // Every mention whose text is `text` has this country and sector ("*" = any sector); at least
  // one exists. With `id`, they also have that actor id.
  void Expect(const std::string& seed, const std::string& text, const std::string& country,
              const std::string& sector, const std::string& id = "") {
    ASSERT_TRUE(docs_.count(seed)) << "seed " << seed << " not read";
    const Document& doc = docs_[seed];
    int n = 0;
    for (const Mention& m : doc.mentions) {
      if (m.text != text) continue;
      ++n;
      EXPECT_EQ(m.country, country) << seed << " '" << text << "' @" << m.clean.begin << " rule "
                                    << m.rule;
      if (sector != "*") {
        EXPECT_EQ(m.sector, sector) << seed << " '" << text << "' @" << m.clean.begin
                                    << " rule " << m.rule;
      }
      if (!id.empty()) {
        EXPECT_EQ(m.actor_id, id) << seed << " '" << text << "'";
      }
    }
    EXPECT_GT(n, 0) << seed << ": no mention '" << text << "'";
  }
  void ExpectPlace(const std::string& seed, const std::string& text, const std::string& country,
                   double lat, double lon) {
    const Document& doc = docs_[seed];
    int n = 0;
    for (const Mention& m : doc.mentions) {
      if (m.text != text) continue;
      ++n;
      EXPECT_EQ(m.country, country) << seed << " " << text;
      EXPECT_TRUE(m.has_coordinates) << seed << " " << text;
      EXPECT_NEAR(m.latitude, lat, 0.2) << seed << " " << text;
      EXPECT_NEAR(m.longitude, lon, 0.2) << seed << " " << text;
    }
    EXPECT_GT(n, 0) << seed << ": no place '" << text << "'";
  }

  static std::map<std::string, Document> docs_;
};
std::map<std::string, Document> SeedsTest::docs_;

TEST_F(SeedsTest, Seed000DatedKremlinSpokesman) {
  ASSERT_EQ(docs_["000"].meta.published.ToString(), "2025-03-02");
  Expect("000", "Dmitry Peskov", "RUS", "GOV", "PER:peskov_dmitry");
  Expect("000", "Peskov", "RUS", "GOV", "PER:peskov_dmitry");
  Expect("000", "Vladimir Putin", "RUS", "GOV", "PER:putin_vladimir");
  Expect("000", "Donald Trump", "USA", "GOV", "PER:trump_donald");
  Expect("000", "Tatiana Stanovaya", "RUS", "EDU", "DISC:tatiana_stanovaya");
  for (const Mention& m : docs_["000"].mentions) {
    if (m.text == "Tatiana Stanovaya") {
      EXPECT_NE(m.rule.find("a Moscow-based political analyst"), std::string::npos) << m.rule;
    }
  }
  Expect("000", "Kremlin", "RUS", "GOV");
  Expect("000", "NATO", "IGOWSTNAT", "");
  Expect("000", "Washington", "USA", "GOV");
  Expect("000", "Crimea", "UKR", "");
  Expect("000", "Syria", "SYR", "");
  Expect("000", "Russia", "RUS", "");
  ExpectPlace("000", "Moscow", "RUS", 55.75, 37.62);
}

TEST_F(SeedsTest, Seed000SpokesmanAndPronounsReferToPeskov) {
  const Document& doc = docs_["000"];
  int linked = 0;
  for (const Mention& m : doc.mentions) {
    if (m.text == "spokesman" || m.text == "he") {
      EXPECT_EQ(m.actor_id, "PER:peskov_dmitry") << m.text << " @" << m.clean.begin;
      EXPECT_GE(m.antecedent, 0);
      ++linked;
    }
  }
  EXPECT_GE(linked, 3);
}

TEST_F(SeedsTest, Seed001UndatedPeaceTalks) {
  Expect("001", "Vladimir Putin", "RUS", "GOV", "PER:putin_vladimir");
  Expect("001", "Putin", "RUS", "GOV", "PER:putin_vladimir");
  Expect("001", "Donald Trump", "USA", "GOV");
  Expect("001", "Trump", "USA", "GOV", "PER:trump_donald");
  Expect("001", "Zelensky", "UKR", "GOV", "PER:zelensky_volodymyr");
  Expect("001", "Sergei Lavrov", "RUS", "GOV", "PER:lavrov_sergey");
  Expect("001", "Kremlin", "RUS", "GOV", "ORG:kremlin");  // "The Kremlin" keeps its article out
  Expect("001", "Turkey", "TUR", "");
  Expect("001", "Ukraine", "UKR", "");
  Expect("001", "US Senate", "USA", "LEG");
  ExpectPlace("001", "Istanbul", "TUR", 41.01, 28.95);
  ExpectPlace("001", "Moscow", "RUS", 55.75, 37.62);
}

TEST_F(SeedsTest, Seed002AnkaraTalks) {
  Expect("002", "Vladimir Putin", "RUS", "GOV");
  Expect("002", "Putin", "RUS", "GOV");
  Expect("002", "Recep Tayyip Erdoğan", "TUR", "GOV", "PER:erdogan_recep_tayyip");
  Expect("002", "Turkey", "TUR", "");
  Expect("002", "Crimea", "UKR", "");
  Expect("002", "Donbas", "UKR", "");
  Expect("002", "China", "CHN", "");
  ExpectPlace("002", "Ankara", "TUR", 39.92, 32.85);
}

TEST_F(SeedsTest, Seed003WitkoffInMoscow) {
  Expect("003", "Vladimir Putin", "RUS", "GOV");
  Expect("003", "Steve Witkoff", "USA", "GOV");
  Expect("003", "Donald Trump", "USA", "GOV");
  Expect("003", "Yury Ushakov", "RUS", "GOV", "PER:ushakov_yury");
  Expect("003", "Ushakov", "RUS", "GOV", "PER:ushakov_yury");
  Expect("003", "Kirill Dmitriev", "RUS", "GOV", "PER:dmitriev_kirill");
  Expect("003", "Yaroslav Moskalik", "RUS", "MIL", "PER:moskalik_yaroslav");
  Expect("003", "Sergey Lavrov", "RUS", "GOV", "PER:lavrov_sergey");
  Expect("003", "special services", "UKR", "SPY");
  Expect("003", "authorities", "RUS", "GOV");
  Expect("003", "Russian Direct Investment Fund", "RUS", "BUS");
  Expect("003", "CBS News", "USA", "MED");
  Expect("003", "NATO", "IGOWSTNAT", "");
  Expect("003", "Crimea", "UKR", "");
  Expect("003", "Vladimir", "RUS", "GOV", "PER:putin_vladimir");  // "Vladimir, STOP!"
  ExpectPlace("003", "Kyiv", "UKR", 50.45, 30.52);
  ExpectPlace("003", "Moscow", "RUS", 55.75, 37.62);
}

}  // namespace
}  // namespace dyad::resolve
