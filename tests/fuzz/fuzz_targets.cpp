#include "tests/fuzz/fuzz_targets.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "controller/cli/reports.hpp"
#include "controller/config/config.hpp"
#include "controller/import/ddclient_import.hpp"
#include "controller/import/inadyn_import.hpp"
#include "providers/base/address.hpp"
#include "providers/base/duration.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/dns_query.hpp"
#include "providers/sources/source_http.hpp"
#include "tests/support/fake_env.hpp"

namespace ddnsguard::fuzz {

namespace {

[[noreturn]] void broken(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void check(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) broken(what, detail);
}

// Text shown to a person or written as JSON must be valid UTF-8 (dump() throws otherwise).
void check_printable(const std::string& text, std::string_view what) {
  try {
    (void)nlohmann::json(text).dump();
  } catch (const std::exception&) {
    broken(what, "is not valid UTF-8");
  }
}

// Runs `body`, turning any escaping exception into a broken invariant.
template <class Body> void no_throw(std::string_view what, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    broken(what, e.what());
  } catch (...) {
    broken(what, "threw a non-standard exception");
  }
}

const providers::ConfigEnv& fuzz_env() {
  // What the corpus refers to: data/examples/ and tests/fuzz/corpus/config/.
  static const auto env = testing::fake_env(
      {{"PDNS_KEY", "env-secret-value"},
       {"PDNS_API_KEY", "env-secret-value"},
       {"DNSPOD_SECRET_KEY", "env-secret-value"},
       {"DUCKDNS_TOKEN", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"},
       {"HOOK_TOKEN", "env-secret-value"},
       {"HOME", "/home/fuzz"}},
      {{"/run/secrets/key", "file-secret-value\n"},
       {"/run/credentials/ddnsguard/ali", "file-secret-value\n"},
       {"/run/credentials/ddnsguard/cloudflare", "file-secret-value\n"},
       {"/run/credentials/ddnsguard/noip", "file-secret-value\n"},
       {"/run/credentials/ddnsguard/pdns", "file-secret-value\n"},
       {"/run/credentials/ddnsguard/tsig", "c2VjcmV0LXRzaWcta2V5LTEyMzQ1Njc4OTA=\n"}});
  return env;
}

void check_address(std::string_view text) {
  auto any = providers::Address::parse(text);
  for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
    auto typed = providers::Address::parse(text, family);
    check(!typed || (any && *typed == *any && typed->family() == family),
          "Address::parse(text, family) disagrees with Address::parse(text)");
  }
  if (!any) return;
  const auto canonical = any->to_string();
  auto again = providers::Address::parse(canonical);
  check(again && *again == *any, "an address does not survive to_string and parse", canonical);
  check_printable(canonical, "an address's text");
}

}  // namespace

void config_document(std::string_view bytes) {
  no_throw("parse_config", [&] {
    auto outcome = controller::parse_config(bytes, fuzz_env());
    check(outcome.config.has_value() != !outcome.problems.empty(),
          "parse_config gave both a config and problems, or neither");
    for (const auto& p : outcome.problems) {
      check(!p.message.empty(), "a problem without a message", p.path);
      check_printable(p.str(), "a problem line");
      check(p.str().size() <= 4096, "a problem line longer than 4096 bytes");
    }
    if (outcome.config)
      check_printable(controller::describe_config(*outcome.config), "check-config");
  });
}

void address_text(std::string_view bytes) {
  no_throw("address parsers", [&] {
    check_address(bytes);
    for (const char* format : {"plain", "trace", "json:ip", "json:a.b.ip"}) {
      auto f = providers::HttpFormat::parse(format);
      check(f.has_value(), "a known body format is refused", format);
      if (auto text = providers::extract_address_text(*f, bytes)) {
        check(text->size() <= bytes.size(), "an extracted address is longer than its body");
        check_address(*text);
      }
    }
    (void)providers::HttpFormat::parse(bytes);
    if (auto spec = providers::parse_server_spec(bytes)) {
      check(!spec->host.empty() && spec->port > 0, "a server spec without host or port");
    }
    if (auto d = providers::parse_duration(bytes)) {
      check(d->count() >= 0, "a negative duration");
    }
    if (auto problem = providers::record_name_problem(bytes)) {
      check_printable(*problem, "a record name problem");
    }
  });
}

namespace {

// What `import` prints: `//` lines, then one JSON document ddnsguard's own parser reads.
void check_import_output(const controller::import::ImportResult& r) {
  if (r.error) {
    check_printable(*r.error, "an import error");
    return;
  }
  check_printable(r.text, "an import");
  auto json_at = r.text.find("\n{");
  check(json_at != std::string::npos, "an import without its JSON document");
  for (std::size_t at = 0; at <= json_at; at = r.text.find('\n', at) + 1)
    check(r.text.compare(at, 2, "//") == 0, "an import line before the JSON that is no comment");
  auto outcome = controller::parse_config(r.text, fuzz_env());
  for (const auto& p : outcome.problems)
    check(p.path.rfind("records", 0) == 0 || p.path.rfind("providers", 0) == 0 ||
              p.path.rfind("sources", 0) == 0,
          "an import that is not even a configuration document", p.str());
}

}  // namespace

void import_file(std::string_view bytes) {
  no_throw("import", [&] {
    auto none = [](const std::string&) { return std::optional<std::string>(); };
    check_import_output(controller::import::import_ddclient(bytes, "ddclient.conf", none));
    check_import_output(controller::import::import_inadyn(bytes, "inadyn.conf"));
  });
}

Target target_named(std::string_view name) {
  if (name == "import") return &import_file;
  if (name == "config") return &config_document;
  if (name == "address") return &address_text;
  return nullptr;
}

}  // namespace ddnsguard::fuzz
