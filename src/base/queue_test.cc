#include "base/queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace dyad {
namespace {

TEST(BoundedQueue, DeliversEverythingAcrossThreadsAndStaysBounded) {
  BoundedQueue<int> q(4);
  std::atomic<int> in_flight{0}, max_in_flight{0};
  std::atomic<long> sum{0};
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c) {
    consumers.emplace_back([&] {
      while (auto v = q.Pop()) {
        sum += *v;
        --in_flight;
      }
    });
  }
  for (int i = 1; i <= 10000; ++i) {
    int now = ++in_flight;
    int m = max_in_flight.load();
    while (now > m && !max_in_flight.compare_exchange_weak(m, now)) {
    }
    ASSERT_TRUE(q.Push(int(i)));
  }
  q.Close();
  for (auto& t : consumers) t.join();
  EXPECT_EQ(sum.load(), 10000L * 10001 / 2);
  // Capacity 4, plus one item held by each of the 3 consumers, plus the one being pushed.
  EXPECT_LE(max_in_flight.load(), 4 + 3 + 1);
}

TEST(BoundedQueue, PushAfterCloseFails) {
  BoundedQueue<int> q(1);
  q.Close();
  EXPECT_FALSE(q.Push(1));
  EXPECT_FALSE(q.Pop().has_value());
}

}  // namespace
}  // namespace dyad
