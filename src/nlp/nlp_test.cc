// Unit tests of the language layer: model file format and its failure modes, the linear model,
// tiny trained models on synthetic data, and bad input (empty and very long sentences, malformed
// training files, missing models).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/file.h"
#include "base/hash.h"
#include "base/strings.h"
#include "nlp/features.h"
#include "nlp/linear_model.h"
#include "nlp/model_file.h"
#include "nlp/ner.h"
#include "nlp/nlp_stages.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "train/corpus.h"
#include "train/trainers.h"

namespace dyad::nlp {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dyad_nlp_test_" + name)).string();
}

// A small synthetic treebank: "the/DET dog/NOUN barks/VERB" style sentences with a fixed tree,
// and entity tags on capitalised names.
std::vector<train::GoldSentence> ToyTreebank() {
  const char* dets[] = {"the", "a", "every", "this"};
  const char* nouns[] = {"dog", "cat", "minister", "army", "president", "crowd"};
  const char* verbs[] = {"barks", "sleeps", "resigned", "attacked", "met", "spoke"};
  const char* names[] = {"Paris", "Obama", "Berlin", "Merkel", "Kenya", "Putin"};
  const char* types[] = {"LOC", "PER", "LOC", "PER", "LOC", "PER"};
  std::vector<train::GoldSentence> out;
  for (int i = 0; i < 300; ++i) {
    train::GoldSentence s;
    auto add = [&](const char* form, const char* upos, const char* xpos, const char* lemma,
                   int head, const char* rel, const char* ner) {
      Token t;
      t.form = form;
      t.upos = upos;
      t.xpos = xpos;
      t.lemma = lemma;
      t.head = head;
      t.deprel = rel;
      t.ner = ner;
      s.tokens.push_back(t);
    };
    const char* noun = nouns[i % 6];
    const char* verb = verbs[(i / 6) % 6];
    int ni = (i / 3) % 6;
    add(dets[i % 4], "DET", "DT", dets[i % 4], 1, "det", "O");
    add(noun, "NOUN", "NN", noun, 2, "nsubj", "O");
    add(verb, "VERB", "VBD", verb, -1, "root", "O");
    add("in", "ADP", "IN", "in", 4, "case", "O");
    add(names[ni], "PROPN", "NNP", names[ni], 2, "obl", (std::string("B-") + types[ni]).c_str());
    add(".", "PUNCT", ".", ".", 2, "punct", "O");
    out.push_back(s);
  }
  return out;
}

struct ToyModels {
  Tagger tagger;
  Parser parser;
  Ner ner;
};

const ToyModels& Toy() {
  static const ToyModels* m = [] {
    auto tb = ToyTreebank();
    train::TrainOptions o;
    o.epochs = 3;
    auto t = train::TrainTagger(tb, o);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    auto p = train::TrainParser(tb, &*t, o);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    auto n = train::TrainNer(tb, *t, o);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return new ToyModels{std::move(*t), std::move(*p), std::move(*n)};
  }();
  return *m;
}

std::vector<Token> Tokens(std::initializer_list<const char*> forms) {
  std::vector<Token> v;
  for (const char* f : forms) {
    Token t;
    t.form = f;
    v.push_back(t);
  }
  return v;
}

