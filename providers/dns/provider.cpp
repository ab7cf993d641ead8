#include "providers/dns/provider.hpp"

#include <exception>

namespace ddnsguard::providers {

namespace {

// Latency on the steady clock, or on `virtual_clock` when given (the simulator).
template <class T, class F> Timed<T> timed(const Clock* virtual_clock, F&& call) {
  auto now = [&] {
    return virtual_clock ? virtual_clock->now().time_since_epoch()
                         : std::chrono::duration_cast<Clock::duration>(
                               std::chrono::steady_clock::now().time_since_epoch());
  };
  auto start = now();
  Result<T> value = [&]() -> Result<T> {
    try {
      return call();
    } catch (const std::exception& e) {
      return fail(ErrorClass::invalid_response, std::string("unexpected failure: ") + e.what());
    }
  }();
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(now() - start);
  return {std::move(value), latency};
}

}  // namespace

Timed<std::optional<Address>> Provider::read(const Record& rec) {
  auto out = timed<std::optional<Address>>(m_deps.latency_clock, [&] {
    std::lock_guard lock(m_call_mutex);
    return do_read(rec);
  });
  if (!out.value) out.value.error().message = masked(m_deps.redactor, out.value.error().message);
  if (!m_deps.log) return out;
  if (out.value) {
    m_deps.log->debug("read ok record={} provider={} value={} latency_ms={}", rec.subject(), m_name,
                      *out.value ? (*out.value)->to_string() : "absent", out.latency.count());
  } else {
    m_deps.log->warn("read failed record={} provider={} error_class={} latency_ms={} error={}",
                     rec.subject(), m_name, to_string(out.value.error().cls), out.latency.count(),
                     out.value.error().message);
  }
  return out;
}

Timed<void> Provider::update(const Record& rec, const Address& addr) {
  auto out = timed<void>(m_deps.latency_clock, [&] {
    std::lock_guard lock(m_call_mutex);
    return do_update(rec, addr);
  });
  if (!out.value) out.value.error().message = masked(m_deps.redactor, out.value.error().message);
  if (!m_deps.log) return out;
  if (out.value) {
    m_deps.log->info("update ok record={} provider={} address={} latency_ms={}", rec.subject(),
                     m_name, addr.to_string(), out.latency.count());
  } else {
    m_deps.log->warn("update failed record={} provider={} address={} error_class={} "
                     "latency_ms={} error={}",
                     rec.subject(), m_name, addr.to_string(), to_string(out.value.error().cls),
                     out.latency.count(), out.value.error().message);
  }
  return out;
}

}  // namespace ddnsguard::providers
