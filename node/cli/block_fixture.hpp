// The block fixture format of ../shared/fixtures/blocks/ (what `canary debug execute-block`
// reads): the parent block's whole storage and a block to execute on it.
//   {"parentStorage": {"mainTrie": {"0x<key>": "0x<value>", …},
//                      "childTries": {"0x<unprefixed child key>": {"0x<key>": "0x<value>"}, …}},
//    "block": {"header": "0x<SCALE header>", "body": ["0x<SCALE-encoded extrinsic>", …]}}
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "primitives/block/block.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::cli {

struct BlockFixture {
  std::map<Bytes, Bytes> main_trie;
  std::map<Bytes, std::map<Bytes, Bytes>> child_tries;
  block::Block block;
};

// Errors name the offending field.
Result<BlockFixture, std::string> parse_block_fixture(std::string_view json_text);

}  // namespace canary::cli
