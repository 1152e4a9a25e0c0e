#include "text/segmenter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace dyad {
namespace {

struct Seg {
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<bool> joins;
};

Seg SegmentAll(std::string_view text) {
  Seg s;
  SegmentText(text, &s.sentences, &s.tokens, &s.joins);
  return s;
}

// Tokens joined by '|'.
std::string Tokens(std::string_view text) {
  Seg s = SegmentAll(text);
  std::string out;
  for (const Token& t : s.tokens) {
    if (!out.empty()) out += '|';
    out += t.form;
  }
  return out;
}

// Sentences' text joined by " || ".
std::string Sentences(std::string_view text) {
  Seg s = SegmentAll(text);
  std::string out;
  for (const Sentence& sent : s.sentences) {
    if (!out.empty()) out += " || ";
    out.append(text.substr(sent.clean.begin, sent.clean.size()));
  }
  return out;
}

// Invariants every segmentation must keep.
void CheckInvariants(std::string_view text, const Seg& s) {
  uint32_t prev_end = 0;
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    const Token& t = s.tokens[i];
    ASSERT_LT(t.clean.begin, t.clean.end);
    ASSERT_LE(t.clean.end, text.size());
    ASSERT_GE(t.clean.begin, prev_end);
    ASSERT_EQ(t.form, text.substr(t.clean.begin, t.clean.size()));
    prev_end = t.clean.end;
  }
  uint32_t next_token = 0;
  for (const Sentence& sent : s.sentences) {
    ASSERT_EQ(sent.token_begin, next_token);
    ASSERT_LT(sent.token_begin, sent.token_end);
    ASSERT_EQ(sent.clean.begin, s.tokens[sent.token_begin].clean.begin);
    ASSERT_EQ(sent.clean.end, s.tokens[sent.token_end - 1].clean.end);
    next_token = sent.token_end;
  }
  ASSERT_EQ(next_token, s.tokens.size());
  ASSERT_EQ(s.joins.size(), s.tokens.size());
}

TEST(TokenizerTest, Clitics) {
  EXPECT_EQ(Tokens("I don't think it's Russia's fault, can't you see?"),
            "I|do|n't|think|it|'s|Russia|'s|fault|,|ca|n't|you|see|?");
  EXPECT_EQ(Tokens("I'm sure we'll go; they've won't and I'd say you're gonna cannot"),
            "I|'m|sure|we|'ll|go|;|they|'ve|wo|n't|and|I|'d|say|you|'re|gon|na|can|not");
  // Typographic apostrophes.
  EXPECT_EQ(Tokens("We\xE2\x80\x99re sure it isn\xE2\x80\x99t Obama\xE2\x80\x99s."),
            "We|\xE2\x80\x99re|sure|it|is|n\xE2\x80\x99t|Obama|\xE2\x80\x99s|.");
  // Possessive of a plural, names with an apostrophe.
  EXPECT_EQ(Tokens("the parents' house of O'Brien"), "the|parents|'|house|of|O'Brien");
  Seg s = SegmentAll("don't parents' O'Brien");
  ASSERT_EQ(s.joins.size(), 5u);
  EXPECT_EQ(s.joins, (std::vector<bool>{false, true, false, true, false}));
}

TEST(TokenizerTest, SingleQuotesAreNotPossessives) {
  EXPECT_EQ(Tokens("He called it 'chaos' today."), "He|called|it|'|chaos|'|today|.");
  EXPECT_EQ(Tokens("the 'new ways' plan"), "the|'|new|ways|'|plan");
  Seg s = SegmentAll("the 'new ways' plan");
  EXPECT_FALSE(s.joins[4]);
}

