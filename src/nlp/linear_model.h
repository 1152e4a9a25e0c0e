// A sparse multi-class linear model over hashed features: the scoring core of the tagger, parser
// and NER.
//
//   float scores[kMaxClasses] = {};
//   model.Score(keys, n, scores);   // scores[c] += sum of weights of each key for class c
//
// Each feature key maps to a short list of (class, weight) pairs: an averaged perceptron only
// gives a feature weight for the classes it was confused with, so the lists are short and the
// model stays small. Weights are stored quantised to 16 bits with one scale per model, and
// zlib-compressed on disk; in memory too they stay 16-bit (next to their class), found through
// an open-addressing table.
//
// Thread-safety: immutable after construction; Score() may be called from many threads.
#ifndef DYAD_NLP_LINEAR_MODEL_H_
#define DYAD_NLP_LINEAR_MODEL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dyad/status.h"
#include "nlp/model_file.h"

namespace dyad::nlp {

class LinearModel {
 public:
  struct Weight {
    uint16_t cls;
    float w;
  };
  struct Feature {
    uint64_t key;
    std::vector<Weight> weights;
  };

  LinearModel() = default;
  // Builds a model from per-feature weights. Weights are quantised exactly as Serialize() will
  // store them, so a built model and its saved-and-loaded copy score identically.
  static LinearModel Build(int num_classes, std::vector<Feature> features);

  int num_classes() const { return num_classes_; }
  size_t num_features() const { return num_features_; }
  size_t num_weights() const { return e_.size(); }

  // Adds the weights of the `n` keys to scores[0..num_classes()).
  void Score(const uint64_t* keys, size_t n, float* scores) const;

  // The features and their (dequantised) weights, by increasing key.
  std::vector<Feature> Features() const;
  // One model scoring the classes of all `models` side by side: class c of models[m] is class
  // m * num_classes + c (all must have the same number of classes). Weights are quantised again
  // with one scale for all.
  static LinearModel Concat(const std::vector<LinearModel>& models);

  // A copy without the weights whose magnitude is below `min_abs` (features left without
  // weights are dropped): a smaller model that scores almost the same.
  LinearModel Pruned(float min_abs) const;

  // Appends the compressed encoding.
  void Serialize(ByteWriter* out) const;
  // Reads what Serialize() wrote; Corruption naming `origin` when it does not decode.
  static Result<LinearModel> Deserialize(std::string_view bytes, const std::string& origin);

 private:
  struct Slot {
    uint64_t key;  // 0 = empty
    uint32_t begin;
    uint32_t count;
  };
  void BuildTable(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& counts);

  int num_classes_ = 0;
  size_t num_features_ = 0;
  float scale_ = 1.0f;
  std::vector<Slot> table_;
  uint64_t mask_ = 0;
  // The (class, quantised weight) pairs of every feature, a feature's pairs side by side (one
  // cache line to fetch for most features); a weight is q * scale_.
  struct Entry {
    uint16_t cls;
    int16_t q;
  };
  std::vector<Entry> e_;
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_LINEAR_MODEL_H_
