#pragma once
// Starts the metrics endpoint a configuration asks for (`metrics.listen`): /metrics,
// /healthz and the status page at / served by MetricsServer (metrics.hpp). One implementation per
// OS in controller/platform/metrics_endpoint_<os>.cpp; the Windows build has none.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "controller/loop/metrics_sink.hpp"

namespace ddnsguard::controller {

class MetricsEndpoint {
 public:
  virtual ~MetricsEndpoint() = default;
  virtual MetricsSink& sink() = 0;
};

// The status page's HTML, made for each request (`GET /`).
using PageSource = std::function<std::string()>;

// Null when `config.metrics.listen` is unset, when the endpoint cannot bind (logged), or
// when this build has no metrics (logged). `page` (when set) is served at `/`.
std::unique_ptr<MetricsEndpoint> start_metrics_endpoint(const Config& config, spdlog::logger& log,
                                                        PageSource page = {});

// Why `metrics.listen` cannot work in this build ("" when it can): check-config says it.
std::string metrics_unavailable_reason();

}  // namespace ddnsguard::controller
