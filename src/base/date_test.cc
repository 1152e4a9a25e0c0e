#include <gtest/gtest.h>

#include "base/utf8.h"
#include "dyad/document.h"

namespace dyad {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(ParseDate, IsoForms) {
  EXPECT_EQ(*ParseDate("2025-03-02"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("  2025/3/2 "), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("2025-03-02T10:00:00Z"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("2025-03-02 10:00"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("20250302"), D(2025, 3, 2));
}

TEST(ParseDate, WrittenForms) {
  EXPECT_EQ(*ParseDate("March 2, 2025"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("2 March 2025"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("Mar. 2nd, 2025"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("Sunday, March 2, 2025"), D(2025, 3, 2));
  EXPECT_EQ(*ParseDate("Friday, January 4, 2019"), D(2019, 1, 4));
  EXPECT_EQ(*ParseDate("Sept 30, 2024"), D(2024, 9, 30));
  EXPECT_EQ(*ParseDate("Sun, 02 Mar 2025 10:00:00 +0000"), D(2025, 3, 2));
}

TEST(ParseDate, NumericOnlyWhenUnambiguous) {
  EXPECT_EQ(*ParseDate("25/03/2025"), D(2025, 3, 25));
  EXPECT_EQ(*ParseDate("03/25/2025"), D(2025, 3, 25));
  Result<Date> amb = ParseDate("02/03/2025");
  ASSERT_FALSE(amb.ok());
  EXPECT_NE(amb.status().message().find("ambiguous"), std::string::npos);
}

TEST(ParseDate, RejectsNonsenseAndImpossibleDates) {
  EXPECT_FALSE(ParseDate("").ok());
  EXPECT_FALSE(ParseDate("yesterday").ok());
  EXPECT_FALSE(ParseDate("2025-02-30").ok());
  EXPECT_FALSE(ParseDate("2025-13-01").ok());
  EXPECT_FALSE(ParseDate("February 29, 2025").ok());
  EXPECT_TRUE(ParseDate("February 29, 2024").ok());
  EXPECT_FALSE(ParseDate("March 2025 Kremlin").ok());
  EXPECT_FALSE(ParseDate("2025-03-02x").ok());
}

// Error messages quote the input and go into JSON summaries, so they must be valid UTF-8 even when
// the quote is cut or the input is not UTF-8. Found by fuzz/date_fuzzer (input "\xCF\x0D").
TEST(ParseDate, ErrorMessagesAreValidUtf8) {
  Result<Date> bad = ParseDate("\xCF\x0D");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(utf8::IsValid(bad.status().message())) << bad.status().message();
  EXPECT_NE(bad.status().message().find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD

  // 79 ASCII bytes then a two-byte character: a cut at 80 bytes would split it.
  std::string long_text = std::string(79, 'x') + "\xC3\xA9 tail";
  Result<Date> cut = ParseDate(long_text);
  ASSERT_FALSE(cut.ok());
  EXPECT_TRUE(utf8::IsValid(cut.status().message())) << cut.status().message();
  EXPECT_NE(cut.status().message().find(std::string(79, 'x') + "'"), std::string::npos);

  Result<Date> ambiguous = ParseDate("03/04/2020");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("'03/04/2020'"), std::string::npos);
}

TEST(Date, DaysRoundTrip) {
  for (Date d : {D(1970, 1, 1), D(2000, 2, 29), D(2025, 3, 2), D(1999, 12, 31)}) {
    EXPECT_EQ(Date::FromDays(d.ToDays()), d);
  }
  EXPECT_EQ(D(1970, 1, 2).ToDays(), 1);
  EXPECT_EQ(D(2025, 3, 2).ToDays() - D(2025, 2, 28).ToDays(), 2);
  EXPECT_EQ(D(2025, 3, 2).ToString(), "2025-03-02");
  EXPECT_EQ(Date{}.ToString(), "");
  EXPECT_LT(D(2024, 12, 31), D(2025, 1, 1));
}

}  // namespace
}  // namespace dyad
