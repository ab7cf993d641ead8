#pragma once
// Prometheus metrics and health (README "Metrics"): counters and gauges kept in a
// prometheus-cpp registry, rendered in the text exposition format, and served with
// /healthz by MetricsServer on `metrics.listen` (loopback unless configured otherwise).
// Thread-safe.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "controller/loop/metrics_sink.hpp"

namespace httplib {
class Server;
}

namespace ddnsguard::controller {

class Metrics final : public MetricsSink {
 public:
  // A record out of sync for less than `grace` still counts as healthy (an update on its way).
  explicit Metrics(std::chrono::milliseconds grace);

  void pass_done(const PassReport& report, TimePoint now) override;
  void provider_call(const std::string& provider, const std::string& call,
                     const std::string& result, std::chrono::milliseconds latency) override;
  void address_change(providers::Family family) override;
  void next_check(TimePoint at) override;
  void open_anomalies(const std::map<std::string, int>& by_kind) override;

  std::string render() const;  // Prometheus text format
  // Every record in sync, or out of sync for less than the grace; `why` names the first
  // that is not. False before the first pass.
  bool healthy(TimePoint now, std::string* why = nullptr) const;

 private:
  std::shared_ptr<prometheus::Registry> m_registry;
  prometheus::Family<prometheus::Counter>& m_checks;
  prometheus::Family<prometheus::Counter>& m_changes;
  prometheus::Family<prometheus::Counter>& m_calls;
  prometheus::Family<prometheus::Histogram>& m_latency;
  prometheus::Family<prometheus::Gauge>& m_anomalies;
  prometheus::Family<prometheus::Gauge>& m_next_check;
  prometheus::Family<prometheus::Gauge>& m_last_success;
  prometheus::Family<prometheus::Gauge>& m_in_sync;
  std::chrono::milliseconds m_grace;
  mutable std::mutex m_mutex;
  std::map<std::string, std::optional<TimePoint>> m_out_since;  // by record; nullopt: in sync
  std::map<std::string, int> m_anomaly_kinds;                   // kinds ever set (reset to 0)
};

// Serves GET /metrics and GET /healthz (200 "ok" or 503 with the reason) on its own thread.
class MetricsServer {
 public:
  static constexpr int k_workers = 3;
  static constexpr std::chrono::seconds k_client_timeout{1};
  static constexpr int k_keep_alive_requests = 10;

  // `page` (when set) makes the status page served at `/`.
  explicit MetricsServer(const Metrics& metrics, std::function<std::string()> page = {});
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  // Binds host:port and starts serving; false (with `error`) when it cannot bind.
  bool start(const std::string& host, int port, std::string& error);
  void stop();

 private:
  const Metrics& m_metrics;
  std::function<std::string()> m_page;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
};

}  // namespace ddnsguard::controller
