// The runtime heap GenesisBuilder_build_state gets: the default :heappages for small configs,
// more for large ones (16 bytes per byte of JSON), and an error naming the limit, before the
// runtime is called, for a config no Wasm memory can hold.
#include <gtest/gtest.h>

#include "node/chain/genesis_builder.hpp"

namespace canary::node {
namespace {

TEST(GenesisHeap, SmallConfigsGetTheDefaultHeap) {
  EXPECT_EQ(genesis_heap_pages(0).value(), executor::kDefaultHeapPages);
  EXPECT_EQ(genesis_heap_pages(10'000).value(), executor::kDefaultHeapPages);
  // 8 MiB of JSON: exactly the default heap (128 MiB).
  EXPECT_EQ(genesis_heap_pages(8 << 20).value(), executor::kDefaultHeapPages);
}

TEST(GenesisHeap, LargeConfigsGetAHeapSizedToThem) {
  // 300,000 accounts are about 21 MiB of JSON: 336 MiB of heap.
  EXPECT_EQ(genesis_heap_pages(21 << 20).value(), 21u * 16 * 16);
  EXPECT_EQ(genesis_heap_pages((21 << 20) + 1).value(), 21u * 16 * 16 + 1);
  const size_t largest = kMaxGenesisHeapPages * 65536 / kGenesisHeapPerConfigByte;
  EXPECT_EQ(genesis_heap_pages(largest).value(), kMaxGenesisHeapPages);
}

TEST(GenesisHeap, ConfigsNoWasmMemoryHoldsAreRefusedNamingTheLimit) {
  const size_t too_large = kMaxGenesisHeapPages * 65536 / kGenesisHeapPerConfigByte + 1;
  auto refused = genesis_heap_pages(too_large);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("MiB of JSON"), std::string::npos) << refused.error();
  EXPECT_NE(refused.error().find("3840 MiB"), std::string::npos) << refused.error();
}

}  // namespace
}  // namespace canary::node
