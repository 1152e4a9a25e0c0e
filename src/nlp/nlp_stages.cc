#include "nlp/nlp_stages.h"

namespace dyad::nlp {
namespace {

Status CheckSentence(const Document& doc, const Sentence& s) {
  if (s.token_begin > s.token_end || s.token_end > doc.tokens.size()) {
    return Internal("sentence token range out of bounds");
  }
  return Status::Ok();
}

}  // namespace

Status TaggerStage::Process(Document& doc) const {
  for (const Sentence& s : doc.sentences) {
    RETURN_IF_ERROR(CheckSentence(doc, s));
    t_->Tag(doc.tokens.data() + s.token_begin, s.token_end - s.token_begin);
  }
  return Status::Ok();
}

Status ParserStage::Process(Document& doc) const {
  for (const Sentence& s : doc.sentences) {
    RETURN_IF_ERROR(CheckSentence(doc, s));
    p_->Parse(doc.tokens.data() + s.token_begin, s.token_end - s.token_begin);
  }
  return Status::Ok();
}

Status NerStage::Process(Document& doc) const {
  std::vector<std::pair<Token*, size_t>> sentences;
  for (const Sentence& s : doc.sentences) {
    RETURN_IF_ERROR(CheckSentence(doc, s));
    Token* toks = doc.tokens.data() + s.token_begin;
    size_t n = s.token_end - s.token_begin;
    n_->Recognize(toks, n);
    sentences.push_back({toks, n});
  }
  PropagateEntities(sentences);
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    Token* toks = doc.tokens.data() + s.token_begin;
    size_t n = s.token_end - s.token_begin;
    for (const EntitySpan& e : SpansFromIob2(toks, n)) {
      Mention m;
      m.sentence = si;
      m.token_begin = s.token_begin + e.begin;
      m.token_end = s.token_begin + e.end;
      m.clean = ByteSpan{toks[e.begin].clean.begin, toks[e.end - 1].clean.end};
      m.text = std::string(doc.Text(m.clean));
      m.type = e.type;
      m.rule = "ner";
      doc.mentions.push_back(std::move(m));
    }
  }
  return Status::Ok();
}

Result<std::string> NerFileFor(std::string_view variant) {
  if (variant == "news") return std::string(kNerFile);
  if (variant == "web") return std::string(kNerWebFile);
  return InvalidArgument("unknown NER model '" + std::string(variant) +
                         "' (news: for news text, the default; web: for web text)");
}

Result<StageList> MakeNlpStages(const std::string& models_dir, std::string_view ner_variant) {
  std::string dir = models_dir.empty() ? "." : models_dir;
  ASSIGN_OR_RETURN(std::string ner_file, NerFileFor(ner_variant));
  ASSIGN_OR_RETURN(Tagger tagger, Tagger::Load(dir + "/" + kTaggerFile));
  ASSIGN_OR_RETURN(Parser parser, Parser::Load(dir + "/" + kParserFile));
  ASSIGN_OR_RETURN(Ner ner, Ner::Load(dir + "/" + ner_file));
  StageList out;
  out.push_back(std::make_unique<TaggerStage>(std::make_shared<const Tagger>(std::move(tagger))));
  out.push_back(std::make_unique<ParserStage>(std::make_shared<const Parser>(std::move(parser))));
  out.push_back(std::make_unique<NerStage>(std::make_shared<const Ner>(std::move(ner))));
  return out;
}

}  // namespace dyad::nlp
