#include "node/service/metrics_registry.hpp"

#include <fmt/format.h>

#include <cmath>

namespace canary::node {

namespace {

std::string format_value(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

std::string label_text(const MetricLabels& labels, const MetricLabels& const_labels,
                       const std::string& extra_name = {}, const std::string& extra_value = {}) {
  std::string out;
  for (const MetricLabels* set : {&labels, &const_labels}) {
    for (const auto& [name, value] : *set) {
      out += out.empty() ? "{" : ",";
      out += name + "=\"" + escape_label_value(value) + "\"";
    }
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra_name + "=\"" + extra_value + "\"";
  }
  if (!out.empty()) out += "}";
  return out;
}

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string escape_label_value(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<double> MetricsRegistry::default_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

void MetricsRegistry::declare(const std::string& name, MetricType type, std::string help,
                              std::vector<double> buckets) {
  MutexLock lock(mutex_);
  if (families_.contains(name)) return;
  Family& family = families_[name];
  family.type = type;
  family.help = std::move(help);
  if (type == MetricType::kHistogram) family.buckets = std::move(buckets);
}

void MetricsRegistry::set(const std::string& name, const MetricLabels& labels, double value) {
  MutexLock lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type != MetricType::kGauge) return;
  it->second.series[labels].value = value;
}

void MetricsRegistry::add(const std::string& name, const MetricLabels& labels, double delta) {
  MutexLock lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type == MetricType::kHistogram) return;
  if (it->second.type == MetricType::kCounter && !(delta >= 0)) return;
  it->second.series[labels].value += delta;
}

void MetricsRegistry::observe(const std::string& name, const MetricLabels& labels, double value) {
  MutexLock lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type != MetricType::kHistogram) return;
  const Family& family = it->second;
  Series& series = it->second.series[labels];
  if (series.counts.empty()) series.counts.assign(family.buckets.size() + 1, 0);
  size_t bucket = 0;
  while (bucket < family.buckets.size() && value > family.buckets[bucket]) ++bucket;
  ++series.counts[bucket];
  series.sum += value;
  ++series.count;
}

std::optional<double> MetricsRegistry::value(const std::string& name,
                                             const MetricLabels& labels) const {
  MutexLock lock(mutex_);
  auto family = families_.find(name);
  if (family == families_.end()) return std::nullopt;
  auto series = family->second.series.find(labels);
  if (series == family->second.series.end()) return std::nullopt;
  if (family->second.type == MetricType::kHistogram) {
    return static_cast<double>(series->second.count);
  }
  return series->second.value;
}

void MetricsRegistry::set_const_labels(MetricLabels labels) {
  MutexLock lock(mutex_);
  const_labels_ = std::move(labels);
}

void MetricsRegistry::add_collector(std::function<void(MetricsRegistry&)> collector) {
  MutexLock lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
  std::vector<std::function<void(MetricsRegistry&)>> collectors;
  {
    MutexLock lock(mutex_);
    collectors = collectors_;
  }
  // The collectors update this registry through its public (locking) interface.
  auto& self = const_cast<MetricsRegistry&>(*this);
  for (const auto& collect : collectors) collect(self);
  MutexLock lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + type_name(family.type) + "\n";
    for (const auto& [labels, series] : family.series) {
      if (family.type != MetricType::kHistogram) {
        out += name + label_text(labels, const_labels_) + " " + format_value(series.value) + "\n";
        continue;
      }
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= family.buckets.size(); ++i) {
        cumulative += series.counts[i];
        const std::string le =
            i < family.buckets.size() ? format_value(family.buckets[i]) : std::string("+Inf");
        out += name + "_bucket" + label_text(labels, const_labels_, "le", le) + " " +
               std::to_string(cumulative) + "\n";
      }
      out +=
          name + "_sum" + label_text(labels, const_labels_) + " " + format_value(series.sum) + "\n";
      out += name + "_count" + label_text(labels, const_labels_) + " " +
             std::to_string(series.count) + "\n";
    }
  }
  return out;
}

}  // namespace canary::node
