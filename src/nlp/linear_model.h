// A sparse multi-class linear model over hashed features: the scoring core of the tagger, parser
// and NER.
//
//   float scores[kMaxClasses] = {};
//   model.Score(keys, n, scores);   // scores[c] += sum of weights of each key for class c
//
// Each feature key maps to a short list of (class, weight) pairs: an averaged perceptron only
// gives a feature weight for the classes it was confused with, so the lists are short and the
// model stays small. Weights are stored quantised to 16 bits with one scale per model, and
// zlib-compressed on disk; in memory too they stay 16-bit, next to their class, found through an
// open-addressing table whose slot holds the weights themselves when a feature has one or two
// (most do).
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
  size_t num_weights() const { return num_weights_; }

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
  // A (class, quantised weight) pair; the weight is q * scale_.
  struct Entry {
    uint16_t cls;
    int16_t q;
  };
  // A feature's slot in the open-addressing table. A feature with one or two weights keeps them
  // in the slot itself (most features: one cache miss per lookup instead of two): `a` and `b`
  // are the packed entries, b's class kNoClass when there is one. Otherwise `a` is the index of
  // its first entry in e_ and `b` is kOutOfLine | count << 16. Classes are below kNoClass, so
  // bit 15 of `b` tells the two apart.
  struct Slot {
    uint64_t key;  // 0 = empty
    uint32_t a;
    uint32_t b;
  };
  static constexpr uint32_t kOutOfLine = 0x8000;
  static constexpr uint16_t kNoClass = 0x7fff;
  static uint32_t Pack(Entry e) {
    return uint32_t{e.cls} | uint32_t{static_cast<uint16_t>(e.q)} << 16;
  }
  static Entry Unpack(uint32_t v) {
    return {static_cast<uint16_t>(v & 0xffff), static_cast<int16_t>(static_cast<uint16_t>(v >> 16))};
  }
  // The entries of `s` (those kept in the slot are copied to `buf`): sets *out, returns the count.
  uint32_t Entries(const Slot& s, Entry buf[2], const Entry** out) const;
  // The slots, by increasing key.
  std::vector<const Slot*> SortedSlots() const;
  // Builds the table from features `keys` whose `counts` entries follow one another in e_ (in
  // key order); moves the entries of small features into their slots.
  void BuildTable(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& counts);

  int num_classes_ = 0;  // below kNoClass
  size_t num_features_ = 0, num_weights_ = 0;
  float scale_ = 1.0f;
  std::vector<Slot> table_;
  uint64_t mask_ = 0;
  std::vector<Entry> e_;  // the entries of the features with more than two
};

}  // namespace dyad::nlp

#endif  // DYAD_NLP_LINEAR_MODEL_H_
