// Stage: one step of the per-document pipeline (clean, segment, tag, parse, resolve, ...).
//
// A stage reads the layers earlier stages wrote and adds its own. It holds only immutable
// resources (models, knowledge base) loaded before the run, so one instance is shared by all worker
// threads: Process() must be safe to call concurrently on different Documents.
//
// A stage that cannot handle a document returns a non-OK Status naming the reason; the pipeline
// records the document as failed (with that reason) and goes on. It never emits a default result.
#ifndef DYAD_STAGE_H_
#define DYAD_STAGE_H_

#include <memory>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

class Stage {
 public:
  virtual ~Stage() = default;
  // Short stable name ("clean", "segment", "tagger"); used in summaries and benchmarks.
  virtual std::string_view name() const = 0;
  // Adds this stage's layer to `doc`. Thread-safe (see above).
  virtual Status Process(Document& doc) const = 0;
};

using StageList = std::vector<std::unique_ptr<Stage>>;

}  // namespace dyad

#endif  // DYAD_STAGE_H_
