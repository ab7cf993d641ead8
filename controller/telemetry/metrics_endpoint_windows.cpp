#include "controller/telemetry/metrics_endpoint.hpp"

namespace ddnsguard::controller {

std::unique_ptr<MetricsEndpoint> start_metrics_endpoint(const Config& config, spdlog::logger& log,
                                                        PageSource) {
  if (config.metrics.listen) log.warn("metrics.listen ignored: {}", metrics_unavailable_reason());
  return nullptr;
}

std::string metrics_unavailable_reason() {
  return "the Windows build has no metrics endpoint (prometheus-cpp is not cross-built)";
}

}  // namespace ddnsguard::controller
