#include "dyad/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/stages.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

// A stage that fails on documents containing "FAIL" and counts what it sees.
class FlakyStage : public Stage {
 public:
  std::string_view name() const override { return "flaky"; }
  Status Process(Document& doc) const override {
    ++seen_;
    if (doc.clean.find("FAIL") != std::string::npos) return InvalidArgument("cannot analyse");
    return Status::Ok();
  }
  mutable std::atomic<int> seen_{0};
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("dyad_pipeline_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    db_ = (dir_ / "t.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "in" / name) << text;
  }
  StageList TextStages() {
    EngineConfig config;
    config.text_only = true;
    auto s = BuildStages(config);
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }
  fs::path dir_;
  std::string db_;
};

TEST_F(PipelineTest, ManyDocumentsAcrossThreadsAllStoredOnceInBatches) {
  std::string jsonl;
  for (int i = 0; i < 500; ++i) {
    jsonl += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"Officials met in Geneva on day " +
             std::to_string(i) + ". They agreed to meet again.\"}\n";
  }
  Write("many.jsonl", jsonl);
  auto store = std::move(*OpenStore(db_));
  PipelineOptions opts;
  opts.threads = 3;
  opts.queue_capacity = 4;
  opts.batch_documents = 16;
  opts.store_location = db_;
  Pipeline p(TextStages(), opts);
  RunSummary s = p.Run({(dir_ / "in").string()}, store.get());
  EXPECT_EQ(s.documents_read, 500);
  EXPECT_EQ(s.new_documents, 500);
  EXPECT_EQ(s.failed, 0);
  EXPECT_EQ(s.sentences, 1000);
  auto stats = store->Stats();
  EXPECT_EQ(stats->documents, 500);
  EXPECT_EQ(stats->sentences, 1000);

  // Second run: everything unchanged, nothing re-analysed.
  Pipeline again(TextStages(), opts);
  RunSummary s2 = again.Run({(dir_ / "in").string()}, store.get());
  EXPECT_EQ(s2.unchanged, 500);
  EXPECT_EQ(s2.new_documents, 0);
  EXPECT_EQ(s2.sentences, 0);
}

TEST_F(PipelineTest, StageFailureIsCountedWithOriginAndOthersAreStored) {
  Write("a.txt", "A good article.\n");
  Write("b.txt", "This one will FAIL.\n");
  Write("c.txt", "Another good one.\n");
  auto store = std::move(*OpenStore(db_));
  StageList stages = TextStages();
  auto flaky = std::make_unique<FlakyStage>();
  FlakyStage* f = flaky.get();
  stages.push_back(std::move(flaky));
  Pipeline p(std::move(stages), PipelineOptions{});
  RunSummary s = p.Run({(dir_ / "in").string()}, store.get());
  EXPECT_EQ(f->seen_.load(), 3);
  EXPECT_EQ(s.new_documents, 2);
  EXPECT_EQ(s.failed, 1);
  ASSERT_EQ(s.failures.size(), 1u);
  EXPECT_EQ(s.failures[0].where, (dir_ / "in" / "b.txt").string());
  EXPECT_NE(s.failures[0].reason.find("flaky"), std::string::npos);
  EXPECT_GT(s.stage_seconds.count("flaky"), 0u);
}

TEST_F(PipelineTest, FixedInputIsAddedOnTheNextRun) {
  Write("a.jsonl", "{\"text\": \"First.\"}\n{\"text\": \"Second.\", \"date\": \"not a date\"}\n");
  auto store = std::move(*OpenStore(db_));
  PipelineOptions opts;
  opts.store_location = db_;
  RunSummary s1 = Pipeline(TextStages(), opts).Run({(dir_ / "in").string()}, store.get());
  EXPECT_EQ(s1.new_documents, 1);
  EXPECT_EQ(s1.failed, 1);
  Write("a.jsonl", "{\"text\": \"First.\"}\n{\"text\": \"Second.\", \"date\": \"2025-01-02\"}\n");
  RunSummary s2 = Pipeline(TextStages(), opts).Run({(dir_ / "in").string()}, store.get());
  EXPECT_EQ(s2.new_documents, 1);
  EXPECT_EQ(s2.unchanged, 1);
  EXPECT_EQ(s2.failed, 0);
  EXPECT_EQ(store->Stats()->documents, 2);
}

}  // namespace
}  // namespace dyad
