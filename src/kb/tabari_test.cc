#include "kb/tabari.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "kb/kb.h"

namespace dyad::kb {
namespace {

std::string DictDir() {
  return std::string(DYAD_SHARED_DIR) +
         "/eval/events/raw/openeventdata-petrarch2/petrarch2/data/dictionaries";
}

TEST(TabariDate, TwoAndFourDigitYears) {
  EXPECT_EQ(ParseTabariDate("080507")->ToString(), "2008-05-07");
  EXPECT_EQ(ParseTabariDate("991231")->ToString(), "1999-12-31");
  EXPECT_EQ(ParseTabariDate("19280101")->ToString(), "1928-01-01");
  EXPECT_FALSE(ParseTabariDate("080230").ok());
  EXPECT_FALSE(ParseTabariDate("8005").ok());
}

TEST(TabariActors, ParsesEntriesSynonymsCodesAndRestrictions) {
  TabariImport imp = ParseTabariActors(
      "# comment\n"
      "VLADIMIR_PUTIN_  # CountryInfo.txt\n"
      "+PUTIN_\n"
      "\t[RUSELI 700101-990809]\n"
      "\t[RUSGOV >120507]\n"
      "NATO_\t[IGOWSTNAT]\n"
      "NO_CODE_ENTRY_\n"
      "BAD_DATE_ [USAGOV 010230-020101]\n"
      "BROKEN_ [USAGOV\n"
      "+ORPHAN_SYNONYM_BELONGS_TO_BROKEN\n"
      "LOWER_CODE_ [usagov]\n",
      "mem.txt");
  ASSERT_EQ(imp.accepted.size(), 2u);
  const TabariEntry& p = imp.accepted[0];
  EXPECT_EQ(p.phrases[0], "VLADIMIR PUTIN");
  EXPECT_EQ(p.phrases[1], "PUTIN");
  ASSERT_EQ(p.codes.size(), 2u);
  EXPECT_EQ(p.codes[0].start.ToString(), "1970-01-01");
  EXPECT_EQ(p.codes[0].end.ToString(), "1999-08-10");  // inclusive end -> exclusive
  EXPECT_EQ(p.codes[1].start.ToString(), "2012-05-07");
  EXPECT_FALSE(p.codes[1].end.known());
  EXPECT_EQ(imp.accepted[1].codes[0].code, "IGOWSTNAT");
  ASSERT_EQ(imp.rejected.size(), 4u);
  EXPECT_EQ(imp.rejected[0].where, "mem.txt:7");
  EXPECT_NE(imp.rejected[0].reason.find("no code"), std::string::npos);
  EXPECT_EQ(imp.rejected[1].where, "mem.txt:8");
  EXPECT_NE(imp.rejected[1].reason.find("bad date"), std::string::npos);
  EXPECT_EQ(imp.rejected[2].where, "mem.txt:9");
  EXPECT_NE(imp.rejected[2].reason.find("unbalanced"), std::string::npos);
  EXPECT_EQ(imp.rejected[3].where, "mem.txt:11");
}

TEST(TabariAgents, ExpandsSubstitutionSetsAndPlurals) {
  TabariImport imp = ParseTabariAgents(
      "!PERSON! = MAN, MEN\n"
      "CATTLE!PERSON! [~AGR]\n"
      "PEACEKEEPING_TROOPS {PEACEKEEPERS} [IGO~]\n"
      "NO_CODE_AGENT\n"
      "BAD!SET! [~GOV]\n",
      "agents.txt");
  ASSERT_EQ(imp.accepted.size(), 4u);
  EXPECT_EQ(imp.accepted[0].phrases[0], "CATTLEMAN");
  EXPECT_EQ(imp.accepted[1].phrases[0], "CATTLEMEN");
  EXPECT_EQ(imp.accepted[3].phrases[0], "PEACEKEEPERS");
  ASSERT_EQ(imp.rejected.size(), 2u);
  EXPECT_EQ(imp.rejected[0].where, "agents.txt:4");
  EXPECT_EQ(imp.rejected[1].where, "agents.txt:5");
}

// Entry-start lines counted independently of the importer: non-blank, non-comment lines that do
// not begin with '+' or white space.
size_t CountEntryLines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    size_t h = line.find('#');
    std::string body = line.substr(0, h);
    if (body.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (body[0] == '+' || body[0] == ' ' || body[0] == '\t') continue;
    ++n;
  }
  return n;
}

TEST(TabariActors, PhoenixDictionariesLoadWithEveryRejectReported) {
  if (!std::filesystem::exists(DictDir())) GTEST_SKIP() << "no " << DictDir();
  size_t total_ok = 0, total_bad = 0;
  for (const char* name : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                           "Phoenix.MilNonState.actors.txt"}) {
    std::string path = DictDir() + "/" + name;
    auto imp = ReadTabariActors(path);
    ASSERT_TRUE(imp.ok()) << imp.status().message();
    size_t entries = CountEntryLines(path);
    // Every entry is either accepted or rejected, never lost.
    EXPECT_EQ(imp->accepted.size() + imp->rejected.size(), entries) << name;
    EXPECT_GT(imp->accepted.size(), entries * 9 / 10) << name;
    for (const auto& r : imp->rejected) {
      EXPECT_EQ(r.where.rfind(path + ":", 0), 0u);
      EXPECT_FALSE(r.reason.empty());
    }
    std::printf("%s: %zu accepted, %zu rejected\n", name, imp->accepted.size(),
                imp->rejected.size());
    total_ok += imp->accepted.size();
    total_bad += imp->rejected.size();
  }
  EXPECT_GT(total_bad, 0u);  // the Phoenix files are known to hold malformed entries
  // Putin's dated codes came through (file read by hand: RUSGOV from 2012-05-07 ... ">080508").
  auto countries = ReadTabariActors(DictDir() + "/Phoenix.Countries.actors.txt");
  bool putin = false;
  for (const auto& e : countries->accepted) {
    if (e.phrases[0] != "VLADIMIR PUTIN") continue;
    putin = true;
    bool gov_2008 = false;
    for (const auto& c : e.codes) gov_2008 |= c.code == "RUSGOV" && c.start.ToString() == "2008-05-08";
    EXPECT_TRUE(gov_2008);
  }
  EXPECT_TRUE(putin);
  // Line 22 of the International file, "U.N._", has no code (read by hand): rejected there.
  auto intl = ReadTabariActors(DictDir() + "/Phoenix.International.actors.txt");
  bool un = false;
  for (const auto& r : intl->rejected) {
    un |= r.where == DictDir() + "/Phoenix.International.actors.txt:22";
  }
  EXPECT_TRUE(un);
  // Poroshenko's "[UKRGOV > 20140607]" is tolerated with a warning, not lost.
  bool poroshenko = false;
  for (const auto& e : countries->accepted) {
    poroshenko |= e.phrases[0] == "PETRO POROSHENKO";
  }
  EXPECT_TRUE(poroshenko);
  EXPECT_FALSE(countries->warnings.empty());
  std::printf("actors total: %zu accepted, %zu rejected\n", total_ok, total_bad);
}

