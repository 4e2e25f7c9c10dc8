// A small metrics registry for the Prometheus endpoint: counters, gauges and histograms with
// labels, rendered in the text exposition format (version 0.0.4) the way Substrate's
// prometheus crate does (HELP, TYPE, one line per label set; histograms as cumulative `_bucket`
// lines with `le`, then `_sum` and `_count`). Safe to update from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

// Label name/value pairs, in the order they are printed.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType : uint8_t { kCounter, kGauge, kHistogram };

class MetricsRegistry {
 public:
  // Declares a metric family (idempotent; the first HELP and bucket bounds stay).
  // `buckets`: histogram upper bounds, increasing; +Inf is implicit.
  void declare(const std::string& name, MetricType type, std::string help,
               std::vector<double> buckets = {});

  // Gauges: set the value; counters: add `delta` (>= 0); histograms: observe `value`.
  // A name that was not declared, or of another type, is ignored.
  void set(const std::string& name, const MetricLabels& labels, double value);
  void add(const std::string& name, const MetricLabels& labels, double delta = 1);
  void observe(const std::string& name, const MetricLabels& labels, double value);

  // A gauge's or counter's current value; a histogram's count of observations. None when the
  // series was never set.
  std::optional<double> value(const std::string& name, const MetricLabels& labels) const;

  // Labels printed after each series' own labels on every line (Substrate's registry puts
  // `chain="<chain id>"` on every metric this way). Set once, before the first render.
  void set_const_labels(MetricLabels labels);

  // Called at the start of each render, outside the registry's lock, to set gauges and counters
  // from values their owner already keeps (the best block, the peer count, /proc).
  void add_collector(std::function<void(MetricsRegistry&)> collector);

  std::string render() const;

  // Prometheus's default buckets (what Substrate's histograms use unless they say otherwise).
  static std::vector<double> default_buckets();

 private:
  struct Series {
    double value = 0;              // gauge / counter
    std::vector<uint64_t> counts;  // histogram, per bucket (not cumulative), +Inf last
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    MetricType type = MetricType::kGauge;
    std::string help;
    std::vector<double> buckets;
    std::map<MetricLabels, Series> series;
  };
  mutable Mutex mutex_;
  std::map<std::string, Family> families_ GUARDED_BY(mutex_);
  MetricLabels const_labels_ GUARDED_BY(mutex_);
  std::vector<std::function<void(MetricsRegistry&)>> collectors_ GUARDED_BY(mutex_);
};

// A label value escaped for the text format (backslash, double quote, newline).
std::string escape_label_value(const std::string& value);

}  // namespace canary::node
