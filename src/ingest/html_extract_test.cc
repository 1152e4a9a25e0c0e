#include "ingest/html_extract.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "base/file.h"
#include "ingest/charset.h"
#include "ingest/gzip_stream.h"
#include "ingest/html_eval_metric.h"
#include "ingest/html_prefilter.h"
#include "ingest/web_test_util.h"

namespace dyad::web {
namespace {

using dyad::testing::NewsPage;

bool Contains(const std::string& s, std::string_view needle) {
  return s.find(needle) != std::string::npos;
}

TEST(HtmlExtract, KeepsTheArticleDropsBoilerplate) {
  Result<ExtractedArticle> a = ExtractArticle(NewsPage("Talks to resume", 5), "");
  ASSERT_TRUE(a.ok());
  std::string text = a->Text();
  EXPECT_TRUE(Contains(text, "Paragraph 0 of the story")) << text;
  EXPECT_TRUE(Contains(text, "Paragraph 4 of the story")) << text;
  EXPECT_TRUE(Contains(text, "no date had been fixed yet")) << text;
  for (const char* junk : {"Home", "Sport", "Share on Facebook", "Related stories",
                           "Great article", "Copyright 2019", "Yet another story"}) {
    EXPECT_FALSE(Contains(text, junk)) << junk << " in: " << text;
  }
  // Structure: paragraphs and the heading are separate blocks joined by blank lines.
  bool heading = false;
  for (const TextBlock& b : a->blocks) {
    if (b.kind == BlockKind::kHeading && b.text == "What comes next") heading = true;
    EXPECT_NE(b.text, "Talks to resume");  // the title is metadata, not body
  }
  EXPECT_TRUE(heading);
  EXPECT_TRUE(Contains(text, ".\n\nParagraph 1"));
  EXPECT_EQ(a->meta.title, "Talks to resume");
  EXPECT_EQ(a->meta.language, "en");
}

TEST(HtmlExtract, Metadata) {
  std::string head =
      "<meta property=\"og:site_name\" content=\"Daily Example\">"
      "<meta property=\"article:published_time\" content=\"2019-11-19T08:30:00-05:00\">"
      "<meta name=\"author\" content=\"Jane Doe\">"
      "<link rel=\"canonical\" href=\"/2019/11/19/talks.html\">";
  Result<ExtractedArticle> a =
      ExtractArticle(NewsPage("Talks", 3, head), "https://news.example.com/x?utm=1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->meta.site_name, "Daily Example");
  EXPECT_EQ(a->meta.published, (Date{2019, 11, 19}));
  EXPECT_EQ(a->meta.published_from, "meta");
  EXPECT_EQ(a->meta.author, "Jane Doe");
  EXPECT_EQ(a->meta.canonical_url, "https://news.example.com/2019/11/19/talks.html");
}

TEST(HtmlExtract, DateFromJsonLdTimeAndUrl) {
  std::string ld =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
      "\"NewsArticle\",\"headline\":\"H\",\"datePublished\":\"2020-02-03T10:00:00Z\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"A. Writer\"}],\"publisher\":{\"name\":"
      "\"Example Post\"}}</script>";
  Result<ExtractedArticle> a = ExtractArticle(NewsPage("T", 3, ld), "");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->meta.published, (Date{2020, 2, 3}));
  EXPECT_EQ(a->meta.published_from, "json-ld");
  EXPECT_EQ(a->meta.author, "A. Writer");

  std::string page = NewsPage("T", 3);
  std::string with_time = page;
  with_time.insert(with_time.find("<div class=\"article-body\">"),
                   "<time datetime=\"2018-07-04\" class=\"published\">4 July</time>");
  a = ExtractArticle(with_time, "");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->meta.published, (Date{2018, 7, 4}));
  EXPECT_EQ(a->meta.published_from, "time");

  a = ExtractArticle(page, "https://example.com/news/2017/05/06/story-name");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->meta.published, (Date{2017, 5, 6}));
  EXPECT_EQ(a->meta.published_from, "url");

  a = ExtractArticle(page, "https://example.com/news/story-name");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->meta.published.known());  // never invented
}

TEST(HtmlExtract, DateFromUrlPatterns) {
  EXPECT_EQ(DateFromUrl("https://x.com/2019/11/19/opinion/a.html"), (Date{2019, 11, 19}));
  EXPECT_EQ(DateFromUrl("https://x.com/news/2019-11-19-some-title"), (Date{2019, 11, 19}));
  EXPECT_EQ(DateFromUrl("https://x.com/a/20191119/story"), (Date{2019, 11, 19}));
  EXPECT_FALSE(DateFromUrl("https://x.com/2019/11/story").known());
  EXPECT_FALSE(DateFromUrl("https://x.com/article/123456789").known());
  EXPECT_FALSE(DateFromUrl("https://x.com/2019/02/30/x").known());
  EXPECT_FALSE(DateFromUrl("https://2019.com/").known());
}

