// Command-line entry point: parses arguments and dispatches to subcommands.
#pragma once

namespace canary::cli {

int run(int argc, char** argv);

}  // namespace canary::cli
