// Pipeline: readers -> bounded queue -> N worker threads running the stages -> one writer.
//
//   dyad::Pipeline p(dyad::DefaultStages(resources), options);
//   dyad::RunSummary s = p.Run({"articles/"}, store.get());
//
// Memory stays bounded whatever the input size: at most `queue_capacity` documents wait between
// reader and workers, and as many between workers and the writer.
#ifndef DYAD_PIPELINE_H_
#define DYAD_PIPELINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dyad/reader.h"
#include "dyad/stage.h"
#include "dyad/store.h"

namespace dyad {

struct PipelineOptions {
  int threads = 0;              // worker threads; 0 = all cores
  size_t queue_capacity = 64;   // documents in flight per queue
  size_t batch_documents = 128; // documents per store transaction
  double batch_seconds = 1.0;   // ...or fewer, when this much time has passed
  bool skip_unchanged = true;   // do not re-analyse documents already stored unchanged
  std::string store_location;   // where the store is, to open a read connection for that check
  ReadOptions read;
  // When set and it becomes true, reading stops; documents already read are analysed and stored,
  // and the summary says the run was interrupted (Ctrl-C in the CLI).
  const std::atomic<bool>* stop = nullptr;
  // Called from the writer thread after each batch (for progress display).
  std::function<void(int64_t docs_done, int64_t bytes_done)> on_progress;
};

struct Failure {
  std::string where;   // file:line, file@offset, or document id
  std::string reason;
};

struct RunSummary {
  int64_t documents_read = 0;  // documents the readers produced
  int64_t new_documents = 0, updated = 0, unchanged = 0;
  int64_t failed = 0;          // inputs or documents that could not be read or analysed
  int64_t skipped = 0;         // inputs deliberately not read (e.g. WARC request records)
  int64_t sentences = 0, tokens = 0, mentions = 0, events = 0, quotes = 0, excluded_spans = 0;
  int64_t input_bytes = 0;
  double seconds = 0;           // wall-clock time of the run
  double cpu_seconds = 0;       // CPU time of the process during the run (all threads)
  std::vector<Failure> failures;
  std::map<std::string, int64_t> skip_reasons;
  std::map<std::string, double> stage_seconds;  // thread CPU time, summed over workers
  bool store_failed = false;   // a write failed (the batch was rolled back)
  bool interrupted = false;    // reading stopped early on request (PipelineOptions::stop)
};

class Pipeline {
 public:
  Pipeline(StageList stages, PipelineOptions options);
  // Reads `inputs`, analyses, writes to `store` (may be null: analyse only). Blocks until done.
  RunSummary Run(const std::vector<std::string>& inputs, Store* store);
  // Runs the stages on one document on the calling thread (tests, `dyad annotate`).
  Status ProcessOne(Document& doc, std::map<std::string, double>* stage_seconds = nullptr) const;

 private:
  StageList stages_;
  PipelineOptions options_;
};

}  // namespace dyad

#endif  // DYAD_PIPELINE_H_
