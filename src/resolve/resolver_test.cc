#include "resolve/resolver.h"

#include <gtest/gtest.h>

#include "resolve/test_util.h"

namespace dyad::resolve {
namespace {

using testing::MakeDoc;

const std::shared_ptr<const kb::KnowledgeBase>& Kb() {
  static auto kb = [] {
    auto r = LoadKnowledgeBase(std::string(DYAD_SOURCE_DIR) + "/data/kb", {});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::shared_ptr<const kb::KnowledgeBase>();
  }();
  return kb;
}

// The mention whose text is `text` (the n-th one when repeated), or null.
const Mention* Find(const Document& doc, const std::string& text, int nth = 0) {
  for (const Mention& m : doc.mentions) {
    if (m.text == text && nth-- == 0) return &m;
  }
  return nullptr;
}

Document Resolve(const std::string& text, const std::string& date = "") {
  Document doc = MakeDoc(text, date);
  Resolver r(Kb());
  Status s = r.Resolve(doc);
  EXPECT_TRUE(s.ok()) << s.message();
  return doc;
}

TEST(Resolver, TitledHeadOfStateOnTheDocumentDate) {
  Document doc = Resolve("Russian President Vladimir Putin met Turkish officials.", "2025-03-02");
  const Mention* p = Find(doc, "Vladimir Putin");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->actor_id, "PER:putin_vladimir");
  EXPECT_EQ(ActorCode(*p), "RUSGOV");
  EXPECT_EQ(p->role, "president");
  const Mention* ru = Find(doc, "Russian");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->type, "NORP");
  EXPECT_EQ(ru->country, "RUS");
  EXPECT_EQ(Find(doc, "President"), nullptr);  // the title is part of the person, not an actor
  const Mention* tr = Find(doc, "officials");
  ASSERT_NE(tr, nullptr);
  EXPECT_EQ(ActorCode(*tr), "TURGOV");
}

TEST(Resolver, SameNameOnDatesInDifferentTermsOfOffice) {
  struct Case { const char* date; const char* code; const char* role; };
  const Case putin[] = {{"2005-06-01", "RUSGOV", "president"},
                        {"2010-06-01", "RUSGOV", "prime minister"},
                        {"2000-02-01", "RUSGOV", "acting president"}};
  for (const Case& c : putin) {
    Document doc = Resolve("Vladimir Putin spoke.", c.date);
    const Mention* m = Find(doc, "Vladimir Putin");
    ASSERT_NE(m, nullptr) << c.date;
    EXPECT_EQ(ActorCode(*m), c.code) << c.date;
    EXPECT_EQ(m->role, c.role) << c.date;
  }
  // Trump: president, then former president (CAMEO elite), then president again.
  EXPECT_EQ(ActorCode(*Find(Resolve("Donald Trump spoke.", "2018-05-01"), "Donald Trump")), "USAGOV");
  Document mid = Resolve("Donald Trump spoke.", "2022-06-01");
  EXPECT_EQ(ActorCode(*Find(mid, "Donald Trump")), "USAELI");
  EXPECT_EQ(Find(mid, "Donald Trump")->role, "former president");
  EXPECT_EQ(ActorCode(*Find(Resolve("Donald Trump spoke.", "2025-03-02"), "Donald Trump")), "USAGOV");
  // Poroshenko: president in 2016, opposition after 2019.
  EXPECT_EQ(ActorCode(*Find(Resolve("Petro Poroshenko spoke.", "2016-01-10"), "Petro Poroshenko")),
            "UKRGOV");
  EXPECT_EQ(ActorCode(*Find(Resolve("Petro Poroshenko spoke.", "2021-01-10"), "Petro Poroshenko")),
            "UKROPP");
  // Dmitriev heads a state fund (BUS) and, from 2025-02-23, is also a presidential envoy: the
  // government role wins while both hold.
  EXPECT_EQ(ActorCode(*Find(Resolve("Kirill Dmitriev spoke.", "2024-06-01"), "Kirill Dmitriev")),
            "RUSBUS");
  EXPECT_EQ(ActorCode(*Find(Resolve("Kirill Dmitriev spoke.", "2025-04-26"), "Kirill Dmitriev")),
            "RUSGOV");
  // Netanyahu also held the foreign ministry in 2015-2019: still the prime minister.
  EXPECT_EQ(Find(Resolve("Benjamin Netanyahu spoke.", "2016-01-01"), "Benjamin Netanyahu")->role,
            "prime minister");
  // Shoigu: defence minister (MIL) in 2020, security council secretary (GOV) in 2025.
  EXPECT_EQ(ActorCode(*Find(Resolve("Sergei Shoigu spoke.", "2020-01-10"), "Sergei Shoigu")),
            "RUSMIL");
  EXPECT_EQ(ActorCode(*Find(Resolve("Sergei Shoigu spoke.", "2025-01-10"), "Sergei Shoigu")),
            "RUSGOV");
}