TEST(HtmlExtract, HiddenAndScriptContentIgnored) {
  std::string page = NewsPage("T", 3);
  page.insert(page.find("<div class=\"article-body\">"),
              "<div style=\"display: none\">HIDDEN-TEXT with many words, commas, and more "
              "commas, to look like prose.</div><script>var x = 'SCRIPT-TEXT';</script>"
              "<noscript>NOSCRIPT-TEXT</noscript>");
  Result<ExtractedArticle> a = ExtractArticle(page, "");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(Contains(a->Text(), "HIDDEN-TEXT"));
  EXPECT_FALSE(Contains(a->Text(), "SCRIPT-TEXT"));
  EXPECT_FALSE(Contains(a->Text(), "NOSCRIPT-TEXT"));
}

TEST(HtmlExtract, MisleadingWrapperClassFallsBack) {
  // The whole page sits in a wrapper whose class says "sidebar": the strict pass finds too
  // little, the lenient pass still returns the article.
  std::string p;
  for (int i = 0; i < 4; ++i)
    p += "<p>The committee met on Monday, and members said the budget, which had been delayed, "
         "would be published soon.</p>";
  std::string page = "<html><body><div class=\"has-sidebar\">" + p + "</div></body></html>";
  Result<ExtractedArticle> a = ExtractArticle(page, "");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->blocks.size(), 4u);
}

// Bad input: nothing crashes, limits give clear errors.
TEST(HtmlExtract, BadInput) {
  EXPECT_TRUE(ExtractArticle("", "").ok());
  EXPECT_TRUE(ExtractArticle("", "")->blocks.empty());
  std::string page = NewsPage("T", 5);
  for (size_t cut : {size_t{1}, page.size() / 3, page.size() / 2, page.size() - 7}) {
    Result<ExtractedArticle> a = ExtractArticle(page.substr(0, cut), "");
    EXPECT_TRUE(a.ok()) << cut;
  }
  std::string binary;
  for (int i = 0; i < 20000; ++i) binary.push_back(static_cast<char>((i * 7919) & 0xFF));
  EXPECT_TRUE(ExtractArticle(binary, "").ok());
  ExtractOptions small;
  small.max_nodes = 10;
  Result<ExtractedArticle> r = ExtractArticle(page, "", small);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tags"), std::string::npos);
}

TEST(HtmlExtract, NestedTableMonsterAndDeepNesting) {
  std::string tables;
  for (int i = 0; i < 20000; ++i) tables += "<table><tr><td>";
  tables += "<p>Deep text, with commas, inside tables.</p>";
  auto t0 = std::chrono::steady_clock::now();
  Result<ExtractedArticle> a = ExtractArticle("<html><body>" + tables + "</body></html>", "");
  EXPECT_TRUE(a.ok());
  std::string divs;
  for (int i = 0; i < 200000; ++i) divs += "<div>";
  divs += "text";
  a = ExtractArticle(divs, "");
  EXPECT_TRUE(a.ok());
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 60.0);
}

// Differential: the pre-filter must not change what is extracted.
void ExpectSameWithAndWithoutPrefilter(const std::string& html, const std::string& label) {
  ExtractOptions off;
  off.prefilter = false;
  Result<ExtractedArticle> a = ExtractArticle(html, "https://example.com/2020/01/02/x");
  Result<ExtractedArticle> b = ExtractArticle(html, "https://example.com/2020/01/02/x", off);
  ASSERT_TRUE(a.ok() && b.ok()) << label;
  EXPECT_EQ(WordTokens(a->Text()), WordTokens(b->Text())) << label;
  EXPECT_EQ(a->meta.title, b->meta.title) << label;
  EXPECT_EQ(a->meta.published, b->meta.published) << label;
  EXPECT_EQ(a->meta.author, b->meta.author) << label;
  EXPECT_EQ(a->meta.canonical_url, b->meta.canonical_url) << label;
  EXPECT_EQ(a->meta.site_name, b->meta.site_name) << label;
  EXPECT_EQ(a->meta.description, b->meta.description) << label;
  EXPECT_EQ(a->meta.language, b->meta.language) << label;
  EXPECT_EQ(a->meta.published_from, b->meta.published_from) << label;
}

