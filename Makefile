# The two commands of the README: `make dev` and `make test`. Everything else is a helper of those.
BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
JOBS ?= 2
CMAKE_FLAGS ?=
CLANG := -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19

.PHONY: dev test setup configure build unit interop build-asan test-asan fuzz bench format lint tidy clean

setup:
	@scripts/setup

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CLANG) $(CMAKE_FLAGS) >/dev/null

configure: setup $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

dev: build
	@scripts/dev $(BUILD_DIR) $(ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) -j $(JOBS) --output-on-failure || { scripts/test-report $(BUILD_DIR); exit 1; }

# Unit, node and CLI tests and the fuzz targets (bounded runs) under AddressSanitizer +
# UndefinedBehaviorSanitizer. The runtime blob comes from the wasm32 sub-build, whose toolchain
# is never sanitized (the same objects as the normal build's, from ccache), so that the tests of
# RPC, the service, block production and import and the host-API runtime run here too.
build-asan: setup
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja $(CLANG) -DCMAKE_BUILD_TYPE=Debug \
	  -DCANARY_SANITIZE=ON -DCANARY_FUZZ=ON -DCANARY_WASM32=ON -DCANARY_RUNTIME_PRODUCTION=OFF \
	  -DCANARY_BENCH=OFF -DCANARY_INTEROP=OFF >/dev/null
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)

test-asan: build-asan
	ctest --test-dir $(ASAN_BUILD_DIR) -j $(JOBS) --output-on-failure || { scripts/test-report $(ASAN_BUILD_DIR); exit 1; }

bench: build
	$(BUILD_DIR)/bench/canary_benchmarks
	node tests/interop/bench_sr25519_wasm_crypto.mjs $(BUILD_DIR)
	node tests/interop/bench_trie_root.mjs $(BUILD_DIR)
	node tests/interop/bench_execute_block.mjs $(BUILD_DIR)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format-19 -i

# The machine-checked house rules, in seconds: includes point down the layers, every file is
# formatted.
lint: setup
	scripts/check-layers
	git ls-files '*.cpp' '*.hpp' '*.h' | xargs clang-format-19 --dry-run -Werror

# clang-tidy-19 (.clang-tidy: bug patterns, performance, naming) over every layer's sources;
# files found clean are cached by content (scripts/tidy --help). `make tidy PATHS="node/rpc"`
# checks part of the tree; CI passes TIDY_FLAGS="--budget 300".
tidy: configure
	scripts/tidy --build $(BUILD_DIR) --jobs $(JOBS) $(TIDY_FLAGS) $(PATHS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)
