// Shared inputs of the PVF tests: the adder fixture and its known answer
// (../shared/fixtures/parachains/adder/README.md), and malicious PVFs written for the tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "parachain/primitives/validation_params.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"

namespace canary::parachain::pvf::testing {

inline constexpr const char* kAdderParams =
    "0x21010000000000000000000000000000000000000000000000000000000000000000000000000000000001"
    "1b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce400000000000000000000200000000"
    "0000010000000000000000000000000000000000000000000000000000000000000000000000";
inline constexpr const char* kAdderResult =
    "0x21010100000000000000804df47c526d888b3f52091df4e253c821e9991ec88e342722cc485fda31747ea88d96"
    "2ceb769d13dd202a8b8478e3a3f9d762a5702f76db9fd33d9f6af919ea0000000000000001000000";

inline Bytes read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  const std::string text = content.str();
  return Bytes(text.begin(), text.end());
}

inline Bytes adder_code() {
  return read_file(std::string(CANARY_FIXTURES_DIR) + "/parachains/adder/validation_code.wasm");
}

inline Bytes adder_params() {
  return from_hex(kAdderParams).value();
}

// The known answer's block with a state that does not hash to the parent's post_state: the
// adder panics ("state hash mismatch"), so the candidate is invalid.
inline Bytes adder_bad_params() {
  auto params = scale::decode<ValidationParams>(adder_params()).value();
  params.block_data.data[0] = 1;  // state 1 instead of 0
  return scale::encode(params);
}

}  // namespace canary::parachain::pvf::testing

namespace canary::parachain::pvf::testing {

inline Bytes test_module(const std::string& name) {
  return read_file(std::string(CANARY_PVF_TEST_MODULES) + "/" + name + ".wasm");
}

}  // namespace canary::parachain::pvf::testing