TEST(ModelFileTest, RoundTripAndErrors) {
  ModelWriter w{"toy"};
  w.set_fingerprint("sha256:abc");
  w.set_info("info");
  w.AddSection("a", "hello");
  w.AddSection("b", std::string(1000, 'x'));
  std::string bytes = w.Serialize();
  auto f = ModelFile::Parse(bytes, "toy.dyad", "toy");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->fingerprint(), "sha256:abc");
  EXPECT_EQ(*f->Section("a"), "hello");
  EXPECT_EQ(f->Section("b")->size(), 1000u);
  EXPECT_EQ(f->Section("c").status().code(), StatusCode::kCorruption);

  // Wrong kind.
  auto k = ModelFile::Parse(bytes, "toy.dyad", "tagger");
  EXPECT_EQ(k.status().code(), StatusCode::kCorruption);
  // Truncated, at several lengths.
  for (size_t n : {size_t{0}, size_t{5}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    auto t = ModelFile::Parse(bytes.substr(0, n), "toy.dyad", "toy");
    ASSERT_FALSE(t.ok()) << n;
    EXPECT_EQ(t.status().code(), StatusCode::kCorruption) << n;
    EXPECT_NE(t.status().message().find("toy.dyad"), std::string::npos);
  }
  // Bad magic.
  std::string bad = bytes;
  bad[0] = 'X';
  EXPECT_NE(ModelFile::Parse(bad, "toy.dyad", "toy").status().message().find("magic"),
            std::string::npos);
  // Flipped payload byte: checksum.
  bad = bytes;
  bad[bad.size() - 3] ^= 0x20;
  EXPECT_NE(ModelFile::Parse(bad, "toy.dyad", "toy").status().message().find("checksum"),
            std::string::npos);
  // Future version.
  ModelWriter fut{"toy"};
  fut.set_versions(kModelFormatVersion + 1, kModelReaderVersion + 1);
  auto v = ModelFile::Parse(fut.Serialize(), "toy.dyad", "toy");
  EXPECT_EQ(v.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(v.status().message().find("reader version"), std::string::npos);
  // A newer format that old readers may still read is accepted.
  ModelWriter compat{"toy"};
  compat.set_versions(kModelFormatVersion + 1, kModelReaderVersion);
  EXPECT_TRUE(ModelFile::Parse(compat.Serialize(), "toy.dyad", "toy").ok());
  // Missing file.
  auto m = ModelFile::Read(TempPath("does_not_exist.dyad"), "toy");
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
}

TEST(LinearModelTest, ScoresAndSurvivesSerialization) {
  std::vector<LinearModel::Feature> fs = {{F(1, 2), {{0, 1.5f}, {2, -0.5f}}},
                                          {F(3, 4), {{1, 2.0f}}}};
  LinearModel m = LinearModel::Build(3, fs);
  uint64_t keys[] = {F(1, 2), F(3, 4), F(9, 9)};
  float s[3] = {0, 0, 0};
  m.Score(keys, 3, s);
  EXPECT_NEAR(s[0], 1.5f, 1e-3);
  EXPECT_NEAR(s[1], 2.0f, 1e-3);
  EXPECT_NEAR(s[2], -0.5f, 1e-3);
  ByteWriter w;
  m.Serialize(&w);
  auto back = LinearModel::Deserialize(w.bytes(), "x");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  float t[3] = {0, 0, 0};
  back->Score(keys, 3, t);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s[i], t[i]);
  // A header claiming absurd sizes is refused before anything is allocated.
  ByteWriter hostile;
  hostile.U32(3);
  hostile.U64(uint64_t{1} << 31);
  hostile.U64(uint64_t{1} << 31);
  hostile.F32(1.0f);
  hostile.U64(uint64_t{1} << 32);
  hostile.Str("xx");
  EXPECT_EQ(LinearModel::Deserialize(hostile.bytes(), "x").status().code(),
            StatusCode::kCorruption);
  // Damaged encodings are errors, not crashes.
  for (size_t cut = 0; cut < w.bytes().size(); cut += 3) {
    EXPECT_FALSE(LinearModel::Deserialize(w.bytes().substr(0, cut), "x").ok());
  }
}

std::vector<Token> Tagged(const std::string& forms, const std::string& tags) {
  std::vector<Token> out;
  size_t a = 0, b = 0;
  while (a < forms.size()) {
    size_t fa = forms.find(' ', a), fb = tags.find(' ', b);
    if (fa == std::string::npos) fa = forms.size();
    if (fb == std::string::npos) fb = tags.size();
    Token t;
    t.form = forms.substr(a, fa - a);
    t.ner = tags.substr(b, fb - b);
    out.push_back(t);
    a = fa + 1;
    b = fb + 1;
  }
  return out;
}

std::string Tags(const std::vector<Token>& t) {
  std::string out;
  for (const auto& x : t) out += (out.empty() ? "" : " ") + x.ner;
  return out;
}

TEST(PropagateEntitiesTest, RecurringNamesAndSurnames) {
  auto s1 = Tagged("The CPA hired John Smith .", "O B-ORG O B-PER I-PER O");
  auto s2 = Tagged("CPA staff met Smith and the cpa board .", "O O O O O O O O O");
  auto s3 = Tagged("New York CPA Society", "B-ORG I-ORG I-ORG I-ORG");  // already marked
  auto s4 = Tagged("CPA CPA", "B-LOC O");  // one LOC vote against ORG's two
  auto s5 = Tagged("CPA said", "B-ORG O");
  std::vector<std::pair<Token*, size_t>> doc = {
      {s1.data(), s1.size()}, {s2.data(), s2.size()}, {s3.data(), s3.size()},
      {s4.data(), s4.size()}, {s5.data(), s5.size()}};
  PropagateEntities(doc);
  EXPECT_EQ(Tags(s1), "O B-ORG O B-PER I-PER O");
  // "CPA" recurs (majority type ORG), "Smith" is the surname of a person named in full; the
  // lower-case "cpa" is another word.
  EXPECT_EQ(Tags(s2), "B-ORG O O B-PER O O O O O");
  EXPECT_EQ(Tags(s3), "B-ORG I-ORG I-ORG I-ORG");
  // The name's minority type gives way to its majority type.
  EXPECT_EQ(Tags(s4), "B-ORG B-ORG");
  // Not inside a longer capitalised run: that is another name.
  auto s6 = Tagged("He joined CPA Society today", "O O O O O");
  std::vector<std::pair<Token*, size_t>> with_run = doc;
  with_run.push_back({s6.data(), s6.size()});
  PropagateEntities(with_run);
  EXPECT_EQ(Tags(s6), "O O O O O");
  // A tie leaves recurrences alone.
  auto t1 = Tagged("Jordan spoke", "B-PER O");
  auto t2 = Tagged("in Jordan", "O B-LOC");
  auto t3 = Tagged("Jordan again", "O O");
  std::vector<std::pair<Token*, size_t>> doc2 = {
      {t1.data(), t1.size()}, {t2.data(), t2.size()}, {t3.data(), t3.size()}};
  PropagateEntities(doc2);
  EXPECT_EQ(Tags(t3), "O O");
  EXPECT_EQ(Tags(t1), "B-PER O");
  EXPECT_EQ(Tags(t2), "O B-LOC");
}

