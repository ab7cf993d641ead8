#include "controller/sim/sim_world.hpp"

#include <fmt/format.h>

namespace ddnsguard::controller {

using providers::Address;
using providers::ErrorClass;
using providers::fail;
using providers::Family;

void SimWorld::apply(const TraceEvent& e) {
  if (e.ip4) m_ip4 = e.ip4;
  if (e.ip6) m_ip6 = e.ip6;
  if (e.network_up) m_network_up = *e.network_up;
  if (e.fault) {
    m_faults[e.fault->target] = {*e.fault,
                                 m_clock.now() + std::chrono::seconds{e.fault->duration_s}};
  }
  if (e.drift) {
    auto family = Address::parse(e.drift->second);
    if (!family) return;
    auto key = e.drift->first + "/" + std::string(providers::record_type_for(family->family()));
    for (auto& [k, v] : m_held) {
      if (k.size() > key.size() && k.compare(k.size() - key.size(), key.size(), key) == 0 &&
          k[k.size() - key.size() - 1] == '|') {
        v = e.drift->second;
      }
    }
    m_dns[key] = e.drift->second;
  }
}

std::optional<std::string> SimWorld::truth(Family f) const {
  return f == Family::ipv4 ? m_ip4 : m_ip6;
}

const TraceFault* SimWorld::fault(const std::string& target) const {
  auto it = m_faults.find(target);
  if (it == m_faults.end() || m_clock.now() >= it->second.second) return nullptr;
  return &it->second.first;
}

providers::Result<Address> SimSource::fetch(Family family, std::chrono::milliseconds) {
  if (!m_world.network_up()) return fail(ErrorClass::transient, "network down");
  if (const auto* f = m_world.fault(fmt::format("source:{}", m_index))) {
    if (f->kind == "timeout") return fail(ErrorClass::transient, "timed out");
    if (f->kind == "error") return fail(ErrorClass::transient, "HTTP 503");
    if (f->kind == "wrong_ip") {
      if (auto a = Address::parse(f->value, family)) return *a;
    }
  }
  auto truth = m_world.truth(family);
  if (!truth) return fail(ErrorClass::transient, "no address of this family");
  auto a = Address::parse(*truth, family);
  if (!a) return fail(ErrorClass::invalid_response, "not an address");
  return *a;
}

std::optional<providers::Error> SimProvider::injected() {
  auto no_reply = [](std::string what) {
    providers::Error e{ErrorClass::transient, std::move(what), std::nullopt};
    e.no_reply = true;
    return e;
  };
  if (!m_world.network_up()) return no_reply("network down");
  const auto* f = m_world.fault("provider:" + name());
  if (f == nullptr) return std::nullopt;
  if (f->kind == "error") return providers::Error{ErrorClass::transient, "HTTP 503", {}};
  if (f->kind == "auth") return providers::Error{ErrorClass::auth, "HTTP 401", {}};
  if (f->kind == "timeout") return no_reply("timed out");
  if (f->kind == "latency") {
    m_world.clock().advance(std::chrono::milliseconds{std::atoll(f->value.c_str())});
  }
  return std::nullopt;
}

providers::Result<std::optional<Address>> SimProvider::do_read(const providers::Record& rec) {
  if (auto e = injected()) return tl::unexpected(*e);
  const auto& held = m_world.held(name(), rec.subject());
  if (!held) return std::optional<Address>{};
  return std::optional<Address>{Address::parse(*held, rec.family)};
}

providers::Result<void> SimProvider::do_update(const providers::Record& rec, const Address& addr) {
  if (auto e = injected()) return tl::unexpected(*e);
  m_world.held(name(), rec.subject()) = addr.to_string();
  const auto* f = m_world.fault("provider:" + name());
  if (f == nullptr || f->kind != "silent") m_world.dns(rec.subject()) = addr.to_string();
  return {};
}

std::vector<providers::AuthoritativeAnswer>
SimAuthoritative::query(const providers::Record& rec, providers::SilentServers* /*silent*/) {
  providers::AuthoritativeAnswer a;
  a.server = "sim-ns";
  if (!m_world.network_up()) {
    a.addresses = fail(ErrorClass::transient, "network down");
    return {a};
  }
  std::vector<Address> held;
  const auto& value = m_world.dns(rec.subject());
  if (value) {
    if (auto addr = Address::parse(*value, rec.family)) held.push_back(*addr);
  }
  a.addresses = std::move(held);
  return {a};
}

}  // namespace ddnsguard::controller
