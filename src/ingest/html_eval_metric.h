// The article-extraction metric of the Zyte article-extraction benchmark, re-implemented from its
// description (../shared/eval/extraction/README.md):
//
//   tokens    = runs of Unicode word characters (letters, numbers, '_'), case kept
//   shingles  = multiset of word 4-grams (a text of 1-3 tokens is one shorter shingle)
//   per page  = TP = sum of min(gold, predicted) counts; FP, FN the excess on either side;
//               precision = TP/(TP+FP), recall = TP/(TP+FN) with: FP = FN = 0 -> both 1;
//               TP = FP = 0 -> no precision (the page is left out of the precision mean);
//               TP = FN = 0 -> no recall (left out of the recall mean)
//   corpus    = mean precision, mean recall over pages, F1 = harmonic mean of the two means
// (Checked: scoring the published outputs in the benchmark's output/ folder with this code gives
// the published F1 figures.)
//
//   dyad::web::ExtractionScore s;
//   s.Add(gold_text, predicted_text);
//   s.f1();
//
// Thread-safety: a scorer is a plain value.
#ifndef DYAD_INGEST_HTML_EVAL_METRIC_H_
#define DYAD_INGEST_HTML_EVAL_METRIC_H_

#include <string>
#include <string_view>
#include <vector>

namespace dyad::web {

// Word tokens (\w+ in Unicode regex terms: letters, numbers and '_').
std::vector<std::string_view> WordTokens(std::string_view text);

struct PageScore {
  double precision = 0, recall = 0;
  bool exact = false;  // token sequences equal
  // False when the page does not count towards the corpus precision (nothing predicted, so
  // TP + FP = 0) or recall (empty gold, TP + FN = 0).
  bool has_precision = true, has_recall = true;
};

// Scores one page.
PageScore ScorePage(std::string_view gold, std::string_view predicted);

class ExtractionScore {
 public:
  PageScore Add(std::string_view gold, std::string_view predicted);
  double precision() const { return precision_pages_ ? precision_sum_ / precision_pages_ : 0; }
  double recall() const { return recall_pages_ ? recall_sum_ / recall_pages_ : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  double accuracy() const { return pages_ ? static_cast<double>(exact_) / pages_ : 0; }
  int pages() const { return pages_; }

 private:
  double precision_sum_ = 0, recall_sum_ = 0;
  int pages_ = 0, exact_ = 0, precision_pages_ = 0, recall_pages_ = 0;
};

}  // namespace dyad::web

#endif  // DYAD_INGEST_HTML_EVAL_METRIC_H_
