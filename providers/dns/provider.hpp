#pragma once
// The one front every DNS provider sits behind. The base class times, logs (redacted) and
// guards each call; a concrete provider implements only the protocol in do_read/do_update.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "providers/base/address.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/record.hpp"
#include "providers/base/result.hpp"
#include "providers/net/http_client.hpp"
#include "providers/net/redactor.hpp"

namespace ddnsguard::providers {

// What a call returned and how long it took.
template <class T> struct Timed {
  Result<T> value;
  std::chrono::milliseconds latency{0};
};

// How long one provider call may take, whoever builds the provider.
constexpr std::chrono::milliseconds k_provider_timeout{10000};

// What a provider needs at run time, given when it is built (build_runtime).
struct ProviderDeps {
  std::shared_ptr<HttpClient> http;
  std::shared_ptr<spdlog::logger> log;
  std::chrono::milliseconds timeout = k_provider_timeout;
  const Clock* clock = nullptr;          // signed APIs stamp their requests; null: the system clock
  const Clock* latency_clock = nullptr;  // times calls (the simulator); null: steady clock
  // Masks the secrets out of every error message (a server may echo them back); null: none.
  std::shared_ptr<const Redactor> redactor = nullptr;
};

class Provider {
 public:
  explicit Provider(std::string name, ProviderDeps deps = {})
      : m_name(std::move(name)), m_deps(std::move(deps)) {}
  virtual ~Provider() = default;
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  const std::string& name() const { return m_name; }
  virtual std::string_view type() const = 0;
  // One line for check-config: type and non-secret settings.
  virtual std::string describe() const = 0;
  // Whether the provider can tell what it holds. Write-only protocols (dyndns2) cannot:
  // read() then answers nullopt-with-unknown and the controller relies on its own memory
  // and on DNS verification.
  virtual bool can_read() const { return true; }

  // What the provider holds now (not a cache); nullopt when the record is absent.
  // Calls to one provider are serialised (IPv4 and IPv6 passes share it): many APIs refuse
  // or fail concurrent changes to one zone. Blocks for at most the configured timeout per
  // queued call. Never throws.
  Timed<std::optional<Address>> read(const Record& rec);
  // Sets the record to `addr`. Blocks for at most the configured timeout. Never throws.
  Timed<void> update(const Record& rec, const Address& addr);

 protected:
  // Protocol only: no logging, retries or sleeps. Replies are hostile: anything off is
  // invalid_response.
  virtual Result<std::optional<Address>> do_read(const Record& rec) = 0;
  virtual Result<void> do_update(const Record& rec, const Address& addr) = 0;

  HttpClient& http() { return *m_deps.http; }
  std::chrono::milliseconds timeout() const { return m_deps.timeout; }
  // Wall-clock time for request stamps (signatures), from the injected clock.
  std::chrono::sys_seconds wall_now() const {
    auto t = m_deps.clock ? m_deps.clock->now()
                          : Clock::time_point{std::chrono::floor<Clock::duration>(
                                std::chrono::system_clock::now())};
    return std::chrono::floor<std::chrono::seconds>(t);
  }

 private:
  std::string m_name;
  ProviderDeps m_deps;
  std::mutex m_call_mutex;
};

using ProviderPtr = std::unique_ptr<Provider>;

// A provider as configured: its settings, and how to build it once what it needs exists.
// Plain data (copyable, holds no connection); the configuration keeps these.
struct ProviderSpec {
  std::function<ProviderPtr(ProviderDeps)> build;
};

// The spec of a provider of class P with `options` (shared, read-only, by every build).
template <class P, class Options> ProviderSpec spec_of(std::string name, Options options) {
  auto settings = std::make_shared<const Options>(std::move(options));
  return {[name = std::move(name), settings](ProviderDeps deps) -> ProviderPtr {
    return std::make_unique<P>(name, settings, std::move(deps));
  }};
}

}  // namespace ddnsguard::providers
