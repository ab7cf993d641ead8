// Invalid configuration documents: each breaks the small valid one in one way, and the
// problems name every fault by its path.

#include "controller/config/config.hpp"

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/controller/config_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace config_testing;
using nlohmann::json;

TEST(ParseConfig, InvalidDocumentsNameEveryProblem) {
  const std::string dur_help = R"((use e.g. "500ms", "10s", "5m", "2h", "1d" or integer seconds))";
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"unknown provider reference",
       [](json& d) {
         d["records"].push_back({{"name", "b.example.org"}, {"type", "A"}, {"providers", {"cff"}}});
       },
       {R"(records[1].providers[0]: unknown provider "cff")"}},
      {"declared but invalid provider: only its own problem",
       [](json& d) {
         d["providers"]["pdns"].erase("endpoint"), d["providers"]["pdns"]["endpoint"] = "ftp://x";
       },
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"timezone that is no zone name",
       [](json& d) {
         d["polling"] = {{"timezone", "../../etc/passwd"}};
       },
       {R"(polling.timezone: "../../etc/passwd" is not "local" or an IANA zone name such as )"
        R"("Europe/Berlin")"}},
      {"unknown IANA zone",
       [](json& d) {
         d["polling"] = {{"timezone", "Mars/Olympus_Mons"}};
       },
       {R"(polling.timezone: unknown time zone "Mars/Olympus_Mons")"}},
      {"unknown top-level key", [](json& d) { d["colour"] = "blue"; }, {"colour: unknown key"}},
      {"unknown nested key",
       [](json& d) { d["sources"]["ipv4"][0]["uri"] = "x"; },
       {"sources.ipv4[0].uri: unknown key"}},
      {"unknown provider key",
       [](json& d) { d["providers"]["dyn"]["passwd"] = "x"; },
       {"providers.dyn.passwd: unknown key"}},
      {"unknown record key",
       [](json& d) { d["records"][0]["ttl_s"] = 5; },
       {"records[0].ttl_s: unknown key"}},
      {"state_dir wrong type",
       [](json& d) { d["state_dir"] = 5; },
       {"state_dir: expected a string, got number"}},
      {"section wrong type",
       [](json& d) { d["polling"] = "fast"; },
       {"polling: expected an object, got string"}},
      {"boolean wrong type",
       [](json& d) {
         d["verify"] = {{"enabled", "yes"}};
       },
       {"verify.enabled: expected true or false, got string"}},
      {"ttl wrong type",
       [](json& d) { d["records"][0]["ttl"] = "120"; },
       {"records[0].ttl: expected an integer, got string"}},
      {"ttl out of range",
       [](json& d) { d["records"][0]["ttl"] = 0; },
       {"records[0].ttl: must be between 1 and 86400, got 0"}},
      {"providers list wrong type",
       [](json& d) { d["records"][0]["providers"] = "pdns"; },
       {"records[0].providers: expected an array, got string"}},
      {"records wrong type",
       [](json& d) { d["records"] = json::object(); },
       {"records: is required (a non-empty array of records)"}},
      {"record not an object",
       [](json& d) { d["records"][0] = "home.example.org"; },
       {"records[0]: expected an object, got string"}},
      {"missing records",
       [](json& d) { d.erase("records"); },
       {"records: is required (a non-empty array of records)"}},
      {"empty records",
       [](json& d) { d["records"] = json::array(); },
       {"records: is required (a non-empty array of records)"}},
      {"missing providers",
       [](json& d) { d.erase("providers"); },
       {"providers: is required (at least one provider)",
        R"(records[0].providers[0]: unknown provider "pdns")"}},
      {"providers wrong type",
       [](json& d) { d["providers"] = json::array(); },
       {"providers: expected an object, got array",
        R"(records[0].providers[0]: unknown provider "pdns")"}},
      {"empty provider list in record",
       [](json& d) { d["records"][0]["providers"] = json::array(); },
       {"records[0].providers: needs at least one provider"}},
      {"missing sources",
       [](json& d) { d.erase("sources"); },
       {"sources: is required", "records[0].type: A record but sources.ipv4 is empty"}},
      {"source list wrong type",
       [](json& d) { d["sources"]["ipv6"] = json::object(); },
       {"sources.ipv6: expected an array, got object"}},
      {"source without url",
       [](json& d) {
         d["sources"]["ipv6"][0] = {{"type", "http"}};
       },
       {"sources.ipv6[0].url: is required"}},
      {"source unknown type",
       [](json& d) {
         d["sources"]["ipv6"][0] = {{"type", "ftp"}};
       },
       {R"(sources.ipv6[0].type: must be one of http, dns, interface, command, got "ftp")"}},
      {"bad duration",
       [](json& d) {
         d["polling"] = {{"min_interval", "10x"}};
       },
       {R"(polling.min_interval: invalid duration "10x" )" + dur_help}},
      {"fractional duration",
       [](json& d) {
         d["verify"] = {{"grace", "1.5s"}};
       },
       {R"(verify.grace: invalid duration "1.5s" )" + dur_help}},
      {"negative duration",
       [](json& d) {
         d["retention"] = {{"changes", -1}};
       },
       {"retention.changes: invalid duration number " + dur_help}},
      {"timeout out of range",
       [](json& d) { d["sources"]["timeout"] = "50ms"; },
       {"sources.timeout: must be between 100ms and 5m"}},
      {"min_interval zero",
       [](json& d) {
         d["polling"] = {{"min_interval", "0"}};
       },
       {"polling.min_interval: must be at least 1s"}},
      {"bad enum",
       [](json& d) {
         d["log"] = {{"level", "loud"}};
       },
       {R"(log.level: must be one of trace, debug, info, warn, error, critical, off, got "loud")"}},
      {"bad polling mode",
       [](json& d) {
         d["polling"] = {{"mode", "smart"}};
       },
       {R"(polling.mode: must be one of adaptive, fixed, got "smart")"}},
      {"bad record type",
       [](json& d) { d["records"][0]["type"] = "CNAME"; },
       {R"(records[0].type: must be one of A, AAAA, got "CNAME")"}},
      {"bad record mode",
       [](json& d) { d["records"][0]["mode"] = "any"; },
       {R"(records[0].mode: must be one of all, failover, got "any")"}},
      {"name not qualified",
       [](json& d) { d["records"][0]["name"] = "home"; },
       {R"(records[0].name: "home" is not a fully qualified name)"}},
      {"names that are not DNS names",
       [](json& d) {
         const std::string names[] = {"..",
                                      "a..b.example.org",
                                      std::string(64, 'x'),
                                      "-a.example.org",
                                      "a-.example.org",
                                      "203.0.113.9",
                                      "2001:db8::1",
                                      "\u2603.example.org",
                                      "a b.example.org"};
         d["records"] = json::array();
         for (const auto& n : names)
           d["records"].push_back({{"name", n}, {"type", "A"}, {"providers", {"pdns"}}});
       },
       {R"(records[0].name: ".." has an empty label)",
        R"(records[1].name: "a..b.example.org" has an empty label)",
        R"(records[2].name: ")" + std::string(64, 'x') + R"(" is not a fully qualified name)",
        R"(records[3].name: "-a.example.org" has a label that starts or ends with '-')",
        R"(records[4].name: "a-.example.org" has a label that starts or ends with '-')",
        R"(records[5].name: "203.0.113.9" is an IP address, not a name)",
        R"(records[6].name: "2001:db8::1" is an IP address, not a name)",
        R"(records[7].name: "☃.example.org" is not a valid internationalized name (string )"
        R"(contains a disallowed character))",
        R"(records[8].name: "a b.example.org" has a character that is not a letter, digit, )"
        R"('-' or '_' (' '))"}},
      {"a 64-character label",
       [](json& d) { d["records"][0]["name"] = std::string(64, 'x') + ".example.org"; },
       {R"(records[0].name: ")" + std::string(64, 'x') +
        R"(.example.org" has a label longer than 63 characters)"}},
      {"a provider listed twice",
       [](json& d) {
         d["records"][0]["providers"] = {"pdns", "pdns"};
       },
       {R"(records[0].providers[1]: provider "pdns" is listed twice)"}},
      {"URLs without a scheme, a host or a closing bracket",
       [](json& d) {
         d["notify"] = {{{"type", "webhook"}, {"url", "not a url"}}};
         d["providers"]["dyn"]["endpoint"] = "http://";
         d["sources"]["ipv4"][0]["url"] = "http://[::1:8080/";
       },
       {"sources.ipv4[0].url: \"http://[::1:8080/\" is not a valid URL (Bad IPv6 address)",
        "providers.dyn.endpoint: \"http://\" is not a valid URL (No host part in the URL)",
        "records[0].type: A record but sources.ipv4 is empty",  // its only source was refused
        "notify[0].url: must start with http:// or https://"}},
      {"a DNS source server that is neither an address nor a name",
       [](json& d) {
         d["sources"]["ipv4"].push_back({{"type", "dns"},
                                         {"server", "208.67.222.300"},
                                         {"name", "myip.opendns.com"},
                                         {"qtype", "A"}});
       },
       {"sources.ipv4[1].server: expected \"host\", \"host:port\" or \"[v6]:port\", got "
        "\"208.67.222.300\""}},
      {"quorum zero",
       [](json& d) { d["sources"]["quorum"] = 0; },
       {"sources.quorum: must be between 1 and 16, got 0"}},
      {"quorum too big",
       [](json& d) { d["sources"]["quorum"] = 17; },
       {"sources.quorum: must be between 1 and 16, got 17"}},
      {"min above max",
       [](json& d) {
         d["polling"] = {{"min_interval", "1h"}, {"max_interval", "5m"}};
       },
       {"polling.max_interval: must not be shorter than min_interval"}},
      {"min above default max",
       [](json& d) {
         d["polling"] = {{"min_interval", "2h"}};
       },
       {"polling.max_interval: must not be shorter than min_interval"}},
      {"budget window too long",
       [](json& d) {
         d["polling"] = {{"budget_window", "8d"}};
       },
       {"polling.budget_window: must be from 1d to 7d"}},
      {"standby interval too short",
       [](json& d) {
         d["verify"] = {{"standby_interval", "10s"}};
       },
       {"verify.standby_interval: must be 0s (off) or from 1m to 30d"}},
      {"duplicate record",
       [](json& d) { d["records"].push_back(d["records"][0]); },
       {"records[1]: duplicate record home.example.org/A"}},
      {"duplicate record with trailing dot",
       [](json& d) {
         auto r = d["records"][0];
         r["name"] = "home.example.org.";
         d["records"].push_back(r);
       },
       {"records[1]: duplicate record home.example.org/A"}},
      {"AAAA record without ipv6 sources",
       [](json& d) {
         d["sources"].erase("ipv6");
         d["records"].push_back(
             {{"name", "home.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
       },
       {"records[1].type: AAAA record but sources.ipv6 is empty"}},
      {"unknown provider type",
       [](json& d) {
         d["providers"]["cf"] = {{"type", "cloudflair"}};
       },
       {R"(providers.cf.type: unknown provider type "cloudflair" (known: alidns, cloudflare, desec, digitalocean, dnspod, duckdns, dyndns2, gandi, hetzner, namecheap, porkbun, powerdns, rfc2136, route53, webhook))"}},
      {"provider without type",
       [](json& d) { d["providers"]["cf"] = json::object(); },
       {"providers.cf.type: is required"}},
      {"provider not an object",
       [](json& d) { d["providers"]["cf"] = "powerdns"; },
       {"providers.cf: expected an object, got string"}},
      {"powerdns endpoint without scheme",
       [](json& d) {
         d["providers"]["pdns"]["endpoint"] = "127.0.0.1:8081/api/v1";
         d["records"][0]["providers"] = {"dyn"};
       },
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"powerdns without key",
       [](json& d) {
         d["providers"]["pdns"].erase("api_key");
         d["records"][0]["providers"] = {"dyn"};
       },
       {"providers.pdns.api_key: is required (or api_key_file)"}},
      {"dyndns2 missing username",
       [](json& d) { d["providers"]["dyn"].erase("username"); },
       {"providers.dyn.username: is required"}},
      {"dyndns2 missing endpoint",
       [](json& d) { d["providers"]["dyn"].erase("endpoint"); },
       {"providers.dyn.endpoint: is required"}},
      {"dyndns2 ftp endpoint",
       [](json& d) { d["providers"]["dyn"]["endpoint"] = "ftp://example.net/nic/update"; },
       {"providers.dyn.endpoint: must start with http:// or https://"}},
      {"secret inline and file",
       [](json& d) { d["providers"]["dyn"]["password_file"] = "/run/creds/dyn"; },
       {"providers.dyn.password: give either password or password_file, not both"}},
      {"secret env unset",
       [](json& d) { d["providers"]["dyn"]["password"] = "${DYN_PW}"; },
       {"providers.dyn.password: environment variable DYN_PW is not set"}},
      {"notify without url",
       [](json& d) {
         d["notify"] = json::array({json::object({{"type", "webhook"}})});
       },
       {"notify[0].url: is required"}},
      {"notify wrong type",
       [](json& d) {
         d["notify"] = {{"type", "webhook"}};
       },
       {"notify: expected an array, got object"}},
      {"notify unknown event",
       [](json& d) {
         d["notify"] = json::array(
             {json::object({{"type", "webhook"}, {"url", "http://h/x"}, {"events", {"boom"}}})});
       },
       {R"(notify[0].events[0]: unknown event "boom" (known: ip_change, anomaly, daily_summary))"}},
      {"metrics without a port",
       [](json& d) {
         d["metrics"] = {{"listen", "127.0.0.1"}};
       },
       {R"(metrics.listen: "127.0.0.1" is not host:port (e.g. 127.0.0.1:9469))"}},
      {"metrics without listen",
       [](json& d) { d["metrics"] = json::object(); },
       {"metrics.listen: is required"}},
      {"verify bad name server",
       [](json& d) {
         d["verify"] = {{"nameservers", {"127.0.0.1:99999"}}};
       },
       {R"(verify.nameservers[0]: "127.0.0.1:99999" is not a host or host:port)"}},
      {"a duration that would overflow a sleep",
       [](json& d) {
         d["polling"] = {{"min_interval", "107000d"}};
       },
       {"polling.min_interval: 107000d is longer than 365d, the most this setting accepts"}},
      {"retention of nothing, and of forever",
       [](json& d) {
         d["retention"] = {{"changes", 0}, {"observations", "4000d"}};
       },
       {"retention.changes: must be at least 1h",
        "retention.observations: 4000d is longer than 3650d, the most this setting accepts"}},
      {"no grace for verification",
       [](json& d) {
         d["verify"] = {{"grace", "0s"}};
       },
       {"verify.grace: must be at least 1s"}},
      {"an empty state_dir (it would mean /history.db)",
       [](json& d) { d["state_dir"] = ""; },
       {"state_dir: must not be empty"}},
      {"an empty log file",
       [](json& d) {
         d["log"] = {{"file", ""}};
       },
       {"log.file: must not be empty (leave it out to log to stderr)"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto doc = base_doc();
    c.edit(doc);
    auto env = fake_env();
    auto out = parse_config(doc.dump(), env);
    EXPECT_FALSE(out.config.has_value());
    EXPECT_EQ(lines(out), c.want);
  }
}

}  // namespace
}  // namespace ddnsguard::controller
