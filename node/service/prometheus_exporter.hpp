// The Prometheus endpoint (sc-service's --prometheus-port, default 127.0.0.1:9615): GET /metrics
// answers the text exposition format; NodeService renders its MetricsRegistry here, with
// Substrate's metric names (node/service/README.md), so existing dashboards read a Canary node.
// One small thread, one request at a time: scrapes are rare and tiny.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "primitives/util/result.hpp"

namespace canary::node {

class PrometheusExporter {
 public:
  // `render` produces the metrics text at each scrape (called on the exporter's thread).
  static Result<std::unique_ptr<PrometheusExporter>, std::string> start(
      const std::string& address, uint16_t port, std::function<std::string()> render);
  ~PrometheusExporter();
  uint16_t port() const;
  void stop();

  struct Impl;

 private:
  explicit PrometheusExporter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::node
