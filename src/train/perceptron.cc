#include "train/perceptron.h"

#include <cmath>

namespace dyad::train {

namespace {
inline uint64_t NonZero(uint64_t k) { return k == 0 ? 1 : k; }
}  // namespace

void AveragedPerceptron::SetDomain(int d) {
  domain_ = d;
  if (d > 0 && static_cast<size_t>(d) > domains_.size()) domains_.resize(static_cast<size_t>(d));
}

void AveragedPerceptron::Score(const uint64_t* keys, size_t n, float* scores) const {
  const FeatureMap* copy = domain_ > 0 ? &domains_[static_cast<size_t>(domain_ - 1)] : nullptr;
  for (size_t i = 0; i < n; ++i) {
    auto it = features_.find(NonZero(keys[i]));
    if (it == features_.end()) continue;  // a domain copy never exists without its feature
    for (const Entry& e : it->second) scores[e.cls] += e.w;
    if (copy == nullptr) continue;
    auto ct = copy->find(NonZero(keys[i]));
    if (ct == copy->end()) continue;
    for (const Entry& e : ct->second) scores[e.cls] += e.w;
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
  FeatureMap* copy = domain_ > 0 ? &domains_[static_cast<size_t>(domain_ - 1)] : nullptr;
  for (size_t i = 0; i < n; ++i) {
    auto& es = features_[NonZero(keys[i])];
    Change(es, gold, amount);
    if (predicted >= 0) Change(es, predicted, -amount);
    if (copy == nullptr) continue;
    auto& cs = (*copy)[NonZero(keys[i])];
    Change(cs, gold, amount);
    if (predicted >= 0) Change(cs, predicted, -amount);
  }
}

nlp::LinearModel AveragedPerceptron::Average(float min_abs, int fold_domain) const {
  const FeatureMap* copy =
      fold_domain > 0 && static_cast<size_t>(fold_domain) <= domains_.size()
          ? &domains_[static_cast<size_t>(fold_domain - 1)]
          : nullptr;
  auto averaged = [this](const Entry& e) {
    double total = e.total + static_cast<double>(now_ - e.stamp) * e.w;
    return static_cast<float>(total / static_cast<double>(now_));
  };
  std::vector<nlp::LinearModel::Feature> feats;
  feats.reserve(features_.size());
  std::vector<float> sum(static_cast<size_t>(num_classes_));
  std::vector<uint8_t> seen(static_cast<size_t>(num_classes_));
  for (const auto& [key, es] : features_) {
    nlp::LinearModel::Feature f;
    f.key = key;
    const std::vector<Entry>* cs = nullptr;
    if (copy != nullptr) {
      auto ct = copy->find(key);
      if (ct != copy->end()) cs = &ct->second;
    }
    if (cs == nullptr) {
      for (const Entry& e : es) {
        float avg = averaged(e);
        if (std::fabs(avg) > min_abs && avg != 0.0f) f.weights.push_back({e.cls, avg});
      }
    } else {
      // Shared weight plus the domain's own, class by class, in the shared entries' order and
      // then the classes only the copy has.
      for (const Entry& e : es) {
        sum[e.cls] = averaged(e);
        seen[e.cls] = 1;
      }
      for (const Entry& e : *cs) {
        if (!seen[e.cls]) sum[e.cls] = 0.0f;
        sum[e.cls] += averaged(e);
      }
      auto emit = [&](uint16_t cls) {
        float w = sum[cls];
        if (std::fabs(w) > min_abs && w != 0.0f) f.weights.push_back({cls, w});
      };
      for (const Entry& e : es) emit(e.cls);
      for (const Entry& e : *cs)
        if (!seen[e.cls]) emit(e.cls);
      for (const Entry& e : es) seen[e.cls] = 0;
    }
    if (!f.weights.empty()) feats.push_back(std::move(f));
  }
  return nlp::LinearModel::Build(num_classes_, std::move(feats));
}

}  // namespace dyad::train
