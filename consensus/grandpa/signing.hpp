// Vote signatures. A voter signs the SCALE encoding of (message, round, set_id), i.e.
// SCALE(Message) ‖ round u64 LE ‖ set_id u64 LE (sp-consensus-grandpa lib.rs `localized_payload`),
// with its ed25519 `gran` key. Binding round and set id into the payload is what makes a vote
// useless outside its round: a justification checked with the wrong set id or round fails here.
#pragma once

#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::consensus::grandpa {

Bytes localized_payload(const Message& message, RoundNumber round, SetId set_id);

SignedMessage sign_message(const crypto::ed25519::Keypair& keypair, const Message& message,
                           RoundNumber round, SetId set_id);

// ed25519 verification with the ZIP-215 rules every Polkadot node applies.
bool verify_signature(const Message& message, const AuthoritySignature& signature,
                      const AuthorityId& id, RoundNumber round, SetId set_id);

bool verify_message(const SignedMessage& signed_message, RoundNumber round, SetId set_id);

}  // namespace canary::consensus::grandpa