TEST(Resolver, UnknownDateTakesTheLatestRoleAndSaysSo) {
  Document doc = Resolve("Dmitry Medvedev spoke.");
  const Mention* m = Find(doc, "Dmitry Medvedev");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->role, "deputy chairman of the security council");
  EXPECT_NE(m->rule.find("no-date"), std::string::npos);
}

TEST(Resolver, TransliterationVariantsAndDiacritics) {
  Document doc = Resolve("Sergey Lavrov and Sergei Lavrov met Recep Tayyip Erdogan and Erdoğan.",
                         "2025-03-02");
  EXPECT_EQ(Find(doc, "Sergey Lavrov")->actor_id, "PER:lavrov_sergey");
  EXPECT_EQ(Find(doc, "Sergei Lavrov")->actor_id, "PER:lavrov_sergey");
  EXPECT_EQ(ActorCode(*Find(doc, "Recep Tayyip Erdogan")), "TURGOV");
  EXPECT_EQ(Find(doc, "Erdoğan")->actor_id, "PER:erdogan_recep_tayyip");
}

TEST(Resolver, AgentNounsWithCountryModifiers) {
  Document doc = Resolve(
      "Russian authorities blamed Ukrainian special services. Stanovaya is a Moscow-based "
      "political analyst. Pentagon spokesman John Doe declined to comment.",
      "2025-04-26");
  const Mention* spy = Find(doc, "special services");
  ASSERT_NE(spy, nullptr);
  EXPECT_EQ(ActorCode(*spy), "UKRSPY");
  EXPECT_EQ(ActorCode(*Find(doc, "authorities")), "RUSGOV");
  const Mention* an = Find(doc, "political analyst");
  ASSERT_NE(an, nullptr);
  EXPECT_EQ(ActorCode(*an), "RUSEDU");
  const Mention* doe = Find(doc, "John Doe");
  ASSERT_NE(doe, nullptr);
  EXPECT_EQ(ActorCode(*doe), "USAMIL");  // a Pentagon spokesman speaks for the military
  EXPECT_EQ(doe->actor_id, "DISC:john_doe");
}

TEST(Resolver, DiscoversPeopleFromAppositionsWithEvidence) {
  Document doc = Resolve(
      "Putin met Jane Roe, the special envoy appointed by U.S. President Donald Trump. "
      "\"Trust is rare,\" said Tatiana Stanovaya, a Moscow-based political analyst. "
      "Roe said nothing. Stanovaya added that she was pessimistic.",
      "2025-03-02");
  const Mention* roe = Find(doc, "Jane Roe");
  ASSERT_NE(roe, nullptr);
  EXPECT_EQ(ActorCode(*roe), "USAGOV");
  EXPECT_EQ(roe->type, "PER");
  EXPECT_NE(roe->rule.find("special envoy appointed by U.S. President Donald Trump"),
            std::string::npos) << roe->rule;
  const Mention* st = Find(doc, "Tatiana Stanovaya");
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(ActorCode(*st), "RUSEDU");
  EXPECT_EQ(st->actor_id, "DISC:tatiana_stanovaya");
  const Mention* st2 = Find(doc, "Stanovaya");
  ASSERT_NE(st2, nullptr);
  EXPECT_EQ(st2->actor_id, "DISC:tatiana_stanovaya");
  ASSERT_GE(st2->antecedent, 0);
  EXPECT_EQ(doc.mentions[st2->antecedent].text, "Tatiana Stanovaya");
  const Mention* roe2 = Find(doc, "Roe");
  ASSERT_NE(roe2, nullptr);
  EXPECT_EQ(ActorCode(*roe2), "USAGOV");
  const Mention* she = Find(doc, "she");
  ASSERT_NE(she, nullptr);
  EXPECT_EQ(she->type, "PRON");
  EXPECT_EQ(she->actor_id, "DISC:tatiana_stanovaya");
}

