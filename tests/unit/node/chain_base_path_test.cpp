// The node's data layout (sc-service BasePath): the default base path from the XDG/HOME
// variables, the chains/<id>/ directories, temporary base paths, and the --chain/--dev rules.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "node/chain/base_path.hpp"

namespace canary::node {
namespace {

namespace fs = std::filesystem;

// Sets (or unsets) an environment variable for the scope of the test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ChainBasePath, DefaultFollowsXdgDataHome) {
  ScopedEnv xdg("XDG_DATA_HOME", "/data/xdg");
  ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(BasePath::default_path().value_or(""), fs::path("/data/xdg/canary"));
}

TEST(ChainBasePath, DefaultFallsBackToHome) {
  ScopedEnv home("HOME", "/home/someone");
  {
    ScopedEnv xdg("XDG_DATA_HOME", nullptr);
    EXPECT_EQ(BasePath::default_path().value_or(""), fs::path("/home/someone/.local/share/canary"));
  }
  {
    // A relative XDG_DATA_HOME is invalid and ignored (XDG base directory specification).
    ScopedEnv xdg("XDG_DATA_HOME", "relative/dir");
    EXPECT_EQ(BasePath::default_path().value_or(""), fs::path("/home/someone/.local/share/canary"));
  }
}

TEST(ChainBasePath, NoDefaultWithoutHome) {
  ScopedEnv xdg("XDG_DATA_HOME", nullptr);
  ScopedEnv home("HOME", nullptr);
  auto path = BasePath::default_path();
  ASSERT_FALSE(path);
  EXPECT_NE(path.error().find("--base-path"), std::string::npos);
}

TEST(ChainBasePath, SubstrateLayout) {
  BasePath base("/srv/canary");
  EXPECT_FALSE(base.is_temporary());
  EXPECT_EQ(base.config_dir("dev"), fs::path("/srv/canary/chains/dev"));
  EXPECT_EQ(base.database_root("dev"), fs::path("/srv/canary/chains/dev/db"));
  EXPECT_EQ(base.database_dir("dev"), fs::path("/srv/canary/chains/dev/db/full"));
  EXPECT_EQ(base.keystore_dir("local_testnet"),
            fs::path("/srv/canary/chains/local_testnet/keystore"));
  EXPECT_EQ(base.network_dir("ksmcc3"), fs::path("/srv/canary/chains/ksmcc3/network"));
}

TEST(ChainBasePath, TemporaryIsRemovedWithTheLastCopy) {
  fs::path path;
  {
    std::optional<BasePath> copy;
    {
      auto base = BasePath::temporary();
      ASSERT_TRUE(base) << base.error();
      EXPECT_TRUE(base->is_temporary());
      path = base->path();
      EXPECT_TRUE(fs::is_directory(path));
      fs::create_directories(base->database_dir("dev"));
      std::ofstream(base->database_dir("dev") / "CURRENT") << "x";
      copy = *base;
    }
    // The copy keeps the directory alive.
    EXPECT_TRUE(fs::is_directory(copy->database_dir("dev")));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ChainBasePath, Resolution) {
  ScopedEnv xdg("XDG_DATA_HOME", "/data/xdg");
  EXPECT_EQ(resolve_base_path(std::string("/given"), false)->path(), fs::path("/given"));
  EXPECT_EQ(resolve_base_path(std::string("/given"), true)->path(), fs::path("/given"));
  EXPECT_EQ(resolve_base_path(std::nullopt, false)->path(), fs::path("/data/xdg/canary"));
  auto dev = resolve_base_path(std::nullopt, true);
  ASSERT_TRUE(dev);
  EXPECT_TRUE(dev->is_temporary());
  EXPECT_FALSE(resolve_base_path(std::string(""), false));
}

TEST(ChainBasePath, ChainArgument) {
  EXPECT_EQ(chain_arg(std::nullopt, false), "");
  EXPECT_EQ(chain_arg(std::nullopt, true), "dev");
  EXPECT_EQ(chain_arg(std::string("local"), true), "local");
  EXPECT_EQ(chain_arg(std::string("spec.json"), false), "spec.json");
}

}  // namespace
}  // namespace canary::node