TEST(TabariAgents, PhoenixAgentsLoad) {
  if (!std::filesystem::exists(DictDir())) GTEST_SKIP() << "no " << DictDir();
  auto imp = ReadTabariAgents(DictDir() + "/Phoenix.agents.txt");
  ASSERT_TRUE(imp.ok());
  EXPECT_GT(imp->accepted.size(), 1500u);
  bool farmer = false;
  for (const auto& e : imp->accepted) farmer |= e.phrases[0] == "FARMER" && e.codes[0].code == "~AGR";
  EXPECT_TRUE(farmer);
  std::printf("agents: %zu accepted, %zu rejected\n", imp->accepted.size(), imp->rejected.size());
}

TEST(TabariActors, ConvertedEntriesLoadAsAKbFile) {
  TabariImport imp = ParseTabariActors(
      "VLADIMIR_PUTIN_\n+PUTIN_\n\t[RUSELI 700101-990809]\n\t[RUSGOV >120507]\n"
      "NATO_\t[IGOWSTNAT]\n", "m.txt");
  std::string tsv = TabariToKbPeople(imp, "tabari_");
  KnowledgeBase kb;
  ASSERT_TRUE(kb.LoadText("# dyad-kb: countries\ncode\talpha2\tname\tnames\tstatus\n"
                          "RUS\tRU\tRussia\t\tcurrent\n", "c.tsv").ok());
  Status s = kb.LoadText(tsv, "imported.tsv");
  ASSERT_TRUE(s.ok()) << s.message() << "\n" << tsv;
  ASSERT_TRUE(kb.Finalize().ok());
  const Entity* p = kb.Find("PER:tabari_1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "Vladimir Putin");
  RoleChoice rc = ChooseRole(*p, Date{2015, 1, 1});
  ASSERT_NE(rc.role, nullptr);
  EXPECT_EQ(rc.role->sector, "GOV");
}

}  // namespace
}  // namespace dyad::kb
