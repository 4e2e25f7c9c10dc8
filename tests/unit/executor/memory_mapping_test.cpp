// The mapping behind instance memories and value stacks: page-rounded, zeroed, writable to its
// end, large ones on a 2 MiB boundary with transparent huge pages advised and, where the kernel
// gives them, used.
#include "executor/memory_mapping.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace canary::executor {
namespace {

size_t page_size() {
  return static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

bool all_zero(const uint8_t* data, size_t size) {
  return std::all_of(data, data + size, [](uint8_t b) { return b == 0; });
}

// "always" or "madvise" when the kernel gives huge pages to mappings that advise them.
std::string transparent_huge_page_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(in, line);
  const auto open = line.find('[');
  const auto close = line.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  return line.substr(open + 1, close - open - 1);
}

// The AnonHugePages of the mapping starting at `start`, in kB, from /proc/self/smaps.
uint64_t anon_huge_kb(const void* start) {
  std::ifstream in("/proc/self/smaps");
  std::ostringstream prefix;
  prefix << std::hex << reinterpret_cast<uintptr_t>(start) << "-";
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find('-') != std::string::npos && line.find(' ') != std::string::npos &&
        std::isxdigit(static_cast<unsigned char>(line[0])) && line.find(':') > line.find(' ')) {
      inside = line.rfind(prefix.str(), 0) == 0;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) {
      return std::stoull(line.substr(std::string("AnonHugePages:").size()));
    }
  }
  return 0;
}

TEST(MemoryMapping, NothingForZeroBytes) {
  MemoryMapping mapping;
  ASSERT_TRUE(mapping.map(0));
  EXPECT_EQ(mapping.data(), nullptr);
  EXPECT_EQ(mapping.size(), 0U);
}

TEST(MemoryMapping, SmallMappingsAreRoundedToWholePagesAndZeroed) {
  MemoryMapping mapping;
  ASSERT_TRUE(mapping.map(3 * page_size() + 1));
  ASSERT_NE(mapping.data(), nullptr);
  EXPECT_EQ(mapping.size(), 4 * page_size());
  EXPECT_FALSE(mapping.huge_pages_advised());
  EXPECT_TRUE(all_zero(mapping.data(), mapping.size()));
  mapping.data()[mapping.size() - 1] = 0xAB;
  EXPECT_EQ(mapping.data()[mapping.size() - 1], 0xAB);
}

TEST(MemoryMapping, MapsOnlyOnce) {
  MemoryMapping mapping;
  ASSERT_TRUE(mapping.map(page_size()));
  auto again = mapping.map(page_size());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), EBUSY);
}

TEST(MemoryMapping, LargeMappingsStartOnAHugePageBoundary) {
  // An instance memory of the default 2048 heap pages and a few pages of data and stack.
  const size_t size = size_t{2048 + 17} * 65536;
  for (int i = 0; i < 4; ++i) {  // where mmap puts them varies: any placement must be aligned
    MemoryMapping mapping;
    ASSERT_TRUE(mapping.map(size));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(mapping.data()) % kHugePageSize, 0U);
    EXPECT_EQ(mapping.size(), size);
    mapping.data()[0] = 1;
    mapping.data()[size - 1] = 2;  // the whole size is mapped, not one huge page less
    EXPECT_EQ(mapping.data()[size - 1], 2);
    EXPECT_TRUE(all_zero(mapping.data() + 1, 4 * kHugePageSize));
  }
}

TEST(MemoryMapping, LargeMappingsGetHugePagesWhereTheKernelGivesThem) {
  const std::string mode = transparent_huge_page_mode();
  if (mode != "always" && mode != "madvise") {
    GTEST_SKIP() << "transparent huge pages are '" << mode << "' here";
  }
  MemoryMapping mapping;
  ASSERT_TRUE(mapping.map(size_t{64} << 20));
  ASSERT_TRUE(mapping.huge_pages_advised());
  // One byte in every 4 KiB of the first 8 MiB, as a runtime's first call writes its heap.
  for (size_t offset = 0; offset < (size_t{8} << 20); offset += 4096) mapping.data()[offset] = 1;
  EXPECT_GE(anon_huge_kb(mapping.data()), uint64_t{2048})
      << "the first call's pages are all 4 KiB pages";
}

}  // namespace
}  // namespace canary::executor
