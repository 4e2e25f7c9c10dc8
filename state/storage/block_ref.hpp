// A block by hash and number: what the database's metadata points at (best, finalized).
#pragma once

#include "primitives/block/header.hpp"

namespace canary::state {

struct BlockRef {
  block::BlockHash hash{};
  block::BlockNumber number = 0;

  bool operator==(const BlockRef&) const = default;
};

}  // namespace canary::state
