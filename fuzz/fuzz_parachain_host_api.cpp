// The ParachainHost client (parachain/runtime_api) on arbitrary runtime answers: the runtime is
// code the chain chose, so every answer is outside bytes to the node. Each method's answer must
// decode completely or be refused as kDecode, never crash; what decodes must survive a re-encoding
// (byte for byte where SCALE is canonical for the type: bit sequences drop their padding bits and
// maps their repeated keys) and its accessors must be consistent. GroupRotationInfo's arithmetic
// runs on arbitrary numbers.
//
// Input: a mode byte, then the answer (modes 0..27: the client's methods in parachain_host.hpp's
// order), or for mode 28 the rotation's numbers (start, frequency, now, an index: u32 each; cores:
// u16).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "parachain/runtime_api/host_types.hpp"
#include "parachain/runtime_api/parachain_host.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;
using namespace canary::parachain;
using canary::fuzz::check;

template <class T>
void check_answer(const HostAnswer<T>& answer, ByteSpan input, bool canonical) {
  if (!answer) {
    check(answer.error().kind == ParachainHostError::Kind::kDecode);
    return;
  }
  const Bytes encoded = scale::encode(*answer);
  if (canonical) check(encoded == Bytes(input.begin(), input.end()));
  const auto again = scale::decode<T>(encoded);
  check(again.has_value() && *again == *answer);
}

void check_cores(const HostAnswer<std::vector<CoreState>>& cores, ByteSpan input) {
  check_answer(cores, input, false);
  if (!cores) return;
  for (const CoreState& core : *cores) {
    const auto para = core.para_id();
    if (const OccupiedCore* occupied = core.occupied()) {
      check(para == occupied->candidate_descriptor.para_id);
      check(occupied->availability.count_ones() <= occupied->availability.size());
    } else if (const ScheduledCore* scheduled = core.scheduled()) {
      check(para == scheduled->para_id);
    } else {
      check(!para.has_value());
    }
  }
}

void check_events(const HostAnswer<std::vector<CandidateEvent>>& events, ByteSpan input) {
  check_answer(events, input, true);
  if (!events) return;
  for (const CandidateEvent& event : *events) {
    (void)event.receipt();
    (void)event.head_data();
    (void)event.core();
    check(event.group().has_value() !=
          std::holds_alternative<CandidateEvent::CandidateTimedOut>(event.value));
  }
}

void rotation(ByteSpan data) {
  fuzz::ByteReader in(data);
  const auto u32 = [&in] {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{in.byte()} << (8 * i);
    return v;
  };
  const GroupRotationInfo info{u32(), u32(), u32()};
  const uint32_t index = u32();
  const size_t cores = size_t{in.byte()} | (size_t{in.byte()} << 8);
  const GroupIndex group = info.group_for_core(index, cores);
  const CoreIndex core = info.core_for_group(index, cores);
  if (info.group_rotation_frequency == 0) {
    check(group == index && core == index);
    check(info.next_rotation_at() == info.now && info.last_rotation_at() == info.now);
  } else if (cores == 0) {
    check(group == 0 && core == 0);
  } else {
    check(group < cores && core < cores);
    if (index < cores) check(info.core_for_group(group, cores) == index);
    (void)info.next_rotation_at();
    (void)info.last_rotation_at();
    (void)info.bump_rotation();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 29;
  const ByteSpan rest(data + 1, size - 1);
  const ParachainHost host([rest](std::string_view, ByteSpan) -> Result<Bytes, std::string> {
    return Bytes(rest.begin(), rest.end());
  });
  constexpr ParaId kPara = 2000;
  const Hash256 hash{};
  switch (mode) {
    case 0:
      check_answer(host.validators(), rest, true);
      break;
    case 1:
      check_answer(host.validator_groups(), rest, true);
      break;
    case 2:
      check_cores(host.availability_cores(), rest);
      break;
    case 3:
      check_answer(host.persisted_validation_data(kPara, OccupiedCoreAssumption::kIncluded), rest,
                   true);
      break;
    case 4:
      check_answer(host.assumed_validation_data(kPara, hash), rest, true);
      break;
    case 5:
      check_answer(host.check_validation_outputs(kPara, CandidateCommitments{}), rest, true);
      break;
    case 6:
      check_answer(host.session_index_for_child(), rest, true);
      break;
    case 7:
      check_answer(host.validation_code(kPara, OccupiedCoreAssumption::kFree), rest, true);
      break;
    case 8:
      check_answer(host.candidate_pending_availability(kPara), rest, true);
      break;
    case 9:
      check_events(host.candidate_events(), rest);
      break;
    case 10:
      check_answer(host.validation_code_by_hash(hash), rest, true);
      break;
    case 11:
      check_answer(host.session_info(0), rest, true);
      break;
    case 12:
      check_answer(host.pvfs_require_precheck(), rest, true);
      break;
    case 13:
      check_answer(host.validation_code_hash(kPara, OccupiedCoreAssumption::kTimedOut), rest, true);
      break;
    case 14:
      check_answer(host.disputes(), rest, false);
      break;
    case 15:
      check_answer(host.session_executor_params(0), rest, true);
      break;
    case 16:
      check_answer(host.minimum_backing_votes(), rest, true);
      break;
    case 17:
      check_answer(host.para_backing_state(kPara), rest, true);
      break;
    case 18:
      check_answer(host.async_backing_params(), rest, true);
      break;
    case 19:
      check_answer(host.disabled_validators(), rest, true);
      break;
    case 20:
      check_answer(host.node_features(), rest, false);
      break;
    case 21:
      check_answer(host.approval_voting_params(), rest, true);
      break;
    case 22: {
      const auto queue = host.claim_queue();
      check_answer(queue, rest, false);
      if (queue) (void)transpose_claim_queue(*queue);
      break;
    }
    case 23:
      check_answer(host.candidates_pending_availability(kPara), rest, true);
      break;
    case 24:
      check_answer(host.validation_code_bomb_limit(), rest, true);
      break;
    case 25:
      check_answer(host.backing_constraints(kPara), rest, true);
      break;
    case 26:
      check_answer(host.scheduling_lookahead(), rest, true);
      break;
    case 27:
      check_answer(host.para_ids(), rest, true);
      break;
    default:
      rotation(rest);
      break;
  }
  return 0;
}
