#pragma once
// For the config reader tests: an ObjectReader over a JSON text with an injected environment
// and files, and the problems it found as lines.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "tests/support/fake_env.hpp"

namespace ddnsguard::providers::config_reader_testing {

using ddnsguard::testing::fake_env;
using nlohmann::json;

inline std::vector<std::string> lines(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems)
    out.push_back(p.str());
  return out;
}

// Owns everything a reader needs for one test.
struct Harness {
  explicit Harness(const std::string& text, std::map<std::string, std::string> vars = {},
                   std::map<std::string, std::string> files = {})
      : doc(json::parse(text)), env(fake_env(std::move(vars), std::move(files))) {}
  json doc;
  ConfigEnv env;
  std::vector<ConfigProblem> problems;
  ConfigContext ctx{env, problems, false, {}};
  ObjectReader reader(JsonPath at = JsonPath{} / "p") { return ObjectReader(doc, at, ctx); }
};

}  // namespace ddnsguard::providers::config_reader_testing
