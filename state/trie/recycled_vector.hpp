// A growable array of trivially copyable elements whose storage, when it is dropped (the array
// destroyed or assigned over), is kept for the next array of the same element type that grows
// large on the same thread, instead of being handed back to the allocator.
//
// Why: importing a block opens the parent's state as a new trie, and the block's reads fill its
// node pool from empty to tens of megabytes (each loaded branch adds its sixteen children as
// stubs). Grown by doubling from fresh memory, that costs every block copies of everything
// allocated so far and a page fault for each new page: 7 % and 4 % of the import's samples at
// 1,000,000 accounts. Storage kept from the previous block is already mapped and large enough.
//
// Only storage of at least kMinKeptBytes is kept, at most kMaxKept arrays' worth per thread, so
// small tries (a child trie, one RPC read) never take or hold a large pool, and what a thread
// keeps is bounded by the largest pools it used.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace canary::state {

template <class T>
class RecycledVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static constexpr size_t kMinKeptBytes = size_t{1} << 20;
  static constexpr size_t kMaxKept = 2;

  RecycledVector() = default;
  RecycledVector(const RecycledVector& other) = default;
  RecycledVector(RecycledVector&& other) noexcept = default;
  RecycledVector& operator=(const RecycledVector& other) {
    if (this != &other) items_ = other.items_;
    return *this;
  }
  RecycledVector& operator=(RecycledVector&& other) noexcept {
    if (this != &other) {
      keep(std::move(items_));
      items_ = std::move(other.items_);
    }
    return *this;
  }
  ~RecycledVector() { keep(std::move(items_)); }

  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  size_t size() const { return items_.size(); }
  size_t capacity() const { return items_.capacity(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

  void reserve(size_t n) {
    if (n > items_.capacity()) grow_to(n);
  }
  T& emplace_back() {
    if (items_.size() == items_.capacity()) grow_to(std::max<size_t>(16, 2 * items_.capacity()));
    return items_.emplace_back();
  }

 private:
  struct Spares {
    std::vector<std::vector<T>> kept;
    ~Spares() { destroyed = true; }
  };
  // Trivially destructible, so it can be read after the thread's Spares are gone (an array
  // destroyed late in the thread's exit then simply frees its storage).
  static inline thread_local bool destroyed = false;
  static Spares& spares() {
    static thread_local Spares s;
    return s;
  }

  static void keep(std::vector<T>&& items) {
    if (items.capacity() * sizeof(T) < kMinKeptBytes || destroyed) return;
    items.clear();
    std::vector<std::vector<T>>& kept = spares().kept;
    if (kept.size() < kMaxKept) {
      kept.push_back(std::move(items));
      return;
    }
    // Full: replace the smallest kept storage if this one is larger.
    auto smallest = std::min_element(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      return a.capacity() < b.capacity();
    });
    if (smallest->capacity() < items.capacity()) *smallest = std::move(items);
  }

  // Moves the elements into storage of at least n: the largest kept one if n is large enough to
  // be worth it and that one fits, else new storage.
  void grow_to(size_t n) {
    if (n * sizeof(T) >= kMinKeptBytes / 2 && !destroyed) {
      std::vector<std::vector<T>>& kept = spares().kept;
      auto largest = std::max_element(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.capacity() < b.capacity();
      });
      if (largest != kept.end() && largest->capacity() >= n) {
        std::vector<T> storage = std::move(*largest);
        kept.erase(largest);
        storage.assign(items_.begin(), items_.end());
        keep(std::move(items_));
        items_ = std::move(storage);
        return;
      }
    }
    items_.reserve(n);
  }

  std::vector<T> items_;
};

}  // namespace canary::state
