#include "train/perceptron.h"

#include <cmath>

namespace dyad::train {

void AveragedPerceptron::Score(const uint64_t* keys, size_t n, float* scores) const {
  for (size_t i = 0; i < n; ++i) {
    auto it = features_.find(keys[i] == 0 ? 1 : keys[i]);
    if (it == features_.end()) continue;
    for (const Entry& e : it->second) scores[e.cls] += e.w;
  }
}

void AveragedPerceptron::Change(std::vector<Entry>& es, int cls, float delta) {
  for (Entry& e : es) {
    if (e.cls == cls) {
      e.total += static_cast<double>(now_ - e.stamp) * e.w;
      e.stamp = now_;
      e.w += delta;
      return;
    }
  }
  es.push_back(Entry{static_cast<uint16_t>(cls), delta, 0.0, now_});
}

void AveragedPerceptron::Update(const uint64_t* keys, size_t n, int gold, int predicted,
                                float amount) {
  if (gold == predicted) return;
  for (size_t i = 0; i < n; ++i) {
    auto& es = features_[keys[i] == 0 ? 1 : keys[i]];
    Change(es, gold, amount);
    if (predicted >= 0) Change(es, predicted, -amount);
  }
}

nlp::LinearModel AveragedPerceptron::Average(float min_abs) const {
  std::vector<nlp::LinearModel::Feature> feats;
  feats.reserve(features_.size());
  for (const auto& [key, es] : features_) {
    nlp::LinearModel::Feature f;
    f.key = key;
    for (const Entry& e : es) {
      double total = e.total + static_cast<double>(now_ - e.stamp) * e.w;
      float avg = static_cast<float>(total / static_cast<double>(now_));
      if (std::fabs(avg) > min_abs && avg != 0.0f) f.weights.push_back({e.cls, avg});
    }
    if (!f.weights.empty()) feats.push_back(std::move(f));
  }
  return nlp::LinearModel::Build(num_classes_, std::move(feats));
}

}  // namespace dyad::train
