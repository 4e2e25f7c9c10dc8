#include "node/cli/export_blocks_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "consensus/grandpa/justification.hpp"
#include "node/chain/block_file.hpp"
#include "node/cli/offline_chain.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::cli {

ExportBlocksCommand::ExportBlocksCommand(CLI::App& app) {
  command_ = app.add_subcommand("export-blocks", "Export blocks");
  command_->add_option("OUTPUT", output_, "Output file name, or stdout if unspecified");
  command_->add_option("--from", from_, "Block number to start exporting from (default 1)");
  command_->add_option("--to", to_, "Last block number to export (default: the best block)");
  command_->add_flag("--binary", binary_, "Use binary output rather than JSON");
  shared_.add_to(command_);
}

bool ExportBlocksCommand::selected() const {
  return command_->parsed();
}

int ExportBlocksCommand::execute() const {
  auto opened = open_offline_chain(shared_, /*compiled=*/false);
  if (!opened) return fail_with(opened.error());
  const blockchain::Chain& chain = *opened->chain;
  // Substrate: --to 0 means #1, no --to means the best block.
  uint32_t last = to_ ? (*to_ == 0 ? 1 : *to_) : chain.best().number;
  if (last > chain.best().number) last = chain.best().number;
  if (last < from_) {
    return fail_with("invalid block range: #" + std::to_string(from_) + " to #" +
                     std::to_string(last) + " (best block #" + std::to_string(chain.best().number) +
                     ")");
  }
  const auto format = binary_ ? node::BlockFileFormat::kBinary : node::BlockFileFormat::kJson;

  std::ofstream file;
  if (output_) {
    file.open(*output_, std::ios::binary | std::ios::trunc);
    if (!file) return fail_with("cannot create " + *output_);
  }
  std::ostream& out = output_ ? static_cast<std::ostream&>(file) : std::cout;
  auto write = [&out](const Bytes& bytes) {
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  };
  // GRANDPA keeps the justifications of set changes and of one block per period with their blocks
  // (justification_retention.hpp), and the newest one beside them: that one goes with its block
  // too, so that importing the file finalizes as far as this node had.
  std::optional<std::pair<block::BlockHash, Bytes>> newest_justification;
  if (auto best = chain.database().aux(to_bytes(node::kGrandpaBestJustificationKey));
      best && *best) {
    if (auto decoded = scale::decode<consensus::grandpa::GrandpaJustification>(**best)) {
      newest_justification.emplace(decoded->commit.target_hash, std::move(**best));
    }
  }
  std::cerr << "Exporting blocks from #" << from_ << " to #" << last << "\n";
  if (binary_) write(node::encode_block_count(uint64_t{last} - from_ + 1));
  for (uint32_t number = from_; number <= last; ++number) {
    auto hash = chain.canonical_hash(number);
    if (!hash) return fail_with(hash.error().message());
    if (!*hash) return fail_with("no block #" + std::to_string(number) + " on the best chain");
    auto header = chain.header(**hash);
    auto body = chain.body(**hash);
    auto justifications = chain.justification(**hash);
    if (!header || !body || !justifications || !*header || !*body) {
      return fail_with("block #" + std::to_string(number) + " is incomplete in the database");
    }
    block::SignedBlock signed_block{{std::move(**header), std::move(**body)}, std::nullopt};
    if (*justifications) {
      auto decoded = scale::decode<block::Justifications>(**justifications);
      if (!decoded) {
        return fail_with("block #" + std::to_string(number) + ": stored justifications unreadable");
      }
      signed_block.justifications = std::move(*decoded);
    } else if (newest_justification && newest_justification->first == **hash) {
      signed_block.justifications =
          block::Justifications{{block::kGrandpaEngineId, newest_justification->second}};
    }
    write(node::encode_block_for_file(signed_block, format));
    if (!out) return fail_with("writing the output failed");
    if (number % 10000 == 0) std::cerr << "#" << number << "\n";
  }
  out.flush();
  if (!out) return fail_with("writing the output failed");
  std::cerr << "Exported " << (uint64_t{last} - from_ + 1) << " blocks\n";
  return 0;
}

}  // namespace canary::cli
