// Builds the engine's stage list from its resources (models, knowledge base).
//
// Resources are loaded once here and shared read-only by every worker thread. A resource that is
// asked for and cannot be loaded is an error: the engine never runs silently without it.
#ifndef DYAD_PIPELINE_STAGES_H_
#define DYAD_PIPELINE_STAGES_H_

#include <string>
#include <vector>

#include "dyad/stage.h"
#include "dyad/status.h"

namespace dyad {

struct EngineConfig {
  std::string models_dir;               // default: <install or source dir>/models
  std::string kb_dir;                   // default: <install or source dir>/data/kb
  std::vector<std::string> extra_kb;    // user KB files added on the command line
  bool text_only = false;               // clean + segment only (no models, no KB)
  std::string ner = "news";             // NER model: "news" or "web" (nlp::NerFileFor)
};

// The directory holding models/ and data/: $DYAD_HOME when set, else the source tree the binary
// was built from.
std::string DataRoot();

Result<StageList> BuildStages(const EngineConfig& config);

}  // namespace dyad

#endif  // DYAD_PIPELINE_STAGES_H_
