#include "controller/telemetry/metrics.hpp"
#include "controller/telemetry/metrics_endpoint.hpp"

namespace ddnsguard::controller {

namespace {

class PrometheusEndpoint final : public MetricsEndpoint {
 public:
  PrometheusEndpoint(std::chrono::milliseconds grace, PageSource page)
      : m_metrics(grace), m_server(m_metrics, std::move(page)) {}
  bool start(const providers::ServerSpec& at, std::string& error) {
    return m_server.start(at.host, at.port, error);
  }
  MetricsSink& sink() override { return m_metrics; }

 private:
  Metrics m_metrics;
  MetricsServer m_server;
};

}  // namespace

std::unique_ptr<MetricsEndpoint> start_metrics_endpoint(const Config& config, spdlog::logger& log,
                                                        PageSource page) {
  const auto& listen = config.metrics.listen;
  if (!listen) return nullptr;
  auto endpoint = std::make_unique<PrometheusEndpoint>(config.verify.grace, std::move(page));
  std::string error;
  if (!endpoint->start(*listen, error)) {
    log.error("metrics: {}; running without them", error);
    return nullptr;
  }
  log.info("status page on http://{}:{}/, metrics on /metrics and /healthz", listen->host,
           listen->port);
  return endpoint;
}

std::string metrics_unavailable_reason() {
  return "";
}

}  // namespace ddnsguard::controller
