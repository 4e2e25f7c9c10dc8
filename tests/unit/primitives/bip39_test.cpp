// BIP-39 against the published Trezor vectors (trezor/python-mnemonic vectors.json, passphrase
// "TREZOR") and Substrate's derivation against substrate-bip39's own test vectors (password
// "Substrate").
#include "primitives/keys/bip39.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"

namespace canary::keys {
namespace {

struct TrezorVector {
  const char* entropy;
  const char* mnemonic;
  const char* seed;  // BIP-39 seed with passphrase "TREZOR"
};

// https://github.com/trezor/python-mnemonic/blob/master/vectors.json ("english").
const TrezorVector kTrezor[] = {
    {"00000000000000000000000000000000",
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "about",
     "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf"
     "141630c7a3c4ab7c81b2f001698e7463b04"},
    {"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "legal winner thank year wave sausage worth useful legal winner thank yellow",
     "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c10"
     "69be3a3a5bd381ee6260e8d9739fce1f607"},
    {"80808080808080808080808080808080",
     "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
     "d71de856f81a8acc65e6fc851a38d4d7ec216fd0796d0a6827a3ad6ed5511a30fa280f12eb2e47ed2ac03b5c462a0"
     "358d18d69fe4f985ec81778c1b370b652a8"},
    {"ffffffffffffffffffffffffffffffff", "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
     "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b1"
     "1c61dee327651a14c34e18231052e48c069"},
    {"000000000000000000000000000000000000000000000000",
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon abandon abandon abandon abandon abandon agent",
     "035895f2f481b1b0f01fcf8c289c794660b289981a78f8106447707fdd9666ca06da5a9a565181599b79f53b844d8"
     "a71dd9f439c52a3d7b3e8a79c906ac845fa"},
    {"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth "
     "useful legal will",
     "f2b94508732bcbacbcc020faefecfc89feafa6649a5491b8c952cede496c214a0c7b3c392d168748f2d4a612bada0"
     "753b52a1c7ac53c1e93abd5c6320b9e95dd"},
    {"808080808080808080808080808080808080808080808080",
     "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount "
     "doctor acoustic avoid letter always",
     "107d7c02a5aa6f38c58083ff74f04c607c2d2c0ecc55501dadd72d025b751bc27fe913ffb796f841c49b1d33b610c"
     "f0e91d3aa239027f5e99fe4ce9e5088cd65"},
    {"ffffffffffffffffffffffffffffffffffffffffffffffff",
     "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo when",
     "0cd6e5d827bb62eb8fc1e262254223817fd068a74b5b449cc2f667c3f1f985a76379b43348d952e2265b4cd129090"
     "758b3e3c2c49103b5051aac2eaeb890a528"},
    {"0000000000000000000000000000000000000000000000000000000000000000",
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon art",
     "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a"
     "7c3de6f5d4a10be8ed2a5e608d68f92fcc8"},
    {"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth "
     "useful legal winner thank year wave sausage worth title",
     "bc09fca1804f7e69da93c2f2028eb238c227f2e9dda30cd63699232578480a4021b146ad717fbb7e451ce9eb835f4"
     "3620bf5c514db0f8add49f5d121449d3e87"},
    {"8080808080808080808080808080808080808080808080808080808080808080",
     "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount "
     "doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless",
     "c0c519bd0e91a2ed54357d9d1ebef6f5af218a153624cf4f2da911a0ed8f7a09e2ef61af0aca007096df430022f7a"
     "2b6fb91661a9589097069720d015e4e982f"},
    {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
     "vote",
     "dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3"
     "992c456cdf60f5d4564b8ba3f05a69890ad"},
    {"9e885d952ad362caeb4efe34a8e91bd2",
     "ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic",
     "274ddc525802f7c828d8ef7ddbcdc5304e87ac3535913611fbbfa986d0c9e5476c91689f9c8a54fd55bd38606aa6a"
     "8595ad213d4c9c9f9aca3fb217069a41028"},
    {"6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
     "gravity machine north sort system female filter attitude volume fold club stay feature "
     "office ecology stable narrow fog",
     "628c3827a8823298ee685db84f55caa34b5cc195a778e52d45f59bcf75aba68e4d7590e101dc414bc1bbd5737666f"
     "bbef35d1f1903953b66624f910feef245ac"},
    {"68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
     "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy "
     "gospel tennis maple dilemma loan word shrug inflict delay length",
     "64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1b39d41566"
     "5b8a9030c9ec653d75e65f847d8fc1fc440"},
    {"c0ba5a8e914111210f2bd131f3d5e08d",
     "scheme spot photo card baby mountain device kick cradle pact join borrow",
     "ea725895aaae8d4c1cf682c1bfd2d358d52ed9f0f0591131b559e2724bb234fca05aa9c02c57407e04ee9dc3b454a"
     "a63fbff483a8b11de949624b9f1831a9612"},
    {"6d9be1ee6ebd27a258115aad99b7317b9c8d28b6d76431c3",
     "horn tenant knee talent sponsor spell gate clip pulse soap slush warm silver nephew swap "
     "uncle crack brave",
     "fd579828af3da1d32544ce4db5c73d53fc8acc4ddb1e3b251a31179cdb71e853c56d2fcb11aed39898ce6c34b10b5"
     "382772db8796e52837b54468aeb312cfc3d"},
    {"9f6a2878b2520799a44ef18bc7df394e7061a224d2c33cd015b157d746869863",
     "panda eyebrow bullet gorilla call smoke muffin taste mesh discover soft ostrich alcohol "
     "speed nation flash devote level hobby quick inner drive ghost inside",
     "72be8e052fc4919d2adf28d5306b5474b0069df35b02303de8c1729c9538dbb6fc2d731d5f832193cd9fb6aeecbc4"
     "69594a70e3dd50811b5067f3b88b28c3e8d"},
    {"23db8160a31d3e0dca3688ed941adbf3",
     "cat swing flag economy stadium alone churn speed unique patch report train",
     "deb5f45449e615feff5640f2e49f933ff51895de3b4381832b3139941c57b59205a42480c52175b6efcffaa58a250"
     "3887c1e8b363a707256bdd2b587b46541f5"},
    {"8197a4a47f0425faeaa69deebc05ca29c0a5b5cc76ceacc0",
     "light rule cinnamon wrap drastic word pride squirrel upgrade then income fatal apart sustain "
     "crack supply proud access",
     "4cbdff1ca2db800fd61cae72a57475fdc6bab03e441fd63f96dabd1f183ef5b782925f00105f318309a7e9c3ea696"
     "7c7801e46c8a58082674c860a37b93eda02"},
    {"066dca1a2bb7e8a1db2832148ce9933eea0f3ac9548d793112d9a95c9407efad",
     "all hour make first leader extend hole alien behind guard gospel lava path output census "
     "museum junior mass reopen famous sing advance salt reform",
     "26e975ec644423f4a4c4f4215ef09b4bd7ef924e85d1d17c4cf3f136c2863cf6df0a475045652c57eb5fb41513ca2"
     "a2d67722b77e954b4b3fc11f7590449191d"},
    {"f30f8c1da665478f49b001d94c5fc452",
     "vessel ladder alter error federal sibling chat ability sun glass valve picture",
     "2aaa9242daafcee6aa9d7269f17d4efe271e1b9a529178d7dc139cd18747090bf9d60295d0ce74309a78852a9caad"
     "f0af48aae1c6253839624076224374bc63f"},
    {"c10ec20dc3cd9f652c7fac2f1230f7a3c828389a14392f05",
     "scissors invite lock maple supreme raw rapid void congress muscle digital elegant little "
     "brisk hair mango congress clump",
     "7b4a10be9d98e6cba265566db7f136718e1398c71cb581e1b2f464cac1ceedf4f3e274dc270003c670ad8d02c4558"
     "b2f8e39edea2775c9e232c7cb798b069e88"},
    {"f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
     "void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing "
     "screen patrol group space point ten exist slush involve unfold",
     "01f5bced59dec48e362f2c45b5de68b9fd6c92c6634f44d6d40aab69056506f0e35524a518034ddc1192e1dacd32c"
     "1ed3eaa3c3b131c88ed8e7e54c49a5d0998"},
};

struct SubstrateVector {
  const char* mnemonic;
  const char* entropy;
  const char* seed;  // substrate-bip39 seed_from_entropy(entropy, "Substrate")
};

// https://github.com/paritytech/substrate-bip39/blob/master/src/lib.rs (`VECTORS`).
const SubstrateVector kSubstrate[] = {
    {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "about",
     "00000000000000000000000000000000",
     "44e9d125f037ac1d51f0a7d3649689d422c2af8b1ec8e00d71db4d7bf6d127e33f50c3d5c84fa3e5399c72d6cbbbb"
     "c4a49bf76f76d952f479d74655a2ef2d453"},
    {"legal winner thank year wave sausage worth useful legal winner thank yellow",
     "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "4313249608fe8ac10fd5886c92c4579007272cb77c21551ee5b8d60b780416850f1e26c1f4b8d88ece681cb058ab6"
     "6d6182bc2ce5a03181f7b74c27576b5c8bf"},
    {"letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
     "80808080808080808080808080808080",
     "27f3eb595928c60d5bc91a4d747da40ed236328183046892ed6cd5aa9ae38122acd1183adf09a89839acb1e6eaa7f"
     "b563cc958a3f9161248d5a036e0d0af533d"},
    {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong", "ffffffffffffffffffffffffffffffff",
     "227d6256fd4f9ccaf06c45eaa4b2345969640462bbb00c5f51f43cb43418c7a753265f9b1e0c0822c155a9cabc769"
     "413ecc14553e135fe140fc50b6722c6b9df"},
    {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon abandon abandon abandon abandon abandon agent",
     "000000000000000000000000000000000000000000000000",
     "44e9d125f037ac1d51f0a7d3649689d422c2af8b1ec8e00d71db4d7bf6d127e33f50c3d5c84fa3e5399c72d6cbbbb"
     "c4a49bf76f76d952f479d74655a2ef2d453"},
    {"legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth "
     "useful legal will",
     "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "cb1d50e14101024a88905a098feb1553d4306d072d7460e167a60ccb3439a6817a0afc59060f45d999ddebc053087"
     "14733c9e1e84f30feccddd4ad6f95c8a445"},
    {"letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount "
     "doctor acoustic avoid letter always",
     "808080808080808080808080808080808080808080808080",
     "9ddecf32ce6bee77f867f3c4bb842d1f0151826a145cb4489598fe71ac29e3551b724f01052d1bc3f6d9514d6df6a"
     "a6d0291cfdf997a5afdb7b6a614c88ab36a"},
    {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo when",
     "ffffffffffffffffffffffffffffffffffffffffffffffff",
     "8971cb290e7117c64b63379c97ed3b5c6da488841bd9f95cdc2a5651ac89571e2c64d391d46e2475e8b0439118854"
     "57cd23e99a28b5a18535fe53294dc8e1693"},
    {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
     "abandon art",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "44e9d125f037ac1d51f0a7d3649689d422c2af8b1ec8e00d71db4d7bf6d127e33f50c3d5c84fa3e5399c72d6cbbbb"
     "c4a49bf76f76d952f479d74655a2ef2d453"},
    {"legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth "
     "useful legal winner thank year wave sausage worth title",
     "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
     "3037276a5d05fcd7edf51869eb841bdde27c574dae01ac8cfb1ea476f6bea6ef57ab9afe14aea1df8a48f97ae25b3"
     "7d7c8326e49289efb25af92ba5a25d09ed3"},
    {"letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount "
     "doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless",
     "8080808080808080808080808080808080808080808080808080808080808080",
     "2c9c6144a06ae5a855453d98c3dea470e2a8ffb78179c2e9eb15208ccca7d831c97ddafe844ab933131e6eb895f67"
     "5ede2f4e39837bb5769d4e2bc11df58ac42"},
    {"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
     "vote",
     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "047e89ef7739cbfe30da0ad32eb1720d8f62441dd4f139b981b8e2d0bd412ed4eb14b89b5098c49db2301d4e7df4e"
     "89c21e53f345138e56a5e7d63fae21c5939"},
    {"ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic",
     "9e885d952ad362caeb4efe34a8e91bd2",
     "f4956be6960bc145cdab782e649a5056598fd07cd3f32ceb73421c3da27833241324dc2c8b0a4d847eee457e6d4c5"
     "429f5e625ece22abaa6a976e82f1ec5531d"},
    {"gravity machine north sort system female filter attitude volume fold club stay feature "
     "office ecology stable narrow fog",
     "6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
     "fbcc5229ade0c0ff018cb7a329c5459f91876e4dde2a97ddf03c832eab7f26124366a543f1485479c31a9db0d421b"
     "da82d7e1fe562e57f3533cb1733b001d84d"},
    {"hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy "
     "gospel tennis maple dilemma loan word shrug inflict delay length",
     "68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
     "7c60c555126c297deddddd59f8cdcdc9e3608944455824dd604897984b5cc369cad749803bb36eb8b786b570c9cdc"
     "8db275dbe841486676a6adf389f3be3f076"},
    {"scheme spot photo card baby mountain device kick cradle pact join borrow",
     "c0ba5a8e914111210f2bd131f3d5e08d",
     "c12157bf2506526c4bd1b79a056453b071361538e9e2c19c28ba2cfa39b5f23034b974e0164a1e8acd30f5b4c4de7"
     "d424fdb52c0116bfc6a965ba8205e6cc121"},
    {"horn tenant knee talent sponsor spell gate clip pulse soap slush warm silver nephew swap "
     "uncle crack brave",
     "6d9be1ee6ebd27a258115aad99b7317b9c8d28b6d76431c3",
     "23766723e970e6b79dec4d5e4fdd627fd27d1ee026eb898feb9f653af01ad22080c6f306d1061656d01c4fe9a14c0"
     "5f991d2c7d8af8730780de4f94cd99bd819"},
    {"panda eyebrow bullet gorilla call smoke muffin taste mesh discover soft ostrich alcohol "
     "speed nation flash devote level hobby quick inner drive ghost inside",
     "9f6a2878b2520799a44ef18bc7df394e7061a224d2c33cd015b157d746869863",
     "f4c83c86617cb014d35cd87d38b5ef1c5d5c3d58a73ab779114438a7b358f457e0462c92bddab5a406fe0e6b97c71"
     "905cf19f925f356bc673ceb0e49792f4340"},
    {"cat swing flag economy stadium alone churn speed unique patch report train",
     "23db8160a31d3e0dca3688ed941adbf3",
     "719d4d4de0638a1705bf5237262458983da76933e718b2d64eb592c470f3c5d222e345cc795337bb3da393b94375f"
     "f4a56cfcd68d5ea25b577ee9384d35f4246"},
    {"light rule cinnamon wrap drastic word pride squirrel upgrade then income fatal apart sustain "
     "crack supply proud access",
     "8197a4a47f0425faeaa69deebc05ca29c0a5b5cc76ceacc0",
     "7ae1291db32d16457c248567f2b101e62c5549d2a64cd2b7605d503ec876d58707a8d663641e99663bc4f6cc9746f"
     "4852e75e7e54de5bc1bd3c299c9a113409e"},
    {"all hour make first leader extend hole alien behind guard gospel lava path output census "
     "museum junior mass reopen famous sing advance salt reform",
     "066dca1a2bb7e8a1db2832148ce9933eea0f3ac9548d793112d9a95c9407efad",
     "a911a5f4db0940b17ecb79c4dcf9392bf47dd18acaebdd4ef48799909ebb49672947cc15f4ef7e8ef47103a1a91a6"
     "732b821bda2c667e5b1d491c54788c69391"},
    {"vessel ladder alter error federal sibling chat ability sun glass valve picture",
     "f30f8c1da665478f49b001d94c5fc452",
     "4e2314ca7d9eebac6fe5a05a5a8d3546bc891785414d82207ac987926380411e559c885190d641ff7e686ace8c57d"
     "b6f6e4333c1081e3d88d7141a74cf339c8f"},
    {"scissors invite lock maple supreme raw rapid void congress muscle digital elegant little "
     "brisk hair mango congress clump",
     "c10ec20dc3cd9f652c7fac2f1230f7a3c828389a14392f05",
     "7a83851102849edc5d2a3ca9d8044d0d4f00e5c4a292753ed3952e40808593251b0af1dd3c9ed9932d46e8608eb0b"
     "928216a6160bd4fc775a6e6fbd493d7c6b2"},
    {"void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing "
     "screen patrol group space point ten exist slush involve unfold",
     "f585c11aec520db57dd353c69554b21a89b20fb0650966fa0a9d6f74fd989d8f",
     "938ba18c3f521f19bd4a399c8425b02c716844325b1a65106b9d1593fbafe5e0b85448f523f91c48e331995ff24ae"
     "406757cff47d11f240847352b348ff436ed"},
};

Bytes hex(const char* s) {
  return from_hex(s).value();
}

TEST(Bip39Test, TrezorEntropyToMnemonic) {
  for (const auto& v : kTrezor) {
    EXPECT_EQ(entropy_to_mnemonic(hex(v.entropy)), v.mnemonic) << v.entropy;
  }
}

TEST(Bip39Test, TrezorMnemonicToEntropy) {
  for (const auto& v : kTrezor) {
    auto entropy = mnemonic_to_entropy(v.mnemonic);
    ASSERT_TRUE(entropy) << v.mnemonic;
    EXPECT_EQ(to_hex(*entropy, false), v.entropy);
  }
}

TEST(Bip39Test, TrezorSeed) {
  for (const auto& v : kTrezor) {
    auto seed = seed_from_mnemonic(v.mnemonic, "TREZOR");
    ASSERT_TRUE(seed) << v.mnemonic;
    EXPECT_EQ(to_hex(*seed, false), v.seed) << v.mnemonic;
  }
}

TEST(Bip39Test, SeedDependsOnPassphrase) {
  const auto& v = kTrezor[0];
  auto with = seed_from_mnemonic(v.mnemonic, "TREZOR");
  auto without = seed_from_mnemonic(v.mnemonic, "");
  ASSERT_TRUE(with && without);
  EXPECT_NE(*with, *without);
}

TEST(Bip39Test, SubstrateVectors) {
  for (const auto& v : kSubstrate) {
    auto entropy = mnemonic_to_entropy(v.mnemonic);
    ASSERT_TRUE(entropy) << v.mnemonic;
    EXPECT_EQ(to_hex(*entropy, false), v.entropy);
    auto seed = substrate_seed_from_entropy(*entropy, "Substrate");
    ASSERT_TRUE(seed);
    EXPECT_EQ(to_hex(*seed, false), v.seed) << v.mnemonic;
    auto mini = mini_secret_from_mnemonic(v.mnemonic, "Substrate");
    ASSERT_TRUE(mini);
    EXPECT_EQ(to_hex(*mini, false), std::string(v.seed).substr(0, 64)) << v.mnemonic;
  }
}

// The root of every development account (sp-core DEV_PHRASE); subkey inspect prints this as the
// phrase's "Secret seed".
TEST(Bip39Test, DevPhraseMiniSecret) {
  auto mini = mini_secret_from_mnemonic(
      "bottom drive obey lake curtain smoke basket hold race lonely fit walk", "");
  ASSERT_TRUE(mini);
  EXPECT_EQ(to_hex(*mini), "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
}

TEST(Bip39Test, SubstrateUsesEntropyNotPhrase) {
  // The two derivations must disagree, or one of them is PBKDF2 over the wrong input.
  const auto& v = kTrezor[0];
  auto mini = mini_secret_from_mnemonic(v.mnemonic, "TREZOR");
  ASSERT_TRUE(mini);
  EXPECT_NE(to_hex(*mini, false), std::string(v.seed).substr(0, 64));
}

TEST(Bip39Test, WhitespaceIsFlexible) {
  auto a = mnemonic_to_entropy(
      "  legal winner\tthank year wave sausage worth useful legal  winner thank yellow\n");
  ASSERT_TRUE(a);
  EXPECT_EQ(to_hex(*a, false), "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
  auto seed = seed_from_mnemonic(
      "legal  winner thank year wave sausage worth useful legal winner thank yellow ", "TREZOR");
  ASSERT_TRUE(seed);
  EXPECT_EQ(to_hex(*seed, false), kTrezor[1].seed);
}

TEST(Bip39Test, RejectsBadWordCount) {
  EXPECT_EQ(mnemonic_to_entropy("").error(), Bip39Error::kBadWordCount);
  EXPECT_EQ(mnemonic_to_entropy("abandon abandon abandon abandon abandon abandon abandon abandon "
                                "abandon abandon about")
                .error(),
            Bip39Error::kBadWordCount);  // 11 words
  EXPECT_EQ(mnemonic_to_entropy("abandon abandon abandon abandon abandon abandon abandon abandon "
                                "abandon abandon abandon abandon about")
                .error(),
            Bip39Error::kBadWordCount);  // 13 words
  std::string many;
  for (int i = 0; i < 27; ++i) many += "zoo ";
  EXPECT_EQ(mnemonic_to_entropy(many).error(), Bip39Error::kBadWordCount);
  EXPECT_EQ(generate_mnemonic(13).error(), Bip39Error::kBadWordCount);
  EXPECT_EQ(generate_mnemonic(0).error(), Bip39Error::kBadWordCount);
  EXPECT_EQ(generate_mnemonic(27).error(), Bip39Error::kBadWordCount);
}

TEST(Bip39Test, RejectsUnknownWords) {
  const char* bad[] = {
      // not in the list
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "aboutt",
      // case-sensitive, as rust-bip39
      "Abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "about",
      // a prefix of a word is not the word ("aban" is not "abandon")
      "aban abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
      // longer than any word
      "abandonabandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "abandon about",
      // punctuation
      "abandon, abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "about",
  };
  for (const char* phrase : bad) {
    auto r = mnemonic_to_entropy(phrase);
    ASSERT_FALSE(r) << phrase;
    EXPECT_EQ(r.error(), Bip39Error::kUnknownWord) << phrase;
  }
  EXPECT_EQ(mini_secret_from_mnemonic(bad[0], "").error(), Bip39Error::kUnknownWord);
  EXPECT_EQ(seed_from_mnemonic(bad[0], "").error(), Bip39Error::kUnknownWord);
}

TEST(Bip39Test, RejectsBadChecksum) {
  // Twelve times "abandon" is entropy zero with checksum bits 0000; the right last word is "about".
  const char* phrase =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "abandon";
  EXPECT_EQ(mnemonic_to_entropy(phrase).error(), Bip39Error::kBadChecksum);
  EXPECT_EQ(mini_secret_from_mnemonic(phrase, "").error(), Bip39Error::kBadChecksum);
  // Swapping two words of a valid phrase breaks the checksum.
  EXPECT_EQ(
      mnemonic_to_entropy("bottom drive obey lake curtain smoke basket hold race lonely walk fit")
          .error(),
      Bip39Error::kBadChecksum);
  // Every last word but the right one fails for a 24-word phrase (8 checksum bits, no slack).
  EXPECT_EQ(mnemonic_to_entropy("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
                                "zoo zoo zoo zoo zoo zoo zoo zoo")
                .error(),
            Bip39Error::kBadChecksum);
}

TEST(Bip39Test, RejectsBadEntropyLength) {
  EXPECT_EQ(entropy_to_mnemonic(Bytes(15, 0)), "");
  EXPECT_EQ(entropy_to_mnemonic(Bytes(17, 0)), "");
  EXPECT_EQ(entropy_to_mnemonic(Bytes(36, 0)), "");
  EXPECT_EQ(entropy_to_mnemonic({}), "");
  EXPECT_EQ(substrate_seed_from_entropy(Bytes(12, 0), "").error(), Bip39Error::kBadEntropyLength);
  EXPECT_EQ(substrate_seed_from_entropy(Bytes(33, 0), "").error(), Bip39Error::kBadEntropyLength);
}

TEST(Bip39Test, GeneratedMnemonicsRoundTrip) {
  for (size_t words : {12u, 15u, 18u, 21u, 24u}) {
    auto phrase = generate_mnemonic(words);
    ASSERT_TRUE(phrase);
    size_t count = 1;
    for (char c : *phrase) count += c == ' ';
    EXPECT_EQ(count, words);
    auto entropy = mnemonic_to_entropy(*phrase);
    ASSERT_TRUE(entropy) << *phrase;
    EXPECT_EQ(entropy->size(), words * 4 / 3);
    EXPECT_EQ(entropy_to_mnemonic(*entropy), *phrase);
  }
  auto a = generate_mnemonic(12);
  auto b = generate_mnemonic(12);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(Bip39Test, ErrorsHaveNames) {
  for (auto e : {Bip39Error::kBadWordCount, Bip39Error::kUnknownWord, Bip39Error::kBadChecksum,
                 Bip39Error::kBadEntropyLength, Bip39Error::kNoRandomness}) {
    EXPECT_STRNE(to_string(e), "");
  }
}

}  // namespace
}  // namespace canary::keys