TEST(TokenizerTest, Abbreviations) {
  EXPECT_EQ(Tokens("Lt. Gen. Smith met Gov. Brown and Mr. Li of Acme Inc. in the U.S. and U.K."),
            "Lt.|Gen.|Smith|met|Gov.|Brown|and|Mr.|Li|of|Acme|Inc.|in|the|U.S.|and|U.K.");
  EXPECT_EQ(Tokens("No. 10 Downing St. on Jan. 5, e.g. today at 5 p.m."),
            "No.|10|Downing|St.|on|Jan.|5|,|e.g.|today|at|5|p.m.");
  // "No." before a word is the word "No" and a full stop.
  EXPECT_EQ(Tokens("He said No. Then left."), "He|said|No|.|Then|left|.");
  // A sentence-final word that is not an abbreviation loses its period.
  EXPECT_EQ(Tokens("They went home."), "They|went|home|.");
  EXPECT_EQ(Tokens("J. R. R. Tolkien"), "J.|R.|R.|Tolkien");
  EXPECT_EQ(Tokens("CCNG, Inc.."), "CCNG|,|Inc.|.");
}

TEST(TokenizerTest, NumbersCurrencyPercentTimes) {
  EXPECT_EQ(Tokens("It cost $5,000, or 3.5% more, at 10:30 on 9/11 in the 1990s."),
            "It|cost|$|5,000|,|or|3.5|%|more|,|at|10:30|on|9/11|in|the|1990s|.");
  EXPECT_EQ(Tokens("US$4.5 bn and \xE2\x82\xAC" "20 at 5pm, the 3rd of 10km"),
            "US|$|4.5|bn|and|\xE2\x82\xAC|20|at|5|pm|,|the|3rd|of|10|km");
  EXPECT_EQ(Tokens("from 2013-2014 call 713-853-3989 or 555-1234"),
            "from|2013|-|2014|call|713-853-3989|or|555-1234");
  EXPECT_EQ(Tokens(".5 and -3 in the '90s"), ".5|and|-|3|in|the|'90s");
}

TEST(TokenizerTest, HyphensSlashesDashes) {
  EXPECT_EQ(Tokens("a well-known non-profit e-mail re-elected long-term"),
            "a|well|-|known|non-profit|e-mail|re-elected|long|-|term");
  EXPECT_EQ(Tokens("and/or w/o 1/2"), "and|/|or|w/o|1/2");
  EXPECT_EQ(Tokens("pre- and post-war, re- I mean"), "pre-|and|post-war|,|re-|I|mean");
  EXPECT_EQ(Tokens("yes--no and yes \xE2\x80\x94 no and 5\xE2\x80\x93" "6"),
            "yes|--|no|and|yes|\xE2\x80\x94|no|and|5|\xE2\x80\x93|6");
}

TEST(TokenizerTest, UrlsEmailsHashtags) {
  EXPECT_EQ(Tokens("See https://example.com/a?b=1. Mail john.doe@example.org, #news @user."),
            "See|https://example.com/a?b=1|.|Mail|john.doe@example.org|,|#news|@user|.");
  EXPECT_EQ(Tokens("(www.bbc.co.uk/news)"), "(|www.bbc.co.uk/news|)");
  EXPECT_EQ(Tokens("AT&T and S&P"), "AT&T|and|S&P");
}

TEST(TokenizerTest, PunctuationRuns) {
  EXPECT_EQ(Tokens("Wait... really?! Yes!!! \xE2\x80\xA6 ok :-) ***"),
            "Wait|...|really|?!|Yes|!!!|\xE2\x80\xA6|ok|:-)|***");
  EXPECT_EQ(Tokens("\xE2\x80\x9CYes,\xE2\x80\x9D (really) [sic] {x}"),
            "\xE2\x80\x9C|Yes|,|\xE2\x80\x9D|(|really|)|[|sic|]|{|x|}");
}