TEST(PropagateEntitiesTest, NothingFoundChangesNothing) {
  auto s1 = Tagged("It rained in the morning .", "O O O O O O");
  std::vector<std::pair<Token*, size_t>> doc = {{s1.data(), s1.size()}};
  PropagateEntities(doc);
  EXPECT_EQ(Tags(s1), "O O O O O O");
  PropagateEntities({});
}

TEST(FeaturesTest, Shapes) {
  EXPECT_EQ(NormWord("Q3-2024"), "q0-0000");
  EXPECT_EQ(Shape("McDonald's", true), "XxXxx'x");
  EXPECT_EQ(Shape("McDonald's", false), "XxXxxxx'x");
  EXPECT_EQ(SuffixBytes("café", 2), "é");
  EXPECT_EQ(SuffixBytes("café", 1), "");  // never splits a UTF-8 sequence
  EXPECT_EQ(PrefixBytes("éa", 1), "é");
  uint32_t f = WordFlags("U.S.");
  EXPECT_TRUE(f & kAllUpper);
  EXPECT_TRUE(f & kHasPeriod);
}

TEST(TaggerTest, LearnsToyDataAndRoundTrips) {
  const Tagger& t = Toy().tagger;
  auto toks = Tokens({"the", "cat", "attacked", "in", "Berlin", "."});
  t.Tag(toks.data(), toks.size());
  EXPECT_EQ(toks[0].upos, "DET");
  EXPECT_EQ(toks[1].upos, "NOUN");
  EXPECT_EQ(toks[2].xpos, "VBD");
  EXPECT_EQ(toks[4].upos, "PROPN");
  EXPECT_EQ(toks[4].lemma, "Berlin");

  Tagger copy = t;
  copy.SetSelfTest({{"the", "dog", "slept"}, {"a", "minister", "met", "in", "Kenya"}});
  std::string bytes = copy.Serialize("fp", "info");
  auto f = ModelFile::Parse(bytes, "tagger.dyad", Tagger::kKind);
  ASSERT_TRUE(f.ok());
  auto loaded = Tagger::FromFile(*f);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto again = Tokens({"the", "cat", "attacked", "in", "Berlin", "."});
  loaded->Tag(again.data(), again.size());
  for (size_t i = 0; i < toks.size(); ++i) EXPECT_EQ(again[i].xpos, toks[i].xpos);
}

TEST(TaggerTest, SelfTestCatchesAWrongModel) {
  Tagger copy = Toy().tagger;
  copy.SetSelfTest({{"the", "dog", "barks"}});
  TaggerData d = copy.data();
  // Pretend the model expected other tags for the sample.
  d.test_expected[0][1] = "VERB VBZ dog";
  Tagger broken(d);
  auto f = ModelFile::Parse(broken.Serialize("fp", ""), "t.dyad", Tagger::kKind);
  ASSERT_TRUE(f.ok());
  auto r = Tagger::FromFile(*f);
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("self-test"), std::string::npos);
}

TEST(ParserTest, ParsesToyDataAndAlwaysBuildsATree) {
  const ToyModels& m = Toy();
  auto toks = Tokens({"a", "dog", "spoke", "in", "Paris", "."});
  m.tagger.Tag(toks.data(), toks.size());
  m.parser.Parse(toks.data(), toks.size());
  EXPECT_EQ(toks[2].head, -1);
  EXPECT_EQ(toks[2].deprel, "root");
  EXPECT_EQ(toks[1].head, 2);
  EXPECT_EQ(toks[1].deprel, "nsubj");
  EXPECT_EQ(toks[4].head, 2);
}

void ExpectTree(const std::vector<Token>& toks) {
  int roots = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].head < 0) {
      ++roots;
      EXPECT_EQ(toks[i].deprel, "root");
    } else {
      ASSERT_LT(toks[i].head, static_cast<int>(toks.size()));
      EXPECT_NE(toks[i].head, static_cast<int>(i));
    }
  }
  EXPECT_EQ(roots, 1);
  // No cycles: following heads from any token reaches the root.
  for (size_t i = 0; i < toks.size(); ++i) {
    int h = static_cast<int>(i), steps = 0;
    while (h >= 0 && steps <= static_cast<int>(toks.size())) {
      h = toks[h].head;
      ++steps;
    }
    EXPECT_LT(h, 0);
  }
}

