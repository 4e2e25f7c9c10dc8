#include "parachain/collator/adder_collator.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::parachain::adder {

BlockProducer::BlockProducer(CollatorMode mode) : mode_(mode) {
  states_[state_hash(0)] = 0;
}

std::optional<uint64_t> BlockProducer::state_of(const Head& head) const {
  auto it = states_.find(head.post_state);
  if (it == states_.end()) return std::nullopt;
  return it->second;
}

bool BlockProducer::learn(const HeadData& parent_head, ByteSpan block_data, const HeadData& head) {
  auto executed = execute(parent_head.data, block_data);
  if (!executed || encode_head(*executed) != head) return false;
  // As the PVF reads it: bytes after the block are ignored (execute accepted it, so it decodes).
  scale::Decoder in(block_data);
  const Block block = scale::decode_next<Block>(in);
  remember(*executed, block.state + block.add);
  return true;
}

void BlockProducer::remember(const Head& head, uint64_t state) {
  states_[head.post_state] = state;
  by_number_[head.number] = head.post_state;
  while (by_number_.size() > kMaxKnownStates) {
    states_.erase(by_number_.begin()->second);
    by_number_.erase(by_number_.begin());
  }
}

std::optional<AdderBlock> BlockProducer::produce(const HeadData& parent_head,
                                                 uint32_t relay_parent_number) {
  auto parent = scale::decode<Head>(parent_head.data);
  if (!parent) return std::nullopt;
  auto state = state_of(*parent);
  if (!state) return std::nullopt;

  // polkadot-sdk's adder collator adds a fixed amount; adding the new head's number makes every
  // state, and so every head, distinct.
  const uint64_t add = parent->number + 1;
  Block block{*state, add};
  Head head{parent->number + 1, hash::keccak_256(parent_head.data), state_hash(*state + add)};
  if (mode_ == CollatorMode::kInvalidPov) {
    // Claims a state the parent did not commit to: the PVF's check of the parent's post_state
    // fails.
    block.state = *state + 1;
    head.post_state = state_hash(block.state + add);
  } else {
    auto executed = execute(parent_head.data, scale::encode(block));
    if (!executed || *executed != head) return std::nullopt;
    remember(head, *state + add);
  }

  AdderBlock out;
  out.pov = PoV{BlockData{scale::encode(block)}};
  out.commitments.head_data = encode_head(head);
  // The adder sends no messages; its watermark is the relay parent (adder/src/wasm_validation.rs).
  out.commitments.hrmp_watermark = relay_parent_number;
  out.head = head;
  return out;
}

}  // namespace canary::parachain::adder
