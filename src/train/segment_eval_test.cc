#include "train/segment_eval.h"

#include <gtest/gtest.h>

#include <string>

namespace dyad {
namespace {

// Two documents; the first has two paragraphs, the second sentence ends with SpaceAfter=No and
// contains a multi-word token.
constexpr char kConllu[] =
    "# newdoc id = d1\n"
    "# newpar\n"
    "# text = He left.\n"
    "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = I don't know.\n"
    "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\tSpaceAfter=No\n"
    "\n"
    "# newpar\n"
    "# text = Yes\n"
    "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n"
    "\n"
    "# newdoc id = d2\n"
    "# text = Go now!\n"
    "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "2\tnow\tnow\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n"
    "3\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n";

GoldSegmentation Gold() {
  auto sentences = ParseConllu(kConllu, "test.conllu");
  EXPECT_TRUE(sentences.ok()) << sentences.status().ToString();
  return BuildGoldSegmentation(*sentences);
}

TEST(SegmentEvalTest, RebuildsTextLikeTheSharedTask) {
  GoldSegmentation g = Gold();
  EXPECT_EQ(g.text, "He left. I don't know.\n\nYes\n\nGo now!");
  ASSERT_EQ(g.sentences.size(), 4u);
  EXPECT_EQ(g.sentences[1], (ByteSpan{9, 22}));
  ASSERT_EQ(g.tokens.size(), 11u);
  // The multi-word token is one surface token with two words.
  EXPECT_EQ(g.tokens[4], (ByteSpan{11, 16}));
  EXPECT_EQ(g.token_words[4], (std::vector<std::string>{"do", "n't"}));
}

TEST(SegmentEvalTest, ScoresOurSegmenter) {
  SegmentEvalResult r = EvaluateSegmentation(Gold(), 10);
  EXPECT_EQ(r.tokens.gold, 11u);
  EXPECT_EQ(r.tokens.system, 11u);
  EXPECT_EQ(r.tokens.correct, 11u);
  EXPECT_EQ(r.words.gold, 12u);
  EXPECT_EQ(r.words.correct, 12u);
  EXPECT_EQ(r.sentences.correct, 4u);
  EXPECT_DOUBLE_EQ(r.tokens.f1(), 100.0);
  EXPECT_TRUE(r.errors.empty());
}

TEST(SegmentEvalTest, CountsDisagreements) {
  // Gold with a sentence break our splitter cannot see (no punctuation, same paragraph), and a
  // token our tokenizer splits differently ("e-mail" is one token for us).
  GoldSegmentation g;
  g.text = "see e-mail then go";
  g.tokens = {{0, 3}, {4, 5}, {5, 6}, {6, 10}, {11, 15}, {16, 18}};
  g.token_words = {{"see"}, {"e"}, {"-"}, {"mail"}, {"then"}, {"go"}};
  g.sentences = {{0, 10}, {11, 18}};
  SegmentEvalResult r = EvaluateSegmentation(g, 100);
  EXPECT_EQ(r.tokens.gold, 6u);
  EXPECT_EQ(r.tokens.system, 4u);
  EXPECT_EQ(r.tokens.correct, 3u);
  EXPECT_NEAR(r.tokens.f1(), 60.0, 1e-9);
  EXPECT_EQ(r.sentences.correct, 0u);
  EXPECT_EQ(r.sentences.system, 1u);
  // Errors: 3 gold-only + 1 system-only tokens, 2 gold-only + 1 system-only sentences.
  EXPECT_EQ(r.errors.size(), 7u);
  EXPECT_EQ(EvaluateSegmentation(g, 2).errors.size(), 2u);
}

TEST(SegmentEvalTest, MissingFileIsAnError) {
  auto r = EvaluateSegmentationFile("/nonexistent/gold.conllu");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/gold.conllu"), std::string::npos);
}

}  // namespace
}  // namespace dyad
