#include "train/re3d.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/file.h"

namespace dyad::train {
namespace {

// A corpus folder with one source; the text's "é" makes code points and bytes differ.
std::string MakeCorpus(const std::string& entities) {
  std::string dir = ::testing::TempDir() + "/re3d_test";
  std::filesystem::create_directories(dir + "/Source_A");
  const std::string docs =
      R"({ "_id" : "D1", "text" : "Café owners met the Foreign Secretary Philip Hammond in Raqqa." })"
      "\n"
      "not json\n"
      R"({ "_id" : "D1", "text" : "A second text under the same id." })"
      "\n";
  EXPECT_TRUE(WriteFileAtomic(dir + "/Source_A/documents.json", docs).ok());
  EXPECT_TRUE(WriteFileAtomic(dir + "/Source_A/entities.json", entities).ok());
  return dir;
}

std::string Entity(int begin, int end, const char* type, double confidence,
                   const char* doc = "D1") {
  return std::string(R"({ "documentId" : ")") + doc + R"(", "begin" : )" +
         std::to_string(begin) + R"(, "end" : )" + std::to_string(end) + R"(, "type" : ")" +
         type + R"(", "confidence" : )" + std::to_string(confidence) + " }\n";
}

TEST(Re3d, ReadsDocumentsAndConvertsCodePointsToBytes) {
  // "Raqqa" starts at code point 56, byte 57 (é is two bytes).
  std::string dir = MakeCorpus(Entity(56, 61, "Location", 1) + Entity(0, 4, "Organisation", 1, "D9") +
                               Entity(56, 90, "Location", 1) +
                               R"({ "documentId" : 7, "begin" : 0, "end" : 4, "type" : "Person" })"
                               "\n");
  std::vector<std::string> errors;
  auto docs = ReadRe3d(dir, &errors);
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  ASSERT_EQ(docs->size(), 1u);
  const Re3dDocument& d = (*docs)[0];
  EXPECT_EQ(d.folder, "Source_A");
  ASSERT_EQ(d.entities.size(), 1u);
  EXPECT_EQ(d.text.substr(d.entities[0].begin, d.entities[0].end - d.entities[0].begin), "Raqqa");
  // The bad and the repeated document, the unknown documents (one by a number) and the offsets
  // past the text, each named.
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_NE(errors[0].find("documents.json:2"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("documents.json:3: document D1 again"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("entities.json:2: unknown documentId"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("entities.json:3: offsets"), std::string::npos) << errors[3];
  EXPECT_NE(errors[4].find("entities.json:4: unknown documentId"), std::string::npos) << errors[4];
}

TEST(Re3d, MissingCorpusIsAnError) {
  std::vector<std::string> errors;
  EXPECT_FALSE(ReadRe3d(::testing::TempDir() + "/no-such-re3d", &errors).ok());
}

TEST(Re3d, NamesFollowUnerConventionsAsFarAsRulesCan) {
  Re3dDocument d;
  d.text = "the Foreign Secretary met the Syrian refugees of al-Qaida in the Karrada district";
  auto add = [&](const char* s, const char* type, double conf) {
    size_t b = d.text.find(s);
    ASSERT_NE(b, std::string::npos) << s;
    d.entities.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(b + strlen(s)), type,
                          s, conf, ""});
  };
  add("the Foreign Secretary", "Person", 1);       // a title alone: dropped
  add("the Syrian refugees", "Organisation", 1);   // a demonym alone: dropped
  add("al-Qaida", "Organisation", 0.2);            // a name by its hyphenated part
  add("al-Qaida", "Person", 0.1);                  // less confident annotation of the same span
  add("the Karrada district", "Location", 1);      // "the" left out
  add("Karrada", "Location", 1);                   // inside a longer name: the longer stays
  add("Qaida", "Weapon", 1);                       // not a person, organisation or place
  std::set<std::string> demonyms = {"Syrian", "Syrians"};
  auto names = Re3dNames(d, demonyms);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].value, "al-Qaida");
  EXPECT_EQ(names[0].type, "ORG");
  EXPECT_EQ(names[1].value, "Karrada district");
  EXPECT_EQ(names[1].type, "LOC");
  EXPECT_EQ(d.text.substr(names[1].begin, names[1].end - names[1].begin), "Karrada district");
}

TEST(Re3d, DemonymsComeFromTheKnowledgeBase) {
  std::string dir = ::testing::TempDir() + "/re3d_kb";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic(dir + "/country_info.tsv",
                              "# comment\ncode\tadjectives\tplurals\tnames\tcapital\n"
                              "SYR\tSyrian\tSyrians\tSyria\tDamascus\n"
                              "GBR\tBritish|English\tBritons\tUK\tLondon\n")
                  .ok());
  auto d = DemonymsFromKb(dir);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->size(), 5u);
  EXPECT_TRUE(d->count("English"));
  ASSERT_TRUE(WriteFileAtomic(dir + "/country_info.tsv", "code\tadjectives\nSYR\n").ok());
  auto bad = DemonymsFromKb(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("country_info.tsv:2"), std::string::npos);
}

}  // namespace
}  // namespace dyad::train
