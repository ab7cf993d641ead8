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

using ParseFn = ProviderPtr (*)(const std::string&, ObjectReader&);

// Parses `settings` as providers.<name>; the problems go to `problems` when given (else
// the test fails on any). The provider gets a fresh HTTP client and a 2 s timeout.
inline ProviderPtr parse_provider(ParseFn parse, const std::string& name,
                                  const nlohmann::json& settings,
                                  std::vector<std::string>* problems = nullptr) {
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
  if (p) p->attach(ProviderDeps{std::make_shared<HttpClient>(), nullptr, std::chrono::seconds{2}});
  return p;
}

}  // namespace ddnsguard::providers::testing