TEST(SplitterTest, AbbreviationsDoNotSplit) {
  EXPECT_EQ(Sentences("Lt. Gen. John Smith met Gov. Jerry Brown in Sacramento on Jan. 5. "
                      "They talked."),
            "Lt. Gen. John Smith met Gov. Jerry Brown in Sacramento on Jan. 5. || They talked.");
  EXPECT_EQ(Sentences("J. R. R. Tolkien was born in 1892. He died in 1973."),
            "J. R. R. Tolkien was born in 1892. || He died in 1973.");
  EXPECT_EQ(Sentences("Sanctions hit the U.S. economy. Officials in the U.S. The talks failed."),
            "Sanctions hit the U.S. economy. || Officials in the U.S. || The talks failed.");
  EXPECT_EQ(Sentences("Dr. Who met St. Louis officials at 5 p.m. Monday."),
            "Dr. Who met St. Louis officials at 5 p.m. Monday.");
}

TEST(SplitterTest, QuotesAndBrackets) {
  EXPECT_EQ(Sentences("\"We will win.\" He left."), "\"We will win.\" || He left.");
  EXPECT_EQ(Sentences("\xE2\x80\x9CWe will win.\xE2\x80\x9D He left."),
            "\xE2\x80\x9CWe will win.\xE2\x80\x9D || He left.");
  EXPECT_EQ(Sentences("\"Why?\" he asked. \"Because.\""), "\"Why?\" he asked. || \"Because.\"");
  EXPECT_EQ(Sentences("(The vote was 5-4.) It passed."), "(The vote was 5-4.) || It passed.");
  EXPECT_EQ(Sentences("He said: \"No.\" Then: \"Yes.\""), "He said: \"No.\" || Then: \"Yes.\"");
}

TEST(SplitterTest, TerminalPunctuation) {
  EXPECT_EQ(Sentences("Is it? Yes! It is... Really."), "Is it? || Yes! || It is... || Really.");
  EXPECT_EQ(Sentences("Prices rose 3.5 percent. In 2015, they fell."),
            "Prices rose 3.5 percent. || In 2015, they fell.");
  // A full stop followed by a comma or a lower-case word after a closing quote does not split.
  EXPECT_EQ(Sentences("He said \"go.\" and left."), "He said \"go.\" and left.");
  EXPECT_EQ(Sentences("see www.example.com. Then go."), "see www.example.com. || Then go.");
}

TEST(SplitterTest, LinesAndParagraphs) {
  EXPECT_EQ(Sentences("First paragraph without a stop\n\nSecond paragraph."),
            "First paragraph without a stop || Second paragraph.");
  EXPECT_EQ(Sentences("Obama meets Putin\nThe two leaders met on Monday."),
            "Obama meets Putin || The two leaders met on Monday.");
  EXPECT_EQ(Sentences("BREAKING NEWS\nThe army said it had won."),
            "BREAKING NEWS || The army said it had won.");
  // One paragraph per line: a line break ends a sentence even without punctuation.
  EXPECT_EQ(Sentences("Fire kills five in Poland\nSaturday, January 5, 2019\nA fire killed five."),
            "Fire kills five in Poland || Saturday, January 5, 2019 || A fire killed five.");
  EXPECT_EQ(Sentences("Pileup kills five children, two truck drivers\nSaturday, January 5\n"),
            "Pileup kills five children, two truck drivers || Saturday, January 5");
  // A hard-wrapped paragraph stays one sentence.
  EXPECT_EQ(Sentences("The two leaders met on\nMonday and talked about\ntrade and the\n"
                      "border. Officials said the\ntalks went well."),
            "The two leaders met on\nMonday and talked about\ntrade and the\nborder. || "
            "Officials said the\ntalks went well.");
  EXPECT_EQ(Sentences("Demands:\n- more pay\n- less work"),
            "Demands: || - more pay || - less work");
  EXPECT_EQ(Sentences("1. The first point.\n2. The second point."),
            "1. The first point. || 2. The second point.");
  // Blank lines made of spaces and carriage returns count as blank.
  EXPECT_EQ(Sentences("Heading \r\n \r\nBody text"), "Heading || Body text");
}

