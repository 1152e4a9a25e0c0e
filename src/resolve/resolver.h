// Mention -> actor resolution: finds actor mentions with the knowledge base, resolves them to
// codes valid on the document's date, discovers unknown people from titles and appositions, and
// links later mentions (surname only, "the spokesman", he/she) to what they refer to.
//
//   auto kb = dyad::resolve::LoadKnowledgeBase("data/kb", {"my.tsv"});   // Result<shared_ptr>
//   dyad::resolve::Resolver r(*kb);
//   RETURN_IF_ERROR(r.Resolve(doc));   // fills doc.mentions
//
// What it reads: doc.clean, doc.tokens and doc.sentences (required: a document without tokens gets
// no mentions), doc.meta.published (may be unknown), and, when present, mentions the NER stage put
// in doc.mentions (PER/ORG/LOC/...) and token upos. It never requires the language layer.
//
// What it writes: doc.mentions, sorted by start offset, replacing the NER mentions with resolved
// copies (same spans) plus the mentions it found itself (types PER, ORG, LOC, NORP, AGENT, PRON).
// Every resolved mention has `rule` (which rule decided, with evidence for discoveries) and
// `confidence`. The rules, and CAMEO practice for former office holders, are in docs/actors.md.
//
// Thread-safety: a Resolver is immutable; Resolve() may run on many documents at once.
#ifndef DYAD_RESOLVE_RESOLVER_H_
#define DYAD_RESOLVE_RESOLVER_H_

#include <memory>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/stage.h"
#include "dyad/status.h"
#include "kb/kb.h"

namespace dyad::resolve {

// Loads data/kb (every *.tsv) plus user files, then finalises. Errors list every bad row.
Result<std::shared_ptr<const kb::KnowledgeBase>> LoadKnowledgeBase(
    const std::string& dir, const std::vector<std::string>& extra_files);

class Resolver {
 public:
  explicit Resolver(std::shared_ptr<const kb::KnowledgeBase> kb) : kb_(std::move(kb)) {}
  Status Resolve(Document& doc) const;
  const kb::KnowledgeBase& kb() const { return *kb_; }

 private:
  std::shared_ptr<const kb::KnowledgeBase> kb_;
};

// The "resolve" pipeline stage.
class ResolveStage : public Stage {
 public:
  explicit ResolveStage(std::shared_ptr<const kb::KnowledgeBase> kb) : resolver_(std::move(kb)) {}
  std::string_view name() const override { return "resolve"; }
  Status Process(Document& doc) const override { return resolver_.Resolve(doc); }

 private:
  Resolver resolver_;
};

// The CAMEO-style actor code of a resolved mention: country + sector ("RUSGOV"), or "" when the
// mention has no country.
std::string ActorCode(const Mention& m);

}  // namespace dyad::resolve

#endif  // DYAD_RESOLVE_RESOLVER_H_