TEST(Resolver, SpokesmanAndPronounsLinkToTheirAntecedent) {
  Document doc = Resolve(
      "Kremlin spokesman Dmitry Peskov spoke on Sunday. The spokesman said talks would take "
      "time, and he added that Moscow was ready.",
      "2025-03-02");
  const Mention* p = Find(doc, "Dmitry Peskov");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(ActorCode(*p), "RUSGOV");
  // The first "spokesman" is Peskov's title (part of his mention); the second is an actor.
  const Mention* sp = Find(doc, "spokesman");
  ASSERT_NE(sp, nullptr) << "the spokesman was not linked";
  EXPECT_GT(sp->clean.begin, p->clean.end);
  EXPECT_EQ(sp->actor_id, "PER:peskov_dmitry");
  ASSERT_GE(sp->antecedent, 0);
  EXPECT_EQ(doc.mentions[sp->antecedent].text, "Dmitry Peskov");
  const Mention* he = Find(doc, "he");
  ASSERT_NE(he, nullptr);
  EXPECT_EQ(he->actor_id, "PER:peskov_dmitry");
}

TEST(Resolver, PlacesAndCapitalMetonyms) {
  Document doc = Resolve(
      "Talks between Moscow and Washington were held in Istanbul, not in Ankara. "
      "A Russian attack on Kyiv killed 12 people near Kiev.",
      "2025-03-02");
  const Mention* mos = Find(doc, "Moscow");
  ASSERT_NE(mos, nullptr);
  EXPECT_EQ(ActorCode(*mos), "RUSGOV");
  EXPECT_TRUE(mos->has_coordinates);
  EXPECT_EQ(ActorCode(*Find(doc, "Washington")), "USAGOV");
  const Mention* ist = Find(doc, "Istanbul");
  ASSERT_NE(ist, nullptr);
  EXPECT_EQ(ActorCode(*ist), "TUR");
  EXPECT_NEAR(ist->latitude, 41.01, 0.05);
  EXPECT_NEAR(ist->longitude, 28.95, 0.05);
  EXPECT_EQ(Find(doc, "Ankara")->country, "TUR");
  EXPECT_EQ(Find(doc, "Ankara")->sector, "");
  const Mention* kyiv = Find(doc, "Kyiv");
  ASSERT_NE(kyiv, nullptr);
  EXPECT_EQ(kyiv->country, "UKR");
  EXPECT_NEAR(kyiv->latitude, 50.45, 0.05);
  EXPECT_EQ(Find(doc, "Kiev")->country, "UKR");
}

TEST(Resolver, DoesNotTakeCommonWordsOrLongerNamesAsPlaces) {
  Document doc = Resolve(
      "Police said the Washington Post reported it. The general election was held in May.",
      "2025-03-02");
  EXPECT_EQ(Find(doc, "Police"), nullptr);
  EXPECT_EQ(Find(doc, "Washington"), nullptr);
  EXPECT_EQ(Find(doc, "general"), nullptr);
}

TEST(Resolver, UsesNerMentionsWhenGiven) {
  Document doc = MakeDoc("Russia's top diplomat Sergey Lavrov spoke to CBS News.", "2025-03-02");
  Mention ner;
  uint32_t at = static_cast<uint32_t>(doc.clean.find("Sergey Lavrov"));
  ner.clean = ByteSpan{at, at + 13};
  ner.text = "Sergey Lavrov";
  ner.type = "PER";
  doc.mentions.push_back(ner);
  Resolver r(Kb());
  ASSERT_TRUE(r.Resolve(doc).ok());
  const Mention* m = Find(doc, "Sergey Lavrov");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->actor_id, "PER:lavrov_sergey");
  EXPECT_EQ(m->rule.rfind("ner+", 0), 0u);
  EXPECT_EQ(ActorCode(*Find(doc, "CBS News")), "USAMED");
  EXPECT_EQ(Find(doc, "Russia")->country, "RUS");
}

