// The Prometheus text format of the node's metrics registry.
#include "node/service/metrics_registry.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "node/service/process_metrics.hpp"

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

TEST(MetricsRegistry, ConstLabelsFollowEachSeriesLabels) {
  MetricsRegistry registry;
  registry.set_const_labels({{"chain", "dev"}});
  registry.declare("substrate_block_height", MetricType::kGauge, "Block height info of the chain");
  registry.declare("substrate_block_verification_and_import_time", MetricType::kHistogram,
                   "Time taken to verify and import blocks", {0.5});
  registry.set("substrate_block_height", {{"status", "best"}}, 3);
  registry.observe("substrate_block_verification_and_import_time", {}, 0.25);
  EXPECT_EQ(registry.render(),
            "# HELP substrate_block_height Block height info of the chain\n"
            "# TYPE substrate_block_height gauge\n"
            "substrate_block_height{status=\"best\",chain=\"dev\"} 3\n"
            "# HELP substrate_block_verification_and_import_time Time taken to verify and import "
            "blocks\n"
            "# TYPE substrate_block_verification_and_import_time histogram\n"
            "substrate_block_verification_and_import_time_bucket{chain=\"dev\",le=\"0.5\"} 1\n"
            "substrate_block_verification_and_import_time_bucket{chain=\"dev\",le=\"+Inf\"} 1\n"
            "substrate_block_verification_and_import_time_sum{chain=\"dev\"} 0.25\n"
            "substrate_block_verification_and_import_time_count{chain=\"dev\"} 1\n");
  EXPECT_EQ(registry.value("substrate_block_verification_and_import_time", {}), 1.0);
  EXPECT_EQ(registry.value("substrate_block_height", {{"status", "best"}}), 3.0);
  EXPECT_FALSE(registry.value("substrate_block_height", {{"status", "finalized"}}));
}

TEST(MetricsRegistry, CollectorsRunAtEachRender) {
  MetricsRegistry registry;
  registry.declare("substrate_sub_libp2p_peers_count", MetricType::kGauge,
                   "Number of connected peers");
  int peers = 2;
  registry.add_collector(
      [&peers](MetricsRegistry& r) { r.set("substrate_sub_libp2p_peers_count", {}, peers); });
  EXPECT_NE(registry.render().find("substrate_sub_libp2p_peers_count 2\n"), std::string::npos);
  peers = 5;
  EXPECT_NE(registry.render().find("substrate_sub_libp2p_peers_count 5\n"), std::string::npos);
}

TEST(ProcessMetrics, ReadFromProc) {
  const auto before = read_process_stats();
  ASSERT_TRUE(before);
  EXPECT_GT(before->resident_bytes, 0u);
  EXPECT_GE(before->virtual_bytes, before->resident_bytes);
  EXPECT_GE(before->threads, 1u);
  EXPECT_GT(before->max_fds, 0u);
  // Started after 2020 and not in the future.
  EXPECT_GT(before->start_time_seconds, 1577836800.0);
  EXPECT_LE(before->start_time_seconds, static_cast<double>(time(nullptr)) + 1);
  // One more descriptor open: counted.
  const int fd = open("/proc/self/stat", O_RDONLY);
  ASSERT_GE(fd, 0);
  const auto during = read_process_stats();
  close(fd);
  ASSERT_TRUE(during);
  EXPECT_EQ(during->open_fds, before->open_fds + 1);

  MetricsRegistry registry;
  register_process_metrics(registry);
  const std::string text = registry.render();
  for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                           "process_virtual_memory_bytes ", "process_open_fds ", "process_max_fds ",
                           "process_start_time_seconds ", "process_threads "}) {
    EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name;
  }
  EXPECT_GT(registry.value("process_resident_memory_bytes", {}).value_or(0), 0);
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter\n"), std::string::npos);
}

}  // namespace
}  // namespace canary::node