// Each thread has its own parser and tree, kept between pages; a page large enough to make the
// thread let its tree go must leave the thread able to parse the next page.
TEST(HtmlExtract, ConcurrentCallsAndTreeReuse) {
  std::vector<std::string> pages;
  for (int i = 0; i < 12; ++i) pages.push_back(NewsPage("Story " + std::to_string(i), 1 + i % 6));
  std::string big = "<html><body><article>";
  while (big.size() < (9u << 18))  // 2.25 MiB: over the size after which a tree is let go
    big += "<p>Some text, with a comma, in one more paragraph of a very long article.</p>\n";
  big += "</article></body></html>";
  pages.push_back(big);
  pages.push_back("");  // and the degenerate ones
  pages.push_back("<p>");

  std::vector<std::string> expected;
  for (const std::string& p : pages) {
    Result<ExtractedArticle> a = ExtractArticle(p, "");
    ASSERT_TRUE(a.ok());
    expected.push_back(a->meta.title + "|" + a->Text());
  }
  EXPECT_GT(expected[pages.size() - 3].size(), size_t{1} << 20);  // the big page's text

  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2; ++round) {
        for (size_t k = 0; k < pages.size(); ++k) {
          size_t i = (k * (t + 1) + round) % pages.size();  // a different order per thread
          Result<ExtractedArticle> a = ExtractArticle(pages[i], "");
          if (!a.ok() || a->meta.title + "|" + a->Text() != expected[i]) ++mismatches;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(HtmlPrefilter, SameExtractionOnTrickyMarkup) {
  ExpectSameWithAndWithoutPrefilter(NewsPage("T", 4), "news page");
  std::string tricky =
      "<!DOCTYPE html><html><head><title>a < b</title><style>p{x:1}</style>"
      "<script>if (a < b && c > d) document.write('<p>not text</p>');</script>"
      "<link rel=stylesheet href=x.css><link rel=\"canonical\" href=\"https://e.com/c\">"
      "</head><body><!-- a comment <p>hidden</p> --><div class='main' data-x=\"1 > 0\" "
      "onclick=\"f('>')\"><p title='x\"y'>First paragraph, with commas, of the text.</p>"
      "<svg><text>SVG TEXT</text><svg><g/></svg></svg><p>Second, also, a paragraph "
      "here.</p><textarea><p>raw</p></textarea><p style=\"display:none\">gone</p>"
      "<p>Last one &amp; done, 1 &lt; 2.</p></div><?php echo 1; ?></body></html>";
  ExpectSameWithAndWithoutPrefilter(tricky, "tricky");
  for (size_t cut = 10; cut < tricky.size(); cut += 37) {
    ExpectSameWithAndWithoutPrefilter(tricky.substr(0, cut), "cut " + std::to_string(cut));
  }
  // A <nav> whose end tag is missing: the parser closes it at the </div>; the pre-filter must
  // not skip the article that follows up to a later </nav>.
  std::string paras;
  for (int i = 0; i < 6; ++i)
    paras += "<p>Paragraph number " + std::to_string(i) + ", with commas, of the article.</p>";
  ExpectSameWithAndWithoutPrefilter("<html><body><div><nav><a href=/>Home</a></div><div>" + paras +
                                        "</div><nav><a href=/x>X</a></nav></body></html>",
                                    "unclosed nav");
  ExpectSameWithAndWithoutPrefilter("<html><body><nav><a href=/>Home</a></nav><aside><p>Side, "
                                    "note, text here.</p></aside><article>" + paras +
                                        "</article></body></html>",
                                    "closed nav and aside");
  std::string small = PrefilterHtml(tricky);
  EXPECT_LT(small.size(), tricky.size());
  EXPECT_EQ(small.find("document.write"), std::string::npos);
  EXPECT_EQ(small.find("onclick"), std::string::npos);
}

TEST(HtmlPrefilter, SameExtractionOnBenchmarkPages) {
  std::string dir = std::string(DYAD_SHARED_DIR) + "/eval/extraction/html";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) GTEST_SKIP() << dir << " not present";
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (++n > 60) break;  // a sample keeps the test fast
    Result<std::string> raw = ReadFileToString(e.path().string());
    ASSERT_TRUE(raw.ok());
    Result<std::string> html = GunzipBuffer(*raw);
    ASSERT_TRUE(html.ok());
    ExpectSameWithAndWithoutPrefilter(*html, e.path().filename().string());
  }
}

TEST(ExtractionMetric, MatchesTheDefinition) {
  EXPECT_EQ(WordTokens("Hello, world_1 — café 42!").size(), 4u);
  PageScore s = ScorePage("a b c d e", "a b c d e");
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_TRUE(s.exact);
  s = ScorePage("a b c d e", "a b c d");  // gold shingles abcd, bcde; predicted abcd
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  s = ScorePage("a b", "a b");  // shorter than 4 tokens: one shingle
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  s = ScorePage("a b c d e", "");
  EXPECT_FALSE(s.has_precision);
  EXPECT_DOUBLE_EQ(s.recall, 0.0);
  ExtractionScore total;
  total.Add("a b c d e", "a b c d e");
  total.Add("a b c d e", "");
  EXPECT_DOUBLE_EQ(total.precision(), 1.0);  // the empty prediction is left out
  EXPECT_DOUBLE_EQ(total.recall(), 0.5);
}

}  // namespace
}  // namespace dyad::web
