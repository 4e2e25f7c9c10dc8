// The Prometheus text format of the node's metrics registry.
#include "node/service/metrics_registry.hpp"

#include <gtest/gtest.h>

namespace canary::node {
namespace {

TEST(MetricsRegistry, GaugesAndCountersWithLabels) {
  MetricsRegistry registry;
  registry.declare("substrate_block_height", MetricType::kGauge, "Block height info of the chain");
  registry.declare("substrate_tasks_spawned_total", MetricType::kCounter,
                   "Total number of tasks that have been spawned on the Service");
  registry.set("substrate_block_height", {{"status", "best"}, {"chain", "dev"}}, 7);
  registry.set("substrate_block_height", {{"status", "best"}, {"chain", "dev"}}, 8);
  registry.add("substrate_tasks_spawned_total", {{"task_name", "import"}, {"chain", "dev"}});
  registry.add("substrate_tasks_spawned_total", {{"task_name", "import"}, {"chain", "dev"}}, 2);
  registry.add("substrate_tasks_spawned_total", {{"task_name", "import"}, {"chain", "dev"}}, -5);
  registry.set("undeclared", {}, 1);
  EXPECT_EQ(registry.render(),
            "# HELP substrate_block_height Block height info of the chain\n"
            "# TYPE substrate_block_height gauge\n"
            "substrate_block_height{status=\"best\",chain=\"dev\"} 8\n"
            "# HELP substrate_tasks_spawned_total Total number of tasks that have been spawned on "
            "the Service\n"
            "# TYPE substrate_tasks_spawned_total counter\n"
            "substrate_tasks_spawned_total{task_name=\"import\",chain=\"dev\"} 3\n");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  registry.declare("substrate_proposer_block_constructed", MetricType::kHistogram,
                   "Histogram of time taken to construct new block", {0.5, 1});
  const MetricLabels labels = {{"chain", "dev"}};
  registry.observe("substrate_proposer_block_constructed", labels, 0.25);
  registry.observe("substrate_proposer_block_constructed", labels, 0.5);
  registry.observe("substrate_proposer_block_constructed", labels, 0.75);
  registry.observe("substrate_proposer_block_constructed", labels, 3);
  EXPECT_EQ(registry.render(),
            "# HELP substrate_proposer_block_constructed Histogram of time taken to construct new "
            "block\n"
            "# TYPE substrate_proposer_block_constructed histogram\n"
            "substrate_proposer_block_constructed_bucket{chain=\"dev\",le=\"0.5\"} 2\n"
            "substrate_proposer_block_constructed_bucket{chain=\"dev\",le=\"1\"} 3\n"
            "substrate_proposer_block_constructed_bucket{chain=\"dev\",le=\"+Inf\"} 4\n"
            "substrate_proposer_block_constructed_sum{chain=\"dev\"} 4.5\n"
            "substrate_proposer_block_constructed_count{chain=\"dev\"} 4\n");
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  MetricsRegistry registry;
  registry.declare("m", MetricType::kGauge, "h");
  registry.set("m", {{"name", "x\"y"}}, 1.5);
  EXPECT_EQ(registry.render(), "# HELP m h\n# TYPE m gauge\nm{name=\"x\\\"y\"} 1.5\n");
}

}  // namespace
}  // namespace canary::node
