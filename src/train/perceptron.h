// Averaged multi-class perceptron over hashed features, for training the nlp/ models.
//
//   AveragedPerceptron p(num_classes);
//   p.Score(keys, n, scores);             // current (not averaged) weights
//   p.Update(keys, n, gold, predicted);   // when they differ
//   p.Tick();                             // once per training instance
//   nlp::LinearModel m = p.Average();
//
// Weights are stored sparsely per feature (only the classes a feature was updated for), with the
// usual lazy averaging (a running total and the time of the last change).
//
// Domain adaptation by feature augmentation (Daume III 2007, "Frustratingly easy domain
// adaptation"): after SetDomain(d), d > 0, Score and Update also use domain d's own copy of each
// feature, so what only one training corpus does (its annotation conventions) can go into that
// corpus's copies instead of the shared weights. Average(min_abs, d) returns the shared weights
// plus domain d's copies (0: the shared weights alone); a model for one domain has the size and
// the speed of one trained without domains.
//
// Thread-safety: not thread-safe.
#ifndef DYAD_TRAIN_PERCEPTRON_H_
#define DYAD_TRAIN_PERCEPTRON_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "nlp/linear_model.h"

namespace dyad::train {

class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(int num_classes) : num_classes_(num_classes) {}
  int num_classes() const { return num_classes_; }
  void Score(const uint64_t* keys, size_t n, float* scores) const;
  // Adds `amount` to (key, gold) and subtracts it from (key, predicted) for every key.
  void Update(const uint64_t* keys, size_t n, int gold, int predicted, float amount = 1.0f);
  void Tick() { ++now_; }
  // 0: shared features only (the default); d > 0: also domain d's copies.
  void SetDomain(int d);
  size_t num_features() const { return features_.size(); }
  // The averaged weights; features whose averaged weights are all below `min_abs` are dropped.
  // With fold_domain > 0, that domain's copies are added to the shared weights.
  nlp::LinearModel Average(float min_abs = 0.0f, int fold_domain = 0) const;

 private:
  struct Entry {
    uint16_t cls;
    float w;
    double total;
    int64_t stamp;
  };
  using FeatureMap = std::unordered_map<uint64_t, std::vector<Entry>>;
  void Change(std::vector<Entry>& es, int cls, float delta);

  int num_classes_;
  int64_t now_ = 1;
  int domain_ = 0;
  FeatureMap features_;
  std::vector<FeatureMap> domains_;  // domains_[d - 1]: domain d's copies
};

}  // namespace dyad::train

#endif  // DYAD_TRAIN_PERCEPTRON_H_
