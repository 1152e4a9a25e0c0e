#include "pipeline/stages.h"

#include <cstdlib>

#include "text/clean.h"
#include "text/segmenter.h"

namespace dyad {

std::string DataRoot() {
  const char* home = std::getenv("DYAD_HOME");
  if (home != nullptr && *home != '\0') return home;
  return DYAD_SOURCE_DIR;
}

Result<StageList> BuildStages(const EngineConfig& config_in) {
  EngineConfig config = config_in;
  if (config.models_dir.empty()) config.models_dir = DataRoot() + "/models";
  if (config.kb_dir.empty()) config.kb_dir = DataRoot() + "/data/kb";

  StageList stages;
  stages.push_back(std::make_unique<CleanStage>());
  stages.push_back(std::make_unique<SegmentStage>());
  if (config.text_only) return stages;

  // --- nlp stages ---

  // --- resolve stage ---

  return stages;
}

}  // namespace dyad
