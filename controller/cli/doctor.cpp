#include "controller/cli/doctor.hpp"

#include <map>

#include <fmt/format.h>

#include "controller/loop/verifier.hpp"
#include "providers/net/authoritative_dns.hpp"
#include "providers/sources/address_filter.hpp"
#include "providers/sources/observer.hpp"

namespace ddnsguard::controller {

using providers::Address;
using providers::Family;

namespace {

constexpr int k_max_ttl = 300;
constexpr auto k_skew_warn = std::chrono::seconds{60};
constexpr auto k_dns_timeout = std::chrono::seconds{3};

DoctorCheck check(CheckStatus s, std::string name, std::string detail, std::string fix = {}) {
  DoctorCheck c;
  c.status = s;
  c.name = std::move(name);
  c.detail = std::move(detail);
  c.fix = std::move(fix);
  return c;
}

}  // namespace

// Whether the agreed address is public. With sources.allow_private a private, CGNAT or
// documentation address is accepted (LAN-only names, tests), but it is not public: said so.
DoctorCheck public_address_check(const Address& a, const std::string& fam) {
  auto cls = providers::classify(a);
  if (cls == providers::AddressClass::global) {
    return check(CheckStatus::ok, "public " + fam, "public address");
  }
  return check(CheckStatus::warn, "public " + fam,
               fmt::format("{} is a {} address, accepted because sources.allow_private is set",
                           a.to_string(), providers::to_string(cls)),
               "only hosts that can route to it will reach the name; drop allow_private for a "
               "name on the internet");
}

// What a resolver's answer that differs from the authoritative one most likely means.
std::string resolver_mismatch_hint(const providers::Result<std::vector<std::string>>& local,
                                   bool authoritative_answered) {
  if (!authoritative_answered) {
    return "the authoritative servers gave no answer to compare with: see their lines above";
  }
  if (!local && local.error().message.find("SERVFAIL") != std::string::npos) {
    return "the resolver could not resolve the name (SERVFAIL): a lame delegation (the NS "
           "records at the registrar name servers that do not serve the zone) or a DNSSEC "
           "failure (a DS record that does not match the zone's keys)";
  }
  if (!local) {
    return "the resolver did not answer: check it (--resolver, /etc/resolv.conf) and the "
           "network";
  }
  if (local->empty()) {
    return "the resolver knows no such record: check that the zone is delegated to these "
           "name servers at the registrar (its NS records) and the record's name for a typo "
           "(a negative answer may also be cached for the zone's SOA minimum)";
  }
  return "a cache still holds an older answer; it expires with the TTL";
}

namespace {

// The egress address of `family`, with the checks about it.
std::optional<Address> egress(const Config& c, const Connections& live, Family family,
                              std::vector<DoctorCheck>& out) {
  auto fam = std::string(providers::to_string(family));
  providers::Observer observer(live.sources(family));
  auto r = observer.observe(family, c.sources.quorum_for(family), c.sources.timeout,
                            c.sources.allow_private);
  std::vector<std::string> classes;
  for (const auto& s : r.sources) {
    if (s.status == providers::SourceStatus::rejected) classes.push_back(s.detail);
  }
  if (!classes.empty() && !r.address) {
    out.push_back(
        check(CheckStatus::fail, "public " + fam,
              fmt::format("the sources see a non-public address ({})", fmt::join(classes, ", ")),
              "CGNAT or a private network: DDNS cannot reach this host; ask the ISP "
              "for a public address, use IPv6, or a tunnel"));
  }
  if (!r.address) {
    out.push_back(check(CheckStatus::fail, "egress " + fam, r.reason,
                        "check the network and the sources (ddnsguard check-config lists them)"));
    return std::nullopt;
  }
  out.push_back(check(CheckStatus::ok, "egress " + fam,
                      fmt::format("{} ({})", r.address->to_string(), r.reason)));
  if (classes.empty()) out.push_back(public_address_check(*r.address, fam));
  return r.address;
}

void check_provider(const RecordConfig& rc, const std::string& name, providers::Provider& p,
                    std::vector<DoctorCheck>& out) {
  auto label = fmt::format("provider {} {}", name, rc.record.subject());
  if (!p.can_read()) {
    std::string detail = "write-only protocol: credentials are only proven by an update";
    if (rc.mode == UpdateMode::failover && rc.providers.size() > 1) {
      detail += "; while another provider of the record is active it gets no probe "
                "(verify.standby_interval cannot apply)";
    }
    out.push_back(check(CheckStatus::ok, label, detail));
    return;
  }
  auto read = p.read(rc.record);
  if (read.value) {
    out.push_back(check(CheckStatus::ok, label,
                        fmt::format("credentials accepted; holds {} ({} ms)",
                                    *read.value ? (*read.value)->to_string() : "nothing",
                                    read.latency.count())));
    return;
  }
  const auto& e = read.value.error();
  bool creds = e.cls == providers::ErrorClass::auth;
  out.push_back(check(creds ? CheckStatus::fail : CheckStatus::warn, label,
                      fmt::format("{}: {}", providers::to_string(e.cls), e.message),
                      creds ? "renew the token or key, and give it rights on the zone"
                            : "check the endpoint, the zone and the network"));
}

std::string held_text(const providers::AuthoritativeAnswer& a) {
  if (!a.addresses) return a.addresses.error().message;
  std::vector<std::string> v;
  for (const auto& x : *a.addresses)
    v.push_back(x.to_string());
  return v.empty() ? "nothing" : fmt::format("{}", fmt::join(v, ","));
}

void check_dns(const Config& c, const RecordConfig& rc, const std::optional<Address>& want,
               const DoctorOptions& o, std::vector<DoctorCheck>& out) {
  const auto& rec = rc.record;
  providers::SystemClock clock;
  auto dns = make_authoritative_dns(c.verify, clock);
  if (!dns) {
    VerifyConfig on = c.verify;
    on.enabled = true;
    dns = make_authoritative_dns(on, clock);
  }
  auto answers = dns->query(rec, nullptr);
  std::string auth_held;
  bool auth_answered = false;
  for (const auto& a : answers) {
    auto held = held_text(a);
    auth_held = held;
    auth_answered = auth_answered || a.addresses.has_value();
    bool match = a.addresses && want && a.addresses->size() == 1 && a.addresses->front() == *want;
    out.push_back(check(match ? CheckStatus::ok : CheckStatus::fail,
                        fmt::format("authoritative {} {}", a.server, rec.subject()),
                        fmt::format("answers {}{}", held,
                                    want ? fmt::format(", egress is {}", want->to_string()) : ""),
                        match ? "" : "run `ddnsguard once` and look at `ddnsguard anomalies`"));
  }
  auto resolver = o.resolver ? o.resolver : providers::system_resolver();
  if (!resolver) return;
  providers::DnsQuery q;
  q.server = *resolver;
  q.name = rec.name;
  q.type = rec.family == Family::ipv4 ? "A" : "AAAA";
  q.timeout = k_dns_timeout;
  auto local = providers::dns_query(q);
  auto local_held =
      local ? (local->empty() ? std::string("nothing") : fmt::format("{}", fmt::join(*local, ",")))
            : local.error().message;
  bool same = local && local_held == auth_held;
  out.push_back(check(same ? CheckStatus::ok : CheckStatus::warn,
                      fmt::format("resolver {} {}", resolver->host, rec.subject()),
                      fmt::format("answers {} (authoritative: {})", local_held, auth_held),
                      same ? "" : resolver_mismatch_hint(local, auth_answered)));
}

void check_service(ServiceRequest r, std::vector<DoctorCheck>& out) {
  for (bool user : {false, true}) {
    r.user = user;
    auto st = service_state(r);
    if (!st.installed) continue;
    bool running = st.active == "active" || st.active.rfind("unknown", 0) == 0;
    bool ok = st.enabled && running;
    out.push_back(check(
        ok ? CheckStatus::ok : CheckStatus::warn, user ? "service (user)" : "service",
        fmt::format("{}: {}, {}", st.where, st.enabled ? "enabled" : "not enabled", st.active),
        ok ? "" : st.hint));
    return;
  }
  out.push_back(check(CheckStatus::warn, "service",
                      "not installed: nothing starts ddnsguard at boot",
                      "ddnsguard service install (or --user)"));
}

}  // namespace

std::vector<DoctorCheck> run_doctor(const Config& c, const Connections& live,
                                    const DoctorOptions& o) {
  std::vector<DoctorCheck> out;
  std::map<Family, std::optional<Address>> want;
  for (auto family : {Family::ipv4, Family::ipv6}) {
    if (!c.sources.of(family).empty()) want[family] = egress(c, live, family, out);
  }
  if (auto off = live.http ? live.http->take_clock_offset() : std::nullopt) {
    bool ok = std::chrono::abs(*off) <= k_skew_warn;
    out.push_back(check(ok ? CheckStatus::ok : CheckStatus::fail, "clock",
                        fmt::format("{} s from the servers' Date headers", off->count()),
                        ok ? "" : "enable NTP: timedatectl set-ntp true"));
  }
  for (const auto& rc : c.records) {
    const auto& rec = rc.record;
    bool ttl_ok = rec.ttl <= k_max_ttl;
    out.push_back(
        check(ttl_ok ? CheckStatus::ok : CheckStatus::warn, "ttl " + rec.subject(),
              fmt::format("{} s", rec.ttl),
              ttl_ok ? "" : "set ttl to 300 s or less: resolvers keep old answers that long"));
    for (const auto& name : rc.providers)
      check_provider(rc, name, live.provider(name), out);
    auto wanted = want[rec.family];
    check_dns(c, rc, wanted ? std::optional(rc.address_for(*wanted)) : std::nullopt, o, out);
  }
  if (o.service) check_service(*o.service, out);
  return out;
}

std::string doctor_text(const std::vector<DoctorCheck>& checks) {
  std::string out;
  for (const auto& c : checks) {
    auto tag = c.status == CheckStatus::ok     ? "ok  "
               : c.status == CheckStatus::warn ? "WARN"
                                               : "FAIL";
    out += fmt::format("{}  {:<40} {}\n", tag, c.name, c.detail);
    if (!c.fix.empty()) out += fmt::format("      fix: {}\n", c.fix);
  }
  return out;
}

nlohmann::json doctor_json(const std::vector<DoctorCheck>& checks) {
  auto out = nlohmann::json::array();
  for (const auto& c : checks) {
    auto s = c.status == CheckStatus::ok ? "ok" : c.status == CheckStatus::warn ? "warn" : "fail";
    out.push_back({{"status", s}, {"name", c.name}, {"detail", c.detail}, {"fix", c.fix}});
  }
  return out;
}

bool any_failed(const std::vector<DoctorCheck>& checks) {
  for (const auto& c : checks) {
    if (c.status == CheckStatus::fail) return true;
  }
  return false;
}

}  // namespace ddnsguard::controller