// An NER mention that is a fragment of a longer known name ("States" of "the United States")
// becomes that name: one resolved mention, no unresolved fragment beside it.
TEST(Resolver, NerFragmentOfAKnownNameTakesTheWholeName) {
  Document doc = MakeDoc("The sanctions were toxic to the United States and Great Britain.",
                         "2025-03-02");
  for (const char* piece : {"States", "Britain"}) {
    Mention ner;
    uint32_t at = static_cast<uint32_t>(doc.clean.find(piece));
    ner.clean = ByteSpan{at, at + static_cast<uint32_t>(std::string_view(piece).size())};
    ner.text = piece;
    ner.type = "LOC";
    doc.mentions.push_back(ner);
  }
  Resolver r(Kb());
  ASSERT_TRUE(r.Resolve(doc).ok());
  EXPECT_EQ(Find(doc, "States"), nullptr);
  EXPECT_EQ(Find(doc, "Britain"), nullptr);
  const Mention* us = Find(doc, "United States");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->country, "USA");
  EXPECT_EQ(us->rule.rfind("ner+", 0), 0u);
  const Mention* gb = Find(doc, "Great Britain");
  ASSERT_NE(gb, nullptr);
  EXPECT_EQ(gb->country, "GBR");
  size_t n = 0;
  for (const Mention& m : doc.mentions)
    n += m.clean.begin >= us->clean.begin && m.clean.end <= us->clean.end;
  EXPECT_EQ(n, 1u);
}

TEST(Resolver, DocumentWithoutTokensGetsNoMentions) {
  Document doc;
  doc.clean = "Vladimir Putin";
  Resolver r(Kb());
  ASSERT_TRUE(r.Resolve(doc).ok());
  EXPECT_TRUE(doc.mentions.empty());
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

// A long document (about 150,000 tokens) resolves in bounded work: nothing is quadratic in the
// number of mentions.
TEST(Resolver, LongDocument) {
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "Russian President Vladimir Putin met officials in Istanbul, and he said Ankara and "
            "Washington agreed. The spokesman for Tatiana Stanovaya, a Moscow-based analyst, "
            "declined. ";
  }
  Document doc = MakeDoc(text, "2025-03-02");
  Resolver r(Kb());
  ASSERT_TRUE(r.Resolve(doc).ok());
  EXPECT_GT(doc.mentions.size(), 5000u * 8);
  EXPECT_EQ(doc.mentions.back().clean.end <= doc.clean.size(), true);
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

TEST(Resolver, ArticlesAndRegions) {
  Document doc = Resolve("The Kremlin rejected the West's demands, and the Kremlin said so.",
                         "2025-03-02");
  ASSERT_NE(Find(doc, "Kremlin"), nullptr);
  EXPECT_NE(Find(doc, "Kremlin", 1), nullptr);
  EXPECT_EQ(Find(doc, "The Kremlin"), nullptr);
  const Mention* w = Find(doc, "the West");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->country, "WST");
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return path;
}

TEST(Resolver, UserKbFilesExtendTheShippedOne) {
  std::string path = WriteTemp("user_people.tsv",
                               "# dyad-kb: people\nid\tnames\tcountry\tsector\trole\tstart\tend\n"
                               "doe_jane\tJane Q. Doe|Doe\tFRA\tMIL\tchief of defence staff\t2024-09\t\n");
  auto kb = LoadKnowledgeBase(std::string(DYAD_SOURCE_DIR) + "/data/kb", {path});
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  Document doc = MakeDoc("Jane Q. Doe visited Kyiv. Doe said little.", "2025-01-10");
  ASSERT_TRUE(Resolver(*kb).Resolve(doc).ok());
  ASSERT_NE(Find(doc, "Jane Q. Doe"), nullptr);
  EXPECT_EQ(ActorCode(*Find(doc, "Jane Q. Doe")), "FRAMIL");
  EXPECT_EQ(ActorCode(*Find(doc, "Doe")), "FRAMIL");
}

TEST(Resolver, BrokenUserKbFileIsAClearError) {
  std::string path = WriteTemp("bad_people.tsv",
                               "# dyad-kb: people\nid\tnames\tcountry\tsector\trole\tstart\tend\n"
                               "x\tX Y\tFRA\tMIL\tgeneral\tlast year\t\n");
  auto kb = LoadKnowledgeBase(std::string(DYAD_SOURCE_DIR) + "/data/kb", {path});
  ASSERT_FALSE(kb.ok());
  EXPECT_NE(kb.status().message().find(path + ":3: start: bad date 'last year'"), std::string::npos)
      << kb.status().message();
}

