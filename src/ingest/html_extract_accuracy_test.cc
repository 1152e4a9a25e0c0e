// Accuracy floor for article extraction (label: accuracy). Reads the benchmark from
// ../shared/eval/extraction; skipped when it is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "ingest/charset.h"
#include "ingest/gzip_stream.h"
#include "ingest/html_eval_metric.h"
#include "ingest/html_extract.h"

namespace dyad::web {
namespace {

// Accuracy floor on the article-extraction benchmark (F1 0.963 when this was written; the
// published best open-source figure is 0.958). Fails if a change makes extraction worse.
TEST(ExtractionAccuracy, BenchmarkF1Floor) {
  std::string base = std::string(DYAD_SHARED_DIR) + "/eval/extraction";
  std::error_code ec;
  if (!std::filesystem::exists(base + "/ground-truth.json", ec)) GTEST_SKIP() << "no benchmark";
  Result<std::string> gold_text = ReadFileToString(base + "/ground-truth.json");
  ASSERT_TRUE(gold_text.ok());
  nlohmann::json gold = nlohmann::json::parse(*gold_text);
  ExtractionScore score;
  for (auto it = gold.begin(); it != gold.end(); ++it) {
    Result<std::string> raw = ReadFileToString(base + "/html/" + it.key() + ".html.gz");
    ASSERT_TRUE(raw.ok()) << it.key();
    Result<std::string> html = GunzipBuffer(*raw);
    ASSERT_TRUE(html.ok());
    CharsetGuess cs = DetectHtmlCharset(*html, "");
    Result<std::string> utf8 = ConvertToUtf8(*html, cs.name, nullptr);
    ASSERT_TRUE(utf8.ok());
    Result<ExtractedArticle> a = ExtractArticle(*utf8, it.value()["url"].get<std::string>());
    ASSERT_TRUE(a.ok());
    score.Add(it.value()["articleBody"].get<std::string>(), a->Text());
  }
  EXPECT_EQ(score.pages(), 181);
  EXPECT_GE(score.f1(), 0.955);
  EXPECT_GE(score.precision(), 0.94);
  EXPECT_GE(score.recall(), 0.96);
}

}  // namespace
}  // namespace dyad::web