TEST(BadInputTest, EmptyAndVeryLongSentences) {
  const ToyModels& m = Toy();
  std::vector<Token> none;
  m.tagger.Tag(none.data(), 0);
  m.parser.Parse(none.data(), 0);
  m.ner.Recognize(none.data(), 0);
  std::vector<Token> one = Tokens({"Obama"});
  m.tagger.Tag(one.data(), 1);
  m.parser.Parse(one.data(), 1);
  m.ner.Recognize(one.data(), 1);
  EXPECT_EQ(one[0].head, -1);
  std::vector<Token> longs;
  const char* words[] = {"the", "dog", "met", "Obama", "in", "Paris", ",", "and", "\xe2\x80\x9c",
                         "x", "12.5", "--"};
  for (int i = 0; i < 1000; ++i) longs.push_back(Tokens({words[i % 12]})[0]);
  m.tagger.Tag(longs.data(), longs.size());
  m.parser.Parse(longs.data(), longs.size());
  m.ner.Recognize(longs.data(), longs.size());
  ExpectTree(longs);
  for (const auto& t : longs) {
    EXPECT_FALSE(t.upos.empty());
    EXPECT_FALSE(t.lemma.empty());
    EXPECT_FALSE(t.ner.empty());
  }
  // Spans decoded from the NER output are well formed.
  for (const auto& s : SpansFromIob2(longs.data(), longs.size())) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_EQ(longs[s.begin].ner[0], 'B');
  }
}

TEST(NerTest, FindsToyEntitiesAndBilouIsConsistent) {
  const ToyModels& m = Toy();
  auto toks = Tokens({"the", "army", "attacked", "in", "Kenya", "."});
  m.tagger.Tag(toks.data(), toks.size());
  m.ner.Recognize(toks.data(), toks.size());
  EXPECT_EQ(toks[4].ner, "B-LOC");
  EXPECT_EQ(toks[0].ner, "O");
  // BILOU encoding of IOB2 and the transition constraint agree.
  auto t2 = Tokens({"a", "b", "c", "d"});
  t2[0].ner = "B-PER";
  t2[1].ner = "I-PER";
  t2[2].ner = "I-ORG";  // stray I- starts a span
  t2[3].ner = "O";
  auto spans = SpansFromIob2(t2.data(), 4);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].end, 2u);
  EXPECT_EQ(spans[1].type, "ORG");
  auto cls = EncodeBilou(t2.data(), 4, {"ORG", "PER"});
  int prev = -1;
  for (int c : cls) {
    EXPECT_TRUE(NerAllowed(prev, c));
    prev = c;
  }
}

// Names are matched as the segmenter and the treebanks cut them: a hyphen between letters and a
// possessive 's are tokens of their own, and the name as written also matches.
TEST(NerTest, GazetteerMatchesHyphenatedAndPossessiveNames) {
  Gazetteer g;
  g.Add("Coca-Cola", "ORG");
  g.Add("McDonald's", "ORG");
  g.Add("Kerala", "LOC");
  std::vector<uint32_t> bits;
  std::vector<uint8_t> pos;
  auto toks = Tokens({"at", "McDonald", "'s", "and", "Coca", "-", "Cola", "in", "kerala"});
  g.Match(toks.data(), toks.size(), false, &bits, &pos);
  EXPECT_EQ(std::vector<uint8_t>(pos.begin(), pos.end()),
            (std::vector<uint8_t>{0, 1, 3, 0, 1, 2, 3, 0, 0}));
  EXPECT_EQ(bits[4], 1u);  // ORG is the gazetteer's first type
  g.Match(toks.data(), toks.size(), true, &bits, &pos);
  EXPECT_EQ(pos[8], 4);  // case-folded: a unit match
  EXPECT_EQ(bits[8], 2u);
  auto whole = Tokens({"Coca-Cola"});
  g.Match(whole.data(), 1, false, &bits, &pos);
  EXPECT_EQ(pos[0], 4);
  // Matching stops at a key that starts no name, and finds the longest name that starts here;
  // a gazetteer that does not know its prefixes (an older model file) tries every length and
  // finds the same.
  g.Add("Bank of America", "ORG");
  auto bank = Tokens({"the", "Bank", "of", "America", "and", "Bank", "of", "Coca", "-", "Cola"});
  for (bool fold : {false, true}) {
    g.Match(bank.data(), bank.size(), fold, &bits, &pos);
    EXPECT_EQ(std::vector<uint8_t>(pos.begin(), pos.end()),
              (std::vector<uint8_t>{0, 1, 2, 3, 0, 0, 0, 1, 2, 3}));  // "Bank of" is no name
    Gazetteer old;
    old.prefixes_known = false;
    old.max_len = g.max_len;
    for (bool f : {false, true})
      for (const auto& [key, b] : g.Names(f)) old.Insert(f, key, b, false);
    std::vector<uint32_t> bits2;
    std::vector<uint8_t> pos2;
    old.Match(bank.data(), bank.size(), fold, &bits2, &pos2);
    EXPECT_EQ(bits, bits2);
    EXPECT_EQ(pos, pos2);
  }
  // Names and prefixes are what Add() made of the names: "Bank" and "Bank of" are prefixes of
  // "Bank of America", "Coca" and "Coca -" of the split "Coca - Cola", "McDonald" of
  // "McDonald 's".
  EXPECT_EQ(g.Prefixes(false).size(), 5u);
  EXPECT_EQ(g.Names(false).size(), 6u);  // Coca-Cola and McDonald's twice, Kerala, Bank of America
}

