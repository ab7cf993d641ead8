#pragma once
// The validated configuration (DESIGN §5). Parsing never throws and never acts: it
// collects every problem with its JSON path, so all can be printed at once (exit 2).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/platform/default_paths.hpp"
#include "providers/base/config_reader.hpp"
#include "providers/base/ipv6_suffix.hpp"
#include "providers/base/record.hpp"
#include "providers/dns/provider.hpp"
#include "providers/net/dns_query.hpp"
#include "providers/sources/address_filter.hpp"
#include "providers/sources/address_source.hpp"
#include "providers/sources/source_factory.hpp"

namespace ddnsguard::controller {

using namespace std::chrono_literals;

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, critical, off
  std::string format = "text";  // text or json (one JSON object per line)
  std::optional<std::string> file = default_log_file();
  std::uint64_t file_max_bytes = 10 * 1024 * 1024;
  int file_count = 3;
};

struct SourcesConfig {
  std::vector<providers::SourceSpec> ipv4;
  std::vector<providers::SourceSpec> ipv6;
  std::optional<int> quorum;  // absent: a majority of the family's sources
  std::chrono::milliseconds timeout = 5s;
  providers::AllowPrivate allow_private = providers::AllowPrivate::no;

  const std::vector<providers::SourceSpec>& of(providers::Family f) const {
    return f == providers::Family::ipv4 ? ipv4 : ipv6;
  }
  // Answers that must agree for `f`: the configured quorum capped at the source count.
  int quorum_for(providers::Family f) const;
  // Whether `f`'s sources report a delegated prefix (interface sources with "use": "prefix";
  // the configuration never mixes them with address sources).
  bool reports_prefix(providers::Family f) const {
    const auto& s = of(f);
    return !s.empty() && s.front().reports_prefix;
  }
};

enum class UpdateMode { all, failover };

struct RecordConfig {
  providers::Record record;
  std::vector<std::string> providers;  // names, all known (validated)
  UpdateMode mode = UpdateMode::all;
  // failover: the authoritative provider must fail this many passes in a row before the
  // next one takes over, and a better-ranked one must be healthy this many passes in a
  // row before it takes back over (hysteresis: no flapping).
  int switch_after = 2;
  int switch_back_after = 3;
  // AAAA for a host behind this one: the agreed address's prefix + this host part.
  std::optional<providers::HostSuffix> suffix;
  // Write-only providers get the unchanged address again when their last write is this
  // old (services such as No-IP and DuckDNS expire hosts that are never updated).
  std::optional<std::chrono::milliseconds> refresh;

  // The address this record should hold when the family's agreed address is `agreed`.
  providers::Address address_for(const providers::Address& agreed) const {
    return suffix ? providers::with_host_suffix(agreed, *suffix) : agreed;
  }
};

enum class PollingMode { adaptive, fixed };

struct PollingConfig {
  PollingMode mode = PollingMode::adaptive;
  std::chrono::milliseconds min_interval = 10s;
  std::chrono::milliseconds max_interval = 30min;
  int daily_budget = 288;
  // The budget holds over any window this long: checks saved on quiet days may be spent on
  // a multi-day timer's window (at most daily_budget × window / 1d in any window).
  std::chrono::milliseconds budget_window = std::chrono::hours{24};
  std::string timezone = "local";
};

struct VerifyConfig {
  bool enabled = true;
  std::chrono::milliseconds grace = 2min;
  std::vector<std::string> nameservers;  // "host" or "host:port"
  // Failover standbys get a read-only probe at least this often; 0: never.
  std::chrono::milliseconds standby_interval = std::chrono::hours{1};
  // While the authoritative servers show a record's address, its providers' APIs are read
  // back only this often (a safety net); 0: on every pass.
  std::chrono::milliseconds api_interval = std::chrono::hours{1};
};

// Where a notification goes (DESIGN §5 `notify`, README "Notifications"). A preset's
// fields are turned into the final request URL and headers when the file is read; the
// URL's path and query, the headers and the tokens are secrets (masked everywhere).
enum class NotifyKind { webhook, ntfy, gotify, telegram, discord, slack, ping };

