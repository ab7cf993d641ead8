#pragma once
// Builds a provider from JSON settings the way the configuration does, for provider tests.

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/dns/provider.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::providers::testing {

using ParseFn = std::optional<ProviderSpec> (*)(const std::string&, ObjectReader&);

// What a tested provider is built with: a fresh HTTP client, a 2 s timeout, `clock` (null:
// the system clock) for request stamps.
inline ProviderDeps test_deps(std::chrono::milliseconds timeout = std::chrono::seconds{2},
                              const Clock* clock = nullptr) {
  return {std::make_shared<HttpClient>(), nullptr, timeout, clock};
}

// Parses `settings` as providers.<name>; the problems go to `problems` when given (else
// the test fails on any). Builds the provider with `deps`; nullptr after a problem.
inline ProviderPtr parse_provider(ParseFn parse, const std::string& name,
                                  const nlohmann::json& settings,
                                  std::vector<std::string>* problems = nullptr,
                                  ProviderDeps deps = test_deps()) {
  ConfigEnv env;
  env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  env.read_file = [](const std::string&, std::string& error) -> std::optional<std::string> {
    error = "No such file or directory";
    return std::nullopt;
  };
  std::vector<ConfigProblem> found;
  ConfigContext ctx{env, found, false, {}};
  ObjectReader r(settings, JsonPath{} / "providers" / name, ctx);
  auto p = parse(name, r);
  r.finish();
  if (problems != nullptr) {
    for (const auto& f : found)
      problems->push_back(f.str());
  } else {
    EXPECT_TRUE(found.empty()) << found.front().str();
  }
  return p ? p->build(std::move(deps)) : nullptr;
}

// The life of a record on a provider that reads back: absent at first, created with
// `first`, changed to `second`, and read back as `second`.
inline void expect_created_then_changed(Provider& p, const Record& rec, const char* first,
                                        const char* second) {
  auto before = p.read(rec);
  ASSERT_TRUE(before.value) << rec.name << ": " << before.value.error().message;
  EXPECT_FALSE(*before.value) << rec.name;
  auto made = p.update(rec, *Address::parse(first));
  ASSERT_TRUE(made.value) << rec.name << ": " << made.value.error().message;
  auto changed = p.update(rec, *Address::parse(second));
  ASSERT_TRUE(changed.value) << rec.name << ": " << changed.value.error().message;
  auto after = p.read(rec);
  ASSERT_TRUE(after.value && *after.value) << rec.name;
  EXPECT_EQ(**after.value, *Address::parse(second)) << rec.name;
}

}  // namespace ddnsguard::providers::testing
