#pragma once
// `doctor` (DESIGN §4): diagnostics, one line per check with a fix hint. Egress address
// reachable, CGNAT or private egress, record TTL, provider credentials (a read-only call),
// authoritative DNS against the egress address, local resolver against authoritative, and
// the clock against the servers' Date headers. Changes nothing.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "controller/loop/connections.hpp"
#include "controller/service/service.hpp"
#include "providers/net/dns_query.hpp"

namespace ddnsguard::controller {

enum class CheckStatus { ok, warn, fail };

struct DoctorCheck {
  CheckStatus status = CheckStatus::ok;
  std::string name;    // "egress ipv4", "provider pdns home.example.org/A"
  std::string detail;  // what was found
  std::string fix;     // what to do; empty when ok
};

struct DoctorOptions {
  // The local (recursive) resolver to compare with; the first of /etc/resolv.conf if unset.
  std::optional<providers::ServerSpec> resolver;
  // Where to look for the service (system-wide, then per user); unset: not checked.
  std::optional<ServiceRequest> service;
};

// Runs every check of `config`, through `live` (its sources and providers, built by
// build_connections). Blocks for the source and provider timeouts at most per check.
std::vector<DoctorCheck> run_doctor(const Config& config, const Connections& live,
                                    const DoctorOptions& options);

std::string doctor_text(const std::vector<DoctorCheck>& checks);
// [{status, name, detail, fix}]
nlohmann::json doctor_json(const std::vector<DoctorCheck>& checks);
bool any_failed(const std::vector<DoctorCheck>& checks);

// "public <family>" for the agreed address: ok when global; a warning naming the class when
// sources.allow_private let a private, CGNAT or documentation address through.
DoctorCheck public_address_check(const providers::Address& a, const std::string& family);
// The fix for a local resolver whose answer differs from the authoritative one: nothing to
// compare with (no authoritative answer), SERVFAIL (lame delegation, DNSSEC), no answer (the
// resolver), no such record (delegation or typo), another address (a cache, the TTL).
std::string resolver_mismatch_hint(const providers::Result<std::vector<std::string>>& local,
                                   bool authoritative_answered);

}  // namespace ddnsguard::controller
