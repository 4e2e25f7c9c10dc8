// RecycledVector: large storage dropped on a thread is reused by the next array that grows large
// there, with the elements carried over; small storage is neither kept nor taken, and threads do
// not share what they keep.
#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

#include "state/trie/recycled_vector.hpp"

namespace canary::state {
namespace {

struct Element {
  uint64_t a;
  uint64_t b;
};
using Vector = RecycledVector<Element>;
constexpr size_t kLarge = 4 * Vector::kMinKeptBytes / sizeof(Element);

// Fills a new array to `n` elements, numbered; returns where its storage is.
const Element* fill(Vector& v, size_t n) {
  for (size_t i = 0; i < n; ++i) v.emplace_back() = {i, ~i};
  return &v[0];
}

void expect_numbered(const Vector& v, size_t n) {
  ASSERT_EQ(v.size(), n);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(v[i].a, i);
    ASSERT_EQ(v[i].b, ~i);
  }
}

// What a fresh thread's arrays see: nothing kept yet.
template <class Fn>
void on_new_thread(Fn fn) {
  std::thread t(fn);
  t.join();
}

TEST(RecycledVector, LargeStorageIsReusedWithTheElementsCarriedOver) {
  on_new_thread([] {
    const Element* storage = nullptr;
    {
      Vector first;
      storage = fill(first, kLarge);
    }
    Vector second;
    EXPECT_EQ(fill(second, kLarge), storage);  // no new storage, so no doubling on the way
    expect_numbered(second, kLarge);
  });
}

TEST(RecycledVector, AssigningOverKeepsTheStorageItReplaces) {
  on_new_thread([] {
    Vector v;
    const Element* storage = fill(v, kLarge);
    v = Vector();  // what `trie = Trie::open(...)` does
    EXPECT_EQ(v.size(), 0u);
    EXPECT_EQ(fill(v, kLarge), storage);
    expect_numbered(v, kLarge);
    // Copies are ordinary copies.
    Vector copy = v;
    expect_numbered(copy, kLarge);
    EXPECT_NE(&copy[0], &v[0]);
  });
}

TEST(RecycledVector, SmallArraysNeitherKeepNorTake) {
  on_new_thread([] {
    Vector large;
    const Element* large_storage = fill(large, kLarge);
    large = Vector();
    {
      Vector small;
      fill(small, 100);
      EXPECT_LT(small.capacity(), kLarge);  // it did not take the large storage
      expect_numbered(small, 100);
    }
    Vector next;
    EXPECT_EQ(fill(next, kLarge), large_storage);
  });
}

TEST(RecycledVector, ThreadsKeepTheirOwn) {
  const Element* kept_here = nullptr;
  on_new_thread([&] {
    Vector v;
    kept_here = fill(v, kLarge);
    v = Vector();
    on_new_thread([&] {
      Vector other;
      EXPECT_NE(fill(other, kLarge), kept_here);
    });
  });
}

TEST(RecycledVector, KeepsABoundedNumberOfTheLargest) {
  on_new_thread([] {
    Vector a;
    Vector b;
    Vector c;
    fill(a, kLarge);
    fill(b, 2 * kLarge);
    const Element* largest = fill(c, 4 * kLarge);
    a = Vector();
    b = Vector();
    c = Vector();  // over kMaxKept: the smallest (a's) goes
    static_assert(Vector::kMaxKept == 2);
    Vector next;
    next.reserve(3 * kLarge);
    EXPECT_EQ(&next.emplace_back(), largest);
  });
}

}  // namespace
}  // namespace canary::state
