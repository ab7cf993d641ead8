#pragma once
// What the reconciler and the daemon report for metrics (README "Metrics"). Metrics
// (metrics.hpp, prometheus-cpp) is the implementation; absent where metrics are not built.

#include <chrono>
#include <map>
#include <string>

#include "controller/store/history_store.hpp"
#include "providers/base/address.hpp"

namespace ddnsguard::controller {

struct PassReport;

class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void pass_done(const PassReport& report, TimePoint now) = 0;
  // `call`: read, update or probe; `result`: ok or the error class.
  virtual void provider_call(const std::string& provider, const std::string& call,
                             const std::string& result, std::chrono::milliseconds latency) = 0;
  virtual void address_change(providers::Family family) = 0;
  virtual void next_check(TimePoint at) = 0;
  virtual void open_anomalies(const std::map<std::string, int>& by_kind) = 0;
};

}  // namespace ddnsguard::controller
