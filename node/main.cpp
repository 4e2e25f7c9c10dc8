// The `canary` command: the node and its tools.
#include "node/cli/cli.hpp"

int main(int argc, char** argv) {
  return canary::cli::run(argc, argv);
}
