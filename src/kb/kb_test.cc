#include "kb/kb.h"

#include <gtest/gtest.h>

namespace dyad::kb {
namespace {

TEST(FoldName, FoldsDiacriticsCaseQuotesAndSpace) {
  EXPECT_EQ(FoldName("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
  EXPECT_EQ(FoldName("Élysée  Palace"), "elysee palace");
  EXPECT_EQ(FoldName("Kremlin\xE2\x80\x99s"), "kremlin's");
  EXPECT_EQ(FoldName(" Zelenskyy\n"), "zelenskyy");
  EXPECT_EQ(FoldName("Mosul\xE2\x80\x8E"), "mosul");  // left-to-right mark dropped
}

TEST(KbDate, ParsesPartialDatesAndRejectsBadOnes) {
  auto d = ParseKbDate("2025-03");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2025-03-01");
  EXPECT_FALSE(ParseKbDate("2025-02-30").ok());
  EXPECT_FALSE(ParseKbDate("25-03-02").ok());
  EXPECT_FALSE(ParseKbDate("2025-13").ok());
}

TEST(KnowledgeBase, ReportsEveryMalformedRowWithFileAndLine) {
  KnowledgeBase kb;
  Status s = kb.LoadText(
      "# dyad-kb: people\n"
      "id\tnames\tcountry\tsector\trole\tstart\tend\n"
      "a\tA One\tRUS\tGOV\tpresident\t2000\t\n"
      "b\tB Two\tRUS\tXYZ\tpresident\t2000\t\n"
      "c\tC Three\tRUS\tGOV\tpresident\t2001-02-30\t\n"
      "d\tD Four\tRUS\tGOV\tpresident\t2010\t2001\n",
      "mem.tsv");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("mem.tsv:4: unknown sector code 'XYZ'"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("mem.tsv:5: start:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("mem.tsv:6: role ends before it starts"), std::string::npos);
  EXPECT_EQ(s.message().find("mem.tsv:3"), std::string::npos);
}

TEST(KnowledgeBase, RejectsUnknownKindAndBadHeader) {
  KnowledgeBase kb;
  EXPECT_FALSE(kb.LoadText("# dyad-kb: spaceships\n", "x.tsv").ok());
  Status s = kb.LoadText("# dyad-kb: agents\nterm\tsector\n", "y.tsv");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("y.tsv:2: header"), std::string::npos);
}

TEST(ChooseRole, PicksTheRoleValidOnTheDate) {
  KnowledgeBase kb;
  ASSERT_TRUE(kb.LoadText("# dyad-kb: countries\ncode\talpha2\tname\tnames\tstatus\n"
                          "USA\tUS\tUnited States\t\tcurrent\n",
                          "c.tsv")
                  .ok());
  ASSERT_TRUE(kb.LoadText("# dyad-kb: people\nid\tnames\tcountry\tsector\trole\tstart\tend\n"
                          "trump\tDonald Trump|Trump\tUSA\tGOV\tpresident\t2017-01-20\t2021-01-20\n"
                          "trump\t\tUSA\tGOV\tpresident\t2025-01-20\t\n",
                          "p.tsv")
                  .ok());
  ASSERT_TRUE(kb.Finalize().ok());
  const Entity* t = kb.Find("PER:trump");
  ASSERT_NE(t, nullptr);
  RoleChoice first = ChooseRole(*t, Date{2018, 5, 1});
  ASSERT_NE(first.role, nullptr);
  EXPECT_FALSE(first.former);
  EXPECT_EQ(first.role->start.year, 2017);
  RoleChoice between = ChooseRole(*t, Date{2022, 6, 1});
  EXPECT_TRUE(between.former);
  RoleChoice second = ChooseRole(*t, Date{2025, 3, 2});
  EXPECT_FALSE(second.former);
  EXPECT_EQ(second.role->start.year, 2025);
  RoleChoice handover = ChooseRole(*t, Date{2021, 1, 20});
  EXPECT_TRUE(handover.former);  // the end day belongs to the successor
  RoleChoice before = ChooseRole(*t, Date{2010, 1, 1});
  EXPECT_TRUE(before.before);
  RoleChoice undated = ChooseRole(*t, Date{});
  EXPECT_TRUE(undated.undated);
  EXPECT_EQ(undated.role->start.year, 2025);
  EXPECT_EQ(kb.Lookup("trump").size(), 1u);
}

TEST(KnowledgeBase, ShippedKbLoads) {
  KnowledgeBase kb;
  Status s = kb.LoadDirectory(std::string(DYAD_SOURCE_DIR) + "/data/kb");
  ASSERT_TRUE(s.ok()) << s.message();
  Status f = kb.Finalize();
  ASSERT_TRUE(f.ok()) << f.message();
  KnowledgeBase::Counts c = kb.counts();
  EXPECT_GE(c.countries, 249);
  EXPECT_GE(c.places, 24000);
  const Entity* rus = kb.Country("RUS");
  ASSERT_NE(rus, nullptr);
  const Entity* cap = kb.CapitalOf("RUS");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->name, "Moscow");
  EXPECT_NEAR(cap->latitude, 55.75, 0.1);
  ASSERT_NE(kb.CapitalOf("UKR"), nullptr);
  EXPECT_EQ(kb.CapitalOf("USA")->name, "Washington");
  bool kiev = false;
  for (const NameRef& r : kb.Lookup("kiev")) kiev = kiev || kb.entities()[r.entity].capital;
  EXPECT_TRUE(kiev);
}

}  // namespace
}  // namespace dyad::kb

namespace dyad::kb {
namespace {

TEST(KnowledgeBase, ValidatesPlacesOrgsAndCrossReferences) {
  KnowledgeBase kb;
  ASSERT_TRUE(kb.LoadText("# dyad-kb: countries\ncode\talpha2\tname\tnames\tstatus\n"
                          "FRA\tFR\tFrance\t\tcurrent\n",
                          "c.tsv")
                  .ok());
  Status p = kb.LoadText(
      "# dyad-kb: places\nid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tnames\tkind\n"
      "paris\tParis\tFRA\t\t48.85\t2.35\t2000000\t\tcity\n"
      "nowhere\tNowhere\tFRA\t\t123.0\t2.35\t10\t\tcity\n"
      "lyon\tLyon\tFRA\t\t45.7\t4.8\tmany\t\tcity\n"
      "paris\tParis again\tFRA\t\t48.85\t2.35\t1\t\tcity\n"
      "nice\tNice\tFRA\t\t43.7\t7.26\t340000\t\tvillage\n",
      "p.tsv");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.message().find("p.tsv:4: bad coordinates"), std::string::npos) << p.message();
  EXPECT_NE(p.message().find("p.tsv:5: bad population"), std::string::npos);
  EXPECT_NE(p.message().find("p.tsv:6: duplicate place id"), std::string::npos);
  EXPECT_NE(p.message().find("p.tsv:7: kind must be"), std::string::npos);
  ASSERT_TRUE(kb.LoadText("# dyad-kb: orgs\nid\tnames\tcountry\tsector\tkind\tnote\n"
                          "elysee\tElysee\tFRA\tGOV\tmetonym\t\n"
                          "ghost\tGhost Ministry\tXYZ\tGOV\tgov\t\n",
                          "o.tsv")
                  .ok());
  ASSERT_TRUE(kb.LoadText("# dyad-kb: country-info\ncode\tadjectives\tplurals\tnames\tcapital\n"
                          "FRA\tFrench\t\tFrench Republic\tMarseille\n",
                          "i.tsv")
                  .ok());
  Status f = kb.Finalize();
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.message().find("i.tsv:3: capital 'Marseille' of FRA is not in any places file"),
            std::string::npos) << f.message();
  EXPECT_NE(f.message().find("o.tsv:4: unknown country code XYZ"), std::string::npos);
}

}  // namespace
}  // namespace dyad::kb
