// What an offchain worker call may ask of the node besides storage (sp-core offchain
// `Externalities`, which sp-io's OffchainWorkerExt wraps): validator status, time, randomness,
// network state and HTTP. Only offchain worker calls get one; block execution has none, and the
// host functions then trap, as the reference's "can be called only in the offchain worker context".
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "executor/offchain/http_types.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::offchain {

// sp-core `OpaqueNetworkState`: the local peer id and its addresses, each opaque bytes.
struct NetworkState {
  Bytes peer_id;
  std::vector<Bytes> external_addresses;
};

class OffchainWorker {
 public:
  virtual ~OffchainWorker() = default;

  virtual bool is_validator() = 0;
  virtual std::optional<NetworkState> network_state() = 0;
  virtual Timestamp timestamp() = 0;
  virtual void sleep_until(Timestamp deadline) = 0;
  virtual Hash256 random_seed() = 0;

  // Deadlines: none blocks until done.
  virtual std::optional<HttpRequestId> http_request_start(std::string_view method,
                                                          std::string_view uri, ByteSpan meta) = 0;
  virtual bool http_request_add_header(HttpRequestId id, std::string_view name,
                                       std::string_view value) = 0;
  virtual Result<void, HttpError> http_request_write_body(HttpRequestId id, ByteSpan chunk,
                                                          std::optional<Timestamp> deadline) = 0;
  // One status per id, in order.
  virtual std::vector<HttpRequestStatus> http_response_wait(std::span<const HttpRequestId> ids,
                                                            std::optional<Timestamp> deadline) = 0;
  virtual std::vector<std::pair<Bytes, Bytes>> http_response_headers(HttpRequestId id) = 0;
  // Bytes written into `buffer`; 0 at the end of the body.
  virtual Result<uint32_t, HttpError> http_response_read_body(
      HttpRequestId id, MutableByteSpan buffer, std::optional<Timestamp> deadline) = 0;
  virtual void set_authorized_nodes(std::vector<Bytes> nodes, bool authorized_only) = 0;
};

// An offchain worker without network access, the default: the clock and the system's randomness
// are real; HTTP requests cannot start (Err), every request id is invalid, and the network state
// is unavailable (Err).
class BasicOffchainWorker final : public OffchainWorker {
 public:
  explicit BasicOffchainWorker(bool is_validator = false) : is_validator_(is_validator) {}

  bool is_validator() override { return is_validator_; }
  std::optional<NetworkState> network_state() override { return std::nullopt; }
  Timestamp timestamp() override;
  void sleep_until(Timestamp deadline) override;
  Hash256 random_seed() override;

  std::optional<HttpRequestId> http_request_start(std::string_view, std::string_view,
                                                  ByteSpan) override {
    return std::nullopt;
  }
  bool http_request_add_header(HttpRequestId, std::string_view, std::string_view) override {
    return false;
  }
  Result<void, HttpError> http_request_write_body(HttpRequestId, ByteSpan,
                                                  std::optional<Timestamp>) override {
    return unexpected(HttpError::kInvalid);
  }
  std::vector<HttpRequestStatus> http_response_wait(std::span<const HttpRequestId> ids,
                                                    std::optional<Timestamp>) override {
    return std::vector<HttpRequestStatus>(ids.size(), HttpRequestStatus::invalid());
  }
  std::vector<std::pair<Bytes, Bytes>> http_response_headers(HttpRequestId) override { return {}; }
  Result<uint32_t, HttpError> http_response_read_body(HttpRequestId, MutableByteSpan,
                                                      std::optional<Timestamp>) override {
    return unexpected(HttpError::kInvalid);
  }
  void set_authorized_nodes(std::vector<Bytes>, bool) override {}

 private:
  bool is_validator_;
};

}  // namespace canary::executor::offchain
