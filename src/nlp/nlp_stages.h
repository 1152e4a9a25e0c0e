// Pipeline stages of the language layer: "tagger" (UPOS, XPOS, lemma, FEATS), "parser" (head,
// relation) and "ner" (IOB2 tags and Document::mentions). Each runs sentence by sentence over the
// segmenter's tokens and shares one read-only model between all worker threads.
//
//   ASSIGN_OR_RETURN(auto stages, nlp::MakeNlpStages("models"));   // tagger, parser, ner
//
// Thread-safety: Process() is safe to call concurrently on different Documents.
#ifndef DYAD_NLP_NLP_STAGES_H_
#define DYAD_NLP_NLP_STAGES_H_

#include <memory>
#include <string>
#include <string_view>

#include "dyad/stage.h"
#include "nlp/ner.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"

namespace dyad::nlp {

// File names of the shipped models inside a models directory.
constexpr const char* kTaggerFile = "tagger.dyad";
constexpr const char* kParserFile = "parser.dyad";
constexpr const char* kNerFile = "ner.dyad";         // NER for news (the default)
constexpr const char* kNerWebFile = "ner-web.dyad";  // NER for web text (docs/models.md)

// The NER model file of a variant: "news" (kNerFile) or "web" (kNerWebFile); anything else is
// an InvalidArgument error naming the choices.
Result<std::string> NerFileFor(std::string_view variant);

class TaggerStage : public Stage {
 public:
  explicit TaggerStage(std::shared_ptr<const Tagger> t) : t_(std::move(t)) {}
  std::string_view name() const override { return "tagger"; }
  Status Process(Document& doc) const override;

 private:
  std::shared_ptr<const Tagger> t_;
};

class ParserStage : public Stage {
 public:
  explicit ParserStage(std::shared_ptr<const Parser> p) : p_(std::move(p)) {}
  std::string_view name() const override { return "parser"; }
  Status Process(Document& doc) const override;

 private:
  std::shared_ptr<const Parser> p_;
};

// Fills Token::ner and appends one Mention per entity (type PER/ORG/LOC, clean byte span, text).
class NerStage : public Stage {
 public:
  explicit NerStage(std::shared_ptr<const Ner> n) : n_(std::move(n)) {}
  std::string_view name() const override { return "ner"; }
  Status Process(Document& doc) const override;

 private:
  std::shared_ptr<const Ner> n_;
};

// Loads the three models from `models_dir` and returns the stages in order (tagger, parser, ner),
// the NER of `ner_variant` (NerFileFor). A missing or damaged model is an error naming the file.
Result<StageList> MakeNlpStages(const std::string& models_dir,
                                std::string_view ner_variant = "news");

}  // namespace dyad::nlp

#endif  // DYAD_NLP_NLP_STAGES_H_
