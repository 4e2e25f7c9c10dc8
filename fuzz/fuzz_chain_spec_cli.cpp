// The command-line entry points that take a user's chain-spec file, run as the `canary` binary
// runs them (canary::cli::run): `chain-spec inspect --chain F`, `debug runtime-version --chain F`,
// `build-spec --chain F` and `purge-chain --chain F` (-y, in a scratch base path). Each reads the
// file through node::read_chain_spec_file, the one reader with the nesting guard; arbitrary bytes
// must give an answer or an error and an exit code, never a crash, a hang or an exception (the
// corpus has a spec nesting past the 128-level limit: 150,000 levels overflowed the stack of
// `chain-spec inspect`).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <string>
#include <vector>

#include "node/cli/cli.hpp"

namespace {

struct Scratch {
  std::filesystem::path dir;
  std::filesystem::path spec;
  std::filesystem::path base;
};

const Scratch& scratch() {
  static const Scratch paths = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "canary-fuzz-chain-spec-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      perror("mkdtemp");
      std::abort();
    }
    const std::filesystem::path dir(pattern);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch().dir, ec);
    });
    return Scratch{dir, dir / "spec.json", dir / "base"};
  }();
  return paths;
}

int run(std::initializer_list<std::string> args) {
  std::vector<std::string> owned{"canary"};
  owned.insert(owned.end(), args);
  std::vector<char*> argv;
  argv.reserve(owned.size() + 1);
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return canary::cli::run(static_cast<int>(owned.size()), argv.data());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // The commands print the spec's fields (stdout) and their errors (std::cerr); libFuzzer
  // reports on stderr, which stays open. A stream without a buffer drops what is written to it.
  if (std::freopen("/dev/null", "w", stdout) == nullptr) std::abort();
  std::cout.rdbuf(nullptr);
  std::cerr.rdbuf(nullptr);
  (void)scratch();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const Scratch& paths = scratch();
  {
    std::ofstream file(paths.spec, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
    if (!file) std::abort();
  }
  const std::string spec = paths.spec.string();
  const std::string base = paths.base.string();
  // Exit codes are the commands' business (0, or 1 with an error); what matters is that each
  // returns.
  (void)run({"chain-spec", "inspect", "--chain", spec});
  (void)run({"debug", "runtime-version", "--chain", spec});
  (void)run({"build-spec", "--chain", spec, "--disable-default-bootnode"});
  (void)run({"purge-chain", "--chain", spec, "-y", "--base-path", base});
  std::error_code ec;
  std::filesystem::remove_all(paths.base, ec);
  return 0;
}