// The static and history parts of the NER features are exactly the whole.
TEST(NerTest, FeaturePartsMakeTheWhole) {
  auto toks = Tokens({"The", "CPA", "hired", "John", "Smith", "in", "Baghdad", "."});
  for (auto& t : toks) t.xpos = "NNP";
  std::vector<NerWord> w;
  PrepareNerWords(toks.data(), toks.size(), nullptr, nullptr, &w);
  for (size_t i = 0; i < toks.size(); ++i) {
    uint64_t all[kMaxNerFeatures], st[kMaxNerFeatures], hi[kMaxNerFeatures];
    size_t na = NerFeatures(w, i, 3, 0, all);
    size_t ns = NerFeatures(w, i, 3, 0, st, kNerStatic);
    size_t nh = NerFeatures(w, i, 3, 0, hi, kNerHistory);
    ASSERT_EQ(na, ns + nh);
    std::vector<uint64_t> a(all, all + na), b(st, st + ns);
    b.insert(b.end(), hi, hi + nh);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);
    // The static part does not depend on the history.
    uint64_t st2[kMaxNerFeatures];
    ASSERT_EQ(NerFeatures(w, i, -1, -1, st2, kNerStatic), ns);
    EXPECT_TRUE(std::equal(st, st + ns, st2));
  }
}

// A model trained globally with a beam decodes with it, stores the beam size in its file and
// still finds the toy entities; with gold given, the search stops where gold leaves the beam.
// Writes `n` (with `sample` as its self-test) to bytes and reads it back.
Result<Ner> RoundTrip(Ner* n, const std::vector<Token>& sample) {
  n->SetSelfTest({sample});
  ASSIGN_OR_RETURN(ModelFile f,
                   ModelFile::Parse(n->Serialize("sha256:x", "toy"), "mem", Ner::kKind));
  return Ner::FromFile(f);
}

TEST(NerTest, BeamTrainingAndDecoding) {
  auto tb = ToyTreebank();
  train::TrainOptions o;
  o.epochs = 4;
  o.beam = 3;
  const ToyModels& m = Toy();
  auto n = train::TrainNer(tb, m.tagger, o);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->data().beam, 3u);
  auto toks = Tokens({"the", "army", "attacked", "in", "Kenya", "."});
  m.tagger.Tag(toks.data(), toks.size());
  n->Recognize(toks.data(), toks.size());
  EXPECT_EQ(toks[4].ner, "B-LOC");
  EXPECT_EQ(toks[0].ner, "O");
  // Round trip through the file keeps the beam (and the self-test passes on load).
  auto back = RoundTrip(&*n, toks);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->data().beam, 3u);
  // Early update: a gold path the scores cannot keep in a beam of 1 is lost at its first token
  // when the scores prefer another class there.
  std::vector<NerWord> w;
  PrepareNerWords(toks.data(), toks.size(), nullptr, nullptr, &w);
  std::vector<std::vector<NerHyp>> steps;
  std::vector<int> gold(toks.size(), 0);
  gold[0] = 4;  // U-type 0 at "the": scored below O
  auto prefer_o = [](const uint64_t*, size_t, float* sc) { sc[0] += 1.0f; };
  EXPECT_EQ(NerBeamSearch(w, 9, 1, prefer_o, &steps, &gold), 0u);
  std::vector<int> all_o(toks.size(), 0);
  EXPECT_EQ(NerBeamSearch(w, 9, 1, prefer_o, &steps, &all_o), toks.size());
}

// Class ids with two types: 1..4 = B, I, L, U of type 0; 5..8 of type 1.
TEST(NerTest, VoteKeepsTheEntitiesMostMembersFind) {
  // Member paths over 6 tokens: a two-token type-0 name at 0-1 (all three), a one-token type-1
  // name at 3 (two of three; the third calls it type 0) and a three-token name at 3-5 (one).
  std::vector<std::vector<int>> paths = {{1, 3, 0, 8, 0, 0},
                                         {1, 3, 0, 8, 0, 0},
                                         {1, 3, 0, 1, 2, 3}};
  EXPECT_EQ(VoteBilou(paths), (std::vector<int>{1, 3, 0, 8, 0, 0}));
  // No majority for any span: nothing.
  paths = {{4, 0}, {8, 0}, {0, 4}};
  EXPECT_EQ(VoteBilou(paths), (std::vector<int>{0, 0}));
  // Overlapping spans that both have a majority (possible with 5 members only when they
  // conflict in type or extent): the one more members found wins, then the longer.
  paths = {{1, 3, 0}, {1, 3, 0}, {1, 3, 0}, {0, 1, 3}, {0, 1, 3}};
  EXPECT_EQ(VoteBilou(paths), (std::vector<int>{1, 3, 0}));
  // One member is itself.
  paths = {{0, 1, 2, 3, 4}};
  EXPECT_EQ(VoteBilou(paths), paths[0]);
  EXPECT_TRUE(VoteBilou({}).empty());
}