struct NotifyConfig {
  NotifyKind kind = NotifyKind::webhook;
  std::string url;                          // where each message goes (ping: the success URL)
  std::vector<std::string> events;          // ip_change, anomaly, daily_summary (ping: none)
  std::string method = "POST";              // webhook
  std::vector<std::string> headers;         // "Name: value": the webhook's own, ntfy's token
  std::optional<std::string> body;          // webhook: template ({event} {address} ...)
  std::optional<std::string> content_type;  // webhook: default JSON
  std::string chat_id;                      // telegram
  std::string fail_url;                     // ping: when a record is out of sync
  std::optional<std::string> start_url;     // ping: at the start of each pass
  std::chrono::milliseconds timeout = std::chrono::seconds{5};
};

std::string_view to_string(NotifyKind kind);

// The placeholders a webhook notification's body template may use: the event's fields,
// then the machine's name.
inline const std::vector<std::string> k_notify_placeholders = {
    "event",    "family",  "address", "old", "kind", "subject",
    "severity", "summary", "action",  "at",  "host"};

struct RetentionConfig {
  std::chrono::milliseconds changes = std::chrono::hours{24 * 400};
  std::chrono::milliseconds observations = std::chrono::hours{24 * 30};
};

// Transient failures are retried after an exponential backoff with full jitter.
struct RetryConfig {
  std::chrono::milliseconds base = 5s;
  std::chrono::milliseconds cap = 30min;
};

// Prometheus /metrics and /healthz over HTTP; off unless `listen` is set.
struct MetricsConfig {
  std::optional<providers::ServerSpec> listen;  // host:port; loopback is the usual choice
};

// Plain settings: what the file says, validated. Nothing here is connected or running;
// build_runtime (app/runtime.hpp) makes the HTTP client, sources and providers from it.
struct Config {
  std::optional<std::string> source_path;  // the file it came from, when any
  std::string state_dir = default_state_dir();
  bool state_dir_given = false;  // the file names state_dir (else load_config picks the default)
  LogConfig log;
  SourcesConfig sources;
  std::map<std::string, providers::ProviderSpec> providers;
  std::vector<RecordConfig> records;
  PollingConfig polling;
  VerifyConfig verify;
  std::vector<NotifyConfig> notify;
  RetentionConfig retention;
  RetryConfig retry;
  MetricsConfig metrics;
  std::vector<providers::Secret> secrets;  // every secret, for log masking
  bool inline_secrets = false;  // secrets written in the file itself (permission warning)
};

struct ParseOutcome {
  std::optional<Config> config;  // set only when there are no problems
  std::vector<providers::ConfigProblem> problems;
};

// Parses and validates a whole configuration document. Pure but for the environment
// and `<key>_file` reads done through `env`.
ParseOutcome parse_config(std::string_view text, const providers::ConfigEnv& env);

constexpr std::size_t k_max_config_bytes = 1 << 20;

// Reads `path` (at most k_max_config_bytes) and parses it. Problems include unreadable
// files. `warnings` receives the permission warning for inline secrets, and
// moved_history_warning's. Without a state_dir in the file, default_state_dir_for applies.
ParseOutcome load_config(const std::string& path, const providers::ConfigEnv& env,
                         std::vector<std::string>& warnings);

// A per-user configuration without state_dir used to keep its history in `legacy_dir`
// (/var/lib/ddnsguard) too; now it goes to `state_dir`. When only the old history exists,
// a warning says how to keep using it; nullopt otherwise.
std::optional<std::string> moved_history_warning(const std::string& config_path,
                                                 const std::string& state_dir,
                                                 const std::string& legacy_dir);

// The file to use: `explicit_path`, else $DDNSGUARD_CONFIG, ./ddnsguard.json,
// $XDG_CONFIG_HOME/ddnsguard/config.json, /etc/ddnsguard/config.json (first that exists).
std::optional<std::string> find_config_file(const std::optional<std::string>& explicit_path,
                                            const providers::ConfigEnv& env);

}  // namespace ddnsguard::controller
