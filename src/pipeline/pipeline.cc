#include "dyad/pipeline.h"

#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

#include <sys/resource.h>
#include <time.h>

#include "base/queue.h"

namespace dyad {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of the whole process (all threads), in seconds.
double ProcessCpuSeconds() {
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

// Work items between threads. A failed item carries the reason instead of a document.
struct Item {
  Document doc;
  bool failed = false;
  std::string failure;
  int64_t bytes = 0;
  std::map<std::string, double> stage_seconds;
};

// Collects reader output into the work queue; counts rejects and skips.
class QueueSink : public DocSink {
 public:
  QueueSink(BoundedQueue<Item>& queue, Store* store, bool skip_unchanged, RunSummary& summary,
            std::mutex& mu, const std::atomic<bool>* stop)
      : queue_(queue),
        store_(store),
        skip_unchanged_(skip_unchanged),
        summary_(summary),
        mu_(mu),
        stop_(stop) {}

  bool Accept(RawDoc raw) override {
    if (stop_ != nullptr && stop_->load()) {
      std::lock_guard<std::mutex> lock(mu_);
      summary_.interrupted = true;
      return false;
    }
    Item item;
    item.bytes = static_cast<int64_t>(raw.text.size());
    item.doc = MakeDocument(std::move(raw));
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++summary_.documents_read;
      summary_.input_bytes += item.bytes;
    }
    if (skip_unchanged_ && store_ != nullptr) {
      Result<bool> have = store_->Contains(item.doc.id, item.doc.content_hash);
      if (have.ok() && *have) {
        std::lock_guard<std::mutex> lock(mu_);
        ++summary_.unchanged;
        return true;
      }
    }
    return queue_.Push(std::move(item));
  }

  void Reject(const std::string& where, const Status& why) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++summary_.failed;
    // Messages usually start with the file name, often followed by ":line" or ":line:column";
    // move that location into `where` and say the file name once.
    std::string msg = why.message();
    std::string place = where;
    if (msg.rfind(where, 0) == 0) {
      size_t i = where.size();
      while (i + 1 < msg.size() && msg[i] == ':' &&
             std::isdigit(static_cast<unsigned char>(msg[i + 1]))) {
        size_t j = i + 1;
        while (j < msg.size() && std::isdigit(static_cast<unsigned char>(msg[j]))) ++j;
        i = j;
      }
      place = msg.substr(0, i);
      msg = msg.substr(i);
      if (msg.rfind(": ", 0) == 0) msg = msg.substr(2);
    }
    summary_.failures.push_back({place, msg});
  }

  void Skip(const std::string& where, std::string_view reason) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++summary_.skipped;
    ++summary_.skip_reasons[std::string(reason)];
  }

 private:
  BoundedQueue<Item>& queue_;
  Store* store_;
  bool skip_unchanged_;
  RunSummary& summary_;
  std::mutex& mu_;
  const std::atomic<bool>* stop_;
};

}  // namespace

Pipeline::Pipeline(StageList stages, PipelineOptions options)
    : stages_(std::move(stages)), options_(std::move(options)) {}

Status Pipeline::ProcessOne(Document& doc, std::map<std::string, double>* stage_seconds) const {
  for (const auto& stage : stages_) {
    Clock::time_point t0 = Clock::now();
    Status st = stage->Process(doc);
    if (stage_seconds != nullptr)
      (*stage_seconds)[std::string(stage->name())] += Seconds(t0, Clock::now());
    if (!st.ok()) return st.WithContext(std::string(stage->name()));
  }
  return Status::Ok();
}

RunSummary Pipeline::Run(const std::vector<std::string>& inputs, Store* store) {
  RunSummary summary;
  std::mutex mu;
  Clock::time_point start = Clock::now();
  double cpu_start = ProcessCpuSeconds();
  int threads = options_.threads > 0 ? options_.threads
                                     : static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;

  BoundedQueue<Item> work(options_.queue_capacity);
  BoundedQueue<Item> done(options_.queue_capacity);

  // The skip-unchanged check reads the store from the reader thread; it gets its own read
  // connection so the writer's connection stays on the writer thread.
  std::unique_ptr<Store> reader_store;
  if (store != nullptr && options_.skip_unchanged && !options_.store_location.empty()) {
    Result<std::unique_ptr<Store>> r = OpenStore(options_.store_location, {.read_only = true});
    if (r.ok()) reader_store = std::move(*r);
  }

  std::thread reader([&] {
    QueueSink sink(work, reader_store.get(), options_.skip_unchanged, summary, mu, options_.stop);
    ReadInputs(inputs, options_.read, sink);
    work.Close();
  });

  std::vector<std::thread> workers;
  std::atomic<int> running{threads};
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (std::optional<Item> item = work.Pop()) {
        Status st = ProcessOne(item->doc, &item->stage_seconds);
        if (!st.ok()) {
          item->failed = true;
          item->failure = st.ToString();
        }
        done.Push(std::move(*item));
      }
      if (--running == 0) done.Close();
    });
  }

  // The writer: this thread. Batches documents into transactions.
  std::vector<Document> batch;
  int64_t docs_done = 0, bytes_done = 0;
  Clock::time_point batch_start = Clock::now();
  auto flush = [&] {
    if (batch.empty()) return;
    if (store != nullptr) {
      Result<std::vector<WriteOutcome>> outcomes = store->PutBatch(batch);
      std::lock_guard<std::mutex> lock(mu);
      if (!outcomes.ok()) {
        summary.store_failed = true;
        summary.failed += static_cast<int64_t>(batch.size());
        for (const Document& d : batch) {
          summary.failures.push_back({d.meta.origin, "store: " + outcomes.status().ToString()});
        }
      } else {
        for (WriteOutcome o : *outcomes) {
          if (o == WriteOutcome::kNew) ++summary.new_documents;
          if (o == WriteOutcome::kUpdated) ++summary.updated;
          if (o == WriteOutcome::kUnchanged) ++summary.unchanged;
        }
      }
    } else {
      std::lock_guard<std::mutex> lock(mu);
      summary.new_documents += static_cast<int64_t>(batch.size());
    }
    batch.clear();
    batch_start = Clock::now();
    if (options_.on_progress) options_.on_progress(docs_done, bytes_done);
  };

  while (std::optional<Item> item = done.Pop()) {
    ++docs_done;
    bytes_done += item->bytes;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& [name, secs] : item->stage_seconds) summary.stage_seconds[name] += secs;
      if (item->failed) {
        ++summary.failed;
        summary.failures.push_back({item->doc.meta.origin, item->failure});
        continue;
      }
      summary.sentences += static_cast<int64_t>(item->doc.sentences.size());
      summary.tokens += static_cast<int64_t>(item->doc.tokens.size());
      summary.mentions += static_cast<int64_t>(item->doc.mentions.size());
      summary.events += static_cast<int64_t>(item->doc.events.size());
      summary.quotes += static_cast<int64_t>(item->doc.quotes.size());
      summary.excluded_spans += static_cast<int64_t>(item->doc.excluded.size());
    }
    batch.push_back(std::move(item->doc));
    if (batch.size() >= options_.batch_documents ||
        Seconds(batch_start, Clock::now()) >= options_.batch_seconds) {
      flush();
    }
  }
  flush();

  reader.join();
  for (std::thread& w : workers) w.join();
  summary.seconds = Seconds(start, Clock::now());
  summary.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  return summary;
}

}  // namespace dyad