TEST(LinearModelTest, ConcatScoresTheModelsSideBySide) {
  LinearModel a = LinearModel::Build(2, {{F(1, 1), {{0, 1.0f}, {1, -2.0f}}}});
  LinearModel b = LinearModel::Build(2, {{F(1, 1), {{1, 3.0f}}}, {F(2, 2), {{0, 0.5f}}}});
  LinearModel ab = LinearModel::Concat({a, b});
  ASSERT_EQ(ab.num_classes(), 4);
  uint64_t keys[] = {F(1, 1), F(2, 2)};
  float s[4] = {0, 0, 0, 0};
  ab.Score(keys, 2, s);
  EXPECT_NEAR(s[0], 1.0f, 1e-3);
  EXPECT_NEAR(s[1], -2.0f, 1e-3);
  EXPECT_NEAR(s[2], 0.5f, 1e-3);
  EXPECT_NEAR(s[3], 3.0f, 1e-3);
  EXPECT_EQ(ab.num_features(), 2u);
  EXPECT_EQ(ab.num_weights(), 4u);
}

// Features with one or two weights are kept in their hash slot, others apart: scoring,
// serialisation, pruning and Features() agree across both kinds.
TEST(LinearModelTest, SmallAndLargeFeaturesAgree) {
  std::vector<LinearModel::Feature> fs = {
      {F(1, 1), {{0, 1.0f}}},
      {F(2, 2), {{1, 2.0f}, {3, -0.25f}}},
      {F(3, 3), {{0, 0.5f}, {1, -1.0f}, {2, 3.0f}, {3, 0.125f}}}};
  LinearModel m = LinearModel::Build(4, fs);
  EXPECT_EQ(m.num_features(), 3u);
  EXPECT_EQ(m.num_weights(), 7u);
  uint64_t keys[] = {F(1, 1), F(2, 2), F(3, 3)};
  float s[4] = {0, 0, 0, 0};
  m.Score(keys, 3, s);
  EXPECT_NEAR(s[0], 1.5f, 1e-3);
  EXPECT_NEAR(s[1], 1.0f, 1e-3);
  EXPECT_NEAR(s[2], 3.0f, 1e-3);
  EXPECT_NEAR(s[3], -0.125f, 1e-3);
  auto back_features = m.Features();
  ASSERT_EQ(back_features.size(), 3u);
  size_t total = 0;
  for (const auto& f : back_features) total += f.weights.size();
  EXPECT_EQ(total, 7u);
  ByteWriter w;
  m.Serialize(&w);
  auto back = LinearModel::Deserialize(w.bytes(), "x");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  float t[4] = {0, 0, 0, 0};
  back->Score(keys, 3, t);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s[i], t[i]);
  // Pruning below 0.3 drops one weight of the small feature and one of the large one.
  LinearModel p = m.Pruned(0.3f);
  EXPECT_EQ(p.num_features(), 3u);
  EXPECT_EQ(p.num_weights(), 5u);
  float u[4] = {0, 0, 0, 0};
  p.Score(keys, 3, u);
  EXPECT_NEAR(u[0], 1.5f, 1e-3);
  EXPECT_NEAR(u[3], 0.0f, 1e-3);
}

// Read right to left, a well-formed BILOU sequence with B and L swapped is well-formed again.
TEST(NerTest, MirroredClassesReadBackwards) {
  const int nc = NerClasses(2);
  for (int c = 0; c < nc; ++c) EXPECT_EQ(MirrorBilou(MirrorBilou(c)), c);
  EXPECT_EQ(MirrorBilou(0), 0);
  EXPECT_EQ(MirrorBilou(1), 3);  // B-t0 <-> L-t0
  EXPECT_EQ(MirrorBilou(2), 2);  // I
  EXPECT_EQ(MirrorBilou(8), 8);  // U-t1
  // a then b left to right is allowed exactly when mirror(b) then mirror(a) is, and what may
  // start a sentence is, mirrored, what may end one.
  for (int a = 0; a < nc; ++a) {
    for (int b = 0; b < nc; ++b)
      EXPECT_EQ(NerAllowed(a, b), NerAllowed(MirrorBilou(b), MirrorBilou(a))) << a << " " << b;
    const int m = MirrorBilou(a);
    const bool may_end = m == 0 || (m - 1) % 4 >= 2;  // O, L or U
    EXPECT_EQ(NerAllowed(-1, a), may_end) << a;
  }
}

