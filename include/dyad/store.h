// Store: persists annotated Documents and reads them back for query and export.
//
//   ASSIGN_OR_RETURN(auto store, dyad::OpenStore("dyad.db"));
//   ASSIGN_OR_RETURN(auto outcomes, store->PutBatch(docs));   // one transaction
//   store->ScanDocuments({.layers = dyad::kLayerSentences}, [](const dyad::Document& d) { ... });
//
// The default store is one SQLite file (WAL mode) with a versioned schema; see
// docs/formats/database.md. Opening an older database migrates it forward in one transaction;
// opening a database written by a newer dyad fails with a clear error.
//
// Identity: a document is keyed by Document::id. Putting a document whose id and content hash are
// already stored is a no-op (kUnchanged); the same id with a different hash replaces every layer of
// the old one (kUpdated).
//
// Thread-safety: one Store object is used by one thread at a time (the pipeline's writer). Open a
// second Store on the same file to read concurrently.
#ifndef DYAD_STORE_H_
#define DYAD_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

enum class WriteOutcome { kNew, kUnchanged, kUpdated };

// Which layers ScanDocuments loads (metadata and text are always loaded).
enum Layer : uint32_t {
  kLayerNone = 0,
  kLayerExcluded = 1u << 0,
  kLayerSentences = 1u << 1,
  kLayerTokens = 1u << 2,
  kLayerMentions = 1u << 3,
  kLayerEvents = 1u << 4,
  kLayerQuotes = 1u << 5,
  kLayerAll = 0xffffffffu,
};

struct ScanOptions {
  uint32_t layers = kLayerNone;
  std::string id;  // only this document when non-empty
};

struct StoreStats {
  int64_t documents = 0, sentences = 0, tokens = 0, excluded = 0, mentions = 0, actors = 0,
          events = 0, quotes = 0;
  int64_t dated_documents = 0;
  std::string first_date, last_date;
  int schema_version = 0;
  std::string path;
  int64_t file_bytes = 0;
};

// An actor known to the store (from the knowledge base or discovered in text).
struct ActorRecord {
  std::string id;       // "PER:putin_vladimir", "COUNTRY:RUS", "DISC:steve_witkoff"
  std::string name;
  std::string type;     // PER, ORG, LOC, COUNTRY, ...
  std::string country;  // ISO alpha-3 or IGO code
  std::string sector;   // CAMEO agent code
  std::string origin;   // "kb:data/kb/people.tsv:120" or "discovered:<doc_id>:<byte offset>"
  std::string evidence; // the text that taught us, for discovered actors
};

// One `dyad run`, as recorded in the store's `runs` table.
struct RunRecord {
  std::string started_at, finished_at;  // UTC, ISO 8601
  std::string inputs;                   // the inputs as given, space-separated
  int64_t documents_read = 0, new_documents = 0, updated = 0, unchanged = 0, failed = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Writes all documents in one transaction; returns one outcome per document, in order. On error
  // nothing of the batch is written.
  virtual Result<std::vector<WriteOutcome>> PutBatch(std::span<const Document> docs) = 0;
  // True when a document with this id and content hash is stored (lets the pipeline skip analysis).
  virtual Result<bool> Contains(const std::string& id, const std::string& content_hash) = 0;
  // Calls `fn` for each stored document in id order, with the requested layers. Stops early when
  // `fn` returns false.
  virtual Status ScanDocuments(const ScanOptions& options,
                               const std::function<bool(const Document&)>& fn) = 0;
  // Upserts actors (by id) in one transaction.
  virtual Status PutActors(std::span<const ActorRecord> actors) = 0;
  virtual Status ScanActors(const std::function<bool(const ActorRecord&)>& fn) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // Appends a record of a run.
  virtual Status RecordRun(const RunRecord& run) = 0;
};

struct StoreOptions {
  bool read_only = false;
};

// Opens (creating if needed) a store. `location` is a file path for SQLite; a URL starting with
// "postgresql://" selects PostgreSQL when the build has it.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                         const StoreOptions& options = {});

// The schema version this build writes.
int CurrentSchemaVersion();

}  // namespace dyad

#endif  // DYAD_STORE_H_
