#pragma once
// The simulator's in-memory world: the true addresses, faults, network state and what
// each simulated provider holds, plus the sources and providers that read and change it.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "controller/sim/trace.hpp"
#include "providers/base/clock.hpp"
#include "providers/dns/provider.hpp"
#include "providers/net/authoritative_dns.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::controller {

class SimWorld {
 public:
  explicit SimWorld(providers::ManualClock& clock) : m_clock(clock) {}

  // Applies one trace event at the current virtual time.
  void apply(const TraceEvent& e);

  std::optional<std::string> truth(providers::Family f) const;
  bool network_up() const { return m_network_up; }
  // The fault of `target` in force now, if any.
  const TraceFault* fault(const std::string& target) const;
  providers::ManualClock& clock() { return m_clock; }

  // What provider `name` holds for record `key` ("name/A").
  std::optional<std::string>& held(const std::string& provider, const std::string& key) {
    return m_held[provider + "|" + key];
  }
  // What the authoritative DNS answers for record `key`: the last value a provider
  // published for real (a "silent" fault accepts the change and drops it) or a drift set.
  std::optional<std::string>& dns(const std::string& key) { return m_dns[key]; }

 private:
  providers::ManualClock& m_clock;
  std::optional<std::string> m_ip4, m_ip6;
  bool m_network_up = true;
  std::map<std::string, std::pair<TraceFault, providers::Clock::time_point>> m_faults;
  std::map<std::string, std::optional<std::string>> m_held;
  std::map<std::string, std::optional<std::string>> m_dns;
};

// The zone's authoritative servers in the simulated world: one server answering `dns()`.
class SimAuthoritative final : public providers::AuthoritativeDns {
 public:
  explicit SimAuthoritative(SimWorld& world) : m_world(world) {}
  std::vector<providers::AuthoritativeAnswer> query(const providers::Record& rec,
                                                    providers::SilentServers* silent) override;

 private:
  SimWorld& m_world;
};

// Source number `index`: the true address, unless a fault says otherwise.
class SimSource final : public providers::AddressSource {
 public:
  SimSource(SimWorld& world, int index) : m_world(world), m_index(index) {}
  std::string describe() const override { return "simulated"; }
  providers::Result<providers::Address> fetch(providers::Family family,
                                              std::chrono::milliseconds timeout) override;
  bool instant() const override { return true; }

 private:
  SimWorld& m_world;
  int m_index;
};

// A provider holding records in the world; faults make it fail or slow.
class SimProvider final : public providers::Provider {
 public:
  SimProvider(std::string name, SimWorld& world, providers::ProviderDeps deps)
      : Provider(std::move(name), std::move(deps)), m_world(world) {}
  std::string_view type() const override { return "simulated"; }
  std::string describe() const override { return "simulated provider"; }

 protected:
  providers::Result<std::optional<providers::Address>>
  do_read(const providers::Record& rec) override;
  providers::Result<void> do_update(const providers::Record& rec,
                                    const providers::Address& addr) override;

 private:
  std::optional<providers::Error> injected();
  SimWorld& m_world;
};

}  // namespace ddnsguard::controller
