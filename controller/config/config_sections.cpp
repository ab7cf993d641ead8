#include "controller/config/config_sections.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "controller/config/config_notify.hpp"
#include "controller/config/config_prefix.hpp"
#include "controller/platform/local_time.hpp"
#include "providers/base/safe_text.hpp"
#include "providers/dns/provider_registry.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/dns_query.hpp"
#include "providers/net/url_check.hpp"
#include "providers/sources/source_factory.hpp"

namespace ddnsguard::controller {

using providers::ConfigContext;
using providers::Family;
using providers::JsonPath;
using providers::ObjectReader;
using providers::Required;

namespace {

void read_log(ObjectReader& r, LogConfig& log) {
  if (!r.ok()) return;
  if (auto v = r.choice("level", {"trace", "debug", "info", "warn", "error", "critical", "off"}))
    log.level = *v;
  if (auto v = r.choice("format", {"text", "json"})) log.format = *v;
  log.file = r.string("file");
  if (log.file && log.file->empty()) {
    r.context().problem(r.path() / "file", "must not be empty (leave it out to log to stderr)");
  }
  if (auto v = r.integer("max_size", 1024, std::int64_t{1} << 34)) log.file_max_bytes = *v;
  if (auto v = r.integer("max_files", 1, 100)) log.file_count = static_cast<int>(*v);
  r.finish();
}

// Calls `read` with a reader for each object of the array at `key` (absent: nothing),
// then reports that object's unknown keys.
template <class F> void for_each_object(ObjectReader& parent, std::string_view key, F&& read) {
  const auto* list = parent.raw(key);
  if (list == nullptr) return;
  auto at = parent.path() / key;
  if (!list->is_array()) {
    parent.context().problem(at, fmt::format("expected an array, got {}", list->type_name()));
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader r((*list)[i], at / i, parent.context());
    if (!r.ok()) continue;
    read(r);
    r.finish();
  }
}

void read_source_list(ObjectReader& parent, std::string_view key, Family family,
                      std::vector<providers::SourceSpec>& out) {
  for_each_object(parent, key, [&](ObjectReader& r) {
    if (auto s = providers::parse_source(r, family)) out.push_back(std::move(*s));
  });
}

void read_sources(ObjectReader& r, SourcesConfig& s) {
  if (!r.ok()) return;
  read_source_list(r, "ipv4", Family::ipv4, s.ipv4);
  read_source_list(r, "ipv6", Family::ipv6, s.ipv6);
  check_prefix_sources(r, s.ipv6);
  if (auto q = r.integer("quorum", 1, 16)) s.quorum = static_cast<int>(*q);
  if (auto t = r.duration("timeout")) {
    if (t->count() < 100 || *t > std::chrono::minutes{5}) {
      r.context().problem(r.path() / "timeout", "must be between 100ms and 5m");
    } else {
      s.timeout = *t;
    }
  }
  if (auto a = r.boolean("allow_private"))
    s.allow_private = *a ? providers::AllowPrivate::yes : providers::AllowPrivate::no;
  r.finish();
}

// Reads every provider; `declared` receives every name, valid or not.
void read_providers(ObjectReader& parent, Config& config, std::set<std::string>& declared) {
  const auto* obj = parent.raw("providers");
  auto at = parent.path() / "providers";
  if (obj == nullptr) {
    parent.context().problem(at, "is required (at least one provider)");
    return;
  }
  if (!obj->is_object()) {
    parent.context().problem(at, fmt::format("expected an object, got {}", obj->type_name()));
    return;
  }
  for (const auto& [name, settings] : obj->items()) {
    declared.insert(name);
    ObjectReader r(settings, at / name, parent.context());
    if (!r.ok()) continue;
    auto type = r.string("type", Required::yes);
    if (!type) continue;
    const auto* kind = providers::find_provider_type(*type);
    if (kind == nullptr) {
      std::vector<std::string> names;
      for (const auto& t : providers::provider_types())
        names.emplace_back(t.type);
      r.context().problem(r.path() / "type", fmt::format("unknown provider type \"{}\" (known: {})",
                                                         *type, fmt::join(names, ", ")));
      continue;
    }
    if (auto p = kind->parse(name, r)) config.providers.emplace(name, std::move(*p));
    r.finish();
  }
}

// `ipv6_suffix` or `mac`, with `prefix_length` (64): the host part of an AAAA record for a
// host behind this one. nullopt when none is given; false in `ok` after a problem.
std::optional<providers::HostSuffix> read_host_suffix(ObjectReader& r, bool aaaa, bool& ok) {
  auto suffix = r.string("ipv6_suffix");
  auto mac = r.string("mac");
  auto length = r.integer("prefix_length", 1, 127);
  if (!suffix && !mac) {
    if (length) {
      r.context().problem(r.path() / "prefix_length", "needs ipv6_suffix or mac");
      ok = false;
    }
    return std::nullopt;
  }
  const char* key = suffix ? "ipv6_suffix" : "mac";
  if (suffix && mac) {
    r.context().problem(r.path() / "mac", "give ipv6_suffix or mac, not both");
  } else if (!aaaa) {
    r.context().problem(r.path() / key, "is only for AAAA records");
  } else {
    std::string why;
    const int len = length ? static_cast<int>(*length) : 64;
    auto s = suffix ? providers::parse_host_suffix(*suffix, len, why)
                    : providers::host_suffix_from_mac(*mac, len, why);
    if (s) return s;
    r.context().problem(r.path() / key,
                        fmt::format("{} {}", providers::dump_json(suffix ? *suffix : *mac), why));
  }
  ok = false;
  return std::nullopt;
}

std::optional<RecordConfig> read_record(ObjectReader& r, const Config& config,
                                        const std::set<std::string>& declared) {
  RecordConfig rc;
  auto name = r.string("name", Required::yes);
  auto type = r.choice("type", {"A", "AAAA"}, Required::yes);
  auto ttl = r.integer("ttl", 1, 86400);
  auto refs = r.string_list("providers", Required::yes);
  auto mode = r.choice("mode", {"all", "failover"});
  auto switch_after = r.integer("switch_after", 1, 1000);
  auto switch_back_after = r.integer("switch_back_after", 1, 100000);
  bool extras_ok = true;
  rc.suffix = read_host_suffix(r, type && *type == "AAAA", extras_ok);
  rc.refresh = r.duration("refresh", Required::no);
  if (rc.refresh && *rc.refresh < std::chrono::hours{1}) {
    r.context().problem(r.path() / "refresh", "must be at least 1h (e.g. \"25d\")");
    extras_ok = false;
  }
  if (!name || !type || !refs || !extras_ok) return std::nullopt;
  // DNS names compare case-insensitively; providers answer in lower case, with A-labels.
  auto n = providers::canonical_record_name(*name);
  if (!n) {
    r.context().problem(r.path() / "name",
                        fmt::format("{} {}", providers::dump_json(*name), n.error().message));
    return std::nullopt;
  }
  rc.record.name = *n;
  rc.record.family = *providers::family_for_record_type(*type);
  if (ttl) rc.record.ttl = static_cast<int>(*ttl);
  if (mode) rc.mode = *mode == "failover" ? UpdateMode::failover : UpdateMode::all;
  if (switch_after) rc.switch_after = static_cast<int>(*switch_after);
  if (switch_back_after) rc.switch_back_after = static_cast<int>(*switch_back_after);
  if (refs->empty()) r.context().problem(r.path() / "providers", "needs at least one provider");
  bool good = !refs->empty();
  for (std::size_t i = 0; i < refs->size(); ++i) {
    const auto& ref = (*refs)[i];
    if (std::find(refs->begin(), refs->begin() + static_cast<std::ptrdiff_t>(i), ref) !=
        refs->begin() + static_cast<std::ptrdiff_t>(i)) {
      r.context().problem(r.path() / "providers" / i,
                          fmt::format("provider \"{}\" is listed twice", ref));
      good = false;
    } else if (!config.providers.contains(ref)) {
      // A provider that is declared but invalid has its own problem lines already.
      if (!declared.contains(ref)) {
        r.context().problem(r.path() / "providers" / i,
                            fmt::format("unknown provider \"{}\"", ref));
      }
      good = false;
    }
  }
  if (!good) return std::nullopt;
  rc.providers = *refs;
  return rc;
}

void read_records(ObjectReader& parent, Config& config, const std::set<std::string>& declared) {
  const auto* list = parent.raw("records");
  auto at = parent.path() / "records";
  if (list == nullptr || !list->is_array() || list->empty()) {
    parent.context().problem(at, "is required (a non-empty array of records)");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader r((*list)[i], at / i, parent.context());
    if (!r.ok()) continue;
    auto rc = read_record(r, config, declared);
    r.finish();
    if (!rc) continue;
    if (!seen.insert(rc->record.subject()).second) {
      r.context().problem(at / i, fmt::format("duplicate record {}", rc->record.subject()));
      continue;
    }
    if (config.sources.of(rc->record.family).empty()) {
      r.context().problem(at / i / "type",
                          fmt::format("{} record but sources.{} is empty", rc->record.type(),
                                      providers::to_string(rc->record.family)));
    } else {
      check_prefix_record(r, *rc, config.sources.of(rc->record.family));
    }
    config.records.push_back(std::move(*rc));
  }
}

// "local" or the shape of an IANA name ("Europe/Berlin", "UTC", "America/Argentina/Salta").
bool valid_timezone_name(const std::string& tz) {
  if (tz == "local") return true;
  if (tz.empty() || tz.size() > 64 || tz.find("..") != std::string::npos || tz.front() == '/' ||
      tz.back() == '/')
    return false;
  for (char c : tz) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+'))
      return false;
  }
  return true;
}

void read_polling(ObjectReader& r, PollingConfig& p) {
  if (!r.ok()) return;
  if (auto v = r.choice("mode", {"adaptive", "fixed"}))
    p.mode = *v == "fixed" ? PollingMode::fixed : PollingMode::adaptive;
  if (auto v = r.duration("min_interval")) p.min_interval = *v;
  if (auto v = r.duration("max_interval")) p.max_interval = *v;
  if (auto v = r.integer("daily_budget", 1, 86400)) p.daily_budget = static_cast<int>(*v);
  if (auto v = r.duration("budget_window")) p.budget_window = *v;
  if (auto v = r.string("timezone")) {
    if (valid_timezone_name(*v)) {
      p.timezone = *v;
      if (auto zone = make_local_time(*v); !zone) {
        r.context().problem(r.path() / "timezone", zone.error().message);
      }
    } else {
      r.context().problem(r.path() / "timezone",
                          fmt::format("\"{}\" is not \"local\" or an IANA zone name such as "
                                      "\"Europe/Berlin\"",
                                      *v));
    }
  }
  if (p.min_interval < std::chrono::seconds{1}) {
    r.context().problem(r.path() / "min_interval", "must be at least 1s");
  }
  if (p.max_interval < p.min_interval) {
    r.context().problem(r.path() / "max_interval", "must not be shorter than min_interval");
  }
  if (p.budget_window < std::chrono::hours{24} || p.budget_window > std::chrono::hours{24 * 7}) {
    r.context().problem(r.path() / "budget_window", "must be from 1d to 7d");
  }
  r.finish();
}

// `key`: 0s (off) or an interval from 1m to 30d.
void read_interval_or_off(ObjectReader& r, const char* key, std::chrono::milliseconds& out) {
  auto i = r.duration(key);
  if (!i) return;
  if (i->count() != 0 && (*i < std::chrono::minutes{1} || *i > std::chrono::hours{24 * 30})) {
    r.context().problem(r.path() / key, "must be 0s (off) or from 1m to 30d");
    return;
  }
  out = *i;
}

void read_verify(ObjectReader& r, VerifyConfig& v) {
  if (!r.ok()) return;
  if (auto e = r.boolean("enabled")) v.enabled = *e;
  if (auto g = r.duration("grace")) {
    if (*g < std::chrono::seconds{1})
      r.context().problem(r.path() / "grace", "must be at least 1s");
    v.grace = *g;
  }
  if (auto n = r.string_list("nameservers")) v.nameservers = *n;
  read_interval_or_off(r, "standby_interval", v.standby_interval);
  read_interval_or_off(r, "api_interval", v.api_interval);
  for (std::size_t i = 0; i < v.nameservers.size(); ++i) {
    if (!providers::parse_server_spec(v.nameservers[i])) {
      r.context().problem(r.path() / "nameservers" / i,
                          fmt::format("\"{}\" is not a host or host:port", v.nameservers[i]));
    }
  }
  r.finish();
}

void read_notify(ObjectReader& parent, Config& config) {
  for_each_object(parent, "notify", [&](ObjectReader& r) {
    if (auto n = read_notify_entry(r)) config.notify.push_back(std::move(*n));
  });
}

void read_retention(ObjectReader& r, RetentionConfig& keep) {
  if (!r.ok()) return;
  // History may be kept for years; less than an hour would prune what the model learns from.
  constexpr auto k_longest = std::chrono::hours{24 * 3650};
  for (auto [key, value] :
       {std::pair{"changes", &keep.changes}, std::pair{"observations", &keep.observations}}) {
    auto v = r.duration(key, Required::no, k_longest);
    if (v && *v < std::chrono::hours{1}) {
      r.context().problem(r.path() / key, "must be at least 1h");
    } else if (v) {
      *value = *v;
    }
  }
  r.finish();
}

void read_retry(ObjectReader& r, RetryConfig& retry) {
  if (!r.ok()) return;
  if (auto v = r.duration("base")) retry.base = *v;
  if (auto v = r.duration("cap")) retry.cap = *v;
  if (retry.base < std::chrono::seconds{1})
    r.context().problem(r.path() / "base", "must be at least 1s");
  if (retry.cap < retry.base)
    r.context().problem(r.path() / "cap", "must not be shorter than base");
  r.finish();
}

void read_metrics(ObjectReader& r, MetricsConfig& m) {
  if (!r.ok()) return;
  if (auto listen = r.string("listen", Required::yes)) {
    auto spec = providers::parse_server_spec(*listen, 0);
    if (!spec || spec->port == 0) {
      r.context().problem(r.path() / "listen",
                          fmt::format("\"{}\" is not host:port (e.g. 127.0.0.1:9469)", *listen));
    } else {
      m.listen = spec;
    }
  }
  r.finish();
}

template <class F> void section(ObjectReader& top, std::string_view key, F&& read) {
  if (const auto* v = top.raw(key)) {
    ObjectReader r(*v, top.path() / key, top.context());
    read(r);
  }
}

}  // namespace

void read_top_level(ObjectReader& top, Config& config) {
  if (!top.ok()) return;
  if (auto dir = top.string("state_dir")) {
    if (dir->empty()) top.context().problem(top.path() / "state_dir", "must not be empty");
    config.state_dir = *dir;
    config.state_dir_given = true;
  }
  section(top, "log", [&](ObjectReader& r) { read_log(r, config.log); });
  if (top.raw("sources") == nullptr) {
    top.context().problem(top.path() / "sources", "is required");
  }
  section(top, "sources", [&](ObjectReader& r) { read_sources(r, config.sources); });
  std::set<std::string> declared;
  read_providers(top, config, declared);
  read_records(top, config, declared);
  section(top, "polling", [&](ObjectReader& r) { read_polling(r, config.polling); });
  section(top, "verify", [&](ObjectReader& r) { read_verify(r, config.verify); });
  read_notify(top, config);
  section(top, "retention", [&](ObjectReader& r) { read_retention(r, config.retention); });
  section(top, "retry", [&](ObjectReader& r) { read_retry(r, config.retry); });
  section(top, "metrics", [&](ObjectReader& r) { read_metrics(r, config.metrics); });
}

}  // namespace ddnsguard::controller