TEST(SplitterTest, DegenerateInput) {
  for (std::string_view text : {"", " ", "\n\n\t  \n", "."}) {
    Seg s = SegmentAll(text);
    CheckInvariants(text, s);
  }
  EXPECT_TRUE(SegmentAll("").tokens.empty());
  EXPECT_TRUE(SegmentAll(" \n\t\r\n ").sentences.empty());
  // 1,000-token sentence.
  std::string longer;
  for (int i = 0; i < 1000; ++i) longer += "word ";
  Seg s = SegmentAll(longer);
  CheckInvariants(longer, s);
  EXPECT_EQ(s.tokens.size(), 1000u);
  EXPECT_EQ(s.sentences.size(), 1u);
  // Invalid UTF-8, NUL bytes and lone continuation bytes never crash and keep the invariants.
  static constexpr char kBad[] = "a\xFF\xFE b\x80\x80 c\0d \xE2\x80 e\xF0\x9F";
  std::string bad = std::string(kBad, sizeof(kBad) - 1) + "'s \"";
  Seg b = SegmentAll(bad);
  CheckInvariants(bad, b);
  EXPECT_GE(b.tokens.size(), 4u);
}

TEST(SplitterTest, InvariantsOnMixedText) {
  std::string text =
      "WASHINGTON (Reuters) - The U.S. Senate voted 51-49 on Tuesday.\n\"It's over,\" "
      "Sen. Mitch McConnell told reporters... Others disagreed!\n\n(More: https://x.org/y.)";
  Seg s = SegmentAll(text);
  CheckInvariants(text, s);
}

TEST(SegmenterTest, AppendsWithTokenIndices) {
  Segmenter seg;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  seg.Segment("One two.", &sentences, &tokens);
  seg.Segment("Three. Four", &sentences, &tokens);
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[1].token_begin, 3u);
  EXPECT_EQ(sentences[1].token_end, 5u);
  EXPECT_EQ(sentences[2].token_end, 6u);
  // Offsets are relative to the text given.
  EXPECT_EQ(tokens[3].clean, (ByteSpan{0, 5}));
  EXPECT_TRUE(tokens[2].space_after);
  EXPECT_FALSE(tokens[3].space_after);
}

TEST(SegmenterTest, StageFillsDocument) {
  Document doc;
  doc.clean = "The talks failed. Both sides left.";
  doc.tokens.push_back(Token());  // stale layer is replaced
  SegmentStage stage;
  EXPECT_EQ(stage.name(), "segment");
  ASSERT_TRUE(stage.Process(doc).ok());
  EXPECT_EQ(doc.sentences.size(), 2u);
  EXPECT_EQ(doc.tokens.size(), 8u);
  EXPECT_EQ(doc.TokenText(doc.tokens[7]), ".");
}

TEST(AbbreviationTest, Classes) {
  EXPECT_EQ(ClassifyAbbreviation("Mr."), AbbrevClass::kTitle);
  EXPECT_EQ(ClassifyAbbreviation("MR."), AbbrevClass::kTitle);
  EXPECT_EQ(ClassifyAbbreviation("U.S."), AbbrevClass::kOther);
  EXPECT_EQ(ClassifyAbbreviation("Ph.D."), AbbrevClass::kOther);
  EXPECT_EQ(ClassifyAbbreviation("J."), AbbrevClass::kInitial);
  EXPECT_EQ(ClassifyAbbreviation("home."), AbbrevClass::kNone);
  EXPECT_EQ(ClassifyAbbreviation("mass."), AbbrevClass::kNone);
  EXPECT_EQ(ClassifyAbbreviation("Mr"), AbbrevClass::kNone);
  EXPECT_TRUE(IsSentenceStarter("The"));
  EXPECT_FALSE(IsSentenceStarter("Louis"));
}

}  // namespace
}  // namespace dyad
