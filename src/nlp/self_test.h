// The self-test every model runs on load: the sample sentences stored at training time must give
// the outputs stored with them, else the file is damaged or was written by an incompatible build.
#ifndef DYAD_NLP_SELF_TEST_H_
#define DYAD_NLP_SELF_TEST_H_

#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad::nlp {

using Samples = std::vector<std::vector<std::string>>;

// `run(input, &ok)` returns the model's outputs for one stored input (ok=false when the input
// cannot be replayed). `what` names the output in messages ("tags", "entities", "parses").
template <typename Run>
Status CheckSelfTest(const Samples& inputs, const Samples& expected, const std::string& origin,
                     const char* what, Run run) {
  if (inputs.size() != expected.size()) {
    return Corruption(origin + ": self-test table is inconsistent");
  }
  for (size_t s = 0; s < inputs.size(); ++s) {
    bool ok = true;
    std::vector<std::string> got = run(inputs[s], &ok);
    if (!ok || got != expected[s]) {
      return Corruption(origin + ": self-test sentence " + std::to_string(s + 1) + " gives " +
                        what +
                        " different from when the model was trained (damaged model or "
                        "incompatible build)");
    }
  }
  return Status::Ok();
}

}  // namespace dyad::nlp

#endif  // DYAD_NLP_SELF_TEST_H_