TEST(NerTest, EnsembleDecodesAndRoundTrips) {
  auto tb = ToyTreebank();
  train::TrainOptions o;
  o.epochs = 4;
  const ToyModels& m = Toy();
  std::vector<Ner> members;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    o.seed = seed;
    o.backward = seed == 3;  // the third member decodes right to left
    auto one = train::TrainNer(tb, m.tagger, o);
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    EXPECT_EQ(one->data().backward, seed == 3 ? 1u : 0u);
    members.push_back(std::move(*one));
  }
  o.backward = false;
  auto toks = Tokens({"the", "army", "attacked", "in", "Kenya", "."});
  m.tagger.Tag(toks.data(), toks.size());
  // What each member finds, and what most of them find.
  std::vector<std::vector<int>> paths;
  for (const Ner& x : members) {
    auto t = toks;
    x.Recognize(t.data(), t.size());
    paths.push_back(EncodeBilou(t.data(), t.size(), x.data().types));
  }
  const std::vector<int> voted = VoteBilou(paths);
  // The right-to-left member alone finds "Kenya" (U-LOC).
  const auto& ty = members[2].data().types;
  const int loc = static_cast<int>(std::find(ty.begin(), ty.end(), "LOC") - ty.begin());
  EXPECT_EQ(paths[2][4], 4 + 4 * loc);
  auto lone = RoundTrip(&members[2], toks);
  ASSERT_TRUE(lone.ok()) << lone.status().ToString();
  EXPECT_EQ(lone->data().backward, 1u);
  // A direction bit for a member the model does not have is refused when loading.
  NerData bad = members[2].data();
  bad.backward = 2;
  Ner bad_ner(std::move(bad));
  auto refused = RoundTrip(&bad_ner, toks);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("direction"), std::string::npos)
      << refused.status().ToString();
  auto n = train::EnsembleNer(members);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->data().members, 3u);
  EXPECT_EQ(n->data().backward, 4u);
  const int types = static_cast<int>(n->data().types.size());
  EXPECT_EQ(n->data().model.num_classes(), 3 * NerClasses(types));
  n->Recognize(toks.data(), toks.size());
  EXPECT_EQ(EncodeBilou(toks.data(), toks.size(), n->data().types), voted);
  EXPECT_EQ(toks[4].ner, "B-LOC");
  EXPECT_EQ(toks[0].ner, "O");
  auto back = RoundTrip(&*n, toks);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->data().members, 3u);
  EXPECT_EQ(back->data().backward, 4u);
  // An empty sentence and a 1,000-token sentence: well-formed entities only.
  std::vector<Token> none;
  n->Recognize(none.data(), 0);
  std::vector<Token> longs;
  const char* words[] = {"the", "army", "attacked", "in", "Kenya", ".", "Obama", "met", "Paris"};
  for (int i = 0; i < 1000; ++i) longs.push_back(Tokens({words[i % 9]})[0]);
  m.tagger.Tag(longs.data(), longs.size());
  n->Recognize(longs.data(), longs.size());
  for (const auto& t : longs) EXPECT_FALSE(t.ner.empty());
  for (const auto& s : SpansFromIob2(longs.data(), longs.size())) {
    EXPECT_LT(s.begin, s.end);
    EXPECT_EQ(longs[s.begin].ner[0], 'B');
  }
  // Members must be single greedy models of the same kind.
  EXPECT_FALSE(train::EnsembleNer({}).ok());
  EXPECT_FALSE(train::EnsembleNer({*n}).ok());
  o.beam = 2;
  auto beam = train::TrainNer(tb, m.tagger, o);
  ASSERT_TRUE(beam.ok());
  EXPECT_FALSE(train::EnsembleNer({members[0], *beam}).ok());
}

// GUM's entity layer mapped to UNER's conventions: the name is the head's proper-noun run with
// the capitalised words before it ("United" is tagged VERB in GUM), titles stay outside, a title
// alone is no name, and groups named by a plural proper noun are left unmarked.
TEST(GumNerTest, MentionsFollowUnerConventions) {
  std::string c = TempPath("gum_ner.conllu");
  {
    std::ofstream f(c);
    f << "# newdoc id = GUM_news_test\n# sent_id = GUM_news_test-1\n"
         "1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(e1-person\n"
         "2\tPresident\tPresident\tPROPN\tNNP\t_\t7\tvocative\t_\tEntity=e1)\n"
         "3\t,\t,\tPUNCT\t,\t_\t2\tpunct\t_\t_\n"
         "4\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tEntity=(e2-place\n"
         "5\tUnited\tunite\tVERB\tVBN\t_\t6\tamod\t_\t_\n"
         "6\tStates\tState\tPROPN\tNNPS\t_\t7\tnsubj\t_\tEntity=e2)\n"
         "7\tthanks\tthank\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
         "8\tyou\tyou\tPRON\tPRP\t_\t7\tobj\t_\t_\n"
         "9\t.\t.\tPUNCT\t.\t_\t7\tpunct\t_\t_\n\n"
         "# sent_id = GUM_news_test-2\n"
         "1\tPresident\tPresident\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(e3-person\n"
         "2\tObama\tObama\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=e3)\n"
         "3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n"
         "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(e4-person\n"
         "5\tRomans\tRoman\tPROPN\tNNPS\t_\t3\tobj\t_\tEntity=e4)\n"
         "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";
  }
  auto r = train::NerFromGum(c, train::GumCcByFilter());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  auto tags = [](const train::GoldSentence& g) {
    std::string out;
    for (const auto& t : g.tokens) out += t.ner + " ";
    return out;
  };
  EXPECT_EQ(tags((*r)[0]), "O O O O B-LOC I-LOC O O O ");
  EXPECT_EQ(tags((*r)[1]), "O B-PER O O O O ");
  std::remove(c.c_str());
}

