#include "controller/telemetry/metrics.hpp"

#include <prometheus/text_serializer.h>

#include "controller/loop/reconciler.hpp"
#include "controller/page/status_page.hpp"

// Last: it pulls in <resolv.h>, whose `_res` macro breaks Eigen's headers.
#include <httplib.h>

namespace ddnsguard::controller {

namespace {

double epoch_seconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

Metrics::Metrics(std::chrono::milliseconds grace)
    : m_registry(std::make_shared<prometheus::Registry>()),
      m_checks(prometheus::BuildCounter()
                   .Name("ddnsguard_checks_total")
                   .Help("Reconcile passes run")
                   .Register(*m_registry)),
      m_changes(prometheus::BuildCounter()
                    .Name("ddnsguard_address_changes_total")
                    .Help("Changes of the agreed public address")
                    .Register(*m_registry)),
      m_calls(prometheus::BuildCounter()
                  .Name("ddnsguard_provider_calls_total")
                  .Help("Provider calls by provider, call (read, update, probe) and result "
                        "(ok or the error class)")
                  .Register(*m_registry)),
      m_latency(prometheus::BuildHistogram()
                    .Name("ddnsguard_provider_call_seconds")
                    .Help("Provider call latency")
                    .Register(*m_registry)),
      m_anomalies(prometheus::BuildGauge()
                      .Name("ddnsguard_open_anomalies")
                      .Help("Anomalies open now, by kind")
                      .Register(*m_registry)),
      m_next_check(prometheus::BuildGauge()
                       .Name("ddnsguard_next_check_timestamp_seconds")
                       .Help("When the next check is planned (Unix time)")
                       .Register(*m_registry)),
      m_last_success(prometheus::BuildGauge()
                         .Name("ddnsguard_record_last_in_sync_timestamp_seconds")
                         .Help("Last pass that found the record in sync (Unix time)")
                         .Register(*m_registry)),
      m_in_sync(prometheus::BuildGauge()
                    .Name("ddnsguard_record_in_sync")
                    .Help("1 when the last pass found the record in sync")
                    .Register(*m_registry)),
      m_grace(grace) {}

void Metrics::pass_done(const PassReport& report, TimePoint now) {
  m_checks.Add({}).Increment();
  std::lock_guard lock(m_mutex);
  for (const auto& r : report.records) {
    m_in_sync.Add({{"record", r.subject}}).Set(r.in_sync ? 1 : 0);
    auto& since = m_out_since[r.subject];
    if (r.in_sync) {
      m_last_success.Add({{"record", r.subject}}).Set(epoch_seconds(now));
      since.reset();
    } else if (!since) {
      since = now;
    }
  }
}

void Metrics::provider_call(const std::string& provider, const std::string& call,
                            const std::string& result, std::chrono::milliseconds latency) {
  m_calls.Add({{"provider", provider}, {"call", call}, {"result", result}}).Increment();
  static const prometheus::Histogram::BucketBoundaries buckets{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  m_latency.Add({{"provider", provider}}, buckets)
      .Observe(std::chrono::duration<double>(latency).count());
}

void Metrics::address_change(providers::Family family) {
  m_changes.Add({{"family", std::string(providers::to_string(family))}}).Increment();
}

void Metrics::next_check(TimePoint at) {
  m_next_check.Add({}).Set(epoch_seconds(at));
}

void Metrics::open_anomalies(const std::map<std::string, int>& by_kind) {
  std::lock_guard lock(m_mutex);
  for (auto& [kind, n] : m_anomaly_kinds)
    n = 0;
  for (const auto& [kind, n] : by_kind)
    m_anomaly_kinds[kind] = n;
  for (const auto& [kind, n] : m_anomaly_kinds)
    m_anomalies.Add({{"kind", kind}}).Set(n);
}

std::string Metrics::render() const {
  return prometheus::TextSerializer().Serialize(m_registry->Collect());
}

bool Metrics::healthy(TimePoint now, std::string* why) const {
  std::lock_guard lock(m_mutex);
  if (m_out_since.empty()) {
    if (why) *why = "no pass has finished yet";
    return false;
  }
  for (const auto& [record, since] : m_out_since) {
    if (since && now - *since >= m_grace) {
      if (why) *why = record + " not in sync";
      return false;
    }
  }
  return true;
}

MetricsServer::MetricsServer(const Metrics& metrics, std::function<std::string()> page)
    : m_metrics(metrics), m_page(std::move(page)), m_server(std::make_unique<httplib::Server>()) {
  // A scraper or two, not a crowd: a few workers instead of httplib's eight (each worker
  // thread costs a stack and a malloc arena of resident memory). A client that connects and
  // sends nothing, or keeps a connection open, gives its worker back within a second, so
  // /healthz keeps answering whoever else holds a connection.
  m_server->new_task_queue = [] { return new httplib::ThreadPool(k_workers); };
  m_server->set_read_timeout(k_client_timeout);
  m_server->set_write_timeout(k_client_timeout);
  m_server->set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(k_client_timeout).count());
  m_server->set_keep_alive_max_count(k_keep_alive_requests);
  m_server->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(m_metrics.render(), "text/plain; version=0.0.4");
  });
  m_server->Get("/", [this](const httplib::Request&, httplib::Response& res) {
    if (!m_page) {
      res.status = 404;
      return;
    }
    res.set_header("Content-Security-Policy", k_page_csp);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    res.set_content(m_page(), "text/html; charset=utf-8");
  });
  m_server->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    std::string why;
    auto now = TimePoint{std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::system_clock::now().time_since_epoch())};
    bool ok = m_metrics.healthy(now, &why);
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ok\n" : why + "\n", "text/plain");
  });
}

MetricsServer::~MetricsServer() {
  stop();
}

bool MetricsServer::start(const std::string& host, int port, std::string& error) {
  if (!m_server->bind_to_port(host, port)) {
    error = "cannot listen on " + host + ":" + std::to_string(port);
    return false;
  }
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  return true;
}

void MetricsServer::stop() {
  if (m_thread.joinable()) {
    m_server->stop();
    m_thread.join();
  }
}

}  // namespace ddnsguard::controller
