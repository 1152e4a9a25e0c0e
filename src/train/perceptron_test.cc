#include "train/perceptron.h"

#include <gtest/gtest.h>

namespace dyad::train {
namespace {

std::vector<float> ScoresOf(const nlp::LinearModel& m, uint64_t key) {
  std::vector<float> s(static_cast<size_t>(m.num_classes()), 0.0f);
  m.Score(&key, 1, s.data());
  return s;
}

// The average is the sum of the weights each instance saw, over the clock (which starts at 1,
// so k instances divide by k + 1: a constant scale that changes no decision).
TEST(AveragedPerceptron, AveragesOverTime) {
  AveragedPerceptron p(2);
  const uint64_t k = 7;
  p.Update(&k, 1, 0, 1);  // (+1, -1) for the first two instances
  p.Tick();
  p.Tick();
  p.Update(&k, 1, 1, 0);  // back to (0, 0) for the third
  p.Tick();
  auto s = ScoresOf(p.Average(), k);
  EXPECT_NEAR(s[0], 2.0 / 4, 1e-3);
  EXPECT_NEAR(s[1], -2.0 / 4, 1e-3);
}

TEST(AveragedPerceptron, DomainCopiesFoldIntoTheSharedWeights) {
  AveragedPerceptron p(3);
  const uint64_t k = 42;
  p.SetDomain(1);
  p.Update(&k, 1, 0, 1);  // instance 1, domain 1
  p.Tick();
  p.SetDomain(2);
  p.Update(&k, 1, 2, 0);  // instance 2, domain 2: a class domain 1's copy never saw
  p.Tick();
  // Shared weights over the two instances: class 0 (1, 0), class 1 (-1, -1), class 2 (0, 1).
  auto shared = ScoresOf(p.Average(0.0f, 0), k);
  EXPECT_NEAR(shared[0], 1.0 / 3, 1e-3);
  EXPECT_NEAR(shared[1], -2.0 / 3, 1e-3);
  EXPECT_NEAR(shared[2], 1.0 / 3, 1e-3);
  // Domain 1's copy: class 0 (1, 1), class 1 (-1, -1), added class by class.
  auto one = ScoresOf(p.Average(0.0f, 1), k);
  EXPECT_NEAR(one[0], 1.0 / 3 + 2.0 / 3, 1e-3);
  EXPECT_NEAR(one[1], -2.0 / 3 - 2.0 / 3, 1e-3);
  EXPECT_NEAR(one[2], 1.0 / 3, 1e-3);
  // Domain 2's copy: class 0 (0, -1), class 2 (0, 1).
  auto two = ScoresOf(p.Average(0.0f, 2), k);
  EXPECT_NEAR(two[0], 1.0 / 3 - 1.0 / 3, 1e-3);
  EXPECT_NEAR(two[1], -2.0 / 3, 1e-3);
  EXPECT_NEAR(two[2], 1.0 / 3 + 1.0 / 3, 1e-3);
  // A domain that never trained folds nothing in.
  auto none = ScoresOf(p.Average(0.0f, 3), k);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(none[c], shared[c], 1e-3);
}

// Two corpora that label the same evidence differently: each domain's model follows its own
// corpus, which a model with one set of weights cannot do.
TEST(AveragedPerceptron, EachDomainLearnsItsOwnConvention) {
  AveragedPerceptron p(2);
  const uint64_t common = 1, bias = 2;
  const uint64_t keys[] = {common, bias};
  for (int epoch = 0; epoch < 10; ++epoch) {
    for (int d = 1; d <= 2; ++d) {
      p.SetDomain(d);
      float s[2] = {0, 0};
      p.Score(keys, 2, s);
      const int gold = d == 1 ? 0 : 1;
      const int pred = s[1] > s[0] ? 1 : 0;
      p.Update(keys, 2, gold, pred);
      p.Tick();
    }
  }
  for (int d = 1; d <= 2; ++d) {
    nlp::LinearModel m = p.Average(0.0f, d);
    float s[2] = {0, 0};
    m.Score(keys, 2, s);
    EXPECT_EQ(s[1] > s[0] ? 1 : 0, d == 1 ? 0 : 1) << "domain " << d;
  }
}

}  // namespace
}  // namespace dyad::train
