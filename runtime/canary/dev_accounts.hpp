// The well-known development accounts (//Alice … //Ferdie and their //stash) and their session
// keys as Substrate derives them: sr25519 for the account, BABE, parachain and authority-discovery
// keys, ed25519 for GRANDPA, ecdsa for BEEFY. Constants because the runtime cannot derive keys
// (no sr25519 in wasm32); tests/unit/runtime/canary_runtime_test.cpp derives them again with
// primitives/keys and compares.
#pragma once

#include <array>
#include <string_view>

namespace canary::rt::canary_runtime {

struct DevAccount {
  std::string_view name;
  std::string_view sr25519;  // account, babe, para_validator, para_assignment, authority_discovery
  std::string_view ed25519;  // grandpa
  std::string_view ecdsa;    // beefy (compressed)
  std::string_view stash;    // //<Name>//stash (sr25519)
};

inline constexpr std::array<DevAccount, 6> kDevAccounts = {{
    {"Alice", "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
     "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee",
     "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1",
     "0xbe5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f"},
    {"Bob", "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
     "0xd17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69",
     "0x0390084fdbf27d2b79d26a4f13f0ccd982cb755a661969143c37cbc49ef5b91f27",
     "0xfe65717dad0447d715f660a0a58411de509b42e6efb8375f562f58a554d5860e"},
    {"Charlie", "0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22",
     "0x439660b36c6c03afafca027b910b4fecf99801834c62a5e6006f27d978de234f",
     "0x0389411795514af1627765eceffcbd002719f031604fadd7d188e2dc585b4e1afb",
     "0x1e07379407fecc4b89eb7dbd287c2c781cfb1907a96947a3eb18e4f8e7198625"},
    {"Dave", "0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20",
     "0x5e639b43e0052c47447dac87d6fd2b6ec50bdd4d0f614e4299c665249bbd09d9",
     "0x03bc9d0ca094bd5b8b3225d7651eac5d18c1c04bf8ae8f8b263eebca4e1410ed0c",
     "0xe860f1b1c7227f7c22602f53f15af80747814dffd839719731ee3bba6edc126c"},
    {"Eve", "0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e",
     "0x1dfe3e22cc0d45c70779c1095f7489a8ef3cf52d62fbd8c2fa38c9f1723502b5",
     "0x031d10105e323c4afce225208f71a6441ee327a65b9e646e772500c74d31f669aa",
     "0x8ac59e11963af19174d0b94d5d78041c233f55d2e19324665bafdfb62925af2d"},
    {"Ferdie", "0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c",
     "0x568cb4a574c6d178feb39c27dfc8b3f789e5f5423e19c71633c748b9acf086b5",
     "0x0291f1217d5a04cb83312ee3d88a6e6b33284e053e6ccfc3a90339a0299d12967c",
     "0x101191192fc877c24d725b337120fa3edc63d227bbc92705db1e2cb65f56981a"},
}};

}  // namespace canary::rt::canary_runtime
