// A StorageBackend that records the storage proof of what a runtime call reads: Substrate's
// proving backend (sp-state-machine `TrieBackendBuilder::with_recorder`, used by
// `prove_execution_on_trie_backend`), which answers the light client's remote call requests.
//
// Every node and V1 value the call's reads, key iterations and root computations load comes
// through one RecordingNodeStore: the tries of the backend are opened over it, and so are the
// working tries an overlay opens on node_store() to compute roots. What a verifier needs is
// therefore in the proof, child tries included. Two rules beyond that:
//  - exists() reads the value. smoldot serves ext_storage_exists from the proof with a storage
//    read (executor/host.rs), and a V1 value that is only a hash in the proof is an incomplete
//    proof there; Substrate's proof would lack it. Recording the value costs a few bytes and makes
//    the proof good for both.
//  - Reads made before start_recording() are served by a separate, unrecorded view of the same
//    state, so that neither they nor the trie nodes they leave loaded leak into the proof. The
//    node opens the call's runtime that way: Substrate takes `:code` and `:heappages` from the
//    state outside the recorder (BackendRuntimeCode), and the verifier has the runtime already
//    (smoldot downloads `:code` with a read proof); `:code` is most of a state's bytes.
#pragma once

#include "state/overlay/storage_backend.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/recording_node_store.hpp"

namespace canary::state {

class ProvingBackend final : public StorageBackend {
 public:
  // `store` must outlive the backend. Recording starts with start_recording().
  //
  // Inline for the same reason as TrieBackend's (trie_backend.hpp): this library has no RTTI.
  ProvingBackend(const Hash256& root, const NodeStore& store)
      : recorder_(store), unrecorded_(root, store), recorded_(root, recorder_) {}

  void start_recording() { recording_ = true; }

  Result<std::optional<Bytes>, StorageError> get(ChildKey child, ByteSpan key) override {
    return active().get(child, key);
  }
  Result<bool, StorageError> exists(ChildKey child, ByteSpan key) override {
    if (!recording_) return unrecorded_.exists(child, key);
    auto value = recorded_.get(child, key);
    if (!value) return unexpected(value.error());
    return value->has_value();
  }
  Result<std::optional<Bytes>, StorageError> next_key(ChildKey child, ByteSpan key) override {
    return active().next_key(child, key);
  }
  Hash256 state_root() const override { return recorded_.state_root(); }
  // Root computations load through the recorder whenever they happen.
  const NodeStore& node_store() const override { return recorder_; }

  const RecordingNodeStore& recorder() const { return recorder_; }

 private:
  TrieBackend& active() { return recording_ ? recorded_ : unrecorded_; }

  RecordingNodeStore recorder_;
  TrieBackend unrecorded_;
  TrieBackend recorded_;
  bool recording_ = false;
};

}  // namespace canary::state