TEST(BadInputTest, MalformedTrainingFilesNameFileAndLine) {
  std::string p = TempPath("bad.iob2");
  {
    std::ofstream f(p);
    f << "# sent_id = 1\n1\tHello\tO\n2\tWorld\tB-XX-\n3\tfoo\tMAYBE\n";
  }
  auto r = train::ReadIob2File(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(p + ":4"), std::string::npos) << r.status().ToString();
  {
    std::ofstream f(p);
    f << "1\tonly-two-columns\n";
  }
  r = train::ReadIob2File(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":1"), std::string::npos);
  std::string c = TempPath("bad.conllu");
  {
    std::ofstream f(c);
    f << "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t9\tnsubj\t_\t_\n\n";
  }
  auto t = train::LoadTreebanks({c});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(c), std::string::npos) << t.status().ToString();
  std::remove(p.c_str());
  std::remove(c.c_str());
  // Training on nothing is an error, not a crash.
  train::TrainOptions o;
  EXPECT_FALSE(train::TrainTagger({}, o).ok());
}

TEST(StagesTest, MissingModelIsAClearError) {
  auto r = MakeNlpStages(TempPath("no_models_dir"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("tagger.dyad"), std::string::npos);
}

// models/MANIFEST lists every shipped model with its size and checksum, and nothing else.
TEST(StagesTest, ShippedModelsMatchTheManifest) {
  const std::string dir = std::string(DYAD_SOURCE_DIR) + "/models";
  auto manifest = ReadFileToString(dir + "/MANIFEST");
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  std::set<std::string> listed;
  size_t line_no = 0;
  for (std::string_view line : SplitChar(*manifest, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto f = SplitChar(line, '\t');
    ASSERT_GE(f.size(), 6u) << "MANIFEST:" << line_no;
    const std::string file(f[0]);
    listed.insert(file);
    auto bytes = ReadFileToString(dir + "/" + file);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(std::to_string(bytes->size()), f[2]) << file;
    EXPECT_EQ(Sha256Hex(*bytes), f[3]) << file;
  }
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".dyad") {
      EXPECT_TRUE(listed.count(e.path().filename().string())) << e.path() << " is not in MANIFEST";
    }
  }
  EXPECT_TRUE(listed.count(kNerFile) && listed.count(kNerWebFile) && listed.count(kTaggerFile) &&
              listed.count(kParserFile));
}

TEST(StagesTest, NerVariants) {
  EXPECT_EQ(*NerFileFor("news"), kNerFile);
  EXPECT_EQ(*NerFileFor("web"), kNerWebFile);
  auto bad = NerFileFor("legal");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'legal'"), std::string::npos);
  // An unknown variant is refused before any model is read.
  auto r = MakeNlpStages(TempPath("no_models_dir"), "legal");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(StagesTest, DamagedModelFilesAreClearErrors) {
  std::string dir = TempPath("models");
  std::filesystem::create_directories(dir);
  Tagger t = Toy().tagger;
  t.SetSelfTest({{"the", "dog"}});
  std::string bytes = t.Serialize("fp", "");
  // Truncated tagger.
  ASSERT_TRUE(WriteFileAtomic(dir + "/tagger.dyad", bytes.substr(0, bytes.size() / 3)).ok());
  auto r = MakeNlpStages(dir);
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().ToString();
  // Good tagger, parser file that is really a tagger.
  ASSERT_TRUE(WriteFileAtomic(dir + "/tagger.dyad", bytes).ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/parser.dyad", bytes).ok());
  r = MakeNlpStages(dir);
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("expected 'parser'"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(StagesTest, FillDocumentLayers) {
  const ToyModels& m = Toy();
  Document doc;
  doc.clean = "the dog met in Paris .";
  uint32_t pos = 0;
  for (const char* f : {"the", "dog", "met", "in", "Paris", "."}) {
    Token t;
    t.form = f;
    t.clean = {pos, pos + static_cast<uint32_t>(strlen(f))};
    pos = t.clean.end + 1;
    doc.tokens.push_back(t);
  }
  doc.sentences.push_back({ByteSpan{0, pos - 1}, 0, 6});
  TaggerStage ts(std::make_shared<const Tagger>(m.tagger));
  ParserStage ps(std::make_shared<const Parser>(m.parser));
  NerStage ns(std::make_shared<const Ner>(m.ner));
  ASSERT_TRUE(ts.Process(doc).ok());
  ASSERT_TRUE(ps.Process(doc).ok());
  ASSERT_TRUE(ns.Process(doc).ok());
  ASSERT_EQ(doc.mentions.size(), 1u);
  EXPECT_EQ(doc.mentions[0].text, "Paris");
  EXPECT_EQ(doc.mentions[0].type, "LOC");
  EXPECT_EQ(doc.mentions[0].token_begin, 4u);
  EXPECT_EQ(doc.tokens[1].head, 2);
}

}  // namespace
}  // namespace dyad::nlp
