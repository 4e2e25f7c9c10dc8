#include "node/cli/import_blocks_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "node/chain/block_file.hpp"
#include "node/cli/offline_chain.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/grandpa_service.hpp"
#include "node/service/unix_time.hpp"
#include "primitives/util/check.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

using Clock = std::chrono::steady_clock;
using node::unix_ms;

std::string block_name(const block::Header& header) {
  return "#" + std::to_string(header.number) + " (" + to_hex(block::hash_of(header)) + ")";
}

}  // namespace

ImportBlocksCommand::ImportBlocksCommand(CLI::App& app) {
  command_ = app.add_subcommand("import-blocks", "Import blocks");
  command_->add_option("INPUT", input_, "Input file, or stdin if unspecified");
  command_->add_flag("--binary", binary_,
                     "Try importing blocks from binary format rather than JSON");
  command_->add_option("--wasm-execution", wasm_execution_,
                       "Method for executing Wasm runtime code: compiled or "
                       "interpreted-i-know-what-i-do");
  shared_.add_to(command_);
}

bool ImportBlocksCommand::selected() const {
  return command_->parsed();
}

int ImportBlocksCommand::execute() const {
  if (wasm_execution_ != "compiled" && wasm_execution_ != "interpreted-i-know-what-i-do") {
    return fail_with("--wasm-execution must be compiled or interpreted-i-know-what-i-do");
  }
  std::ifstream file;
  if (input_) {
    file.open(*input_, std::ios::binary);
    if (!file) return fail_with("cannot open " + *input_);
  }
  std::istream& in = input_ ? static_cast<std::istream&>(file) : std::cin;

  auto opened = open_offline_chain(shared_, wasm_execution_ == "compiled");
  if (!opened) return fail_with(opened.error());
  blockchain::Chain& chain = *opened->chain;
  auto babe = node::BabeState::open(chain, *opened->host);
  if (!babe) return fail_with("BABE: " + babe.error().message());
  node::BlockImporter importer(chain, *opened->host, **babe);
  auto grandpa = node::GrandpaService::open(chain, *opened->host, nullptr, unix_ms());
  if (!grandpa) return fail_with("GRANDPA: " + grandpa.error());

  node::BlockFileReader reader(binary_ ? node::BlockFileFormat::kBinary
                                       : node::BlockFileFormat::kJson);
  std::vector<char> chunk(1 << 20);
  uint64_t imported = 0;
  uint64_t known = 0;
  uint64_t finalized = 0;
  bool finished = false;
  const Clock::time_point started = Clock::now();
  Clock::time_point last_report = started;
  while (!reader.done()) {
    auto next = reader.next();
    if (!next) return fail_with("the block file: " + next.error());
    if (!*next) {
      if (!in) {
        // The reader has the whole input and still wants more: cannot happen (after finish() it
        // hands out a block, an error, or is done), but never spin.
        if (!CANARY_ASSUME(!finished)) return fail_with("the block file ends unexpectedly");
        reader.finish();
        finished = true;
        continue;
      }
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<size_t>(in.gcount());
      if (got == 0 && in.bad()) return fail_with("reading the input failed");
      reader.feed(ByteSpan(reinterpret_cast<const uint8_t*>(chunk.data()), got));
      if (!in) {
        reader.finish();
        finished = true;
      }
      continue;
    }
    const block::SignedBlock& signed_block = **next;
    const block::Header& header = signed_block.block.header;
    const block::BlockHash hash = block::hash_of(header);
    if (chain.contains(hash)) {
      ++known;
    } else {
      auto result =
          importer.import_block(header, signed_block.block.extrinsics, std::nullopt, unix_ms());
      if (!result) {
        return fail_with("block " + block_name(header) + ": " + result.error().message() + " (" +
                         std::to_string(imported) + " blocks imported before it)");
      }
      ++imported;
    }
    if (signed_block.justifications) {
      if (const Bytes* proof =
              block::find_justification(*signed_block.justifications, block::kGrandpaEngineId)) {
        auto done = (*grandpa)->import_justification({hash, header.number}, *proof, unix_ms());
        if (!done) return fail_with("block " + block_name(header) + ": " + done.error());
        if (*done) ++finalized;
      }
    }
    if (Clock::now() - last_report >= std::chrono::seconds(5)) {
      last_report = Clock::now();
      const double seconds = std::chrono::duration<double>(last_report - started).count();
      std::cerr << "⚙️  Imported #" << header.number << " ("
                << static_cast<uint64_t>(static_cast<double>(imported) / seconds) << " blocks/s)\n";
    }
  }
  if (auto count = reader.announced_count(); count && reader.blocks_read() != *count) {
    return fail_with("the file announces " + std::to_string(*count) + " blocks but holds " +
                     std::to_string(reader.blocks_read()));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cerr << "🎉 Imported " << imported << " blocks (" << known << " already known, " << finalized
            << " justifications applied) in " << seconds << " s. Best: #" << chain.best().number
            << ", finalized #" << chain.finalized().number << "\n";
  return 0;
}

}  // namespace canary::cli