TEST(Resolver, UsesTagsWhenPresent) {
  // The mechanism, on a real city name: tagged as a verb, a one-word name is not taken.
  const std::string text = "Officials visited Mosul and met in Istanbul.";
  Document untagged = MakeDoc(text, "2025-03-02");
  ASSERT_TRUE(Resolver(Kb()).Resolve(untagged).ok());
  EXPECT_NE(Find(untagged, "Mosul"), nullptr);  // without tags the name is taken
  Document doc = MakeDoc(text, "2025-03-02");
  for (Token& t : doc.tokens) t.upos = "NOUN";
  doc.tokens[2].upos = "VERB";   // "Mosul", artificially
  doc.tokens[6].upos = "PROPN";  // "Istanbul"
  ASSERT_TRUE(Resolver(Kb()).Resolve(doc).ok());
  EXPECT_EQ(Find(doc, "Mosul"), nullptr);
  ASSERT_NE(Find(doc, "Istanbul"), nullptr);
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

TEST(Resolver, DiscoversHeadsOfBodies) {
  Document doc = Resolve(
      "The head of the Russian Direct Investment Fund, Ivan Petrovsky, joined. "
      "Maria Ortega, director of the CIA, declined to comment.",
      "2025-03-02");
  const Mention* p = Find(doc, "Ivan Petrovsky");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(ActorCode(*p), "RUSBUS");
  EXPECT_NE(p->rule.find("head of the Russian Direct Investment Fund"), std::string::npos);
  const Mention* o = Find(doc, "Maria Ortega");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(ActorCode(*o), "USASPY");
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

TEST(Resolver, CountryOwnedBodiesAndGenericInstitutions) {
  Document doc = Resolve(
      "Russia's Security Council met. The UN Security Council also met. Russia's Ministry of "
      "Defence said the Indian Supreme Court ruled.",
      "2025-03-02");
  const Mention* rsc = Find(doc, "Security Council");
  ASSERT_NE(rsc, nullptr);
  EXPECT_EQ(ActorCode(*rsc), "RUSGOV");
  const Mention* unsc = Find(doc, "UN Security Council");
  ASSERT_NE(unsc, nullptr);
  EXPECT_EQ(unsc->country, "IGOUNO");
  const Mention* mod = Find(doc, "Ministry of Defence");
  ASSERT_NE(mod, nullptr);
  EXPECT_EQ(ActorCode(*mod), "RUSMIL");
  const Mention* sc = Find(doc, "Supreme Court");
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(ActorCode(*sc), "INDJUD");
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

TEST(Resolver, EverydayWordsThatAreAlsoCityNames) {
  Document doc = Resolve(
      "Austin said the European Union would act. Talks were held in Split and in Reading. "
      "Officials Reading the text agreed.",
      "2025-03-02");
  EXPECT_EQ(Find(doc, "Austin"), nullptr);
  ASSERT_NE(Find(doc, "European Union"), nullptr);
  EXPECT_EQ(Find(doc, "Union"), nullptr);
  ASSERT_NE(Find(doc, "Split"), nullptr);
  EXPECT_EQ(Find(doc, "Split")->country, "HRV");
  ASSERT_NE(Find(doc, "Reading"), nullptr);
  EXPECT_EQ(Find(doc, "Reading", 1), nullptr);  // neither a place nor a discovered person
}

}  // namespace
}  // namespace dyad::resolve

namespace dyad::resolve {
namespace {

TEST(Resolver, SurnamesThatAreAlsoCityNames) {
  Document doc = Resolve(
      "The talks were judged by Jo Richardson, a political analyst from Texas. Richardson said "
      "talks failed in March. Declaring Mosul district closed, officials left Mosul.",
      "2020-06-01");
  const Mention* r = Find(doc, "Richardson");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->type, "PER");
  EXPECT_EQ(r->actor_id, "DISC:jo_richardson");
  EXPECT_EQ(Find(doc, "March"), nullptr);
  // A sentence-initial capital before a city says nothing about a personal name.
  ASSERT_NE(Find(doc, "Mosul"), nullptr);
  EXPECT_EQ(Find(doc, "Mosul")->country, "IRQ");
  ASSERT_NE(Find(doc, "Mosul", 1), nullptr);
  EXPECT_EQ(Find(doc, "Mosul", 1)->country, "IRQ");
}

}  // namespace
}  // namespace dyad::resolve
