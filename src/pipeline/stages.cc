#include "pipeline/stages.h"

#include <cstdlib>

#include "text/clean.h"
#include "text/segmenter.h"
#include "nlp/nlp_stages.h"  // nlp stages
#include "resolve/resolver.h"  // resolve stage

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
  {
    // Tagger, parser, NER from config.models_dir; a missing or damaged model is an error.
    auto nlp = nlp::MakeNlpStages(config.models_dir, config.ner);
    if (!nlp.ok()) return nlp.status();
    for (auto& st : *nlp) stages.push_back(std::move(st));
  }

  // --- resolve stage ---
  {
    auto kb = resolve::LoadKnowledgeBase(config.kb_dir, config.extra_kb);
    if (!kb.ok()) return kb.status();
    stages.push_back(std::make_unique<resolve::ResolveStage>(*kb));
  }

  return stages;
}

}  // namespace dyad
